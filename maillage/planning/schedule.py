"""Tasks with dates and finish-to-start dependencies: loops found, a move passed on to
the tasks that depend on it, and the critical path.

A task is known by an id (anything hashable) and spans ``start`` to ``end``, both
days included; a task with one date only spans that day (a deadline). A task without
any date takes no part: nothing is passed on through it. A dependency ``(before,
after)`` says that ``after`` starts once ``before`` has ended, so the day after
``before``'s end at the earliest. Days are calendar days: week-ends and holidays
count (a collective's tasks are often carried by volunteers, on any day).

- ``find_loop`` names a loop of dependencies, if there is one.
- ``shift`` moves a task and pushes later, by as many days as needed and keeping
  their durations, the tasks that would start before a task they depend on ends.
  Nothing is ever pulled earlier.
- ``critical_path``: the critical path method, each task starting no earlier than
  its own start; the tasks without slack before the plan's end are critical.

No Django here: the actions app calls it with its actions' dates.
"""

from __future__ import annotations

import datetime
import graphlib
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from .errors import PlanningInputError

DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Task:
    """A task's days, both included; either may be None (then it is the other)."""

    start: datetime.date | None = None
    end: datetime.date | None = None

    @property
    def dated(self):
        return self.start is not None or self.end is not None

    @property
    def first(self):
        return self.start or self.end

    @property
    def last(self):
        return max(self.end or self.start, self.first)

    @property
    def days(self):
        """How many days it lasts (one for a deadline)."""
        return (self.last - self.first).days + 1


class DependencyLoop(PlanningInputError):
    """Dependencies that go round: ``loop`` lists the tasks, the first one again at
    the end (a → b → a)."""

    def __init__(self, loop):
        self.loop = list(loop)
        super().__init__("the dependencies go round: " + " → ".join(map(str, self.loop)))


class BeyondCalendar(PlanningInputError):
    """A task would be pushed past the last day a date can hold (9999-12-31)."""

    def __init__(self, task):
        self.task = task
        super().__init__(f"{task} would be pushed past the last day of the calendar.")


def _later(day, days, task):
    try:
        return day + days
    except OverflowError:
        raise BeyondCalendar(task) from None


def _graph(edges):
    successors = defaultdict(list)
    predecessors = defaultdict(list)
    for before, after in edges:
        successors[before].append(after)
        predecessors[after].append(before)
    return successors, predecessors


def find_loop(edges: Iterable[tuple[Hashable, Hashable]]) -> list | None:
    """A loop of the dependencies as [a, b, …, a], or None when there is none."""
    edges = list(edges)
    _, predecessors = _graph(edges)
    sorter = graphlib.TopologicalSorter(predecessors)
    try:
        sorter.prepare()
    except graphlib.CycleError as error:
        # Each task of graphlib's loop comes before the next one.
        return list(error.args[1])
    return None


def in_order(ids: Iterable[Hashable], edges) -> list:
    """The ids with every task after those it depends on; a loop raises
    DependencyLoop. Ties keep the order ids were given in."""
    ids = list(ids)
    edges = list(edges)
    loop = find_loop(edges)
    if loop:
        raise DependencyLoop(loop)
    _, predecessors = _graph(edges)
    rank = {task: index for index, task in enumerate(ids)}
    sorter = graphlib.TopologicalSorter()
    for task in ids:
        sorter.add(task, *[before for before in predecessors.get(task, ()) if before in rank])
    sorter.prepare()
    ordered = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready(), key=rank.__getitem__)
        ordered += ready
        sorter.done(*ready)
    return ordered


def shift(
    tasks: Mapping[Hashable, Task],
    edges: Iterable[tuple[Hashable, Hashable]],
    moved: Mapping[Hashable, Task] | None = None,
    fixed: Iterable[Hashable] = (),
) -> dict:
    """Every task's days once ``moved`` (new days of some tasks) is applied and each
    task that would start on or before the end of a task it depends on is pushed to
    the day after, its duration kept. Tasks in ``fixed`` (done ones) never move but
    still hold back those that depend on them. Returns only the tasks whose days
    changed, with their new days (the moved ones included). Raises DependencyLoop."""
    fixed = set(fixed)
    edges = [(a, b) for a, b in edges if a in tasks and b in tasks]
    days = dict(tasks)
    days.update(moved or {})
    _, predecessors = _graph(edges)
    for task in in_order(days, edges):
        current = days[task]
        if not current.dated or task in fixed:
            continue
        ends = [days[before].last for before in predecessors.get(task, ()) if days[before].dated]
        if not ends:
            continue
        earliest = _later(max(ends), DAY, task)
        if current.first < earliest:
            gap = earliest - current.first
            days[task] = Task(
                current.start and _later(current.start, gap, task),
                current.end and _later(current.end, gap, task),
            )
    return {task: value for task, value in days.items() if tasks.get(task) != value}


@dataclass(frozen=True)
class Slack:
    """One task in the critical path method: its earliest and latest days, its slack
    in days (``float_days``) and whether it is critical (no slack)."""

    earliest_start: datetime.date
    earliest_end: datetime.date
    latest_start: datetime.date
    latest_end: datetime.date

    @property
    def float_days(self):
        return (self.latest_start - self.earliest_start).days

    @property
    def critical(self):
        return self.float_days <= 0


