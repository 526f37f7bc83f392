"""Finding a collective's board and one project from a request.

A person who may not see the collective gets 404; one who sees it (a public
collective) but is not in it gets 403, as for meetings; a project of another
collective is 404.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from maillage.collectives.access import get_collective

from .models import Project


def get_board_collective(request, slug, perm="projects.view_board"):
    collective = get_collective(request, slug)
    if not request.user.has_perm(perm, collective):
        raise PermissionDenied
    return collective


def get_project(request, slug, pk, perm="projects.view_project"):
    collective = get_collective(request, slug)
    project = get_object_or_404(
        Project.objects.select_related("collective", "work_stream"),
        collective=collective,
        pk=pk,
        archived_at__isnull=True,
    )
    if not request.user.has_perm("projects.view_project", project):
        raise PermissionDenied
    if perm != "projects.view_project" and not request.user.has_perm(perm, project):
        raise PermissionDenied
    return project
