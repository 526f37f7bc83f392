"""Generated job-café problems in the command line's JSON shape, for tests and the
benchmark: seekers wish a few recruiters, with a preference for some sectors, the way
people choose at a real café (popular recruiters get more wishes than seats)."""

from __future__ import annotations

import random


def random_problem(
    seekers: int,
    recruiters: int,
    rotations: int,
    seats: int,
    *,
    wishes: tuple[int, int] = (3, 12),
    tables: tuple[int, int] = (1, 2),
    seed: int = 0,
) -> dict:
    """A problem of ``seekers`` × ``recruiters`` × ``rotations``; each seeker wishes
    between ``wishes[0]`` and ``wishes[1]`` recruiters (popular ones more often), with
    weights 1 to 3; each recruiter has ``tables`` tables."""
    rng = random.Random(seed)
    ids = [f"r{number}" for number in range(recruiters)]
    # Popularity: a few recruiters draw many wishes (a Zipf-like spread).
    popularity = [1.0 / (rank + 1) ** 0.7 for rank in range(recruiters)]
    rng.shuffle(popularity)
    problem_recruiters = [{"id": rid, "tables": rng.randint(*tables)} for rid in ids]
    problem_seekers = []
    for number in range(seekers):
        count = min(recruiters, rng.randint(*wishes))
        chosen = set()
        while len(chosen) < count:
            chosen.update(rng.choices(ids, weights=popularity, k=count - len(chosen)))
        problem_seekers.append(
            {"id": f"s{number}", "wishes": {rid: rng.randint(1, 3) for rid in sorted(chosen)}}
        )
    return {
        "rotations": rotations,
        "seats": seats,
        "recruiters": problem_recruiters,
        "seekers": problem_seekers,
    }
