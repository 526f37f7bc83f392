"""Planning an action from its page: its dates (the keyboard's way to move a task, and
where the Gantt chart's bars post) and its dependencies.

Views read and check; the changes are services.set_dates and services_planning's. A
refused change shows the action's page again with the message (400); a change made
by someone else meanwhile shows it with the conflict (409), what was typed kept.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.errors import ConflictError, DomainError
from maillage.core.forms import add_domain_error

from . import services, services_planning
from .forms_planning import DatesForm, DependencyForm
from .services_planning import moved_message, quoted
from .views import CHANGE, _action, _detail_page, _edit_form, _next


def _page(request, collective, action, status, **context):
    """The action's page again, with a refused form or a conflict."""
    return _detail_page(
        request,
        collective,
        action,
        {"can_change": True, "form": _edit_form(collective, action), **context},
        status=status,
    )


def _say_moved(request, moved):
    if moved.shifted:
        messages.info(request, moved_message(moved))


@require_POST
def action_dates(request, slug, pk):
    collective, action = _action(request, slug, pk, CHANGE)
    form = DatesForm(request.POST)
    if not form.is_valid():
        return _page(request, collective, action, 400, dates_form=form)
    data = form.cleaned_data
    try:
        moved = services.set_dates(
            actor=request.user,
            action=action,
            start_date=data["start_date"],
            due_date=data["due_date"],
            base_version=data["base_version"],
        )
    except ConflictError as exc:
        # What the person typed, on top of the current version: they can save it again.
        collective, action = _action(request, slug, pk)
        typed = request.POST.copy()
        typed["base_version"] = action.version
        return _page(request, collective, action, 409, conflict=exc, dates_form=DatesForm(typed))
    except DomainError as exc:
        add_domain_error(form, exc)
        return _page(request, collective, action, 400, dates_form=form)
    messages.success(request, _("%(title)s is moved.") % {"title": quoted(action.title)})
    _say_moved(request, moved)
    return redirect(_next(request, action.get_absolute_url()))


@require_POST
def dependency_add(request, slug, pk):
    collective, action = _action(request, slug, pk, CHANGE)
    form = DependencyForm(request.POST, action=action)
    if form.is_valid():
        before = get_object_or_404(collective.actions, pk=form.cleaned_data["before"])
        try:
            moved = services_planning.add_dependency(
                actor=request.user, action=action, before=before
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("%(after)s now starts once %(before)s has ended.")
                % {"after": quoted(action.title), "before": quoted(before.title)},
            )
            _say_moved(request, moved)
            return redirect(_next(request, action.get_absolute_url()))
    return _page(request, collective, action, 400, dependency_form=form)


@require_POST
def dependency_remove(request, slug, pk, before):
    collective, action = _action(request, slug, pk, CHANGE)
    before = get_object_or_404(collective.actions, pk=before)
    try:
        services_planning.remove_dependency(actor=request.user, action=action, before=before)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(after)s no longer waits for %(before)s.")
            % {"after": quoted(action.title), "before": quoted(before.title)},
        )
    return redirect(_next(request, action.get_absolute_url()))
