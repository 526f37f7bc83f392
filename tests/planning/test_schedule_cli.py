"""`python -m maillage.planning schedule FILE.json`: a plan's move passed on and its
critical path as JSON; bad input refused with one line on standard error, exit 2."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from maillage.planning.schedule import BeyondCalendar, Task, shift

ROOT = Path(__file__).resolve().parents[2]

PLAN = {
    "tasks": [
        {"id": "venue", "start": "2027-01-04", "end": "2027-01-08"},
        {"id": "recruiters", "start": "2027-01-09", "end": "2027-01-15"},
        {"id": "posters", "start": "2027-01-11", "end": "2027-01-12"},
        {"id": "cafe", "end": "2027-01-20"},
        {"id": "report", "start": "2027-02-01", "end": "2027-02-03"},
        {"id": "someday"},
        {"id": 7, "start": "2027-01-04"},
    ],
    "dependencies": [
        ["venue", "recruiters"],
        ["venue", "posters"],
        ["recruiters", "cafe"],
        ["posters", "cafe"],
        ["cafe", "report"],
    ],
    "move": {"id": "venue", "start": "2027-01-06", "end": "2027-01-10"},
}


def run(tmp_path, data, *, raw=None):
    path = tmp_path / "plan.json"
    path.write_text(raw if raw is not None else json.dumps(data), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "maillage.planning", "schedule", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_the_output_says_what_moved_each_task_s_slack_and_the_critical_path(tmp_path):
    done = run(tmp_path, PLAN)

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    output = json.loads(done.stdout)
    assert set(output) == {"tasks", "moved", "critical_path", "finish"}
    rows = {row["id"]: row for row in output["tasks"]}
    assert [row["id"] for row in output["tasks"]] == [t["id"] for t in PLAN["tasks"]]
    for row in output["tasks"]:
        assert set(row) == {"id", "start", "end", "moved", "float_days", "critical"}
    # The venue ends on the 10th now: the recruiters move to the 11th; the posters,
    # from the 11th, already start after it. The report may not start before
    # 1 February (its own start): everything before it has slack.
    assert rows["venue"] == {
        "id": "venue",
        "start": "2027-01-06",
        "end": "2027-01-10",
        "moved": True,
        "float_days": 13,  # the recruiters' 7 days must end by 30 January
        "critical": False,
    }
    assert (rows["recruiters"]["start"], rows["recruiters"]["end"]) == ("2027-01-11", "2027-01-17")
    assert rows["recruiters"]["moved"] is True and rows["recruiters"]["float_days"] == 13
    assert (rows["posters"]["start"], rows["posters"]["end"]) == ("2027-01-11", "2027-01-12")
    assert rows["posters"]["moved"] is False and rows["posters"]["float_days"] == 18
    assert rows["cafe"] == {
        "id": "cafe",
        "start": None,
        "end": "2027-01-20",
        "moved": False,
        "float_days": 11,  # the day before the report's start
        "critical": False,
    }
    assert output["moved"] == ["venue", "recruiters"]
    # Undated tasks take no part; a number is an id too.
    assert rows["someday"]["float_days"] is None and rows["someday"]["critical"] is False
    assert rows[7]["start"] == "2027-01-04" and rows[7]["end"] is None
    assert output["critical_path"] == ["report"]
    assert output["finish"] == "2027-02-03"


def test_without_a_move_the_file_is_only_checked_and_measured(tmp_path):
    plan = {
        "tasks": [
            {"id": "a", "start": "2027-03-01", "end": "2027-03-02"},
            {"id": "b", "start": "2027-03-03", "end": "2027-03-05"},
        ],
        "dependencies": [["a", "b"]],
    }
    output = json.loads(run(tmp_path, plan).stdout)
    assert output["moved"] == []
    assert output["critical_path"] == ["a", "b"]
    assert output["finish"] == "2027-03-05"


def with_(change):
    data = json.loads(json.dumps(PLAN))
    change(data)
    return data


@pytest.mark.parametrize(
    "data, raw, message",
    [
        (None, "{not json", "cannot be read as JSON"),
        (None, "", "cannot be read as JSON"),
        ([], None, "an object with a list of tasks"),
        ({"tasks": "venue"}, None, "an object with a list of tasks"),
        (
            with_(lambda d: d["dependencies"].append(["report", "venue"])),
            None,
            "the dependencies go round: ",
        ),
        (
            with_(lambda d: d["dependencies"].append(["venue", "nobody"])),
            None,
            "dependencies[5]: a pair [before, after] of tasks' ids.",
        ),
        (
            with_(lambda d: d["dependencies"].append([["venue"], "cafe"])),
            None,
            "dependencies[5]: a pair [before, after] of tasks' ids.",
        ),
        (with_(lambda d: d.update(dependencies=5)), None, "dependencies: a list of pairs"),
        (
            with_(lambda d: d["tasks"][1].update(end="2027-01-01")),
            None,
            "tasks[1]: ends before it starts.",
        ),
        (
            with_(lambda d: d["move"].update(end="2027-01-01")),
            None,
            "move: ends before it starts.",
        ),
        (
            with_(lambda d: d["tasks"][0].update(start="2027-02-30")),
            None,
            "tasks[0].start: '2027-02-30' is not a date (YYYY-MM-DD).",
        ),
        (
            with_(lambda d: d["tasks"][0].update(start="2027-W01")),
            None,
            "tasks[0].start: '2027-W01' is not a date (YYYY-MM-DD).",
        ),
        (
            with_(lambda d: d["tasks"][0].update(end=20270101)),
            None,
            "tasks[0].end: 20270101 is not a date (YYYY-MM-DD).",
        ),
        (
            with_(lambda d: d["dependencies"].append(["cafe", "cafe"])),
            None,
            "dependencies[5]: a task cannot depend on itself.",
        ),
        (
            with_(lambda d: d["tasks"].append({"id": "cafe"})),
            None,
            "tasks[7]: another task has the id 'cafe'.",
        ),
        (with_(lambda d: d["tasks"].append({"id": True})), None, "tasks[7]: the id must be"),
        (with_(lambda d: d["tasks"].append({"start": "2027-01-01"})), None, "an object with an id"),
        (with_(lambda d: d["move"].update(id="nobody")), None, "move: no task has this id."),
        (with_(lambda d: d["move"].update(id=["venue"])), None, "move: the id must be"),
        (
            {
                "tasks": [{"id": "a", "end": "9999-12-31"}, {"id": "b", "end": "9999-12-30"}],
                "dependencies": [["a", "b"]],
            },
            None,
            "b would be pushed past the last day of the calendar.",
        ),
    ],
)
def test_bad_input_gives_one_line_on_stderr_and_exit_2(tmp_path, data, raw, message):
    done = run(tmp_path, data, raw=raw)

    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("error: ") and message in done.stderr
    assert done.stderr.count("\n") == 1  # one line, no traceback
    assert "Traceback" not in done.stderr


def test_a_loop_is_named_in_order_on_stderr(tmp_path):
    data = with_(lambda d: d["dependencies"].append(["report", "venue"]))
    done = run(tmp_path, data)
    loop = done.stderr.removeprefix("error: the dependencies go round: ").strip().split(" → ")
    # venue → (recruiters or posters) → cafe → report → venue, from any of them.
    assert loop[0] == loop[-1] and len(loop) == 5
    assert {"venue", "cafe", "report"} < set(loop)
    edges = {tuple(pair) for pair in data["dependencies"]}
    assert all((a, b) in edges for a, b in zip(loop, loop[1:], strict=False))


def test_a_missing_file_is_refused_too(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "maillage.planning", "schedule", str(tmp_path / "none.json")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 2 and "cannot be read as JSON" in done.stderr


def test_the_engine_refuses_to_push_a_task_past_the_calendar():
    import datetime

    last = datetime.date.max
    with pytest.raises(BeyondCalendar) as raised:
        shift({"a": Task(None, last), "b": Task(None, last)}, [("a", "b")])
    assert raised.value.task == "b"
