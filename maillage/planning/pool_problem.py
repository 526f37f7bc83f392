"""An employer group's pooling problem: reading it, checking it, and the facts every
solver needs (which needs may share a job, a job's hours and travel, why a need stays
out). The solver is in ``pooling.py``; docs/planning.md has the contract.

A *need* is a member's recurring part-time need: weekly slots at one site, for one job
family (``skill``). A *job* is a set of needs one person holds: one qualification covers
every need's skill, its hours are at most the full time, and on each day its slots do not
overlap and leave, between two different sites, at least the straight-line distance ÷
speed. Times are counted in whole minutes inside (slots are "HH:MM").
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass, field

import numpy as np

from .errors import PlanningInputError

# Why a need stays out of every job, in the order they are tested (see ``reasons``).
REASONS = ("excluded", "skill", "clash", "travel", "hours")

_TIME = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)$")
MAX_NEEDS = 5000


@dataclass(frozen=True)
class Slot:
    day: int
    start: int  # minutes since midnight
    end: int


@dataclass(frozen=True)
class PoolNeed:
    id: str
    employer: str
    site: str
    skill: str
    slots: tuple[Slot, ...]

    @property
    def minutes(self) -> int:
        return sum(slot.end - slot.start for slot in self.slots)


@dataclass(frozen=True)
class Lock:
    """A job the coordinators keep. ``open``: the planner may add needs to it (a
    term-time job completed in the holidays); otherwise it is kept as it is."""

    needs: tuple[str, ...]
    qualification: str
    open: bool = False


@dataclass
class PoolProblem:
    target_minutes: int
    min_minutes: int
    speed_kmh: float
    sites: dict[str, tuple[float, float]]
    covers: dict[str, frozenset[str]]
    needs: list[PoolNeed]
    locks: list[Lock] = field(default_factory=list)
    # Sets of needs that may not all be in one job; a set of one leaves the need out.
    excludes: list[frozenset[str]] = field(default_factory=list)

    def __post_init__(self):
        self.index = {need.id: number for number, need in enumerate(self.needs)}
        self.minutes = np.array([need.minutes for need in self.needs], dtype=np.int64)
        self._compatible = None
        self._clash = None
        self._travel = None

    # -- which needs may share a job ------------------------------------------------

    def qualifications_of(self, need: PoolNeed) -> list[str]:
        return sorted(q for q, skills in self.covers.items() if need.skill in skills)

    def distance_km(self, site_a: str, site_b: str) -> float:
        (xa, ya), (xb, yb) = self.sites[site_a], self.sites[site_b]
        return math.hypot(xa - xb, ya - yb)

    def _conflicts(self):
        """Two boolean matrices over needs: their slots overlap (``clash``); they do not,
        but leave too little time to travel between their sites (``travel``)."""
        count = len(self.needs)
        clash = np.zeros((count, count), dtype=bool)
        travel = np.zeros((count, count), dtype=bool)
        site_ids = {site: number for number, site in enumerate(self.sites)}
        rows = [
            (number, slot.day, slot.start, slot.end, site_ids[need.site])
            for number, need in enumerate(self.needs)
            for slot in need.slots
        ]
        if not rows:
            return clash, travel
        table = np.array(rows, dtype=np.int64)
        xy = np.array([self.sites[site] for site in self.sites], dtype=float)
        for day in range(7):
            on_day = table[table[:, 1] == day]
            if len(on_day) < 2:
                continue
            need, start, end, site = on_day[:, 0], on_day[:, 2], on_day[:, 3], on_day[:, 4]
            overlap = (start[:, None] < end[None, :]) & (start[None, :] < end[:, None])
            gap = np.maximum(start[None, :] - end[:, None], start[:, None] - end[None, :])
            points = xy[site]
            distance = np.hypot(
                points[:, None, 0] - points[None, :, 0], points[:, None, 1] - points[None, :, 1]
            )
            hours_needed = distance / self.speed_kmh
            different = site[:, None] != site[None, :]
            # "At least distance ÷ speed", whether one counts in minutes or in hours: a
            # case on the boundary must hold both ways (the two roundings may differ).
            short = (gap < hours_needed * 60.0) | (gap / 60.0 < hours_needed)
            too_close = ~overlap & different & short
            other = need[:, None] != need[None, :]
            pairs_a, pairs_b = np.nonzero(overlap & other)
            clash[need[pairs_a], need[pairs_b]] = True
            pairs_a, pairs_b = np.nonzero(too_close & other)
            travel[need[pairs_a], need[pairs_b]] = True
        return clash, travel

    def conflicts(self):
        if self._clash is None:
            self._clash, self._travel = self._conflicts()
        return self._clash, self._travel

    def compatible(self) -> np.ndarray:
        """``compatible[i, j]``: needs i and j may be in one job as far as time and place
        go, and no exclusion of two needs separates them. Pairwise is enough: by the
        triangle inequality, if every pair of slots leaves its travel time, consecutive
        ones do, and the other way round."""
        if self._compatible is None:
            clash, travel = self.conflicts()
            compatible = ~(clash | travel)
            np.fill_diagonal(compatible, False)
            for excluded in self.excludes:
                if len(excluded) == 2:
                    a, b = (self.index[need] for need in excluded)
                    compatible[a, b] = compatible[b, a] = False
            self._compatible = compatible
        return self._compatible

    def excluded_needs(self) -> set[str]:
        return {next(iter(excluded)) for excluded in self.excludes if len(excluded) == 1}

    def breaks_an_exclusion(self, needs) -> bool:
        chosen = set(needs)
        return any(len(excluded) > 2 and excluded <= chosen for excluded in self.excludes)

    # -- a job's facts ------------------------------------------------------------------

    def job_minutes(self, needs) -> int:
        return int(sum(self.minutes[self.index[need]] for need in needs))

    def travel_km(self, needs) -> float:
        """The distance travelled in a week: between consecutive slots at different
        sites, day by day."""
        total = 0.0
        for day in range(7):
            slots = sorted(
                (slot.start, self.needs[self.index[need]].site)
                for need in needs
                for slot in self.needs[self.index[need]].slots
                if slot.day == day
            )
            for (_, site_a), (_, site_b) in zip(slots, slots[1:], strict=False):
                if site_a != site_b:
                    total += self.distance_km(site_a, site_b)
        return total

    def common_qualifications(self, needs) -> list[str]:
        skills = {self.needs[self.index[need]].skill for need in needs}
        return sorted(q for q, covered in self.covers.items() if skills <= covered)

    def qualification_for(self, needs) -> str | None:
        """The narrowest qualification that covers every need (fewest job families, then
        by name), or None."""
        common = self.common_qualifications(needs)
        if not common:
            return None
        return min(common, key=lambda q: (len(self.covers[q]), q))

    def is_valid_job(self, needs, qualification=None) -> bool:
        numbers_ = [self.index[need] for need in needs]
        if len(set(numbers_)) != len(numbers_) or not numbers_:
            return False
        compatible = self.compatible()
        for position, a in enumerate(numbers_):
            for b in numbers_[position + 1 :]:
                if not compatible[a, b]:
                    return False
        if self.job_minutes(needs) > self.target_minutes:
            return False
        if self.breaks_an_exclusion(needs):
            return False
        common = self.common_qualifications(needs)
        return bool(common) and (qualification is None or qualification in common)

    # -- why a need stays out -------------------------------------------------------------

    def reasons(self, uncovered, placed) -> dict[str, str]:
        """For each uncovered need, the first of ``REASONS`` that explains it: it was
        excluded; with every need one of its qualifications also covers, it cannot reach
        the minimum hours (``skill``); nor without those whose slots overlap it
        (``clash``); nor without those too far for the time between (``travel``);
        otherwise what it could join is taken or too short (``hours``)."""
        clash, travel = self.conflicts()
        excluded = self.excluded_needs()
        placed = set(placed)
        out = {}
        for need_id in uncovered:
            if need_id in excluded:
                out[need_id] = "excluded"
                continue
            i = self.index[need_id]
            need = self.needs[i]
            quals = self.qualifications_of(need)
            skilled = np.array(
                [
                    j != i
                    and other.id not in excluded
                    and any(other.skill in self.covers[q] for q in quals)
                    for j, other in enumerate(self.needs)
                ],
                dtype=bool,
            )
            own = int(self.minutes[i])

            def reaches(mask, own=own):
                return own + int(self.minutes[mask].sum()) >= self.min_minutes

            if not reaches(skilled):
                out[need_id] = "skill"
            elif not reaches(skilled & ~clash[i]):
                out[need_id] = "clash"
            elif not reaches(skilled & ~clash[i] & ~travel[i]):
                out[need_id] = "travel"
            else:
                out[need_id] = "hours"
        return out


# -- reading -----------------------------------------------------------------------------


def _number(value, what, *, positive=True):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise PlanningInputError(f"{what} must be a number, not {value!r}.")
    if positive and value <= 0:
        raise PlanningInputError(f"{what} must be more than 0, not {value!r}.")
    return float(value)


def _text(value, what):
    if not isinstance(value, str) or not value.strip():
        raise PlanningInputError(f"{what} must be a non-empty text, not {value!r}.")
    return value


def _time(value, what):
    match = _TIME.match(value) if isinstance(value, str) else None
    if not match or (match.group(1) == "24" and match.group(2) != "00"):
        raise PlanningInputError(f'{what} must be a time "HH:MM" (00:00 to 24:00), not {value!r}.')
    return int(match.group(1)) * 60 + int(match.group(2))


def _list(data, key, what):
    value = data.get(key, [])
    if not isinstance(value, list):
        raise PlanningInputError(f'{what}: "{key}" must be a list.')
    return value


def _slots(raw, need_id):
    if not isinstance(raw, list) or not raw:
        raise PlanningInputError(f"Need {need_id!r}: give its weekly slots (a non-empty list).")
    slots = []
    for position, slot in enumerate(raw, start=1):
        what = f"Need {need_id!r}, slot {position}"
        if not isinstance(slot, dict):
            raise PlanningInputError(f"{what}: must be an object with day, start and end.")
        day = slot.get("day")
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise PlanningInputError(f"{what}: day must be 0 (Monday) to 6 (Sunday), not {day!r}.")
        start = _time(slot.get("start"), f"{what}: start")
        end = _time(slot.get("end"), f"{what}: end")
        if end <= start:
            raise PlanningInputError(f"{what}: it ends ({slot['end']}) before it starts.")
        slots.append(Slot(day, start, end))
    slots.sort(key=lambda s: (s.day, s.start))
    for before, after in zip(slots, slots[1:], strict=False):
        if before.day == after.day and after.start < before.end:
            raise PlanningInputError(
                f"Need {need_id!r}: two of its slots overlap on day {before.day} "
                f"({_clock(before.start)}–{_clock(before.end)} and "
                f"{_clock(after.start)}–{_clock(after.end)})."
            )
    return tuple(slots)


def _clock(minutes):
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def read_pool_problem(data) -> PoolProblem:
    """Check a problem in the command line's JSON shape and return it; raise
    ``PlanningInputError`` with a message that says what is wrong and where."""
    if not isinstance(data, dict):
        raise PlanningInputError("The problem must be a JSON object.")
    for key in ("target_hours", "min_hours", "speed_kmh", "sites", "covers", "needs"):
        if key not in data:
            raise PlanningInputError(f'The problem has no "{key}".')
    target_hours = _number(data["target_hours"], "target_hours")
    min_hours = _number(data["min_hours"], "min_hours", positive=False)
    if min_hours < 0:
        raise PlanningInputError("min_hours cannot be negative.")
    if min_hours > target_hours:
        raise PlanningInputError(
            f"min_hours ({min_hours:g}) cannot be more than target_hours ({target_hours:g})."
        )
    if target_hours > 168:
        raise PlanningInputError("target_hours cannot be more than the 168 hours of a week.")
    speed = _number(data["speed_kmh"], "speed_kmh")
    # Whole minutes, rounded towards the inside of the allowed range.
    target_minutes = math.floor(target_hours * 60 + 1e-9)
    min_minutes = math.ceil(min_hours * 60 - 1e-9)

    sites = {}
    for site in _list(data, "sites", "The problem"):
        if not isinstance(site, dict):
            raise PlanningInputError("Each site must be an object with id, x_km and y_km.")
        site_id = _text(site.get("id"), "A site's id")
        if site_id in sites:
            raise PlanningInputError(f"Site {site_id!r} is given twice.")
        sites[site_id] = (
            _number(site.get("x_km"), f"Site {site_id!r}: x_km", positive=False),
            _number(site.get("y_km"), f"Site {site_id!r}: y_km", positive=False),
        )

    if not isinstance(data["covers"], dict):
        raise PlanningInputError('"covers" must be an object: qualification → job families.')
    covers = {}
    for qualification, skills in data["covers"].items():
        if not isinstance(skills, list) or not all(isinstance(s, str) for s in skills):
            raise PlanningInputError(
                f"Qualification {qualification!r}: give the job families it covers as a list "
                "of texts."
            )
        covers[qualification] = frozenset(skills)
    known_skills = set().union(*covers.values()) if covers else set()

    needs = []
    seen = set()
    raw_needs = _list(data, "needs", "The problem")
    if not raw_needs:
        raise PlanningInputError("The problem has no needs: there is nothing to pool.")
    if len(raw_needs) > MAX_NEEDS:
        raise PlanningInputError(f"The problem has more than {MAX_NEEDS} needs.")
    for raw in raw_needs:
        if not isinstance(raw, dict):
            raise PlanningInputError("Each need must be an object.")
        need_id = _text(raw.get("id"), "A need's id")
        if need_id in seen:
            raise PlanningInputError(f"Need {need_id!r} is given twice.")
        seen.add(need_id)
        site = _text(raw.get("site"), f"Need {need_id!r}: site")
        if site not in sites:
            raise PlanningInputError(f"Need {need_id!r}: unknown site {site!r}.")
        skill = _text(raw.get("skill"), f"Need {need_id!r}: skill")
        if skill not in known_skills:
            raise PlanningInputError(
                f'Need {need_id!r}: unknown skill {skill!r} (no qualification in "covers" '
                "covers it)."
            )
        employer = raw.get("employer", "")
        if not isinstance(employer, str):
            raise PlanningInputError(f"Need {need_id!r}: employer must be a text.")
        need = PoolNeed(need_id, employer, site, skill, _slots(raw.get("slots"), need_id))
        if need.minutes > target_minutes:
            raise PlanningInputError(
                f"Need {need_id!r} lasts {need.minutes / 60:g} h a week, more than the full "
                f"time ({target_hours:g} h): split it into needs one person can hold."
            )
        needs.append(need)

    problem = PoolProblem(target_minutes, min_minutes, speed, sites, covers, needs)
    problem.excludes = _excludes(data, problem)
    problem.locks = _locks(data, problem)
    return problem


def _known(problem, ids, what):
    if not isinstance(ids, list) or not all(isinstance(need, str) for need in ids):
        raise PlanningInputError(f"{what}: give a list of need ids.")
    for need in ids:
        if need not in problem.index:
            raise PlanningInputError(f"{what}: unknown need {need!r}.")
    if len(set(ids)) != len(ids):
        raise PlanningInputError(f"{what}: a need is given twice.")
    return ids


def _excludes(data, problem):
    excludes = []
    for position, ids in enumerate(_list(data, "excludes", "The problem"), start=1):
        ids = _known(problem, ids, f"Exclusion {position}")
        if not ids:
            raise PlanningInputError(f"Exclusion {position} names no need.")
        excludes.append(frozenset(ids))
    return excludes


def _locks(data, problem):
    locks, taken = [], set()
    excluded = problem.excluded_needs()
    for position, raw in enumerate(_list(data, "locks", "The problem"), start=1):
        what = f"Kept job {position}"
        if not isinstance(raw, dict):
            raise PlanningInputError(f"{what}: must be an object with needs and qualification.")
        ids = tuple(_known(problem, raw.get("needs", []), what))
        qualification = raw.get("qualification")
        if qualification not in problem.covers:
            raise PlanningInputError(f"{what}: unknown qualification {qualification!r}.")
        open_ = bool(raw.get("open", False))
        if not ids and not open_:
            raise PlanningInputError(f"{what} has no needs.")
        if taken & set(ids):
            raise PlanningInputError(f"{what}: a need is already in another kept job.")
        if excluded & set(ids):
            raise PlanningInputError(f"{what}: it holds a need that is excluded.")
        if ids and not problem.is_valid_job(ids, qualification):
            raise PlanningInputError(
                f"{what} is not a valid job (qualification, overlapping slots, travel time, "
                "hours or an exclusion)."
            )
        taken |= set(ids)
        locks.append(Lock(ids, qualification, open_))
    return locks


# -- the baseline ------------------------------------------------------------------------


def first_fit_decreasing(problem: PoolProblem) -> list[list[int]]:
    """The spreadsheet way: needs by hours, longest first; each goes into the first job
    where it fits (still valid with it), else starts a new job. Jobs as lists of need
    numbers, in the order they were opened; locks are not taken into account."""
    compatible = problem.compatible()
    excluded = problem.excluded_needs()
    masks = _qualification_masks(problem)
    order = sorted(
        (i for i, need in enumerate(problem.needs) if need.id not in excluded and masks[i]),
        key=lambda i: (-problem.minutes[i], i),
    )
    jobs: list[list[int]] = []
    job_minutes: list[int] = []
    job_masks: list[int] = []
    for i in order:
        for position, job in enumerate(jobs):
            if (
                job_minutes[position] + problem.minutes[i] <= problem.target_minutes
                and job_masks[position] & masks[i]
                and all(compatible[i, j] for j in job)
                and not problem.breaks_an_exclusion([problem.needs[n].id for n in (*job, i)])
            ):
                job.append(i)
                job_minutes[position] += int(problem.minutes[i])
                job_masks[position] &= masks[i]
                break
        else:
            jobs.append([i])
            job_minutes.append(int(problem.minutes[i]))
            job_masks.append(masks[i])
    return jobs


def _qualification_masks(problem):
    """Per need, a bit mask of the qualifications that cover its skill."""
    qualifications = sorted(problem.covers)
    return [
        sum(1 << q for q, name in enumerate(qualifications) if need.skill in problem.covers[name])
        for need in problem.needs
    ]


def placed_minutes(problem: PoolProblem, jobs) -> int:
    """The first objective: minutes in jobs of at least the minimum hours."""
    total = 0
    for job in jobs:
        minutes = int(sum(problem.minutes[i] for i in job))
        if minutes >= problem.min_minutes:
            total += minutes
    return total
