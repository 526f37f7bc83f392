"""The public results of a collective's projects, as in Decidim's accountability module.

Anyone, without an account and without JavaScript, reads the projects a PUBLIC
collective marked ``public``: what they are, their status, phase, dates, progress,
milestones, partner organisations, and when their status changed. Never the people:
no pilot, volunteer or action owner, and not who changed what in the audit log.

A private collective, and a project that is not public, archived, or in an archived
work stream, answer 404 to everyone, members included: members have the board.
Both pages are read in a fixed number of queries whatever the number of projects.
"""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from maillage.audit.models import AuditEvent
from maillage.collectives.access import get_public_collective

from . import services
from .models import Milestone, Project, ProjectStatus, WorkStream
from .timeline import milestone_is_late

# The audit actions that tell a project's status: its creation, then each change.
STATUS_ACTIONS = ("projects.project_created", "projects.status_changed")


def _public_projects(collective):
    return Project.objects.filter(
        collective=collective, public=True, archived_at=None, work_stream__archived_at=None
    )


def _live_milestones():
    return Prefetch(
        "milestones",
        queryset=Milestone.objects.filter(archived_at=None),
        to_attr="live_milestones",
    )


def _figures(projects):
    """How many projects per status (every status, in its order) and the mean progress."""
    counts = dict.fromkeys(ProjectStatus.values, 0)
    for project in projects:
        if project.status in counts:
            counts[project.status] += 1
    by_status = [(ProjectStatus(value).label, count) for value, count in counts.items()]
    figures = [p.progress_figure for p in projects if p.progress_figure is not None]
    mean = round(sum(figures) / len(figures)) if figures else None
    return {"total": len(projects), "by_status": by_status, "mean_progress": mean}


@login_not_required
def results(request, slug):
    collective = get_public_collective(slug)
    projects = _public_projects(collective).order_by("position", "pk")
    streams = list(
        WorkStream.objects.filter(collective=collective, archived_at=None).prefetch_related(
            Prefetch(
                "projects",
                queryset=projects.prefetch_related(_live_milestones()),
                to_attr="public_projects",
            )
        )
    )
    shown = []
    for stream in streams:
        for project in stream.public_projects:
            project.collective = collective  # spares a query per project
            project.progress_figure = services.progress_of(project, project.live_milestones)
        shown += stream.public_projects
    return render(
        request,
        "projects/public_results.html",
        {
            "collective": collective,
            "streams": [stream for stream in streams if stream.public_projects],
            "figures": _figures(shown),
        },
    )


def _milestone_state(milestone, today):
    """(state, words): the state is said in words, never by colour alone."""
    if milestone.reached_on:
        day = date_format(milestone.reached_on, "SHORT_DATE_FORMAT")
        return "reached", _("Reached on %(date)s") % {"date": day}
    if milestone_is_late(milestone, today):
        return "overdue", _("Overdue")
    return "upcoming", _("Upcoming")


def _status_changes(project):
    """(date, status label, at creation) of each status the project had, oldest first.

    Only the date and the status are read from the log: never who made the change
    nor the other fields (the creation's record names the pilots).
    """
    events = (
        AuditEvent.objects.filter(
            collective=project.collective,
            object_type=Project._meta.label_lower,
            object_id=str(project.pk),
            action__in=STATUS_ACTIONS,
        )
        .order_by("created_at", "id")
        .only("created_at", "action", "after")
    )
    labels = dict(ProjectStatus.choices)
    changes = []
    for event in events:
        status = (event.after or {}).get("status")
        if status:
            changes.append(
                {
                    "when": event.created_at,
                    "status": labels.get(status, status),
                    "at_creation": event.action == "projects.project_created",
                }
            )
    return changes


@login_not_required
def project(request, slug, pk):
    collective = get_public_collective(slug)
    project = get_object_or_404(_public_projects(collective).select_related("work_stream"), pk=pk)
    project.collective = collective
    today = timezone.localdate()
    milestones = list(project.milestones.filter(archived_at=None))
    for milestone in milestones:
        milestone.state, milestone.state_label = _milestone_state(milestone, today)
    return render(
        request,
        "projects/public_project.html",
        {
            "collective": collective,
            "project": project,
            "content_html": mark_safe(project.content_html),  # noqa: S308 - sanitised at save
            "progress": services.progress_of(project, milestones),
            "milestones": milestones,
            "partners": list(project.partners.order_by("name")),
            "status_changes": _status_changes(project),
        },
    )
