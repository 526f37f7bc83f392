"""Benchmark of the job café's rotations planner (``python -m maillage.planning
meetings``), beside a greedy round-by-round baseline run on the same problems.

Run from the repository root:
    .venv/bin/python bench/bench_planning.py [--repeat 3]

For each size of the issue (300 seekers × 40 recruiters × 8 rounds within 2 s; 2,000 ×
150 × 10 within 10 s) and a dense case (every seeker wishes every recruiter), a problem is
generated (``maillage.planning.examples.random_problem``, fixed seeds), written to a JSON
file and planned by the command line in a fresh process, ``--repeat`` times: the time
printed is the whole command's wall-clock time (Python's start, SciPy's import, reading
the file, planning, printing), the figure a user of the command waits for; ``elapsed_s``
(planning only) is printed beside it.

The baseline is what a person does by hand: round after round, seat the heaviest free
wishes first (``greedy_round_by_round``). It is fast and not optimal; the table prints
the totals side by side and their ratio. Each schedule is checked against the contract's
constraints (tests/planning/checks.py), and on the first size its total against the
linear-programming bound of the full model (one variable per seeker, recruiter and
round), which no schedule can exceed.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from maillage.planning.examples import random_problem  # noqa: E402
from maillage.planning.meetings import greedy_round_by_round, read_problem  # noqa: E402
from tests.planning.checks import lp_bound, violations  # noqa: E402

CASES = [
    # name, seekers, recruiters, rounds, seats, wishes, limit in seconds
    ("300 × 40 × 8", 300, 40, 8, 2, (3, 12), 2.0),
    ("2,000 × 150 × 10", 2000, 150, 10, 3, (5, 20), 10.0),
    ("2,000 × 150 × 10, every wish", 2000, 150, 10, 3, (150, 150), 10.0),
]


def run_command(path):
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "maillage.planning", "meetings", path],
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - start, json.loads(done.stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for index, (name, seekers, recruiters, rounds, seats, wishes, limit) in enumerate(CASES):
            problem = random_problem(seekers, recruiters, rounds, seats, wishes=wishes, seed=19)
            path = os.path.join(folder, f"case{index}.json")
            with open(path, "w", encoding="utf-8") as file:
                json.dump(problem, file)
            walls, output = [], None
            for _ in range(args.repeat):
                wall, output = run_command(path)
                walls.append(wall)
            broken = violations(problem, output)
            start = time.perf_counter()
            greedy = greedy_round_by_round(**read_problem(problem))
            greedy_s = time.perf_counter() - start
            bound = lp_bound(problem) if index == 0 else None
            rows.append((name, limit, walls, output, greedy, greedy_s, bound, broken))

    print("Rotations planner (python -m maillage.planning meetings) beside a greedy")
    print("round-by-round baseline, on the same generated problems.")
    print()
    print(
        "| problem | command, median of runs | planning only | limit | total (optimal) "
        "| greedy total | optimal / greedy | greedy time | constraints |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, limit, walls, output, greedy, greedy_s, _bound, broken in rows:
        wall = statistics.median(walls)
        verdict = "kept" if not broken else f"BROKEN: {broken[:3]}"
        print(
            f"| {name} | {wall:.2f} s ({wall / limit:.2f} × the limit) | "
            f"{output['elapsed_s']:.2f} s | {limit:.0f} s | {output['total']} | {greedy} | "
            f"×{output['total'] / greedy:.3f} | {greedy_s:.2f} s | {verdict} |"
        )
    print()
    name, _limit, _walls, output, *_rest, bound, _broken = rows[0]
    print(
        f"{name}: total {output['total']}, linear-programming bound of the full model "
        f"{bound:.1f}: {'the optimum is proven' if abs(bound - output['total']) < 1e-6 else 'GAP'}."
    )
    if any(broken for *_rest, broken in rows) or any(
        statistics.median(walls) > limit for _n, limit, walls, *_rest in rows
    ):
        sys.exit(1)


if __name__ == "__main__":
    main()
