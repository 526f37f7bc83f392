"""Independent checks of a job-café schedule, shared by the planner's tests and the
benchmark's self-check: the constraints of the command line's contract, and the
optimum of the linear programme over every (seeker, recruiter, round), which the
planner never builds (it solves a smaller, aggregated model)."""

from collections import Counter

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import coo_matrix


def violations(problem, output):
    """Every broken constraint of the contract, in words (an empty list: none)."""
    rotations, seats = problem["rotations"], problem["seats"]
    tables = {r["id"]: r.get("tables", 1) for r in problem["recruiters"]}
    wishes = {s["id"]: s["wishes"] for s in problem["seekers"]}
    found = []
    seen_pairs = Counter()
    seen_rounds = Counter()
    total = 0
    for entry in output["schedule"]:
        rotation, recruiter, seekers = entry["rotation"], entry["recruiter"], entry["seekers"]
        if not 0 <= rotation < rotations:
            found.append(f"round {rotation} out of range")
        if len(seekers) > seats * tables[recruiter]:
            found.append(f"{recruiter} receives {len(seekers)} seekers in round {rotation}")
        for seeker in seekers:
            if recruiter not in wishes[seeker]:
                found.append(f"{seeker} meets {recruiter} without wishing it")
                continue
            seen_pairs[seeker, recruiter] += 1
            seen_rounds[seeker, rotation] += 1
            total += wishes[seeker][recruiter]
    found += [f"{pair} meet {n} times" for pair, n in seen_pairs.items() if n > 1]
    found += [f"{key} at {n} tables" for key, n in seen_rounds.items() if n > 1]
    if total != output["total"]:
        found.append(f"total {output['total']} but the meetings weigh {total}")
    return found


def time_indexed_model(problem):
    """The problem written out in full: one variable per (seeker, wished recruiter,
    round); returns (weights, matrix, limits)."""
    rotations, seats = problem["rotations"], problem["seats"]
    recruiters = {r["id"]: i for i, r in enumerate(problem["recruiters"])}
    capacity = [seats * r.get("tables", 1) for r in problem["recruiters"]]
    seekers = problem["seekers"]
    rows, columns, weights = [], [], []
    # Rows: (seeker, round) ≤ 1; (recruiter, round) ≤ capacity; (seeker, recruiter) ≤ 1.
    seeker_round = len(seekers) * rotations
    recruiter_round = len(recruiters) * rotations
    limits = [1.0] * seeker_round + [
        float(capacity[j]) for j in range(len(recruiters)) for _ in range(rotations)
    ]
    pair_row = seeker_round + recruiter_round
    column = 0
    for i, seeker in enumerate(seekers):
        for rid, weight in seeker["wishes"].items():
            j = recruiters[rid]
            for t in range(rotations):
                rows += [i * rotations + t, seeker_round + j * rotations + t, pair_row]
                columns += [column] * 3
                weights.append(weight)
                column += 1
            pair_row += 1
            limits.append(1.0)
    matrix = coo_matrix((np.ones(len(rows)), (rows, columns)), shape=(pair_row, column)).tocsr()
    return np.asarray(weights, dtype=float), matrix, np.asarray(limits)


def lp_bound(problem):
    """The optimum of the full model's linear relaxation: no schedule weighs more."""
    weights, matrix, limits = time_indexed_model(problem)
    if not len(weights):
        return 0.0
    result = linprog(-weights, A_ub=matrix, b_ub=limits, bounds=(0, 1), method="highs")
    assert result.status == 0, result.message
    return -result.fun


def integer_optimum(problem):
    """The full model solved as an integer programme (branch and bound): small cases."""
    weights, matrix, limits = time_indexed_model(problem)
    if not len(weights):
        return 0
    result = milp(
        -weights,
        constraints=LinearConstraint(matrix, -np.inf, limits),
        integrality=np.ones(len(weights)),
        bounds=Bounds(0, 1),
    )
    assert result.status == 0, result.message
    return round(-result.fun)
