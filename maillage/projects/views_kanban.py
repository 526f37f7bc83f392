"""The kanban of a collective's actions, and "My work".

The kanban shows the collective's actions in four columns, one per status, filtered
by project, owner or work stream from the query string (no JavaScript). Every card
offers those allowed one small form per other status, carrying the version shown:
moving it is a real button reached with Tab, and a change made meanwhile by someone
else is a clear conflict, never a silent overwrite. With htmx the board is swapped
in place; without it the form posts and comes back. Changes go through
maillage.actions.services.set_status.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from maillage.actions import services as action_services
from maillage.actions.models import OPEN_STATUSES, Action, ActionStatus, owners_prefetch
from maillage.actions.views import overdue_first
from maillage.core.errors import ConflictError, DomainError

from .access import get_board_collective
from .forms import FILTERS, KanbanFilterForm
from .models import Milestone, Project
from .services import progress_of

CHANGE = "actions.change_action"
# The done and dropped columns show only the most recent ones.
CLOSED_SHOWN = 30
COLUMNS = [
    ActionStatus.TODO,
    ActionStatus.IN_PROGRESS,
    ActionStatus.DONE,
    ActionStatus.DROPPED,
]
# The label of the button that moves a card to each status.
MOVE_LABELS = {
    ActionStatus.TODO: gettext_lazy("Move to To do"),
    ActionStatus.IN_PROGRESS: gettext_lazy("Move to In progress"),
    ActionStatus.DONE: gettext_lazy("Move to Done"),
    ActionStatus.DROPPED: gettext_lazy("Move to Dropped"),
}


def _cards(actions):
    return actions.select_related(
        "collective",
        "project__collective",
        "meeting__collective",
        "decision",
        "commitment__note__group__consultation__collective",
    )


def _query(source):
    """The filters of the query string (or of the form that moved a card)."""
    return {name: source.get(name) for name in FILTERS if source.get(name)}


def _board(request, collective, query):
    filters = KanbanFilterForm(query or None, collective=collective)
    actions = filters.filter(_cards(collective.actions.all()))
    today = timezone.localdate()
    open_actions = list(overdue_first(actions.filter(status__in=OPEN_STATUSES), today))
    recent = [F("completed_at").desc(nulls_last=True), "-updated_at", "-pk"]
    picked = []
    for status in COLUMNS:
        if status in OPEN_STATUSES:
            cards = [action for action in open_actions if action.status == status]
            total = len(cards)
        else:
            in_status = actions.filter(status=status)
            cards = list(in_status.order_by(*recent)[:CLOSED_SHOWN])
            total = len(cards) if len(cards) < CLOSED_SHOWN else in_status.count()
        picked.append((status, cards, total))
    # The owners of every card shown, in one query.
    prefetch_related_objects(
        [action for _status, cards, _total in picked for action in cards], owners_prefetch()
    )
    columns = []
    for status, cards, total in picked:
        for action in cards:
            action.can_change = request.user.has_perm(CHANGE, action)
            action.moves = [(other, MOVE_LABELS[other]) for other in COLUMNS if other != status]
        columns.append(
            {
                "status": status,
                "label": ActionStatus(status).label,
                "cards": cards,
                "total": total,
                "truncated": total > len(cards),
                "closed": status not in OPEN_STATUSES,
            }
        )
    return {
        "collective": collective,
        "filters": filters,
        "filtered": filters.active,
        "columns": columns,
        "closed_shown": CLOSED_SHOWN,
        "kept": list(_query(query).items()),
        "board_url": reverse("projects:kanban", args=[collective.slug]),
    }


def kanban(request, slug):
    collective = get_board_collective(request, slug)
    return render(request, "projects/kanban.html", _board(request, collective, request.GET))


@require_POST
def kanban_move(request, slug, pk):
    collective = get_board_collective(request, slug)
    action = get_object_or_404(
        Action.objects.select_related("collective"), collective=collective, pk=pk
    )
    if not request.user.has_perm(CHANGE, action):
        raise PermissionDenied
    query = _query(request.POST)
    back = reverse("projects:kanban", args=[collective.slug])
    if query:
        back += "?" + urlencode(query)
    try:
        base_version = int(request.POST.get("base_version", ""))
    except ValueError:
        base_version = None
    status = request.POST.get("status", "")
    conflict = error = None
    if base_version is None or status not in ActionStatus.values:
        error = _("Choose one of the statuses offered.")
    else:
        try:
            action = action_services.set_status(
                actor=request.user, action=action, status=status, base_version=base_version
            )
        except ConflictError as exc:
            conflict = exc.message
        except DomainError as exc:
            error = exc.message
    if conflict or error:
        messages.error(request, conflict or error)
    else:
        messages.success(
            request,
            _("“%(title)s” is now “%(status)s”.")
            % {"title": action.title, "status": action.get_status_display()},
        )
    if request.htmx:
        # htmx swaps only successful answers: the board comes back as it is now, the
        # focus on the card that was moved (or not), and the message in the live region.
        context = _board(request, collective, query) | {"conflict": conflict, "moved": action.pk}
        return render(request, "projects/includes/kanban_answer.html", context)
    return redirect(back)


def my_work(request):
    """The person's projects (as pilot) and open actions, across their collectives."""
    from maillage.collectives.models import Collective

    mine = Collective.objects.of_member(request.user)
    projects = list(
        Project.objects.filter(pilots=request.user, collective__in=mine, archived_at__isnull=True)
        .select_related("collective", "work_stream")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.filter(archived_at__isnull=True))
        )
        .order_by("collective__name", "title", "pk")
    )
    for project in projects:
        project.progress_shown = progress_of(project, project.milestones.all())
    today = timezone.localdate()
    actions = list(
        overdue_first(
            _cards(
                Action.objects.visible_to(request.user).open().owned_by(request.user)
            ).with_owners(),
            today,
        )
    )
    for action in actions:
        action.can_change = request.user.has_perm(CHANGE, action)
    return render(
        request,
        "projects/mine.html",
        {
            "projects": projects,
            "actions": actions,
            "overdue_count": sum(action.is_overdue for action in actions),
        },
    )
