"""Pooling an employer group's part-time needs into jobs (``pool``).

The problem and its rules are in ``pool_problem.py``; docs/planning.md explains the
method and the contract of ``python -m maillage.planning pool``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .pool_columns import ColumnSolver
from .pool_problem import PoolProblem, first_fit_decreasing, placed_minutes


@dataclass(frozen=True)
class PooledJob:
    needs: tuple[str, ...]
    qualification: str
    minutes: int
    travel_km: float
    # The position of the kept job (``problem.locks``) this job is, or None.
    lock: int | None = None

    @property
    def hours(self) -> float:
        return self.minutes / 60


@dataclass
class PoolResult:
    jobs: list[PooledJob] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)
    # A proven upper bound on the hours in jobs of at least the minimum, or None.
    bound: float | None = None
    elapsed_s: float = 0.0

    @property
    def placed_hours(self) -> float:
        return sum(job.minutes for job in self.jobs) / 60

    def to_dict(self) -> dict:
        """The command line's output, exactly."""
        return {
            "jobs": [
                {"needs": list(job.needs), "qualification": job.qualification, "hours": job.hours}
                for job in self.jobs
            ],
            "uncovered": list(self.uncovered),
            "bound": self.bound,
            "elapsed_s": round(self.elapsed_s, 3),
        }


def _as_result(problem: PoolProblem, jobs, locks, started) -> PoolResult:
    """Jobs (lists of need numbers) of at least the minimum, and the locks, as a result."""
    result = PoolResult()
    placed = set()
    for position, lock in enumerate(problem.locks):
        numbers = locks.get(position, [problem.index[need] for need in lock.needs])
        ids = tuple(problem.needs[i].id for i in numbers)
        placed.update(ids)
        result.jobs.append(
            PooledJob(
                ids, lock.qualification, problem.job_minutes(ids), problem.travel_km(ids), position
            )
        )
    for job in jobs:
        ids = tuple(problem.needs[i].id for i in job)
        minutes = problem.job_minutes(ids)
        if minutes < problem.min_minutes:
            continue
        placed.update(ids)
        result.jobs.append(
            PooledJob(ids, problem.qualification_for(ids), minutes, problem.travel_km(ids))
        )
    result.uncovered = [need.id for need in problem.needs if need.id not in placed]
    result.reasons = problem.reasons(result.uncovered, placed)
    result.elapsed_s = time.perf_counter() - started
    return result


def pool(problem: PoolProblem, *, time_limit: float = 30.0, seed: int = 0) -> PoolResult:
    """Propose jobs for ``problem`` within about ``time_limit`` seconds."""
    started = time.perf_counter()
    solver = ColumnSolver(problem, started + max(0.5, time_limit) * 0.85, seed)
    jobs, locks, bound = solver.solve()
    result = _as_result(problem, jobs, locks, started)
    result.bound = None if bound is None else bound / 60
    return result


def baseline_hours(problem: PoolProblem) -> float:
    """The hours in jobs of at least the minimum that first-fit-decreasing reaches."""
    return placed_minutes(problem, first_fit_decreasing(problem)) / 60
