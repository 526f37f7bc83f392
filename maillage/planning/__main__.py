"""Command line of the planning package; see docs/planning.md.

    python -m maillage.planning meetings FILE.json
    python -m maillage.planning pool FILE.json [--time-limit S]
    python -m maillage.planning schedule FILE.json

``meetings`` prints one JSON object on standard output: ``{"schedule": [{"rotation", "recruiter",
"seekers"}], "total", "elapsed_s"}`` (``elapsed_s``: the planning time, without reading
the file). Bad input gives a message on standard error and exit status 2, never a
traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import PlanningInputError


def _read_json(path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PlanningInputError(f"{path}: cannot be read as JSON ({error}).") from error


def _meetings(args):
    from .meetings import plan_meetings, read_problem

    problem = read_problem(_read_json(args.file))
    return plan_meetings(**problem).to_dict()


def _add_meetings(subparsers):
    parser = subparsers.add_parser("meetings", help="plan the rotations of a job café")
    parser.add_argument("file", help="a JSON problem (see docs/planning.md)")
    parser.set_defaults(run=_meetings)


def _pool(args):
    from .pool_problem import read_pool_problem
    from .pooling import pool

    problem = read_pool_problem(_read_json(args.file))
    return pool(problem, time_limit=args.time_limit).to_dict()


def _positive_seconds(text):
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0 or value > 86400:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (0 to 86400).")
    return value


def _add_pool(subparsers):
    parser = subparsers.add_parser(
        "pool", help="pool an employer group's part-time needs into jobs"
    )
    parser.add_argument("file", help="a JSON problem (see docs/planning.md)")
    parser.add_argument(
        "--time-limit",
        type=_positive_seconds,
        default=30.0,
        metavar="S",
        help="seconds the optimiser may take (default 30)",
    )
    parser.set_defaults(run=_pool)


def _schedule(args):
    from .schedule import read_schedule_problem, solve

    return solve(*read_schedule_problem(_read_json(args.file)))


def _add_schedule(subparsers):
    parser = subparsers.add_parser(
        "schedule", help="pass a task's move on to its dependants; the critical path"
    )
    parser.add_argument("file", help="a JSON plan (see docs/planning.md)")
    parser.set_defaults(run=_schedule)


# Each entry adds one subcommand; its parser's `run` default does the work.
SUBCOMMANDS = [_add_meetings, _add_pool, _add_schedule]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m maillage.planning")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for add in SUBCOMMANDS:
        add(subparsers)
    args = parser.parse_args(argv)
    try:
        output = args.run(args)
    except PlanningInputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    json.dump(output, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
