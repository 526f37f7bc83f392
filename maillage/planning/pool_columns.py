"""The pooling optimiser: column generation over valid jobs, then an integer programme.

A job is a *column*: a set of needs that one person can hold (pairwise compatible, one
qualification covering them all, hours within [min, full time]). The best set of jobs is a
set packing over all valid columns — too many to list, so they are generated:

1. **Seed columns** from first-fit-decreasing and randomised best-fit packings.
2. **Column generation.** The linear relaxation of the packing over the columns found so
   far (HiGHS, through SciPy) gives each need a dual price π. A job improves the
   relaxation when its hours exceed the sum of its needs' prices; the *pricing* search
   looks for such jobs, qualification by qualification, with a depth-first search over
   cliques of the compatibility graph (needs as bits of Python integers), pruned by the
   bound "hours still possible ≤ room left in the week". When the search finishes
   without finding one, the relaxation's value is a proven upper bound on the hours that
   any set of jobs can place; when it is cut short, the Lagrangian bound
   (relaxation + number of jobs × best reduced cost still possible) is.
3. **The integer programme** over the columns (HiGHS branch and bound, through SciPy)
   picks disjoint jobs: first the most hours in jobs of at least the minimum, then, with
   those hours held (when the first is proven), the most jobs at full time and the
   least travel.

Kept jobs (locks) are rows that must be covered exactly once: a closed lock by its own
column, an open lock by its needs plus any compatible needs its qualification covers
(no minimum hours: the job exists already).
"""

from __future__ import annotations

import heapq
import math
import random
import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csc_matrix

from .pool_problem import PoolProblem, first_fit_decreasing

EPS = 1e-6
FREE = -1


class _Budget(Exception):
    pass


