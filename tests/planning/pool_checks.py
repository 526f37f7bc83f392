"""Independent checks of a pooling answer, shared by the planner's tests and the
benchmark: the rules of the command line's contract, recomputed from the raw JSON problem
in hours (the planner works in minutes, with its own code), and the exact optimum of
small problems by exhaustive search."""

import math
from itertools import combinations


def _hours(clock):
    hours, minutes = clock.split(":")
    return int(hours) + int(minutes) / 60


def job_violations(problem, needs, qualification):
    """What makes ``needs`` under ``qualification`` an invalid job, in words."""
    found = []
    by_id = {need["id"]: need for need in problem["needs"]}
    sites = {site["id"]: (site["x_km"], site["y_km"]) for site in problem["sites"]}
    covered = set(problem["covers"].get(qualification, ()))
    for need in needs:
        if by_id[need]["skill"] not in covered:
            found.append(f"{qualification} does not cover {need}'s {by_id[need]['skill']}")
    hours = sum(
        _hours(slot["end"]) - _hours(slot["start"])
        for need in needs
        for slot in by_id[need]["slots"]
    )
    if hours > problem["target_hours"] + 1e-9:
        found.append(f"{hours:g} h is more than the full time")
    for day in range(7):
        slots = sorted(
            (_hours(slot["start"]), _hours(slot["end"]), by_id[need]["site"], need)
            for need in needs
            for slot in by_id[need]["slots"]
            if slot["day"] == day
        )
        for (_, end_a, site_a, need_a), (start_b, _, site_b, need_b) in zip(
            slots, slots[1:], strict=False
        ):
            if start_b < end_a:
                found.append(f"{need_a} and {need_b} overlap on day {day}")
            elif site_a != site_b:
                distance = math.dist(sites[site_a], sites[site_b])
                if start_b - end_a < distance / problem["speed_kmh"]:
                    found.append(f"no time to travel from {need_a} to {need_b} on day {day}")
    return found


def job_hours(problem, needs):
    by_id = {need["id"]: need for need in problem["needs"]}
    return sum(
        _hours(slot["end"]) - _hours(slot["start"])
        for need in needs
        for slot in by_id[need]["slots"]
    )


def pool_violations(problem, output, *, at_least_min=True):
    """Every broken rule of the contract in ``output`` (an empty list: none)."""
    found = []
    if set(output) != {"jobs", "uncovered", "bound", "elapsed_s"}:
        found.append(f"keys {sorted(output)}")
    ids = [need["id"] for need in problem["needs"]]
    placed = [need for job in output["jobs"] for need in job["needs"]]
    if len(placed) != len(set(placed)):
        found.append("a need is in two jobs")
    if set(placed) - set(ids):
        found.append(f"unknown needs {sorted(set(placed) - set(ids))}")
    if sorted(set(ids) - set(placed)) != sorted(output["uncovered"]):
        found.append("uncovered is not every need left out")
    for job in output["jobs"]:
        found += job_violations(problem, job["needs"], job["qualification"])
        hours = job_hours(problem, job["needs"])
        if abs(hours - job["hours"]) > 1e-6:
            found.append(f"a job says {job['hours']} h, its needs make {hours} h")
        if at_least_min and hours < problem["min_hours"] - 1e-9:
            found.append(f"a job of {hours} h is below the minimum")
    value = placed_hours(problem, output)
    if output["bound"] is not None and output["bound"] < value - 1e-6:
        found.append(f"the bound {output['bound']} is below the hours placed {value}")
    return found


def placed_hours(problem, output):
    """The first objective: hours in jobs of at least the minimum."""
    total = 0.0
    for job in output["jobs"]:
        hours = job_hours(problem, job["needs"])
        if hours >= problem["min_hours"] - 1e-9:
            total += hours
    return total


def exhaustive_optimum(problem, excludes=()):
    """The most hours that jobs of at least the minimum can hold, by listing every valid
    job and every set of disjoint ones (for a dozen needs at most)."""
    ids = [need["id"] for need in problem["needs"]]
    assert len(ids) <= 12
    valid = []
    for size in range(1, len(ids) + 1):
        for needs in combinations(ids, size):
            hours = job_hours(problem, needs)
            if hours < problem["min_hours"] - 1e-9 or hours > problem["target_hours"] + 1e-9:
                continue
            if any(set(excluded) <= set(needs) for excluded in excludes):
                continue
            if any(not job_violations(problem, needs, q) for q in problem["covers"]):
                valid.append((frozenset(needs), hours))

    best = 0.0

    def pack(start, used, total):
        nonlocal best
        best = max(best, total)
        for position in range(start, len(valid)):
            needs, hours = valid[position]
            if not needs & used:
                pack(position + 1, used | needs, total + hours)

    pack(0, frozenset(), 0.0)
    return best
