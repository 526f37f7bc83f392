from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Collective


def get_collective(request, slug, perm="collectives.view_collective"):
    """The collective at ``slug`` if the person may see it (404 otherwise, so a
    private collective's existence is not revealed), then checked against ``perm`` (403)."""
    collective = get_object_or_404(Collective.objects.visible_to(request.user), slug=slug)
    if not request.user.has_perm(perm, collective):
        raise PermissionDenied
    return collective


def get_public_collective(slug):
    """The PUBLIC collective at ``slug``, for pages anyone reads without an account;
    404 for a private one, whoever asks."""
    return get_object_or_404(Collective.objects.public(), slug=slug)
