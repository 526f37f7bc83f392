"""Command line of the eligibility package; see docs/eligibility.md.

    python -m maillage.eligibility evaluate RULES.yaml [RULES.yaml …] --facts FACTS.json
        [--today YYYY-MM-DD] [--language fr|en]
    python -m maillage.eligibility qeli FILE.feature [FILE.feature …] --today YYYY-MM-DD

Each prints one JSON object on standard output, with ``elapsed_s`` (the evaluation
time, without reading the files). Bad input gives a message on standard error and
exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

from .errors import EligibilityInputError


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD).") from error


def _evaluate(args):
    from .rules import RuleSet

    rules = RuleSet.from_yaml(*args.rules)
    try:
        facts = json.loads(Path(args.facts).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise EligibilityInputError(f"{args.facts}: cannot be read as JSON ({error}).") from error
    if not isinstance(facts, dict):
        raise EligibilityInputError(f"{args.facts}: expected a JSON object of facts.")
    start = time.perf_counter()
    results = rules.evaluate(facts, args.today)
    elapsed = time.perf_counter() - start
    return {
        "results": [result.to_dict(args.language) for result in results.values()],
        "elapsed_s": round(elapsed, 4),
    }


def _add_evaluate(subparsers):
    parser = subparsers.add_parser("evaluate", help="evaluate rules for one person's facts")
    parser.add_argument("rules", nargs="+", help="YAML files of rules")
    parser.add_argument("--facts", required=True, help="a JSON object of facts")
    parser.add_argument("--today", type=_day, default=dt.date.today())
    parser.add_argument("--language", default="fr")
    parser.set_defaults(run=_evaluate)


def _add_qeli(subparsers):
    try:
        from .qeli.cli import add_subcommand
    except ImportError:
        return
    add_subcommand(subparsers, _day)


# Each entry adds one subcommand; its parser's `run` default does the work.
SUBCOMMANDS = [_add_evaluate, _add_qeli]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m maillage.eligibility")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for add in SUBCOMMANDS:
        add(subparsers)
    args = parser.parse_args(argv)
    try:
        output = args.run(args)
    except EligibilityInputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    json.dump(output, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
