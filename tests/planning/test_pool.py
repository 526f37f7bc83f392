"""The pooling planner (``python -m maillage.planning pool``): every answer is checked by
the independent checker (tests/planning/pool_checks.py), small problems against an
exhaustive search, kept jobs and exclusions, the baseline, the reasons, bad input."""

import copy
import json
import subprocess
import sys

import pytest

from maillage.planning.errors import PlanningInputError
from maillage.planning.examples import random_pool_problem
from maillage.planning.pool_problem import (
    first_fit_decreasing,
    placed_minutes,
    read_pool_problem,
)
from maillage.planning.pooling import baseline_hours, pool

from .pool_checks import exhaustive_optimum, placed_hours, pool_violations


def solve(data, time_limit=5.0):
    output = pool(read_pool_problem(data), time_limit=time_limit).to_dict()
    assert pool_violations(data, output) == []
    return output


def small_problem(seed, needs=9):
    """A dozen needs at most, a short week (12 to 20 h): many ways to combine them."""
    return random_pool_problem(
        4, needs, communes=3, square_km=8, seed=seed, target_hours=20, min_hours=12
    )


@pytest.mark.parametrize("seed", range(8))
def test_small_problems_reach_the_exhaustive_optimum(seed):
    data = small_problem(seed, needs=9 + seed % 3)
    output = solve(data)
    optimum = exhaustive_optimum(data)
    assert placed_hours(data, output) == pytest.approx(optimum)
    assert output["bound"] >= optimum - 1e-6


def test_a_medium_problem_beats_the_spreadsheet_way_and_stays_under_its_bound():
    data = random_pool_problem(30, 80, seed=5)
    output = solve(data, time_limit=8)
    problem = read_pool_problem(data)
    assert placed_hours(data, output) > baseline_hours(problem)
    assert output["bound"] is not None and output["bound"] >= placed_hours(data, output)


SITES = [{"id": "a", "x_km": 0, "y_km": 0}, {"id": "b", "x_km": 10, "y_km": 0}]
COVERS = {"BAFA": ["animation"], "CAP AEPE": ["animation", "petite_enfance"]}


def need(need_id, slots, site="a", skill="animation"):
    return {
        "id": need_id,
        "employer": "e",
        "site": site,
        "skill": skill,
        "slots": [{"day": day, "start": start, "end": end} for day, start, end in slots],
    }


def problem(*needs, **extra):
    return {
        "target_hours": 35,
        "min_hours": 24,
        "speed_kmh": 20,
        "sites": SITES,
        "covers": COVERS,
        "needs": copy.deepcopy(list(needs)),
        **extra,
    }


WEEK = (0, 1, 2, 3, 4)
HAND = problem(
    need("crèche", [(d, "08:00", "12:00") for d in WEEK], skill="petite_enfance"),  # 20 h
    need("soirs", [(d, "16:30", "18:30") for d in WEEK]),  # 10 h
    need("midis", [(d, "12:00", "13:00") for d in WEEK], site="b"),  # 5 h, 10 km away
    need("matins", [(d, "07:00", "08:00") for d in WEEK]),  # 5 h
)


def test_a_hand_made_week_gives_the_job_a_person_can_hold():
    output = solve(HAND)
    # crèche + soirs + matins: 35 h under the CAP AEPE; "midis" starts when the crèche
    # ends, 10 km away at 20 km/h: no time to get there.
    assert [sorted(job["needs"]) for job in output["jobs"]] == [["crèche", "matins", "soirs"]]
    assert output["jobs"][0]["qualification"] == "CAP AEPE"
    assert output["jobs"][0]["hours"] == 35
    assert output["uncovered"] == ["midis"]
    assert output["bound"] == pytest.approx(35)


def test_travel_time_exactly_enough_is_allowed():
    data = copy.deepcopy(HAND)
    # 10 km at 20 km/h: 30 minutes. From 12:30 the "midis" can be reached.
    data["needs"][2]["slots"] = [{"day": d, "start": "12:30", "end": "13:30"} for d in WEEK]
    data["needs"][1]["slots"] = [{"day": d, "start": "16:30", "end": "17:30"} for d in WEEK]
    output = solve(data)
    assert sorted(output["jobs"][0]["needs"]) == ["crèche", "matins", "midis", "soirs"]


