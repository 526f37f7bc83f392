"""Planning actions as tasks: phases, finish-to-start dependencies, and dates moved
with the tasks that depend on them.

Every change here locks the collective's row first, so two people planning the same
collective at once are served one after the other and the dependencies never go
round. Moving a task pushes later each open task that would start before a task it
depends on ends (``maillage.planning.schedule.shift``), keeping its duration; done
and dropped tasks are never moved. The change says which tasks moved.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.collectives.models import Collective
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError
from maillage.core.typography import names_list
from maillage.planning.schedule import BeyondCalendar, DependencyLoop, Task, find_loop, shift

from .models import (
    OPEN_STATUSES,
    SPIRAL_PHASES,
    Action,
    ActionStatus,
    Dependency,
    Phase,
    PhaseKind,
)


@dataclass
class Moved:
    """What a change of dates did: ``action`` (as saved) and ``shifted``, the other
    actions pushed later, each as (action, days it moved)."""

    action: Action
    shifted: list = field(default_factory=list)

    @property
    def titles(self):
        return [moved.title for moved, _days in self.shifted]


def lock_collective(collective_id):
    Collective.objects.select_for_update().only("pk").get(pk=collective_id)


def _edges(collective_id):
    return list(
        Dependency.objects.filter(after__collective_id=collective_id).values_list(
            "before_id", "after_id"
        )
    )


def check_dates(start_date, due_date):
    if start_date and due_date and due_date < start_date:
        raise DomainError(
            _("The due date comes before the start date: an action cannot end before it starts."),
            field="due_date",
        )


def _iso(day):
    return day.isoformat() if day else None


def quoted(title):
    return _("“%(title)s”") % {"title": title}


def _loop_message(loop, titles):
    return _("These dependencies would go round: %(loop)s. Nothing was changed.") % {
        "loop": " → ".join(quoted(titles[pk]) for pk in loop)
    }


def pass_on(*, actor, action):
    """Push later the open actions that would start before an action they depend on
    ends, ``action``'s dates being saved already. Returns Moved. Called inside the
    change's transaction, with the collective locked."""
    rows = {
        row.pk: row
        for row in Action.objects.filter(collective_id=action.collective_id).exclude(
            status=ActionStatus.DROPPED
        )
    }
    edges = [(a, b) for a, b in _edges(action.collective_id) if a in rows and b in rows]
    tasks = {pk: Task(row.start_date, row.due_date) for pk, row in rows.items()}
    try:
        changed = _shift_open(tasks, edges, rows)
    except DependencyLoop as error:  # refused on the way in; kept as a guard
        titles = {pk: row.title for pk, row in rows.items()}
        raise DomainError(_loop_message(error.loop, titles)) from error
    except BeyondCalendar as error:
        raise DomainError(
            _("%(title)s would be pushed past the last day of the calendar. Nothing was changed.")
            % {"title": quoted(rows[error.task].title)}
        ) from error
    shifted = []
    for pk, days in changed.items():
        row = rows[pk]
        moved_by = (days.first - tasks[pk].first).days
        before = {"start_date": _iso(row.start_date), "due_date": _iso(row.due_date)}
        row.start_date, row.due_date = days.start, days.end
        row.version += 1
        row.updated_by = actor
        row.save(update_fields=["start_date", "due_date", "version", "updated_by", "updated_at"])
        log_action(
            actor=actor,
            action="actions.shifted",
            obj=row,
            before=before,
            after={
                "start_date": _iso(row.start_date),
                "due_date": _iso(row.due_date),
                "because_of": action.title,
            },
        )
        shifted.append((row, moved_by))
    shifted.sort(key=lambda pair: (pair[0].start_date or pair[0].due_date, pair[0].pk))
    return Moved(action, shifted)


def _shift_open(tasks, edges, rows):
    """``shift`` where only open actions may move: a done action keeps its dates and
    still holds back those that depend on it."""
    fixed = {pk for pk, row in rows.items() if row.status not in OPEN_STATUSES}
    return shift(tasks, edges, fixed=fixed)


@transaction.atomic
def add_dependency(*, actor, action, before):
    """``action`` starts once ``before`` has ended. Refused across collectives, on
    itself, or when it would close a loop; otherwise ``action`` and what depends on it
    move later if they must. Returns Moved."""
    lock_collective(action.collective_id)
    action = Action.objects.get(pk=action.pk)
    if before.collective_id != action.collective_id:
        raise DomainError(_("This action belongs to another collective."), field="before")
    if before.pk == action.pk:
        raise DomainError(_("An action cannot depend on itself."), field="before")
    edges = _edges(action.collective_id)
    if (before.pk, action.pk) in edges:
        raise DomainError(_("This action already depends on that one."), field="before")
    loop = find_loop(edges + [(before.pk, action.pk)])
    if loop:
        titles = dict(
            Action.objects.filter(pk__in=set(loop)).values_list("pk", "title"),
        )
        raise DomainError(_loop_message(loop, titles), field="before")
    Dependency.objects.create(before=before, after=action)
    log_action(
        actor=actor,
        action="actions.dependency_added",
        obj=action,
        after={"depends_on": before.title},
    )
    moved = pass_on(actor=actor, action=before)
    moved.action = Action.objects.get(pk=action.pk)
    return moved