@dataclass(frozen=True)
class CriticalPath:
    """``tasks``: each dated task's Slack; ``path``: the critical tasks, in an order
    that follows the dependencies; ``finish``: the plan's last day."""

    tasks: dict
    path: list
    finish: datetime.date | None

    def is_critical(self, task):
        slack = self.tasks.get(task)
        return bool(slack and slack.critical)


def critical_path(
    tasks: Mapping[Hashable, Task], edges: Iterable[tuple[Hashable, Hashable]]
) -> CriticalPath:
    """The critical path method over the dated tasks. Forward: a task starts at the
    latest of its own start and the day after each task it depends on ends. Backward:
    a task must end before the latest start of the tasks that depend on it, and by the
    plan's end. Slack is latest start minus earliest start; critical tasks have none.
    Raises DependencyLoop."""
    dated = {task: value for task, value in tasks.items() if value.dated}
    edges = [(a, b) for a, b in edges if a in dated and b in dated]
    order = in_order(dated, edges)
    successors, predecessors = _graph(edges)
    early = {}
    for task in order:
        value = dated[task]
        start = max(
            [value.first]
            + [_later(early[before][1], DAY, task) for before in predecessors.get(task, ())]
        )
        early[task] = (start, _later(start, (value.days - 1) * DAY, task))
    if not early:
        return CriticalPath({}, [], None)
    finish = max(end for _, end in early.values())
    late = {}
    for task in reversed(order):
        end = min([finish] + [late[after][0] - DAY for after in successors.get(task, ())])
        late[task] = (end - (dated[task].days - 1) * DAY, end)
    slack = {task: Slack(*early[task], *late[task]) for task in order}
    path = [task for task in order if slack[task].critical]
    return CriticalPath(slack, path, finish)


# --------------------------------------------------------------------------- command line


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(value, where):
    if value in (None, ""):
        return None
    # Only YYYY-MM-DD: fromisoformat would also take "2027-W01" or "20270101".
    try:
        if not isinstance(value, str) or not ISO_DAY.fullmatch(value):
            raise ValueError(value)
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise PlanningInputError(f"{where}: {value!r} is not a date (YYYY-MM-DD).") from error


def _is_id(value):
    """A task's id in a file: a text or a whole number (not true or false)."""
    return isinstance(value, str | int) and not isinstance(value, bool)


def _read_task(raw, where):
    if not isinstance(raw, dict) or "id" not in raw:
        raise PlanningInputError(f"{where}: a task is an object with an id.")
    if not _is_id(raw["id"]):
        raise PlanningInputError(f"{where}: the id must be a text or a whole number.")
    task = Task(_day(raw.get("start"), f"{where}.start"), _day(raw.get("end"), f"{where}.end"))
    if task.start and task.end and task.end < task.start:
        raise PlanningInputError(f"{where}: ends before it starts.")
    return raw["id"], task


def read_schedule_problem(data):
    """``{"tasks": [{"id", "start", "end"}], "dependencies": [[before, after]],
    "move": {"id", "start", "end"}}`` (``move`` optional) as (tasks, edges, moved)."""
    if not isinstance(data, dict) or not isinstance(data.get("tasks"), list):
        raise PlanningInputError("the file must hold an object with a list of tasks.")
    tasks = {}
    for number, raw in enumerate(data["tasks"]):
        task_id, task = _read_task(raw, f"tasks[{number}]")
        if task_id in tasks:
            raise PlanningInputError(f"tasks[{number}]: another task has the id {task_id!r}.")
        tasks[task_id] = task
    dependencies = data.get("dependencies") or []
    if not isinstance(dependencies, list):
        raise PlanningInputError("dependencies: a list of pairs [before, after].")
    edges = []
    for number, pair in enumerate(dependencies):
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(_is_id(p) and p in tasks for p in pair)
        ):
            raise PlanningInputError(
                f"dependencies[{number}]: a pair [before, after] of tasks' ids."
            )
        if pair[0] == pair[1]:
            raise PlanningInputError(f"dependencies[{number}]: a task cannot depend on itself.")
        edges.append(tuple(pair))
    moved = {}
    if data.get("move") is not None:
        task_id, task = _read_task(data["move"], "move")
        if task_id not in tasks:
            raise PlanningInputError("move: no task has this id.")
        moved[task_id] = task
    return tasks, edges, moved


def solve(tasks, edges, moved=None):
    """What the command line prints: each task's days after the move, whether it
    moved, its slack and whether it is critical; the tasks moved; the critical path."""
    changed = shift(tasks, edges, moved)
    days = {task: changed.get(task, value) for task, value in tasks.items()}
    result = critical_path(days, edges)

    def iso(day):
        return day.isoformat() if day else None

    rows = []
    for task, value in days.items():
        slack = result.tasks.get(task)
        rows.append(
            {
                "id": task,
                "start": iso(value.start),
                "end": iso(value.end),
                "moved": task in changed,
                "float_days": slack.float_days if slack else None,
                "critical": bool(slack and slack.critical),
            }
        )
    return {
        "tasks": rows,
        "moved": [task for task in days if task in changed],
        "critical_path": result.path,
        "finish": iso(result.finish),
    }