def test_kept_jobs_stay_and_the_rest_is_planned_around_them():
    data = problem(
        *HAND["needs"],
        need("mercredis", [(2, "13:00", "18:00")], site="b"),
        locks=[{"needs": ["crèche", "midis"], "qualification": "CAP AEPE", "open": False}],
    )
    data["needs"][2]["slots"] = [{"day": d, "start": "12:30", "end": "13:30"} for d in WEEK]
    output = solve(data)
    jobs = {tuple(sorted(job["needs"])): job for job in output["jobs"]}
    assert ("crèche", "midis") in jobs  # kept as it is, though below the minimum
    placed = {need for job in output["jobs"] for need in job["needs"]}
    assert placed == {"crèche", "midis"}
    assert set(output["uncovered"]) == {"soirs", "matins", "mercredis"}


def test_an_open_kept_job_is_completed():
    data = problem(
        *HAND["needs"],
        locks=[{"needs": ["crèche"], "qualification": "CAP AEPE", "open": True}],
    )
    output = solve(pool_input := data)
    assert pool_input is data
    job = next(job for job in output["jobs"] if "crèche" in job["needs"])
    assert sorted(job["needs"]) == ["crèche", "matins", "soirs"]


def test_an_excluded_pair_is_never_together_and_a_single_one_is_left_out():
    data = problem(*HAND["needs"], excludes=[["crèche", "soirs"]])
    output = solve(data)
    for job in output["jobs"]:
        assert not {"crèche", "soirs"} <= set(job["needs"])
    data = problem(*HAND["needs"], excludes=[["matins"]])
    result = pool(read_pool_problem(data), time_limit=3)
    assert "matins" in result.uncovered and result.reasons["matins"] == "excluded"
    # Without "matins", the crèche and the evenings still make a job of 30 h.
    assert [sorted(job.needs) for job in result.jobs] == [["crèche", "soirs"]]


def test_an_excluded_set_of_three_is_never_whole():
    data = problem(*HAND["needs"], excludes=[["crèche", "soirs", "matins"]])
    output = solve(data)
    assert all(not {"crèche", "soirs", "matins"} <= set(job["needs"]) for job in output["jobs"])
    # Two of the three still make a job of at least 24 h.
    assert placed_hours(data, output) == pytest.approx(30)


@pytest.mark.parametrize("seed", range(4))
def test_exclusions_on_small_problems_reach_the_exhaustive_optimum(seed):
    data = small_problem(seed + 20)
    first = solve(data)
    pairs = [job["needs"][:2] for job in first["jobs"] if len(job["needs"]) >= 2]
    data["excludes"] = pairs
    output = solve(data)
    for job in output["jobs"]:
        for pair in pairs:
            assert not set(pair) <= set(job["needs"])
    assert placed_hours(data, output) == pytest.approx(exhaustive_optimum(data, pairs))


def test_the_baseline_is_first_fit_decreasing():
    data = problem(
        need("long", [(d, "08:00", "12:00") for d in WEEK]),  # 20 h
        need("evening", [(d, "17:00", "18:00") for d in WEEK]),  # 5 h
        need("lunch", [(d, "12:00", "13:00") for d in WEEK]),  # 5 h
        need("clash", [(d, "11:00", "13:00") for d in (0, 1)]),  # 4 h
    )
    problem_ = read_pool_problem(data)
    jobs = [[problem_.needs[i].id for i in job] for job in first_fit_decreasing(problem_)]
    # By hours: long (20), then evening and lunch (5 each, in input order) fit with it,
    # then clash (4) overlaps the long one: a new job.
    assert jobs == [["long", "evening", "lunch"], ["clash"]]
    assert placed_minutes(problem_, first_fit_decreasing(problem_)) == 30 * 60