@transaction.atomic
def remove_dependency(*, actor, action, before):
    """``action`` no longer waits for ``before``. Nothing moves back."""
    lock_collective(action.collective_id)
    deleted, _rows = Dependency.objects.filter(before=before, after=action).delete()
    if not deleted:
        raise DomainError(_("This action does not depend on that one."), field="before")
    log_action(
        actor=actor,
        action="actions.dependency_removed",
        obj=action,
        before={"depends_on": before.title},
    )
    return action


# --------------------------------------------------------------------------- phases


def _check_phase_owner(collective, project, consultation):
    if (project is None) == (consultation is None):
        raise DomainError(_("A phase belongs to a project or to a consultation, one of them."))
    owner = project or consultation
    if owner.collective_id != collective.pk:
        raise DomainError(_("This belongs to another collective."))


def _clean_phase(title, kind, starts_on, ends_on):
    title = clean_line(
        title,
        field="title",
        max_length=Phase._meta.get_field("title").max_length,
        empty_message=_("Give the phase a title."),
    )
    if kind not in PhaseKind.values:
        raise DomainError(_("Unknown kind of phase."), field="kind")
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError(_("A phase cannot end before it starts."), field="ends_on")
    return title


@transaction.atomic
def create_phase(
    *,
    actor,
    collective,
    title,
    kind=PhaseKind.STAGE,
    project=None,
    consultation=None,
    starts_on=None,
    ends_on=None,
):
    """A new phase at the end of its project's or consultation's phases."""
    lock_collective(collective.pk)
    _check_phase_owner(collective, project, consultation)
    title = _clean_phase(title, kind, starts_on, ends_on)
    siblings = Phase.objects.filter(project=project, consultation=consultation)
    phase = Phase.objects.create(
        collective=collective,
        project=project,
        consultation=consultation,
        title=title,
        kind=kind,
        position=siblings.count(),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    log_action(
        actor=actor,
        action="actions.phase_created",
        obj=phase,
        after={"title": title, "starts_on": _iso(starts_on), "ends_on": _iso(ends_on)},
    )
    return phase


@transaction.atomic
def update_phase(*, actor, phase, title, kind, starts_on=None, ends_on=None):
    lock_collective(phase.collective_id)
    phase = Phase.objects.get(pk=phase.pk)
    title = _clean_phase(title, kind, starts_on, ends_on)
    before = {
        "title": phase.title,
        "starts_on": _iso(phase.starts_on),
        "ends_on": _iso(phase.ends_on),
    }
    phase.title, phase.kind, phase.starts_on, phase.ends_on = title, kind, starts_on, ends_on
    phase.save()
    after = {"title": title, "starts_on": _iso(starts_on), "ends_on": _iso(ends_on)}
    log_action(
        actor=actor,
        action="actions.phase_updated",
        obj=phase,
        before={key: value for key, value in before.items() if after[key] != value},
        after={key: value for key, value in after.items() if before[key] != value},
    )
    return phase


@transaction.atomic
def delete_phase(*, actor, phase):
    """The phase goes; its actions stay, in no phase."""
    lock_collective(phase.collective_id)
    count = phase.actions.count()
    log_action(
        actor=actor,
        action="actions.phase_deleted",
        obj=phase.project or phase.consultation,
        before={"title": phase.title, "actions": count},
    )
    phase.delete()


@transaction.atomic
def add_spiral_phases(*, actor, consultation):
    """The SPIRAL process's five phases for a consultation that has none yet."""
    lock_collective(consultation.collective_id)  # two clicks add them once
    if consultation.phases.exists():
        raise DomainError(_("This consultation already has phases."))
    return [
        create_phase(
            actor=actor,
            collective=consultation.collective,
            consultation=consultation,
            title=str(kind.label),
            kind=kind,
        )
        for kind in SPIRAL_PHASES
    ]


def check_phase(collective, phase, project):
    """A phase an action may be put in: one of its collective's, of the action's project
    when it has one."""
    if phase is None:
        return
    if phase.collective_id != collective.pk:
        raise DomainError(_("This phase belongs to another collective."), field="phase")
    if project is not None and phase.project_id not in (None, project.pk):
        raise DomainError(_("This phase belongs to another project."), field="phase")


def moved_message(moved):
    """What a page says after a change that pushed other actions later."""
    if not moved.shifted:
        return ""
    return _("Moved later as they depend on it: %(titles)s.") % {
        "titles": names_list(quoted(title) for title in moved.titles)
    }
