"""``python -m maillage.eligibility qeli FILE.feature [FILE.feature …] --today YYYY-MM-DD``

Prints JSON: ``{"scenarios": [{"name": …, "outcomes": {"SUBSIDES": "eligible", …,
"BOURSES_Ruben": "refused"}}], "elapsed_s": …}``. The outcomes come from each scenario's
household and answers only; its expected lines (Alors …) are not read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time

from .flow import outcomes
from .gherkin import parse_file
from .i18n import QeliInputError
from .model import Household

HELP = "Outcomes of Geneva's cantonal benefits (as Qeli does them) for Gherkin scenarios."


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE.feature", help="scenario files")
    parser.add_argument(
        "--today",
        type=_date,
        default=None,
        help="the day the form is filled in (YYYY-MM-DD; default: today)",
    )
    parser.set_defaults(handler=run_from_args)


def evaluate_files(paths, today: dt.date) -> dict:
    started = time.perf_counter()
    scenarios = []
    for path in paths:
        for scenario in parse_file(path, today):
            household = Household.from_dict(scenario.household_dict())
            results = outcomes(household, scenario.answers, today)
            scenarios.append(
                {
                    "name": scenario.name,
                    "outcomes": {key: result.outcome for key, result in results.items()},
                }
            )
    return {"scenarios": scenarios, "elapsed_s": round(time.perf_counter() - started, 4)}


def run_from_args(args: argparse.Namespace) -> int:
    today = args.today or dt.date.today()
    try:
        report = evaluate_files(args.files, today)
    except (QeliInputError, ValueError) as error:
        print(f"qeli: {error}", file=sys.stderr)
        return 2
    json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def register(subparsers) -> argparse.ArgumentParser:
    """The ``qeli`` subcommand, for the package's command line."""
    parser = subparsers.add_parser("qeli", help=HELP, description=HELP)
    add_arguments(parser)
    return parser


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m maillage.eligibility.qeli", description=HELP)
    add_arguments(parser)
    args = parser.parse_args(argv)
    return args.handler(args)
