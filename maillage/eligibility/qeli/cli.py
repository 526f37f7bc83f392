"""``python -m maillage.eligibility qeli FILE.feature [FILE.feature …] --today YYYY-MM-DD``

Prints JSON: ``{"scenarios": [{"name": …, "outcomes": {"SUBSIDES": "eligible", …,
"BOURSES_Ruben": "refused"}}], "elapsed_s": …}``. The outcomes come from each scenario's
household and answers only; its expected lines (Alors …) are not read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from .flow import outcomes
from .gherkin import parse_file
from .model import Household

HELP = "Outcomes of Geneva's cantonal benefits (as Qeli does them) for Gherkin scenarios."


def evaluate_files(paths, today: dt.date) -> dict:
    """Every scenario of these files, with its outcomes; ``elapsed_s`` counts the reading
    of the files and the evaluation."""
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


def _run(args) -> dict:
    return evaluate_files(args.files, args.today or dt.date.today())


def add_subcommand(subparsers, day_type) -> argparse.ArgumentParser:
    """The ``qeli`` subcommand of ``python -m maillage.eligibility``."""
    parser = subparsers.add_parser("qeli", help=HELP, description=HELP)
    parser.add_argument("files", nargs="+", metavar="FILE.feature", help="scenario files")
    parser.add_argument(
        "--today",
        type=day_type,
        default=None,
        help="the day the form is filled in (YYYY-MM-DD; default: today)",
    )
    parser.set_defaults(run=_run)
    return parser
