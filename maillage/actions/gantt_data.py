"""What a Gantt chart shows, as plain data: the tasks (actions) of a project, a work
stream or a consultation, in bands (by phase, by owner or by project), with their
dependencies, whether each is late or critical, and the milestones.

The page (SVG and table), the XLSX and the PDF are all drawn from one ``Plan``, so
they say the same thing. Loading reads a constant number of queries whatever the
number of tasks. Actions sit below projects: projects and their milestones are read
through relations, never imported.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from maillage.planning.schedule import DependencyLoop, Task, critical_path

from .models import Action, ActionStatus, Dependency, Phase, PhaseKind, owners_prefetch

GROUPINGS = ("phase", "owner", "project")


@dataclass
class Bar:
    """One task. ``start``/``end``: its days (both included); with ``end`` only it is
    a deadline, drawn as a diamond. ``depends_on``: pks of the bars it waits for."""

    pk: int
    title: str
    url: str
    owners: str
    start: datetime.date | None
    end: datetime.date | None
    status: str
    status_label: str
    phase: str
    project: str
    version: int
    depends_on: list = field(default_factory=list)
    late: bool = False
    critical: bool = False
    float_days: int | None = None

    @property
    def dated(self):
        return self.start is not None or self.end is not None

    @property
    def deadline(self):
        return self.start is None and self.end is not None

    @property
    def first(self):
        return self.start or self.end

    @property
    def last(self):
        return self.end or self.start

    @property
    def days(self):
        return (self.last - self.first).days + 1 if self.dated else 0

    @property
    def done(self):
        return self.status == ActionStatus.DONE


@dataclass
class Marker:
    """A milestone (a project's, a round's end): a day, reached or not, late or not."""

    title: str
    day: datetime.date
    reached: bool = False
    late: bool = False


@dataclass
class Band:
    """A group of rows: a phase (with its planned days, if any), an owner, a project."""

    title: str
    bars: list = field(default_factory=list)
    markers: list = field(default_factory=list)
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None


@dataclass
class Plan:
    """Everything a Gantt chart shows. ``first``/``last``: the days the chart spans
    (every dated bar, marker, planned phase and today); ``finish``: the plan's last
    day; ``critical_path``: the critical bars' pks, in order; ``edges``: (before,
    after) pks among the bars shown."""

    title: str
    today: datetime.date
    bands: list
    edges: list
    critical_path: list
    finish: datetime.date | None
    grouping: str = "phase"

    @property
    def bars(self):
        return [bar for band in self.bands for bar in band.bars]

    @cached_property
    def _titles(self):
        return {bar.pk: bar.title for bar in self.bars}

    def waits_for(self, bar):
        """The titles of the plan's tasks ``bar`` depends on."""
        return [self._titles[pk] for pk in bar.depends_on if pk in self._titles]

    @property
    def markers(self):
        return [marker for band in self.bands for marker in band.markers]

    @property
    def undated(self):
        return [bar for bar in self.bars if not bar.dated]

    @property
    def late(self):
        return [bar for bar in self.bars if bar.late]

    @property
    def first(self):
        return min(self._days(), default=self.today)

    @property
    def last(self):
        return max(self._days(), default=self.today)

    def _days(self):
        days = [self.today]
        for band in self.bands:
            days += [d for d in (band.starts_on, band.ends_on) if d]
            days += [m.day for m in band.markers]
            days += [d for bar in band.bars for d in (bar.first, bar.last) if d]
        return days


def _is_late(action, today):
    """Action.is_overdue, on the plan's day."""
    return action.is_open and action.due_date is not None and action.due_date < today


def _bar(action, depends_on):
    return Bar(
        pk=action.pk,
        title=action.title,
        url=action.get_absolute_url(),
        owners=action.owner_names,
        start=action.start_date,
        end=action.due_date,
        status=action.status,
        status_label=str(action.get_status_display()),
        phase=action.phase.title if action.phase_id else "",
        project=action.project.title if action.project_id else "",
        version=action.version,
        depends_on=depends_on,
    )


def _band_key(action, grouping):
    if grouping == "owner":
        owners = action.owner_list
        return ("owner", owners[0].name_shown if owners else "")
    if grouping == "project":
        return ("project", action.project_id or 0)
    return ("phase", action.phase_id or 0)


