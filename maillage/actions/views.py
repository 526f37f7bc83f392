"""A collective's actions, one action's page, and a person's own actions.

Views read; every change goes through services.py. Edits and status buttons carry
the version the person saw, so two people moving the same action get a clear
conflict (HTTP 409) instead of overwriting each other. With htmx, a status button
in a list replaces its row; without JavaScript it posts and comes back.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from maillage.collectives.access import get_collective
from maillage.core.errors import ConflictError, DomainError
from maillage.core.forms import add_domain_error
from maillage.core.values import KEEP

from . import services
from .forms import CommentForm, EditActionForm, FilterForm, NewActionForm, StatusForm
from .forms_planning import DatesForm, DependencyForm
from .models import OPEN_STATUSES, Action, ActionComment, ActionStatus, owners_prefetch
from .services_planning import Moved, moved_message

CHANGE = "actions.change_action"
PAGE_SIZE = 50
# "My actions" lists every open action, then the most recent closed ones.
CLOSED_SHOWN = 50
# The dashboard shows this many open actions, with a link to all of them.
DASHBOARD_SHOWN = 10

# The status buttons, in the order they are offered.
STATUS_BUTTONS = [
    (ActionStatus.TODO, gettext_lazy("Back to “to do”")),
    (ActionStatus.IN_PROGRESS, gettext_lazy("Mark as in progress")),
    (ActionStatus.DONE, gettext_lazy("Mark as done")),
    (ActionStatus.DROPPED, gettext_lazy("Drop it")),
]


# ---------------------------------------------------------------------------- reading


def with_origin(actions):
    """What a list of actions shows: owners, collective, and where it comes from."""
    return actions.select_related(
        "collective",
        "meeting__collective",
        "decision",
        "project__collective",
        "commitment",
    ).prefetch_related(owners_prefetch())


def overdue_first(actions, today):
    """Open actions before closed ones, overdue ones first, then by due date."""
    return actions.annotate(
        closed_rank=Case(
            When(status__in=OPEN_STATUSES, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        late_rank=Case(
            When(Q(status__in=OPEN_STATUSES) & Q(due_date__lt=today), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
    ).order_by("closed_rank", "late_rank", F("due_date").asc(nulls_last=True), "pk")


def open_actions_of(user, today=None):
    """A person's open actions in the collectives they belong to, overdue ones first
    (the dashboard's block and the top of "My actions")."""
    today = today or timezone.localdate()
    mine = Action.objects.visible_to(user).open().owned_by(user)
    return overdue_first(with_origin(mine), today)


def _action(request, slug, pk, perm="actions.view_action"):
    collective = get_collective(request, slug, "actions.view_actions")
    action = get_object_or_404(
        with_origin(Action.objects).select_related("completed_by", "created_by", "updated_by"),
        collective=collective,
        pk=pk,
    )
    if not request.user.has_perm(perm, action):
        raise PermissionDenied
    return collective, action


def _allow_changes(request, actions):
    for action in actions:
        action.can_change = request.user.has_perm(CHANGE, action)
    return actions


def _next(request, default):
    """Where to go back after a change: the page the form came from, if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _status_buttons(action):
    return [(value, label) for value, label in STATUS_BUTTONS if value != action.status]


# ------------------------------------------------------------------------------ pages


def action_list(request, slug):
    collective = get_collective(request, slug, "actions.view_actions")
    today = timezone.localdate()
    filters = FilterForm(request.GET or None, collective=collective)
    actions = filters.filter(with_origin(collective.actions.all()), today)
    page = Paginator(overdue_first(actions, today), PAGE_SIZE).get_page(request.GET.get("page"))
    can_add = request.user.has_perm("actions.add_action", collective)
    return render(
        request,
        "actions/list.html",
        {
            "collective": collective,
            "filters": filters,
            "filtered": filters.is_bound,
            "page": page,
            "actions": _allow_changes(request, page.object_list),
            "form": NewActionForm(collective=collective) if can_add else None,
            "can_add": can_add,
        },
    )


def action_create(request, slug):
    collective = get_collective(request, slug, "actions.add_action")
    form = NewActionForm(
        request.POST if request.method == "POST" else None,
        collective=collective,
        user=request.user,
        initial={
            "meeting": request.GET.get("meeting", ""),
            "decision": request.GET.get("decision", ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = services.create_action(
                actor=request.user,
                collective=collective,
                title=data["title"],
                owners=form.chosen_owners(),
                start_date=data["start_date"],
                due_date=data["due_date"],
                phase=data.get("phase"),
                description=data["description"],
                meeting=data["meeting"],
                decision=data.get("decision"),
                project=data.get("project"),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("The action “%(title)s” is added.") % {"title": action.title}
            )
            return redirect(_next(request, action.get_absolute_url()))
    return render(
        request,
        "actions/form.html",
        {"collective": collective, "form": form, "next": _next(request, "")},
    )


def action_detail(request, slug, pk):
    """The action; those who may change it edit it here (POST) and move its status."""
    collective, action = _action(request, slug, pk)
    can_change = request.user.has_perm(CHANGE, action)
    conflict, form = None, None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        form = EditActionForm(request.POST, collective=collective, action=action)
        if form.is_valid():
            data = form.cleaned_data
            try:
                action = services.update_action(
                    actor=request.user,
                    action=action,
                    base_version=data["base_version"],
                    title=data["title"],
                    # Owners who have left the collective since stay while they are ticked.
                    owners=form.chosen_owners(),
                    start_date=data["start_date"],
                    due_date=data["due_date"],
                    phase=data["phase"] if "phase" in form.fields else KEEP,
                    description=data["description"],
                )
            except ConflictError as exc:
                # Keep what the person typed, on top of the current version: they can
                # compare, then save again.
                conflict = exc
                collective, action = _action(request, slug, pk)
                typed = request.POST.copy()
                typed["base_version"] = action.version
                form = EditActionForm(typed, collective=collective, action=action)
                form.is_valid()
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The action is saved."))
                if action.shifted:
                    messages.info(request, moved_message(Moved(action, action.shifted)))
                return redirect(action)
    elif can_change:
        form = _edit_form(collective, action)
    return _detail_page(
        request,
        collective,
        action,
        {"can_change": can_change, "form": form, "conflict": conflict},
        status=409 if conflict else 200,
    )


def _edit_form(collective, action):
    """The edit form, filled with the action as it is."""
    return EditActionForm(
        collective=collective,
        action=action,
        initial={
            "title": action.title,
            "start_date": action.start_date,
            "due_date": action.due_date,
            "phase": action.phase_id,
            "description": action.description,
            "base_version": action.version,
        }
        | EditActionForm.initial_owners(action),
    )


def _detail_page(request, collective, action, context, comment_form=None, status=200):
    """The action's page with its comments (oldest first) and the comment form."""
    user = request.user
    can_comment = user.has_perm("actions.comment", action)
    comments = list(
        action.comments.filter(archived_at=None)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    for comment in comments:
        comment.action = action  # its collective, without a query
        comment.can_archive = user.has_perm("actions.archive_comment", comment)
    context = {
        "collective": collective,
        "action": action,
        "can_change": False,
        "form": None,
        "conflict": None,
        "status_buttons": _status_buttons(action),
        "comments": comments,
        "can_comment": can_comment,
        "comment_form": (comment_form or CommentForm(auto_id="comment-%s"))
        if can_comment
        else None,
        **context,
    }
    context.update(_planning(action, context))
    return render(request, "actions/detail.html", context, status=status)


def _planning(action, context):
    """The page's Planning section: what the action depends on, what waits for it, and
    (for those who may change it) the forms that move it and link it to others."""
    planning = {
        "depends_on": list(action.depends_on.select_related("collective").order_by("title")),
        "dependants": list(action.dependants.select_related("collective").order_by("title")),
        "dates_form": None,
        "dependency_form": None,
    }
    if context["can_change"]:
        planning["dates_form"] = context.get("dates_form") or DatesForm.of(action)
        planning["dependency_form"] = context.get("dependency_form") or DependencyForm(
            action=action
        )
    return planning


@require_POST
def action_status(request, slug, pk):
    collective, action = _action(request, slug, pk, CHANGE)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the statuses offered."))
        return redirect(action)
    try:
        action = services.set_status(
            actor=request.user,
            action=action,
            status=form.cleaned_data["status"],
            base_version=form.cleaned_data["base_version"],
        )
    except ConflictError as exc:
        if request.htmx:
            # htmx swaps only successful answers: the row comes back with the message.
            return _row(request, action, conflict=exc)
        collective, action = _action(request, slug, pk)
        context = {
            "collective": collective,
            "action": action,
            "conflict": exc,
            "status_buttons": _status_buttons(action),
            "next": _next(request, action.get_absolute_url()),
        }
        return render(request, "actions/conflict.html", context, status=409)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(action)
    if request.htmx:
        return _row(request, action)
    messages.success(
        request,
        _("“%(title)s” is now “%(status)s”.")
        % {"title": action.title, "status": action.get_status_display()},
    )
    return redirect(_next(request, action.get_absolute_url()))


def _row(request, action, conflict=None):
    action = with_origin(Action.objects).get(pk=action.pk)
    _allow_changes(request, [action])
    return render(
        request,
        "actions/includes/action_row.html",
        {
            "action": action,
            "conflict": conflict,
            "show_collective": request.POST.get("show_collective") == "1",
            "show_owner": request.POST.get("show_owner") == "1",
            "buttons": True,
            "next": _next(request, ""),
        },
    )


def my_actions(request):
    """Everything the person has to do, across their collectives; then what they closed."""
    today = timezone.localdate()
    mine = with_origin(Action.objects.visible_to(request.user).owned_by(request.user))
    open_actions = list(overdue_first(mine.open(), today))
    closed = list(
        mine.exclude(status__in=OPEN_STATUSES).order_by(
            F("completed_at").desc(nulls_last=True), "-updated_at", "-pk"
        )[:CLOSED_SHOWN]
    )
    return render(
        request,
        "actions/mine.html",
        {
            "open_actions": _allow_changes(request, open_actions),
            "overdue_count": sum(action.is_overdue for action in open_actions),
            "closed_actions": _allow_changes(request, closed),
            "closed_shown": CLOSED_SHOWN,
        },
    )


# ----------------------------------------------------------------------------- comments


@require_POST
def comment_add(request, slug, pk):
    collective, action = _action(request, slug, pk)
    if not request.user.has_perm("actions.comment", action):
        raise PermissionDenied
    form = CommentForm(request.POST, auto_id="comment-%s")
    if form.is_valid():
        try:
            services.add_action_comment(
                actor=request.user, action=action, text=form.cleaned_data["text"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Your comment is added."))
            return redirect(action)
    can_change = request.user.has_perm(CHANGE, action)
    context = {"can_change": can_change}
    if can_change:
        context["form"] = _edit_form(collective, action)
    return _detail_page(request, collective, action, context, comment_form=form)


@require_POST
def comment_archive(request, slug, pk, comment):
    collective, action = _action(request, slug, pk)
    comment = get_object_or_404(ActionComment, action=action, pk=comment, archived_at=None)
    comment.action = action
    if not request.user.has_perm("actions.archive_comment", comment):
        raise PermissionDenied
    try:
        services.archive_action_comment(actor=request.user, comment=comment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The comment is archived."))
    return redirect(action)
