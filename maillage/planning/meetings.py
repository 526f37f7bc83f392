"""The rotations of a job café: who meets whom, in which round, at which table.

The problem. ``rotations`` rounds; each recruiter has ``tables`` tables of ``seats``
seats; each seeker wishes to meet some recruiters, with a weight from 1 to 3. Choose
meetings so that a seeker is at one table per round at most, a recruiter receives at
most ``seats × tables`` seekers per round, a pair meets at most once and only if the
seeker wished it, and the sum of the weights of the pairs that meet is the largest.

The exact solution, in two steps, both polynomial:

1. **Which pairs meet.** Over all rounds a seeker can meet at most ``rotations``
   recruiters and a recruiter at most ``rotations × seats × tables`` seekers. Choosing
   the pairs is then a maximum-weight b-matching in a bipartite graph. Its constraint
   matrix (one row per seeker, one per recruiter, one column per wished pair) is an
   incidence matrix of a bipartite graph, hence totally unimodular: the linear
   programme's optimal vertex is whole, and its optimum is the proven optimum. HiGHS's
   dual simplex (through SciPy) returns such a vertex; should it ever return a
   fractional point, the same model is solved again as an integer programme.
2. **When and where they meet.** Split each recruiter into its ``seats × tables``
   seats and deal its chosen seekers round-robin to the seats: each seat then has at
   most ``rotations`` seekers, as each seeker has at most ``rotations`` recruiters. By
   König's edge-colouring theorem the seeker–seat graph is coloured with ``rotations``
   colours (see ``colouring.py``); a colour is a round. No seeker is twice in a round,
   no seat holds two seekers in a round, so no table exceeds ``seats``.

The weight of a schedule depends only on step 1, so the schedule is optimal.
"""

from __future__ import annotations

import numbers
import time
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import coo_matrix

from .colouring import colour_edges
from .errors import PlanningInputError

MIN_WEIGHT, MAX_WEIGHT = 1, 3


@dataclass(frozen=True)
class Meeting:
    rotation: int
    recruiter: str
    table: int  # 0-based, within the recruiter's tables
    seeker: str
    weight: int


@dataclass
class MeetingPlan:
    meetings: list[Meeting] = field(default_factory=list)
    total: int = 0
    # The optimum of the linear relaxation: equal to ``total`` (it is the proof).
    bound: float = 0.0
    elapsed_s: float = 0.0

    def schedule(self) -> list[dict]:
        """The plan in the command line's shape: one entry per round and recruiter."""
        tables: dict[tuple[int, str], list[str]] = {}
        for meeting in self.meetings:
            tables.setdefault((meeting.rotation, meeting.recruiter), []).append(meeting.seeker)
        return [
            {"rotation": rotation, "recruiter": recruiter, "seekers": sorted(seekers)}
            for (rotation, recruiter), seekers in sorted(tables.items())
        ]

    def to_dict(self) -> dict:
        return {
            "schedule": self.schedule(),
            "total": self.total,
            "elapsed_s": round(self.elapsed_s, 4),
        }


