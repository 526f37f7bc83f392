"""The rotations planner (maillage/planning/meetings.py): every schedule keeps the
contract's constraints, and its total is the proven optimum, checked against the full
model's linear-programming bound and, on small cases, its exact integer optimum, both
computed here independently of the planner."""

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage.planning import PlanningInputError, plan_meetings
from maillage.planning.examples import random_problem
from maillage.planning.meetings import greedy_round_by_round, read_problem

from .checks import integer_optimum, lp_bound, violations


def solve(problem, **options):
    return plan_meetings(**read_problem(problem), **options)


@pytest.mark.parametrize(
    "sizes",
    [
        # seekers, recruiters, rounds, seats, wishes
        (40, 6, 4, 2, (2, 5)),
        (80, 10, 6, 1, (3, 9)),  # scarce seats: most wishes cannot be met
        (60, 12, 8, 3, (1, 12)),  # plenty of rounds
        (150, 20, 5, 2, (4, 15)),
    ],
)
def test_the_total_reaches_the_linear_programming_bound(sizes):
    seekers, recruiters, rotations, seats, wishes = sizes
    problem = random_problem(seekers, recruiters, rotations, seats, wishes=wishes, seed=seekers)
    output = solve(problem).to_dict()
    assert violations(problem, output) == []
    bound = lp_bound(problem)
    # No schedule weighs more than the bound; this one weighs exactly that: optimal.
    assert output["total"] == pytest.approx(bound, abs=1e-6)
    assert output["total"] > 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seekers=st.integers(1, 9),
    recruiters=st.integers(1, 4),
    rotations=st.integers(1, 4),
    seats=st.integers(1, 3),
    seed=st.integers(0, 10_000),
)
def test_small_cases_reach_the_exact_integer_optimum(seekers, recruiters, rotations, seats, seed):
    problem = random_problem(
        seekers, recruiters, rotations, seats, wishes=(0, recruiters), tables=(0, 2), seed=seed
    )
    output = solve(problem).to_dict()
    assert violations(problem, output) == []
    assert output["total"] == integer_optimum(problem)


def test_greedy_round_by_round_can_miss_the_optimum():
    # A and B both want recruiter R1 most; filling the first round heaviest-first seats A
    # at R1 and leaves B without a meeting; the optimum sends A to R2.
    problem = {
        "rotations": 1,
        "seats": 1,
        "recruiters": [{"id": "R1", "tables": 1}, {"id": "R2", "tables": 1}],
        "seekers": [
            {"id": "A", "wishes": {"R1": 3, "R2": 2}},
            {"id": "B", "wishes": {"R1": 3}},
        ],
    }
    assert greedy_round_by_round(**read_problem(problem)) == 3
    output = solve(problem).to_dict()
    assert output["total"] == 5
    assert output["schedule"] == [
        {"rotation": 0, "recruiter": "R1", "seekers": ["B"]},
        {"rotation": 0, "recruiter": "R2", "seekers": ["A"]},
    ]


def test_tables_hold_the_seats_and_a_recruiter_without_table_receives_nobody():
    problem = random_problem(30, 4, 3, 2, wishes=(4, 4), tables=(2, 2), seed=4)
    problem["recruiters"][0]["tables"] = 0
    plan = solve(problem)
    assert all(m.recruiter != "r0" for m in plan.meetings)
    per_table = {}
    for meeting in plan.meetings:
        key = (meeting.rotation, meeting.recruiter, meeting.table)
        per_table[key] = per_table.get(key, 0) + 1
        assert meeting.table in (0, 1)
    assert max(per_table.values()) <= 2


def test_a_re_plan_never_repeats_a_pair_already_met():
    problem = random_problem(50, 6, 6, 2, wishes=(3, 6), seed=7)
    first = solve(problem)
    kept = [m for m in first.meetings if m.rotation < 2]
    met = {(m.seeker, m.recruiter) for m in kept}
    later = plan_meetings(**{**read_problem(problem), "rotations": 4}, met=met)
    assert met and not met & {(m.seeker, m.recruiter) for m in later.meetings}
    # Together they still keep one table per seeker per round and each pair once.
    rounds = {(m.seeker, m.rotation) for m in kept} | {
        (m.seeker, m.rotation + 2) for m in later.meetings
    }
    assert len(rounds) == len(kept) + len(later.meetings)


def test_nothing_wished_gives_an_empty_schedule():
    problem = {
        "rotations": 3,
        "seats": 2,
        "recruiters": [{"id": "R", "tables": 1}],
        "seekers": [{"id": "S", "wishes": {}}],
    }
    output = solve(problem).to_dict()
    assert (output["schedule"], output["total"]) == ([], 0)


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        ([], "Expected a JSON object"),
        ({"rotations": 2, "seats": 1, "recruiters": []}, "'seekers' is missing"),
        ({"rotations": 0, "seats": 1, "recruiters": [], "seekers": []}, "at least 1"),
        ({"rotations": 2, "seats": 1.5, "recruiters": [], "seekers": []}, "whole number"),
        (
            {"rotations": 2, "seats": 1, "recruiters": [{"id": "R"}, {"id": "R"}], "seekers": []},
            "given twice",
        ),
        (
            {
                "rotations": 2,
                "seats": 1,
                "recruiters": [{"id": "R"}],
                "seekers": [{"id": "S", "wishes": {"X": 2}}],
            },
            "unknown recruiter 'X'",
        ),
        (
            {
                "rotations": 2,
                "seats": 1,
                "recruiters": [{"id": "R"}],
                "seekers": [{"id": "S", "wishes": {"R": 4}}],
            },
            "from 1 to 3",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message(problem, message):
    with pytest.raises(PlanningInputError, match=message):
        read_problem(problem)


def test_the_command_line_keeps_its_contract(tmp_path):
    problem = random_problem(25, 5, 4, 2, seed=3)
    path = tmp_path / "cafe.json"
    path.write_text(json.dumps(problem), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "maillage.planning", "meetings", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    output = json.loads(done.stdout)
    assert set(output) == {"schedule", "total", "elapsed_s"}
    assert isinstance(output["total"], int) and isinstance(output["elapsed_s"], float)
    for entry in output["schedule"]:
        assert set(entry) == {"rotation", "recruiter", "seekers"}
    assert violations(problem, output) == []
    assert output["total"] == pytest.approx(lp_bound(problem))


def test_the_command_line_says_what_is_wrong(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"rotations": 2, "seats": 1, "recruiters": [], "seekers": [', "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "maillage.planning", "meetings", str(path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "cannot be read as JSON" in done.stderr and "Traceback" not in done.stderr
