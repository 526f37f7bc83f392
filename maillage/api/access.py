"""Who the rules judge, and the collective of a request, for the API.

A token acts for its owner inside the collectives it names and as nobody (an anonymous
visitor) anywhere else. The rules of the pages (django-rules, each app's ``rules.py``)
then decide, with the same answers: 404 when the collective cannot be seen, 403 (or 401
without a token) when it can but the action is not allowed.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import Http404
from rest_framework import exceptions

from maillage.collectives.models import Collective, Visibility


def acting_user(request, collective):
    """The person the rules judge for ``collective``."""
    token = request.auth
    if token is not None and collective is not None and collective.pk not in token.collective_ids:
        return AnonymousUser()
    return request.user


def visible_collectives(request):
    """The collectives the request may see: public ones, and the private ones its person
    belongs to within the token's collectives."""
    found = Collective.objects.visible_to(request.user)
    token = request.auth
    if token is not None:
        found = found.filter(Q(visibility=Visibility.PUBLIC) | Q(pk__in=token.collective_ids))
    return found


def refuse(request):
    """403 for a person, 401 for a request without a token."""
    if request.auth is None:
        raise exceptions.NotAuthenticated()
    raise exceptions.PermissionDenied()


def get_collective(request, slug, perm="collectives.view_collective"):
    collective = visible_collectives(request).filter(slug=slug).first()
    if collective is None:
        raise Http404
    check(request, perm, collective, collective)
    return collective


def check(request, perm, obj, collective):
    """``perm`` on ``obj`` for the person the token acts as in ``collective``, or refused."""
    if not acting_user(request, collective).has_perm(perm, obj):
        refuse(request)