def test_each_need_left_out_says_why():
    data = problem(
        need("a", [(d, "08:00", "12:00") for d in WEEK]),  # 20 h
        need("b", [(d, "12:00", "13:00") for d in WEEK], site="b"),  # 5 h, too far
        need("c", [(d, "09:00", "10:00") for d in WEEK]),  # 5 h, overlaps a
        need("d", [(d, "13:00", "14:00") for d in (0,)], skill="petite_enfance"),
        need("e", [(d, "18:00", "19:00") for d in WEEK]),  # 5 h: a + e = 25 h
        need("g", [(d, "13:00", "15:48") for d in WEEK]),  # 14 h: a + g = 34 h
    )
    data["covers"] = {"BAFA": ["animation"], "EJE": ["petite_enfance"]}
    result = pool(read_pool_problem(data), time_limit=3)
    assert [sorted(job.needs) for job in result.jobs] == [["a", "g"]]
    # b reaches 24 h only with a, which it cannot reach in time; d alone has its skill;
    # c (with e and g) and e (with a) could make a job, but a and g are taken.
    assert result.reasons == {"b": "travel", "c": "hours", "d": "skill", "e": "hours"}
    # Without e and g: c reaches 24 h only with a, which it overlaps.
    data["needs"] = data["needs"][:4]
    result = pool(read_pool_problem(data), time_limit=3)
    assert result.reasons == {"a": "travel", "b": "travel", "c": "clash", "d": "skill"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["needs"][0]["slots"].append({"day": 0, "start": "09:00", "end": "10:00"}),
            "two of its slots overlap on day 0",
        ),
        (lambda d: d["needs"][0].update(site="nowhere"), "unknown site 'nowhere'"),
        (lambda d: d["needs"][0].update(skill="plombier"), "unknown skill 'plombier'"),
        (
            lambda d: d["needs"][0].update(
                slots=[{"day": day, "start": "08:00", "end": "16:00"} for day in WEEK]
            ),
            "lasts 40 h a week, more than the full time",
        ),
        (lambda d: d.update(needs=[]), "no needs: there is nothing to pool"),
        (lambda d: d.update(min_hours=40), "min_hours .* cannot be more than target_hours"),
        (lambda d: d["needs"][0]["slots"][0].update(start="25:00"), 'must be a time "HH:MM"'),
        (lambda d: d["needs"][1].update(id="crèche"), "'crèche' is given twice"),
        (lambda d: d.update(locks=[{"needs": ["x"], "qualification": "BAFA"}]), "unknown need"),
        (
            lambda d: d.update(locks=[{"needs": ["crèche", "midis"], "qualification": "CAP AEPE"}]),
            "is not a valid job",
        ),
        (lambda d: d.pop("covers"), 'has no "covers"'),
    ],
)
def test_bad_input_is_refused_with_a_message(change, message):
    data = copy.deepcopy(HAND)
    change(data)
    with pytest.raises(PlanningInputError, match=message):
        read_pool_problem(data)


def run_command(path, *extra):
    return subprocess.run(
        [sys.executable, "-m", "maillage.planning", "pool", str(path), *extra],
        capture_output=True,
        text=True,
    )


def test_the_command_line_keeps_its_contract(tmp_path):
    data = random_pool_problem(10, 30, seed=2)
    path = tmp_path / "group.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = run_command(path, "--time-limit", "3")
    assert done.returncode == 0, done.stderr
    output = json.loads(done.stdout)
    assert set(output) == {"jobs", "uncovered", "bound", "elapsed_s"}
    for job in output["jobs"]:
        assert set(job) == {"needs", "qualification", "hours"}
        assert isinstance(job["hours"], float)
    assert isinstance(output["elapsed_s"], float) and output["elapsed_s"] < 3
    assert pool_violations(data, output) == []


@pytest.mark.parametrize(
    ("text", "extra", "message"),
    [
        ('{"needs": [', (), "cannot be read as JSON"),
        (json.dumps(problem()), (), "there is nothing to pool"),
        (json.dumps(HAND), ("--time-limit", "soon"), "is not a number of seconds"),
    ],
)
def test_the_command_line_says_what_is_wrong(tmp_path, text, extra, message):
    path = tmp_path / "bad.json"
    path.write_text(text, "utf-8")
    done = run_command(path, *extra)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
