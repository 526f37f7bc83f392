"""The site a page is about, read for the person asking: shared by every part's views."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse

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


def site_reverse(name, site, *args):
    """The address of the page ``name`` of ``site`` (premises' URLs all start with the
    collective's and the site's slugs)."""
    return reverse(f"premises:{name}", args=[site.collective.slug, site.slug, *args])