def bits(mask):
    """The positions of the set bits of ``mask``, lowest first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


class ColumnSolver:
    def __init__(self, problem: PoolProblem, deadline: float, seed: int = 0):
        self.p = problem
        self.deadline = deadline
        self.started = time.perf_counter()
        self.rng = random.Random(seed)
        compatible = problem.compatible()
        self.count = len(problem.needs)
        self.compat = [
            sum(1 << int(j) for j in np.flatnonzero(compatible[i])) for i in range(self.count)
        ]
        self.minutes = [int(m) for m in problem.minutes]
        self.quals = sorted(problem.covers)
        skills = [need.skill for need in problem.needs]
        self.qual_needs = [
            sum(1 << i for i, skill in enumerate(skills) if skill in problem.covers[q])
            for q in self.quals
        ]
        excluded = {problem.index[need] for need in problem.excluded_needs()}
        in_locks = {problem.index[need] for lock in problem.locks for need in lock.needs}
        self.free = sum(1 << i for i in range(self.count) if i not in excluded | in_locks)
        self.big_excludes = [
            sum(1 << problem.index[need] for need in excluded_set)
            for excluded_set in problem.excludes
            if len(excluded_set) > 2
        ]
        self.lock_base = []
        for lock in problem.locks:
            base = sum(1 << problem.index[need] for need in lock.needs)
            self.lock_base.append(base)
        self.columns: list[tuple[int, int, int]] = []  # (mask of free needs, lock, minutes)
        self.settled: set[int] = set()  # locks whose column is chosen (while diving)
        self.integer_bound = None
        self.integer_proven = False
        self.last_nodes = 0
        self.budget = 4000  # nodes of one pricing search; grows when a search is cut short
        self.seen: set[tuple[int, int]] = set()
        for position in range(len(problem.locks)):
            self.add(0, position)  # a lock as it is: always possible

    # -- columns ----------------------------------------------------------------------------

    def mask_minutes(self, mask):
        return sum(self.minutes[i] for i in bits(mask))

    def add(self, mask, lock=FREE) -> bool:
        key = (lock, mask)
        if key in self.seen:
            return False
        if lock == FREE:
            minutes = self.mask_minutes(mask)
            if minutes < self.p.min_minutes or not mask:
                return False
        else:
            minutes = self.mask_minutes(mask | self.lock_base[lock])
        if any(excluded & ~mask == 0 for excluded in self.big_excludes):
            return False
        self.seen.add(key)
        self.columns.append((mask, lock, minutes))
        return True

    def qualifies(self, mask):
        return any(q_mask & mask == mask for q_mask in self.qual_needs)

    def enumerate_all(self, budget=40_000, most=20_000):
        """Every valid job, when there are few enough to list (``budget`` search nodes in
        all, at most ``most`` jobs): then the integer programme is exact. Returns whether
        the list is whole."""
        weights = [float(m) for m in self.minutes]
        found_all = []
        for q_mask in self.qual_needs:
            found, complete, _ = self.search(
                0, 0, 0.0, q_mask & self.free, weights, self.p.min_minutes, most, budget
            )
            budget -= self.last_nodes
            if not complete or len(found) >= most or budget <= 0:
                return False
            found_all += found
        for _, mask in found_all:
            self.add(mask)
        return not any(lock.open for lock in self.p.locks)

    def seed_columns(self, rounds=30):
        """Columns from first-fit-decreasing and from randomised best-fit packings."""
        for job in first_fit_decreasing(self.p):
            mask = sum(1 << i for i in job)
            if mask & ~self.free == 0:
                self.add(mask)
        order = sorted(bits(self.free), key=lambda i: -self.minutes[i])
        for round_ in range(rounds):
            if time.perf_counter() > self.deadline:
                break
            if round_:
                order = sorted(order, key=lambda i: -self.minutes[i] * self.rng.uniform(0.5, 1.5))
            for mask in self.best_fit(order):
                self.add(mask)

    def best_fit(self, order):
        """Needs in ``order``, each into the fullest job it fits (valid with it)."""
        jobs: list[list] = []  # [mask, minutes, compat, qualification mask]
        qual_of = [
            sum(1 << q for q, q_mask in enumerate(self.qual_needs) if q_mask >> i & 1)
            for i in range(self.count)
        ]
        for i in order:
            best = None
            for job in jobs:
                if (
                    job[2] >> i & 1
                    and job[3] & qual_of[i]
                    and job[1] + self.minutes[i] <= self.p.target_minutes
                    and (best is None or job[1] > best[1])
                ):
                    best = job
            if best is None:
                jobs.append([1 << i, self.minutes[i], self.compat[i], qual_of[i]])
            else:
                best[0] |= 1 << i
                best[1] += self.minutes[i]
                best[2] &= self.compat[i]
                best[3] &= qual_of[i]
        return [job[0] for job in jobs]

    # -- the linear relaxation --------------------------------------------------------------

    def active(self):
        """The columns still possible: their needs are free and their lock not settled."""
        return [
            c
            for c, (mask, lock, _) in enumerate(self.columns)
            if mask & ~self.free == 0 and (lock == FREE or lock not in self.settled)
        ]

    def _matrix(self, columns):
        rows = {i: row for row, i in enumerate(bits(self.free))}
        open_locks = [lock for lock in range(len(self.lock_base)) if lock not in self.settled]
        lock_rows = {lock: len(rows) + row for row, lock in enumerate(open_locks)}
        data, row_index, col_index = [], [], []
        for position, column in enumerate(columns):
            mask, lock, _ = self.columns[column]
            for i in bits(mask):
                row_index.append(rows[i])
                col_index.append(position)
                data.append(1.0)
            if lock != FREE:
                row_index.append(lock_rows[lock])
                col_index.append(position)
                data.append(1.0)
        shape = (len(rows) + len(lock_rows), len(columns))
        matrix = csc_matrix((data, (row_index, col_index)), shape=shape)
        return matrix, rows, lock_rows

    def relaxation(self, columns):
        """The linear relaxation over ``columns``: (value, need prices, lock prices, x)."""
        matrix, rows, lock_rows = self._matrix(columns)
        count = len(rows)
        values = np.array([self.columns[c][2] for c in columns], dtype=float)
        if not columns:
            return 0.0, [0.0] * self.count, {}, np.zeros(0)
        a_ub, a_eq = matrix[:count], matrix[count:]
        result = linprog(
            -values,
            A_ub=a_ub if count else None,
            b_ub=np.ones(count) if count else None,
            A_eq=a_eq if a_eq.shape[0] else None,
            b_eq=np.ones(a_eq.shape[0]) if a_eq.shape[0] else None,
            bounds=(0, None),
            # Interior point then crossover: on these degenerate packing relaxations the
            # dual simplex is twenty times slower.
            method="highs-ipm",
        )
        prices = [0.0] * self.count
        if count:
            for i, row in rows.items():
                prices[i] = -float(result.ineqlin.marginals[row])
        lock_prices = {}
        if a_eq.shape[0]:
            for lock, row in lock_rows.items():
                lock_prices[lock] = -float(result.eqlin.marginals[row - count])
        return -float(result.fun), prices, lock_prices, result.x

    # -- pricing ------------------------------------------------------------------------------

    def search(
        self, start_mask, start_minutes, start_weight, cand, weights, need_min, keep, budget
    ):
        """Sets ``start ∪ T`` (T ⊆ ``cand`` a clique) with minutes in [need_min, full time]
        and weight > 0, best first, at most ``keep`` of them. Returns (found, complete,
        upper bound on the weight of any such set)."""
        target = self.p.target_minutes
        minutes, compat = self.minutes, self.compat
        found: list[tuple[float, int]] = []  # a min-heap of (weight, mask)
        state = {"nodes": 0}

        def threshold():
            return found[0][0] if len(found) >= keep else EPS

        def best_fill(options, used):
            """The fractional knapsack over ``options``: reach the minimum, fill the week
            with what is worth it, best ratio first. An upper bound on what the clique
            search below can add."""
            short, room, gain = max(0, need_min - used), target - used, 0.0
            for i in sorted(options, key=lambda i: -weights[i] / minutes[i]):
                if room <= 0 or (short <= 0 and weights[i] <= 0):
                    break
                take = min(minutes[i], room) if weights[i] > 0 else min(minutes[i], room, short)
                gain += weights[i] * take / minutes[i]
                room -= take
                short -= take
            return gain if short <= 0 else None

        def dfs(mask, used, weight, cand):
            state["nodes"] += 1
            if state["nodes"] > budget or (
                state["nodes"] % 512 == 0 and time.perf_counter() > self.deadline
            ):
                raise _Budget
            if used >= need_min and weight > threshold():
                entry = (weight, mask)
                if len(found) < keep:
                    heapq.heappush(found, entry)
                else:
                    heapq.heapreplace(found, entry)
            room = target - used
            options = [i for i in bits(cand) if minutes[i] <= room]
            gain = best_fill(options, used)
            if gain is None or weight + gain <= threshold():
                return
            options.sort(key=lambda i: -weights[i])
            rest = sum(1 << i for i in options)
            for position, i in enumerate(options):
                rest ^= 1 << i
                dfs(mask | 1 << i, used + minutes[i], weight + weights[i], rest & compat[i])
                if position % 4 == 3:
                    gain = best_fill(options[position + 1 :], used)
                    if gain is None or weight + gain <= threshold():
                        break

        root_gain = best_fill(
            [i for i in bits(cand) if minutes[i] <= target - start_minutes], start_minutes
        )
        root_bound = start_weight + (root_gain or 0.0)
        try:
            dfs(start_mask, start_minutes, start_weight, cand)
            complete = True
        except _Budget:
            complete = False
        self.last_nodes = state["nodes"]
        best = max((w for w, _ in found), default=0.0)
        return found, complete, (best if complete else max(best, root_bound))

    def price(self, prices, lock_prices, keep=25, budget=None):
        """Add the columns of positive reduced cost found; return (added, proven,
        Lagrangian excess): ``proven`` when every search finished."""
        budget = budget or self.budget
        weights = [self.minutes[i] - prices[i] for i in range(self.count)]
        added, proven = 0, True
        free_excess = 0.0
        for q_mask in self.qual_needs:
            found, complete, bound = self.search(
                0, 0, 0.0, q_mask & self.free, weights, self.p.min_minutes, keep, budget
            )
            proven &= complete
            free_excess = max(free_excess, bound)
            for _, mask in found:
                added += self.add(mask)
        lock_excess = 0.0
        for position, lock in enumerate(self.p.locks):
            if not lock.open or position in self.settled:
                continue
            base = self.lock_base[position]
            q_mask = self.qual_needs[self.quals.index(lock.qualification)]
            cand = q_mask & self.free
            for i in bits(base):
                cand &= self.compat[i]
            base_minutes = self.mask_minutes(base)
            found, complete, bound = self.search(
                0,
                base_minutes,
                base_minutes - lock_prices[position],
                cand,
                weights,
                0,
                keep,
                budget,
            )
            proven &= complete
            lock_excess += max(0.0, bound)
            for _, mask in found:
                added += self.add(mask, position)
        return added, proven, free_excess, lock_excess

    # -- integer solutions ----------------------------------------------------------------------

    def generate(self, until, rounds=None):
        """Column generation over the needs still free, until the relaxation is proven
        optimal, ``rounds`` are done or ``until``. Returns (value, x over the active
        columns, active columns, proven, Lagrangian bound)."""
        most_jobs = (
            self.mask_minutes(self.free) // self.p.min_minutes
            if self.p.min_minutes
            else bin(self.free).count("1")
        )
        done = 0
        while True:
            columns = self.active()
            value, prices, lock_prices, x = self.relaxation(columns)
            added, proven, free_excess, lock_excess = self.price(prices, lock_prices)
            lagrangian = value + most_jobs * free_excess + lock_excess
            done += 1
            if proven and not added:
                return value, x, columns, True, value
            if not added:
                if self.budget >= 256_000:
                    return value, x, columns, False, lagrangian
                self.budget *= 4
            if time.perf_counter() > until or (rounds and done >= rounds):
                columns_after = self.active()
                if len(columns_after) != len(columns):
                    value, prices, lock_prices, x = self.relaxation(columns_after)
                return value, x, columns_after, False, lagrangian

    def dive(self, until):
        """Fix jobs the relaxation chooses (all those at 1, else the one nearest 1), remove
        their needs, generate columns again, until nothing is left or ``until``. Returns
        the columns chosen; ``self.free`` and ``self.settled`` are restored."""
        free, settled = self.free, set(self.settled)
        chosen = []
        try:
            while time.perf_counter() < until:
                value, x, columns, _, _ = self.generate(until, rounds=2)
                if not columns or value < EPS:
                    break
                # Above one half, columns cannot share a need: fix them all at once.
                order = np.argsort(-x)
                picked = [columns[k] for k in order if x[k] > 0.5 + 1e-9]
                if not picked:
                    picked = [columns[int(order[0])]]
                used = 0
                for column in picked:
                    mask, lock, _ = self.columns[column]
                    if mask & used or (lock != FREE and lock in self.settled):
                        continue
                    used |= mask
                    if lock != FREE:
                        self.settled.add(lock)
                    chosen.append(column)
                self.free &= ~used
            # Out of time: complete with the columns still possible, longest first.
            chosen += self.greedy_choice(self.active())
        finally:
            self.free, self.settled = free, settled
        return chosen

    def value_of(self, chosen):
        return sum(self.columns[c][2] for c in chosen)

    def integer(self, seconds, columns=None):
        """Disjoint columns among ``columns`` (all by default): the most minutes, then the
        most full-time jobs and the least travel with those minutes held. Returns the
        chosen column numbers, or None when none was found in time."""
        columns = list(range(len(self.columns))) if columns is None else columns
        if not columns:
            self.integer_bound = 0.0
            return []
        matrix, rows, lock_rows = self._matrix(columns)
        count = len(rows)
        values = np.array([self.columns[c][2] for c in columns], dtype=float)
        lower = np.concatenate([np.zeros(count), np.ones(len(lock_rows))])
        upper = np.ones(matrix.shape[0])
        constraints = LinearConstraint(matrix, lower, upper)
        integrality = np.ones(len(columns))
        bounds = Bounds(0, 1)
        first_seconds = max(0.2, seconds * 0.7)
        result = milp(
            -values,
            constraints=constraints,
            integrality=integrality,
            bounds=bounds,
            options={"time_limit": first_seconds},
        )
        if result.x is None:
            return None
        chosen = np.round(result.x).astype(bool)
        best = float(values[chosen].sum())
        # Over every column, the branch and bound's dual bound is a bound of the problem.
        dual = getattr(result, "mip_dual_bound", None)
        self.integer_proven = result.status == 0
        self.integer_bound = best if result.status == 0 else (None if dual is None else -dual)
        if result.status != 0:
            # Cut short: the hours are not proven best, and a second programme over as
            # many columns overruns its time limit in HiGHS's root solve.
            return [columns[int(k)] for k in np.flatnonzero(chosen)]
        remaining = max(0.2, seconds - first_seconds)
        full = np.array([self.columns[c][2] == self.p.target_minutes for c in columns], dtype=float)
        travel = np.array([self.travel(*self.columns[c][:2]) for c in columns])
        second = milp(
            -(full * 10_000.0 - travel),
            constraints=[constraints, LinearConstraint(values[None, :], best - 0.5, np.inf)],
            integrality=integrality,
            bounds=bounds,
            options={"time_limit": remaining},
        )
        if second.x is not None:
            candidate = np.round(second.x).astype(bool)
            if values[candidate].sum() >= best - 0.5:
                chosen = candidate
        return [columns[int(k)] for k in np.flatnonzero(chosen)]

    def greedy_choice(self, columns=None):
        """Disjoint columns among ``columns`` (all by default), longest first; every lock
        gets one of its columns."""
        chosen, used, locks = [], 0, set(self.settled)
        columns = range(len(self.columns)) if columns is None else columns
        order = sorted(columns, key=lambda c: -self.columns[c][2])
        for column in order:
            mask, lock, _ = self.columns[column]
            if mask & used or (lock != FREE and lock in locks):
                continue
            if lock != FREE:
                locks.add(lock)
            used |= mask
            chosen.append(column)
        return chosen

    def baseline_choice(self):
        """First-fit-decreasing's jobs of at least the minimum, with the locks as they
        are: the answer is never worse than the spreadsheet way."""
        wanted = set()
        for job in first_fit_decreasing(self.p):
            mask = sum(1 << i for i in job)
            if mask & ~self.free == 0:
                wanted.add((FREE, mask))
        wanted |= {(lock, 0) for lock in range(len(self.lock_base))}
        return [c for c, (mask, lock, _) in enumerate(self.columns) if (lock, mask) in wanted]

    def travel(self, mask, lock):
        numbers = list(bits(mask | (self.lock_base[lock] if lock != FREE else 0)))
        return self.p.travel_km([self.p.needs[i].id for i in numbers])

    # -- the whole ------------------------------------------------------------------------------

    def solve(self):
        """Returns (jobs as lists of need numbers, {lock: need numbers}, bound in minutes or
        None)."""
        now = time.perf_counter()
        span = max(0.3, self.deadline - now)
        early = []
        if self.enumerate_all():
            # Every job is a column: the integer programme alone is exact when it ends.
            early = self.integer(max(0.3, (self.deadline - time.perf_counter()) * 0.5)) or []
            if self.integer_proven:
                return self.answer(early, math.floor(self.integer_bound + 1e-3))
        self.seed_columns()
        _, _, _, proven, bound = self.generate(now + span * 0.3)
        trivial = self.mask_minutes(self.free) + sum(self.mask_minutes(b) for b in self.lock_base)
        bound = min(bound, trivial)
        dived = self.dive(now + span * 0.8)
        chosen = self.integer(max(0.3, self.deadline - time.perf_counter()))
        for candidate in (dived, early, self.greedy_choice(), self.baseline_choice()):
            if chosen is None or self.value_of(candidate) > self.value_of(chosen):
                chosen = candidate
        # The relaxation's value is a real number computed to a tolerance; hours placed
        # are whole minutes: the bound is the whole number below it (plus the tolerance).
        return self.answer(chosen, math.floor(bound * (1 + 1e-9) + 1e-3))

    def answer(self, chosen, bound):
        masks, locks = [], {}
        taken = 0
        for column in chosen:
            mask, lock, _ = self.columns[column]
            taken |= mask
            if lock == FREE:
                masks.append(mask)
            else:
                locks[lock] = list(bits(mask | self.lock_base[lock]))
        jobs = [list(bits(mask)) for mask in self.polish(masks, taken)]
        return jobs, locks, bound

    def fits(self, i, mask):
        """Whether need ``i`` may join the job ``mask`` (which stays valid)."""
        if mask >> i & 1 or self.mask_minutes(mask) + self.minutes[i] > self.p.target_minutes:
            return False
        if any(not self.compat[i] >> j & 1 for j in bits(mask)):
            return False
        joined = mask | 1 << i
        return self.qualifies(joined) and not any(
            excluded & ~joined == 0 for excluded in self.big_excludes
        )

    def polish(self, masks, taken):
        """Local moves on the jobs chosen (not the kept ones): a need left out joins a job
        where it fits (more hours); a need moves to another job when that brings it to
        exactly the full time and leaves its own job empty or at the minimum at least
        (more jobs at full time, the same hours). A part of a valid job is valid."""
        target, low = self.p.target_minutes, self.p.min_minutes
        masks = list(masks)
        for i in sorted(bits(self.free & ~taken), key=lambda i: -self.minutes[i]):
            options = [k for k, mask in enumerate(masks) if self.fits(i, mask)]
            if options:
                after = [self.mask_minutes(masks[k]) + self.minutes[i] for k in options]
                best = max(range(len(options)), key=lambda n: (after[n] == target, after[n]))
                masks[options[best]] |= 1 << i
        for _ in range(len(masks)):
            # A little past the deadline at most (the planner stops at 85 % of the limit).
            if time.perf_counter() > self.deadline + (self.deadline - self.started) * 0.1:
                break
            if not self._move_to_full_time(masks, target, low):
                break
        return [mask for mask in masks if mask]

    def _move_to_full_time(self, masks, target, low):
        minutes = [self.mask_minutes(mask) for mask in masks]
        for a, mask_a in enumerate(masks):
            gap = target - minutes[a]
            if gap <= 0 or not mask_a:
                continue
            for b, mask_b in enumerate(masks):
                if b == a or minutes[b] == target:
                    continue
                for i in bits(mask_b):
                    rest = mask_b & ~(1 << i)
                    if self.minutes[i] != gap or (rest and minutes[b] - gap < low):
                        continue
                    if self.fits(i, mask_a):
                        masks[a] |= 1 << i
                        masks[b] = rest
                        return True
        return False