def build_plan(*, title, actions, today, grouping="phase", phases=(), projects=(), markers=()):
    """The Plan of ``actions`` (a queryset), in bands by ``grouping``: ``phases`` (in
    order, each a band even when empty), ``projects`` (pk, title) in order, or owners
    (the first owner of each action, by name). ``markers``: (band key or None, Marker):
    a marker in a band (("project", pk) or ("phase", pk)) or in the first one.
    Dropped actions are left out."""
    if grouping not in GROUPINGS:
        grouping = "phase"
    rows = list(
        actions.exclude(status=ActionStatus.DROPPED)
        .select_related("collective", "phase", "project")
        .prefetch_related(owners_prefetch())
        .order_by(
            "phase__position",
            "phase_id",
            # A deadline (due date only) takes its place among the bars by that date.
            Coalesce("start_date", "due_date").asc(nulls_last=True),
            "due_date",
            "pk",
        )
    )
    pks = {row.pk for row in rows}
    edges = [
        (before, after)
        for before, after in Dependency.objects.filter(after__in=pks).values_list(
            "before_id", "after_id"
        )
        if before in pks
    ]
    waits_for = {}
    for before, after in edges:
        waits_for.setdefault(after, []).append(before)
    bars = {row.pk: _bar(row, waits_for.get(row.pk, [])) for row in rows}
    for row in rows:
        bars[row.pk].late = _is_late(row, today)
    try:
        result = critical_path({pk: Task(b.start, b.end) for pk, b in bars.items()}, edges)
    except DependencyLoop:  # the services refuse loops; an old row would not break the page
        result = None
    if result is not None:
        for pk, slack in result.tasks.items():
            bars[pk].float_days = slack.float_days
            # A plan of one task has a "critical path" of one: say so only with a chain.
            bars[pk].critical = slack.critical and bool(edges)
    bands = {}
    if grouping == "phase":
        for phase in phases:
            bands[("phase", phase.pk)] = Band(
                phase.title, starts_on=phase.starts_on, ends_on=phase.ends_on
            )
    elif grouping == "project":
        for pk, name in projects:
            bands[("project", pk)] = Band(name)
    for row in rows:
        key = _band_key(row, grouping)
        if key not in bands:
            bands[key] = Band(_band_title(row, key))
        bands[key].bars.append(bars[row.pk])
    if grouping == "owner":
        bands = dict(sorted(bands.items(), key=lambda item: (item[0][1] == "", item[0][1].lower())))
    else:
        # "No phase" / "No project" last.
        bands = dict(sorted(bands.items(), key=lambda item: item[0][1] == 0))
    for key, marker in markers:
        band = bands.get(key) or next(iter(bands.values()), None)
        if band is None:
            band = bands.setdefault(("marker", 0), Band(_("Milestones")))
        band.markers.append(marker)
    return Plan(
        title=title,
        today=today,
        bands=[band for band in bands.values() if band.bars or band.markers or band.starts_on],
        edges=edges,
        critical_path=[pk for pk in (result.path if result else []) if bars[pk].critical],
        finish=result.finish if result else None,
        grouping=grouping,
    )


def _band_title(action, key):
    kind, value = key
    if kind == "owner":
        return value or _("Nobody named")
    if kind == "project":
        return action.project.title if action.project_id else _("No project")
    return action.phase.title if action.phase_id else _("No phase")


# --------------------------------------------------------------------------- loaders


def _milestone(milestone, today):
    return Marker(
        title=milestone.title,
        day=milestone.due_on,
        reached=milestone.reached_on is not None,
        late=milestone.reached_on is None and milestone.due_on < today,
    )


def plan_for_project(project, today, grouping="phase"):
    """A project's tasks, by phase (its phases in order) or by owner."""
    phases = list(Phase.objects.filter(project=project))
    milestones = project.milestones.filter(archived_at__isnull=True).order_by("due_on", "pk")
    return build_plan(
        title=project.title,
        actions=Action.objects.filter(project=project),
        today=today,
        grouping="owner" if grouping == "owner" else "phase",
        phases=phases,
        markers=[(None, _milestone(m, today)) for m in milestones],
    )


def plan_for_work_stream(stream, today, grouping="project"):
    """A work stream's projects' tasks, by project (default), phase or owner."""
    projects = list(
        stream.projects.filter(archived_at__isnull=True)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=apps.get_model("projects", "Milestone")
                .objects.filter(archived_at__isnull=True)
                .order_by("due_on", "pk"),
                to_attr="live_milestones_for_plan",
            )
        )
    )
    project_pks = [p.pk for p in projects]
    if grouping == "phase":
        phases = list(
            Phase.objects.filter(project__in=project_pks).order_by(
                "project__position", "project_id", "position", "pk"
            )
        )
    else:
        phases = []
    markers = [
        (("project", project.pk) if grouping == "project" else None, _milestone(m, today))
        for project in projects
        for m in project.live_milestones_for_plan
    ]
    return build_plan(
        title=stream.title,
        actions=Action.objects.filter(project__in=project_pks),
        today=today,
        grouping=grouping if grouping in GROUPINGS else "project",
        phases=phases,
        projects=[(p.pk, p.title) for p in projects],
        markers=markers,
    )


def plan_for_consultation(consultation, today, grouping="phase"):
    """A consultation process's tasks: those in its phases and those its pledges
    became; its vote rounds' last days as milestones."""
    phases = list(Phase.objects.filter(consultation=consultation))
    actions = Action.objects.filter(
        Q(phase__consultation=consultation) | Q(commitment__note__group__consultation=consultation)
    ).distinct()
    # Rounds' milestones go in the "rounds" phase when there is one.
    rounds_phase = next((p for p in phases if p.kind == PhaseKind.ROUNDS), None)
    key = ("phase", rounds_phase.pk) if grouping == "phase" and rounds_phase else None
    markers = [
        (
            key,
            Marker(
                title=_("End of the round “%(title)s”") % {"title": vote_round.title},
                day=vote_round.ends_on,
                reached=vote_round.is_closed,
                late=not vote_round.is_closed and vote_round.ends_on < today,
            ),
        )
        for vote_round in consultation.rounds.exclude(ends_on=None).order_by("number")
    ]
    return build_plan(
        title=consultation.title,
        actions=actions,
        today=today,
        grouping="owner" if grouping == "owner" else "phase",
        phases=phases,
        markers=markers,
    )
