"""Benchmark of the employer group's pooling planner (``python -m maillage.planning
pool``), beside the first-fit-decreasing baseline run on the same problems.

Run from the repository root:
    .venv/bin/python bench/bench_pooling.py [--seeds 3]

For each size of the issue (60 employers / 150 needs within 30 s, 150 employers / 400
needs within 60 s, over 10 communes of a 15 km square) and ``--seeds`` generated problems
(``maillage.planning.examples.random_pool_problem``, fixed seeds), the command is run in
a fresh process with ``--time-limit``; its wall-clock time is printed beside the limit.
The baseline is the spreadsheet way (``first_fit_decreasing``: needs by hours, each into
the first job where it fits, else a new job). The table prints, side by side, the hours
in jobs of at least the minimum of both, their ratio (the issue asks for at least 1.15),
the proven upper bound the planner reports, and how close to it the answer is. Every
answer is checked by the independent checker (tests/planning/pool_checks.py); the run
fails on a broken rule, a time over the limit or a ratio below 1.15.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from maillage.planning.examples import random_pool_problem  # noqa: E402
from maillage.planning.pool_problem import read_pool_problem  # noqa: E402
from maillage.planning.pooling import baseline_hours  # noqa: E402
from tests.planning.pool_checks import placed_hours, pool_violations  # noqa: E402

CASES = [
    # name, employers, needs, time limit in seconds
    ("60 employers / 150 needs", 60, 150, 30.0),
    ("150 employers / 400 needs", 150, 400, 60.0),
]
TARGET_RATIO = 1.15


def run_command(path, limit):
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "maillage.planning", "pool", path, "--time-limit", str(limit)],
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - start, json.loads(done.stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name, employers, needs, limit in CASES:
            for seed in range(1, args.seeds + 1):
                problem = random_pool_problem(employers, needs, seed=seed)
                path = os.path.join(folder, f"{employers}-{seed}.json")
                with open(path, "w", encoding="utf-8") as file:
                    json.dump(problem, file)
                wall, output = run_command(path, limit)
                total = (
                    sum(
                        (int(s["end"][:2]) * 60 + int(s["end"][3:]))
                        - (int(s["start"][:2]) * 60 + int(s["start"][3:]))
                        for need in problem["needs"]
                        for s in need["slots"]
                    )
                    / 60
                )
                baseline = baseline_hours(read_pool_problem(problem))
                rows.append(
                    (
                        name,
                        seed,
                        limit,
                        wall,
                        output,
                        total,
                        baseline,
                        placed_hours(problem, output),
                        pool_violations(problem, output),
                    )
                )

    print("Pooling planner (python -m maillage.planning pool) beside first-fit-decreasing,")
    print("on the same generated problems: hours a week in jobs of at least 24 h.")
    print()
    print(
        "| problem | seed | command | limit | hours declared | first-fit-decreasing | planner "
        "| planner / baseline | bound | planner / bound | jobs | at full time | rules |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    failed = False
    for name, seed, limit, wall, output, total, baseline, placed, broken in rows:
        ratio = placed / baseline if baseline else float("inf")
        bound = output["bound"]
        full = sum(1 for job in output["jobs"] if abs(job["hours"] - 35) < 1e-9)
        verdict = "kept" if not broken else f"BROKEN: {broken[:3]}"
        failed |= bool(broken) or wall > limit or ratio < TARGET_RATIO
        print(
            f"| {name} | {seed} | {wall:.1f} s ({wall / limit:.2f} × the limit) | {limit:.0f} s "
            f"| {total:.1f} | {baseline:.1f} | {placed:.1f} | ×{ratio:.3f} | "
            f"{'—' if bound is None else f'{bound:.1f}'} | "
            f"{'—' if not bound else f'{placed / bound:.3f}'} | {len(output['jobs'])} | {full} "
            f"| {verdict} |"
        )
    print()
    print(f"Target: planner / baseline ≥ {TARGET_RATIO} on every problem, within the limit.")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
