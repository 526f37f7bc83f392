"""Benchmark of Markdown rendering (maillage.core.content) on the texts written to be slow.

Run from the repository root:
    .venv/bin/python bench/bench_content.py [--repeat 5]

Each text of tests/test_content.py's WORST list, at the limit a form accepts
(MAX_LENGTH characters), is rendered ``--repeat`` times; the baseline, run side by side,
is an ordinary French text of the same length (paragraphs, emphasis, links, a list).
Printed for each: the best time and its ratio to the baseline. Target: every text at the
limit renders in under a second (Python-Markdown took 24 s on 10,000 "["); the tests check
that the work grows in proportion to the length, whatever the machine.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings.test")

import django  # noqa: E402

django.setup()

from maillage.core.content import MAX_LENGTH, render  # noqa: E402
from tests.test_content import WORST, at_the_limit  # noqa: E402

TARGET_S = 1.0
ORDINARY = (
    "Le groupe s'est réuni à **Meyrin** pour préparer le [projet pilote](https://example.org). "
    "Trois idées ressortent :\n\n- un revenu de transition ;\n- des *activités utiles* ;\n"
    "- un accompagnement.\n\n"
)


def best(text, repeat):
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        render(text)
        times.append(time.perf_counter() - began)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    baseline = best(at_the_limit(ORDINARY), repeat)
    print(f"Markdown at the limit ({MAX_LENGTH} characters), best of {repeat}")
    print(f"{'text':<26} {'ms':>9} {'× baseline':>11}")
    print(f"{'baseline (ordinary text)':<26} {baseline * 1000:9.1f} {1:11.1f}")
    worst = 0.0
    for name, text in WORST.items():
        seconds = best(text, repeat)
        worst = max(worst, seconds)
        print(f"{name:<26} {seconds * 1000:9.1f} {seconds / baseline:11.1f}")
    verdict = "met" if worst < TARGET_S else "MISSED"
    print(f"slowest {worst * 1000:.1f} ms; target under {TARGET_S * 1000:.0f} ms: {verdict}")
    return 0 if worst < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
