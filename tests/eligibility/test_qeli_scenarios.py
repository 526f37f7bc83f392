"""Every outcome of every Qeli business scenario in ../shared/data/qeli/ matches, run
through the command line (as the outside checks run it), and the outcomes come from the
household and the answers alone (a renamed scenario without its expected lines gives the
same outcomes)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("MAILLAGE_SHARED_DATA") or ROOT.parent / "shared" / "data")
QELI = SHARED / "qeli"
TODAY = "2023-10-24"

pytestmark = pytest.mark.skipif(
    not sorted(QELI.glob("*.feature")),
    reason=f"Qeli's scenarios are not in {QELI} (set MAILLAGE_SHARED_DATA to the shared data)",
)

SCENARIO = re.compile(r"^\s*(?:Scénario|Scenario|Plan du scénario)\s*:\s*(.*?)\s*$")
EXPECTED = re.compile(
    r'^\s*(?:Alors|Et|Mais)\s+la\s+prestation\s+"([^"]+)"\s+est\s+(.+?)\s*$', re.I
)
# The words of Qeli's step definitions (éligible/eligible, refusée/refusee/refuse, déjà perçue).
WORDS = {"éligible": "eligible", "eligible": "eligible", "déjà perçue": "already"}
WORDS |= {"refusée": "refused", "refusee": "refused", "refuse": "refused"}


def run_cli(*files):
    completed = subprocess.run(
        [sys.executable, "-m", "maillage.eligibility", "qeli", *map(str, files), "--today", TODAY],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def expected_outcomes(path):
    """The Alors lines of each scenario, read here independently of the package's reader."""
    expected = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("#"):
            continue
        match = SCENARIO.match(line)
        if match:
            expected.append((match.group(1), {}))
            continue
        match = EXPECTED.match(line)
        if match and expected:
            expected[-1][1][match.group(1)] = WORDS[match.group(2).strip()]
    return expected


@pytest.fixture(scope="module")
def files():
    return sorted(QELI.glob("*.feature"))


@pytest.fixture(scope="module")
def report(files):
    return run_cli(*files)


def test_every_outcome_of_every_scenario_matches(files, report):
    expected = [item for path in files for item in expected_outcomes(path)]
    assert len(report["scenarios"]) == len(expected) >= 30
    checked = 0
    mismatches = []
    for scenario, (name, outcomes) in zip(report["scenarios"], expected, strict=True):
        assert scenario["name"] == name
        assert outcomes, f"{name}: no expected outcome read"
        for benefit, outcome in outcomes.items():
            checked += 1
            if scenario["outcomes"].get(benefit) != outcome:
                mismatches.append((name, benefit, outcome, scenario["outcomes"].get(benefit)))
    assert mismatches == []
    assert checked >= 249


def test_every_benefit_has_a_household_outcome(report):
    benefits = {"SUBSIDES", "AVANCES", "ALLOCATION_LOGEMENT", "PC_FAM", "AIDE_SOCIALE"}
    benefits |= {"PC_AVS_AI", "BOURSES"}
    for scenario in report["scenarios"]:
        assert benefits <= set(scenario["outcomes"])
        assert set(scenario["outcomes"].values()) <= {"eligible", "refused", "already"}


def test_the_report_gives_the_time_taken(report):
    assert isinstance(report["elapsed_s"], float) and report["elapsed_s"] >= 0


def test_renamed_scenarios_without_expected_lines_give_the_same_outcomes(files, report, tmp_path):
    """Guard against tuning to names: outside checks rename the scenarios and remove the
    expected lines before running the command."""
    renamed = []
    for index, path in enumerate(files):
        lines = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if EXPECTED.match(line):
                continue
            match = SCENARIO.match(line)
            if match:
                line = line.replace(match.group(1), f"cas {index}-{len(lines)}")
            lines.append(line)
        target = tmp_path / f"s{index}.feature"
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        renamed.append(target)
    blind = run_cli(*renamed)
    assert [s["outcomes"] for s in blind["scenarios"]] == [
        s["outcomes"] for s in report["scenarios"]
    ]
    assert all(s["name"].startswith("cas ") for s in blind["scenarios"])


def test_a_missing_file_is_a_clear_error_not_a_traceback(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-m", "maillage.eligibility", "qeli", str(tmp_path / "no.feature")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 2
    assert "cannot be read" in completed.stderr
    assert "Traceback" not in completed.stderr
