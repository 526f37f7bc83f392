"""Finding the foundation and its objects for a page, with the same answers everywhere:
404 when the collective is hidden from the reader, has no foundation, or the object is
another foundation's; 403 when the reader may see the collective but not do this."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from maillage.collectives.access import get_collective
from maillage.collectives.models import Collective

from .models import Foundation


def get_foundation(request, slug, perm="fund.view_foundation"):
    """The foundation of the collective at ``slug``, checked against ``perm`` (on the
    foundation). A private collective is found only by its members, or when its
    foundation is public (``Foundation.public``): then its public pages answer."""
    public = Foundation.objects.filter(public=True, collective__slug=slug).first()
    if public is not None:
        collective = public.collective
        if not request.user.has_perm("fund.view_public", collective):
            raise PermissionDenied
    else:
        collective = get_collective(request, slug, "fund.view_public")
    foundation = get_object_or_404(
        Foundation.objects.select_related("collective"), collective=collective
    )
    if not request.user.has_perm(perm, foundation):
        raise PermissionDenied
    return foundation


def readable_by_anyone(slug):
    """Whether the foundation's public pages at ``slug`` answer without an account: the
    collective is public, or its foundation is (``Foundation.public``)."""
    return (
        Collective.objects.public().filter(slug=slug).exists()
        or Foundation.objects.filter(collective__slug=slug, public=True).exists()
    )


def get_object(request, slug, queryset, pk, perm="fund.view_foundation", *, on_object=True):
    """The row ``pk`` of ``queryset`` in the foundation at ``slug`` (404 otherwise), with
    ``perm`` checked on the row (``on_object``) or on the foundation."""
    foundation = get_foundation(request, slug, "fund.view_public")
    row = get_object_or_404(queryset.filter(foundation=foundation), pk=pk)
    if not request.user.has_perm(perm, row if on_object else foundation):
        raise PermissionDenied
    return row
