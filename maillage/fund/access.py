"""Finding the foundation and its objects for a page, with the same answers everywhere:
404 when the collective is hidden from the reader, has no foundation, or the object is
another foundation's; 403 when the reader may see the collective but not do this."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from maillage.collectives.access import get_collective

from .models import Foundation


def get_foundation(request, slug, perm="fund.view_foundation"):
    """The foundation of the collective at ``slug``, checked against ``perm`` (on the
    foundation)."""
    collective = get_collective(request, slug, "fund.view_public")
    foundation = get_object_or_404(
        Foundation.objects.select_related("collective"), collective=collective
    )
    if not request.user.has_perm(perm, foundation):
        raise PermissionDenied
    return foundation


def get_object(request, slug, queryset, pk, perm="fund.view_foundation", *, on_object=True):
    """The row ``pk`` of ``queryset`` in the foundation at ``slug`` (404 otherwise), with
    ``perm`` checked on the row (``on_object``) or on the foundation."""
    foundation = get_foundation(request, slug, "fund.view_public")
    row = get_object_or_404(queryset.filter(foundation=foundation), pk=pk)
    if not request.user.has_perm(perm, row if on_object else foundation):
        raise PermissionDenied
    return row
