"""The site a page is about, read for the person asking: shared by every part's views."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from maillage.collectives.access import get_collective

from .models import Site

VIEW = "premises.view_premises"


def site_of(request, slug, site_slug, perm=VIEW):
    """The collective's site at ``site_slug``: 404 when the collective is hidden from the
    person or has no such site, 403 without ``perm``."""
    collective = get_collective(request, slug)
    site = get_object_or_404(
        Site.objects.select_related("collective"), collective=collective, slug=site_slug
    )
    if not request.user.has_perm(perm, site):
        raise PermissionDenied
    return site
