"""The board of a collective's work streams and projects.

The board shows one page of projects at a time (``PAGE_SIZE`` rows, in the order of
the work streams), with a table of contents of every work stream and how many of its
projects the filters keep; the exports hold the whole table. A page is read in a fixed
number of queries whatever the board's size: the work streams with their counts, the
page's projects with their counts of open actions and comments, then pilots (with
their organisations), milestones, the nearest open actions, open needs and the latest
comment, each fetched once for the page. Whether the person may edit each project is
read from its pilots, already fetched.
"""

from django.core.paginator import Paginator
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils import timezone

from maillage.actions.models import Action

from . import services
from .access import get_board_collective
from .forms import BoardFilterForm
from .models import Milestone, Need, Project, ProjectComment, WorkStream
from .views_project import CHANGE, NEXT_ACTIONS, _pilots_with_organisations, _set_organisations

# Projects per page of the board.
PAGE_SIZE = 25
# What a row shows of an action (its link, title, due date, whether it is late; its
# owners are prefetched).
ACTION_COLUMNS = (
    "collective_id",
    "project_id",
    "title",
    "due_date",
    "status",
)


def _filtered_projects(collective, filters, today):
    projects = Project.objects.filter(
        collective=collective, archived_at=None, work_stream__archived_at=None
    )
    filters.is_valid()  # a wrong value is left out of cleaned_data, hence ignored
    if status := filters.value("status"):
        projects = projects.filter(status=status)
    if pilot := filters.value("pilot"):
        piloted = Project.pilots.through.objects.filter(user=pilot).values("project_id")
        projects = projects.filter(pk__in=piloted)
    if organisation := filters.value("organisation"):
        piloted = Project.pilots.through.objects.filter(
            user__memberships__collective=collective,
            user__memberships__end_date=None,
            user__memberships__organisation=organisation,
        ).values("project_id")
        partnered = Project.partners.through.objects.filter(organisation=organisation).values(
            "project_id"
        )
        projects = projects.filter(Q(pk__in=partnered) | Q(pk__in=piloted))
    if filters.value("overdue"):
        late = Action.objects.overdue(today).filter(project__isnull=False).values("project_id")
        projects = projects.filter(pk__in=late)
    return projects


def _count(queryset, field):
    """A subquery counting the rows of ``queryset`` that point to the outer row."""
    rows = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(
        Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
    )


def _streams(collective, projects):
    """Every live work stream, with how many projects the filters keep in it."""
    return list(
        WorkStream.objects.filter(collective=collective, archived_at=None).annotate(
            shown=_count(projects, "work_stream")
        )
    )


def _page_projects(collective, projects):
    return (
        projects.defer("content", "content_html")  # rows show summary_html
        .annotate(
            open_action_count=_count(Action.objects.open(), "project"),
            comment_count=_count(ProjectComment.objects.filter(archived_at=None), "project"),
        )
        .order_by("work_stream__position", "work_stream_id", "position", "pk")
        .prefetch_related(
            _pilots_with_organisations(collective),
            Prefetch(
                "milestones",
                queryset=Milestone.objects.filter(archived_at=None),
                to_attr="live_milestones",
            ),
            Prefetch(
                # Sliced: Django reads only the nearest few per project (a window query).
                "actions",
                queryset=Action.objects.open()
                .with_owners()
                .only(*ACTION_COLUMNS)
                .order_by(F("due_date").asc(nulls_last=True), "pk")[:NEXT_ACTIONS],
                to_attr="next_actions",
            ),
            Prefetch(
                "needs",
                queryset=Need.objects.filter(met_at=None, archived_at=None),
                to_attr="open_needs",
            ),
            Prefetch(
                "comments",
                queryset=ProjectComment.objects.filter(archived_at=None)
                .select_related("author")
                .order_by("-created_at", "-pk")[:1],
                to_attr="latest_comments",
            ),
        )
    )


def _sections(streams, page, filtered):
    """The work streams of this page, each with its rows and whether it began earlier.

    Streams follow their order; a stream's projects start where the streams before it
    end. An empty stream is shown on the page where its place falls, and not at all
    when filters are on.
    """
    rows = {}
    for project in page.object_list:
        rows.setdefault(project.work_stream_id, []).append(project)
    first, last = page.start_index() - 1, page.end_index()
    at_end = not page.has_next()
    sections, start = [], 0
    for stream in streams:
        if stream.pk in rows:
            sections.append({"stream": stream, "rows": rows[stream.pk], "continued": start < first})
        elif (
            not filtered
            and stream.shown == 0
            and (first <= start < last or (at_end and start >= first))
        ):
            sections.append({"stream": stream, "rows": [], "continued": False})
        start += stream.shown
    return sections


def board(request, slug):
    collective = get_board_collective(request, slug)
    today = timezone.localdate()
    filters = BoardFilterForm(request.GET or None, collective=collective)
    projects = _filtered_projects(collective, filters, today)
    # The table of contents counts what the other filters keep in every stream.
    streams = _streams(collective, projects)
    listed = streams
    if selected := filters.value("stream"):
        projects = projects.filter(work_stream=selected)
        listed = [stream for stream in streams if stream.pk == selected.pk]
    paginator = Paginator(_page_projects(collective, projects), PAGE_SIZE)
    # Counting would be one more query: the streams' counts add up to it.
    paginator.count = sum(stream.shown for stream in listed)
    page = paginator.get_page(request.GET.get("page"))
    filtered = any(key != "page" for key in request.GET) and filters.is_bound
    for project in page.object_list:
        # Links need the collective's slug: every row shares the one already read.
        project.collective = collective
        for action in project.next_actions:
            action.collective = collective
        _set_organisations(project.pilots.all())
        project.progress_figure = services.progress_of(project, project.live_milestones)
        project.more_actions = project.open_action_count - len(project.next_actions)
        project.latest_comment = project.latest_comments[0] if project.latest_comments else None
        # Asked of the pilots already read (rules.pilots_project), so without a query.
        project.can_change = request.user.has_perm(CHANGE, project)
    can_edit_streams = request.user.has_perm("projects.change_work_streams", collective)
    return render(
        request,
        "projects/board.html",
        {
            "collective": collective,
            "streams": streams,
            "sections": _sections(listed, page, filtered),
            "page": page,
            "filters": filters,
            "filtered": filtered,
            "can_edit_streams": can_edit_streams,
            "can_add": request.user.has_perm("projects.add_project", collective),
        },
    )
