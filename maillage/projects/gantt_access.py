"""Finding a project's or a work stream's plan from a request, for their Gantt pages
and exports.

Whoever may see the project (or the board, for a work stream) and the collective's
actions sees the plan; the others get what the board's pages give them (404 or 403).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone

from maillage.actions.gantt_access import options
from maillage.actions.gantt_data import plan_for_project, plan_for_work_stream

from .access import get_board_collective, get_project
from .models import WorkStream


def project_plan(request, slug, pk):
    """(project, plan, options) for the request, or 404/403."""
    project = get_project(request, slug, pk)
    if not request.user.has_perm("actions.view_actions", project.collective):
        raise PermissionDenied
    chosen = options(request)
    if chosen["group"] == "project":
        chosen["group"] = "phase"
    plan = plan_for_project(project, timezone.localdate(), chosen["group"])
    return project, plan, chosen


def stream_plan(request, slug, pk):
    """(work stream, plan, options) for the request, or 404/403."""
    collective = get_board_collective(request, slug)
    if not request.user.has_perm("actions.view_actions", collective):
        raise PermissionDenied
    stream = get_object_or_404(
        WorkStream.objects.select_related("collective"),
        collective=collective,
        pk=pk,
        archived_at__isnull=True,
    )
    chosen = options(request, default_grouping="project")
    plan = plan_for_work_stream(stream, timezone.localdate(), chosen["group"])
    return stream, plan, chosen