def _whole(value, what, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise PlanningInputError(f"{what} must be a whole number, not {value!r}.")
    if value < minimum:
        raise PlanningInputError(f"{what} must be at least {minimum}, not {value}.")
    return int(value)


def _identifier(value, what):
    if not isinstance(value, str) or not value:
        raise PlanningInputError(f"{what} must be a non-empty string, not {value!r}.")
    return value


def read_problem(data) -> dict:
    """Check the command line's JSON object and return it in plain Python shapes:
    ``rotations``, ``seats``, ``recruiters`` {id: tables} (in input order), and
    ``seekers`` {id: {recruiter id: weight}} (in input order)."""
    if not isinstance(data, dict):
        raise PlanningInputError("Expected a JSON object.")
    for key in ("rotations", "seats", "recruiters", "seekers"):
        if key not in data:
            raise PlanningInputError(f"The key {key!r} is missing.")
    rotations = _whole(data["rotations"], "rotations", 1)
    seats = _whole(data["seats"], "seats", 1)
    if not isinstance(data["recruiters"], list) or not isinstance(data["seekers"], list):
        raise PlanningInputError("'recruiters' and 'seekers' must be lists.")
    recruiters: dict[str, int] = {}
    for number, recruiter in enumerate(data["recruiters"]):
        if not isinstance(recruiter, dict):
            raise PlanningInputError(f"recruiters[{number}] must be an object.")
        rid = _identifier(recruiter.get("id"), f"recruiters[{number}].id")
        if rid in recruiters:
            raise PlanningInputError(f"The recruiter {rid!r} is given twice.")
        recruiters[rid] = _whole(recruiter.get("tables", 1), f"recruiter {rid!r}: tables", 0)
    seekers: dict[str, dict[str, int]] = {}
    for number, seeker in enumerate(data["seekers"]):
        if not isinstance(seeker, dict):
            raise PlanningInputError(f"seekers[{number}] must be an object.")
        sid = _identifier(seeker.get("id"), f"seekers[{number}].id")
        if sid in seekers:
            raise PlanningInputError(f"The seeker {sid!r} is given twice.")
        wishes = seeker.get("wishes", {})
        if not isinstance(wishes, dict):
            raise PlanningInputError(f"seeker {sid!r}: 'wishes' must be an object.")
        cleaned = {}
        for rid, weight in wishes.items():
            if rid not in recruiters:
                raise PlanningInputError(f"seeker {sid!r} wishes an unknown recruiter {rid!r}.")
            weight = _whole(weight, f"seeker {sid!r}: the weight of {rid!r}", MIN_WEIGHT)
            if weight > MAX_WEIGHT:
                raise PlanningInputError(
                    f"seeker {sid!r}: the weight of {rid!r} must be from 1 to 3, not {weight}."
                )
            cleaned[rid] = weight
        seekers[sid] = cleaned
    return {"rotations": rotations, "seats": seats, "recruiters": recruiters, "seekers": seekers}


def _choose_pairs(weights, seeker_of, recruiter_of, seeker_cap, recruiter_cap):
    """The chosen pairs (a boolean per pair) of a maximum-weight b-matching, and the
    linear relaxation's optimum."""
    pairs = len(weights)
    columns = np.arange(pairs)
    ones = np.ones(pairs)
    matrix = coo_matrix(
        (
            np.concatenate([ones, ones]),
            (np.concatenate([seeker_of, len(seeker_cap) + recruiter_of]), np.tile(columns, 2)),
        ),
        shape=(len(seeker_cap) + len(recruiter_cap), pairs),
    ).tocsr()
    limits = np.concatenate([seeker_cap, recruiter_cap]).astype(float)
    result = linprog(-weights, A_ub=matrix, b_ub=limits, bounds=(0, 1), method="highs-ds")
    if result.status != 0:  # pragma: no cover - a bounded, feasible programme
        raise PlanningInputError(f"The planner could not solve this problem: {result.message}")
    bound = float(-result.fun)
    chosen = np.rint(result.x)
    if np.abs(result.x - chosen).max(initial=0.0) > 1e-6:  # pragma: no cover - see the docstring
        exact = milp(
            -weights,
            constraints=LinearConstraint(matrix, -np.inf, limits),
            integrality=np.ones(pairs),
            bounds=Bounds(0, 1),
        )
        chosen = np.rint(exact.x)
    return chosen > 0.5, bound


def plan_meetings(
    rotations: int,
    seats: int,
    recruiters: dict[str, int],
    seekers: dict[str, dict[str, int]],
    *,
    met: set[tuple[str, str]] | frozenset = frozenset(),
) -> MeetingPlan:
    """The optimal schedule (see the module's docstring).

    ``recruiters``: {id: number of tables}; ``seekers``: {id: {recruiter id: weight}}.
    ``met``: pairs (seeker, recruiter) that already met (for a re-plan of the rounds
    that are left); they do not meet again. Rounds are numbered from 0.
    """
    start = time.perf_counter()
    seeker_ids = list(seekers)
    recruiter_ids = list(recruiters)
    recruiter_index = {rid: number for number, rid in enumerate(recruiter_ids)}
    capacity = [seats * recruiters[rid] for rid in recruiter_ids]
    seeker_of, recruiter_of, weights = [], [], []
    for number, sid in enumerate(seeker_ids):
        for rid, weight in seekers[sid].items():
            j = recruiter_index[rid]
            if capacity[j] and (sid, rid) not in met:
                seeker_of.append(number)
                recruiter_of.append(j)
                weights.append(weight)
    plan = MeetingPlan()
    if weights:
        weights = np.asarray(weights, dtype=float)
        seeker_of = np.asarray(seeker_of)
        recruiter_of = np.asarray(recruiter_of)
        chosen, plan.bound = _choose_pairs(
            weights,
            seeker_of,
            recruiter_of,
            np.full(len(seeker_ids), rotations),
            np.asarray(capacity) * rotations,
        )
        plan.meetings = _place(
            rotations,
            seats,
            recruiter_ids,
            seeker_ids,
            capacity,
            [
                (int(s), int(j), int(w))
                for s, j, w in zip(
                    seeker_of[chosen], recruiter_of[chosen], weights[chosen], strict=True
                )
            ],
        )
        plan.total = sum(meeting.weight for meeting in plan.meetings)
    plan.elapsed_s = time.perf_counter() - start
    return plan


def _place(rotations, seats, recruiter_ids, seeker_ids, capacity, pairs):
    """Rounds and tables for the chosen pairs (step 2 of the module's docstring)."""
    first_seat = np.concatenate([[0], np.cumsum(capacity)])
    dealt = [0] * len(capacity)
    edges = []
    for seeker, recruiter, _weight in pairs:
        edges.append((seeker, int(first_seat[recruiter]) + dealt[recruiter] % capacity[recruiter]))
        dealt[recruiter] += 1
    colours = colour_edges(edges, rotations)
    meetings = []
    for (seeker, recruiter, weight), (_s, seat), rotation in zip(
        pairs, edges, colours, strict=True
    ):
        meetings.append(
            Meeting(
                rotation=rotation,
                recruiter=recruiter_ids[recruiter],
                table=(seat - int(first_seat[recruiter])) // seats,
                seeker=seeker_ids[seeker],
                weight=weight,
            )
        )
    meetings.sort(key=lambda m: (m.rotation, m.recruiter, m.table, m.seeker))
    return meetings


def greedy_round_by_round(rotations, seats, recruiters, seekers):
    """The baseline a person would follow by hand (used by the benchmark): round after
    round, seat the heaviest free wishes first. Not optimal."""
    met = set()
    total = 0
    for _rotation in range(rotations):
        busy = set()
        room = {rid: seats * tables for rid, tables in recruiters.items()}
        wishes = sorted(
            (
                (-weight, sid, rid)
                for sid, wished in seekers.items()
                for rid, weight in wished.items()
                if (sid, rid) not in met
            )
        )
        for negative, sid, rid in wishes:
            if sid not in busy and room[rid] > 0:
                busy.add(sid)
                room[rid] -= 1
                met.add((sid, rid))
                total -= negative
    return total
