"""The scheduling engine (maillage/planning/schedule.py), without Django: a move passed
on along finish-to-start dependencies, loops found and named, the order of tasks, and
the critical path method on a textbook example."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.planning.schedule import (
    DependencyLoop,
    Task,
    critical_path,
    find_loop,
    in_order,
    shift,
)

DAY = datetime.timedelta(days=1)
MONDAY = datetime.date(2027, 1, 4)


def day(n):
    """The n-th day of the plan (day 0: a Monday)."""
    return MONDAY + n * DAY


def span(first, last):
    return Task(day(first), day(last))


# ------------------------------------------------------------------------------ shift


def test_a_chain_is_pushed_in_order_with_its_durations_kept():
    tasks = {"A": span(0, 4), "B": span(5, 7), "C": span(8, 8)}
    edges = [("A", "B"), ("B", "C")]

    moved = shift(tasks, edges, {"A": span(3, 9)})

    # A now ends on day 9: B starts the day after, C the day after B ends.
    assert moved == {"A": span(3, 9), "B": span(10, 12), "C": span(13, 13)}
    assert [moved[t].days for t in "ABC"] == [7, 3, 1]


def test_a_move_shifts_three_dependants_and_not_a_fourth_that_has_room():
    tasks = {
        "A": span(0, 4),
        "B": span(5, 7),  # after A
        "C": span(8, 9),  # after B
        "D": span(5, 6),  # after A
        "E": span(20, 25),  # after A, far enough
    }
    edges = [("A", "B"), ("B", "C"), ("A", "D"), ("A", "E")]

    moved = shift(tasks, edges, {"A": span(2, 6)})

    assert moved == {
        "A": span(2, 6),
        "B": span(7, 9),
        "C": span(10, 11),
        "D": span(7, 8),
    }
    assert "E" not in moved


def test_a_dependant_already_later_than_needed_stays():
    tasks = {"A": span(0, 4), "B": span(10, 12)}
    assert shift(tasks, [("A", "B")], {"A": span(2, 6)}) == {"A": span(2, 6)}
    # Pushed only as far as the day after its predecessor's end.
    assert shift(tasks, [("A", "B")], {"A": span(8, 14)})["B"] == span(15, 17)


def test_nothing_is_pulled_earlier():
    tasks = {"A": span(5, 9), "B": span(10, 12), "C": span(13, 14)}
    edges = [("A", "B"), ("B", "C")]

    moved = shift(tasks, edges, {"A": span(0, 2)})

    assert moved == {"A": span(0, 2)}  # B and C keep their days, with room now


def test_without_a_move_only_broken_dependencies_are_mended():
    tasks = {"A": span(0, 4), "B": span(3, 5), "C": span(20, 21)}
    assert shift(tasks, [("A", "B"), ("B", "C")]) == {"B": span(5, 7)}
    assert shift({"A": span(0, 4), "B": span(5, 6)}, [("A", "B")]) == {}


def test_a_fixed_task_never_moves_but_holds_back_its_dependants():
    tasks = {"A": span(0, 4), "F": span(5, 9), "G": span(10, 11), "H": span(3, 4)}
    edges = [("A", "F"), ("F", "G"), ("F", "H")]

    moved = shift(tasks, edges, {"A": span(6, 12)}, fixed={"F"})

    # F (done) keeps its days although A now ends after it starts; G, after F, has
    # room; H, which started before F ended, goes to the day after F's end.
    assert moved == {"A": span(6, 12), "H": span(10, 11)}


def test_a_fixed_task_is_not_moved_through_a_chain():
    tasks = {"A": span(0, 4), "B": span(5, 6), "F": span(7, 8), "G": span(9, 9)}
    edges = [("A", "B"), ("B", "F"), ("F", "G")]

    moved = shift(tasks, edges, {"A": span(3, 7)}, fixed=["F"])

    assert moved == {"A": span(3, 7), "B": span(8, 9)}


def test_deadlines_one_date_move_as_one_day():
    tasks = {
        "A": span(0, 4),
        "due": Task(None, day(6)),  # a deadline: the due date only
        "from": Task(day(7), None),  # a start date only
        "after": span(8, 9),
    }
    edges = [("A", "due"), ("due", "from"), ("from", "after")]

    moved = shift(tasks, edges, {"A": span(4, 8)})

    assert moved["due"] == Task(None, day(9))
    assert moved["from"] == Task(day(10), None)
    assert moved["after"] == span(11, 12)
    assert Task(None, day(9)).days == 1 and Task(day(10), None).days == 1


def test_undated_tasks_are_ignored_and_pass_nothing_on():
    tasks = {"A": span(0, 4), "U": Task(), "B": span(5, 6), "C": span(5, 6)}
    edges = [("A", "U"), ("U", "B"), ("A", "C")]

    moved = shift(tasks, edges, {"A": span(2, 6)})

    assert moved == {"A": span(2, 6), "C": span(7, 8)}
    assert not Task().dated


def test_dependencies_on_unknown_tasks_are_left_aside():
    tasks = {"A": span(0, 4), "B": span(5, 6)}
    assert shift(tasks, [("A", "B"), ("ghost", "B")], {"A": span(1, 5)}) == {
        "A": span(1, 5),
        "B": span(6, 7),
    }


# ------------------------------------------------------------------------ loops, order


def assert_names_a_loop(loop, edges):
    assert loop[0] == loop[-1] and len(loop) >= 2
    for before, after in zip(loop, loop[1:], strict=False):
        assert (before, after) in edges, (before, after)


def test_a_loop_is_found_and_named_in_order():
    edges = [("x", "a"), ("a", "b"), ("b", "c"), ("c", "a"), ("c", "y")]
    loop = find_loop(edges)
    assert_names_a_loop(loop, edges)
    assert set(loop) == {"a", "b", "c"} and len(loop) == 4


def test_no_loop_in_a_plan_and_a_task_on_itself_is_one():
    assert find_loop([("a", "b"), ("b", "c"), ("a", "c")]) is None
    assert find_loop([]) is None
    assert find_loop([("a", "a")]) == ["a", "a"]


def test_a_loop_is_refused_by_order_shift_and_critical_path():
    tasks = {"a": span(0, 1), "b": span(2, 3)}
    edges = [("a", "b"), ("b", "a")]
    for attempt in (
        lambda: in_order(tasks, edges),
        lambda: shift(tasks, edges, {"a": span(1, 2)}),
        lambda: critical_path(tasks, edges),
    ):
        with pytest.raises(DependencyLoop) as raised:
            attempt()
        assert_names_a_loop(raised.value.loop, edges)
        assert "go round" in str(raised.value) and "→" in str(raised.value)


def test_in_order_puts_each_task_after_those_it_depends_on_and_keeps_ties():
    ids = ["e", "d", "c", "b", "a"]
    assert in_order(ids, []) == ids
    edges = [("a", "c"), ("b", "c"), ("c", "e")]
    ordered = in_order(ids, edges)
    assert ordered == ["d", "b", "a", "c", "e"]
    # Dependencies on ids not listed do not add them.
    assert in_order(["c", "a"], [("a", "c"), ("z", "c")]) == ["a", "c"]


# ---------------------------------------------------------------------- critical path

# Hillier & Lieberman, "Introduction to Operations Research" (chapter "Project
# Management with PERT/CPM"): the Reliable Construction Co. project, its activities'
# durations in weeks and immediate predecessors, and the textbook's table of earliest
# and latest start and finish times and slack (44 weeks; critical path
# A-B-C-E-F-J-L-N). Here a week is one day. ES/LS: first day, EF/LF: the day after
# the last (the textbook counts finish times that way).
RELIABLE = {
    # activity: (duration, predecessors, ES, EF, LS, LF, slack)
    "A": (2, "", 0, 2, 0, 2, 0),  # excavate
    "B": (4, "A", 2, 6, 2, 6, 0),  # lay the foundation
    "C": (10, "B", 6, 16, 6, 16, 0),  # put up the rough wall
    "D": (6, "C", 16, 22, 20, 26, 4),  # put up the roof
    "E": (4, "C", 16, 20, 16, 20, 0),  # install the exterior plumbing
    "F": (5, "E", 20, 25, 20, 25, 0),  # install the interior plumbing
    "G": (7, "D", 22, 29, 26, 33, 4),  # put up the exterior siding
    "H": (9, "EG", 29, 38, 33, 42, 4),  # do the exterior painting
    "I": (7, "C", 16, 23, 18, 25, 2),  # do the electrical work
    "J": (8, "FI", 25, 33, 25, 33, 0),  # put up the wallboard
    "K": (4, "J", 33, 37, 34, 38, 1),  # install the flooring
    "L": (5, "J", 33, 38, 33, 38, 0),  # do the interior painting
    "M": (2, "H", 38, 40, 42, 44, 4),  # install the exterior fixtures
    "N": (6, "KL", 38, 44, 38, 44, 0),  # install the interior fixtures
}


def test_the_critical_path_of_a_textbook_project():
    # Every activity may start on the project's first day (its own start), and lasts
    # its duration: the dependencies alone decide when it can start.
    tasks = {name: span(0, row[0] - 1) for name, row in RELIABLE.items()}
    edges = [(before, name) for name, row in RELIABLE.items() for before in row[1]]

    result = critical_path(tasks, edges)

    for name, (_d, _p, es, ef, ls, lf, slack) in RELIABLE.items():
        got = result.tasks[name]
        assert got.earliest_start == day(es), name
        assert got.earliest_end == day(ef - 1), name
        assert got.latest_start == day(ls), name
        assert got.latest_end == day(lf - 1), name
        assert got.float_days == slack, name
        assert got.critical is (slack == 0)
    assert result.path == list("ABCEFJLN")
    assert result.finish == day(43)  # 44 weeks: days 0 to 43
    assert result.is_critical("J") and not result.is_critical("K")
    assert not result.is_critical("no such task")


def test_an_own_start_is_a_start_no_earlier_than():
    # B may not start before day 10 although A ends on day 4: A has slack, B does not.
    tasks = {"A": span(0, 4), "B": span(10, 12), "C": span(0, 1)}
    result = critical_path(tasks, [("A", "B")])
    assert result.tasks["B"].earliest_start == day(10)
    assert result.tasks["A"].float_days == 5
    assert result.tasks["C"].float_days == 11
    assert result.path == ["B"]
    assert result.finish == day(12)


def test_the_critical_path_leaves_undated_tasks_out():
    tasks = {"A": span(0, 2), "U": Task(), "B": Task(None, day(5))}
    result = critical_path(tasks, [("A", "U"), ("U", "B"), ("A", "B")])
    assert set(result.tasks) == {"A", "B"}
    assert result.tasks["A"].float_days == 2  # the deadline B is on day 5
    assert critical_path({"U": Task()}, []) == type(result)({}, [], None)


# ---------------------------------------------------------------- properties of shift


@st.composite
def plans(draw):
    """Dated tasks, dependencies only from a task to a later one (no loop), and a
    move of one of them."""
    size = draw(st.integers(1, 12))
    tasks = {}
    for task in range(size):
        first = draw(st.integers(0, 60))
        kind = draw(st.sampled_from(["span", "deadline", "start"]))
        length = draw(st.integers(0, 15))
        if kind == "span":
            tasks[task] = span(first, first + length)
        elif kind == "deadline":
            tasks[task] = Task(None, day(first))
        else:
            tasks[task] = Task(day(first), None)
    pairs = draw(st.sets(st.tuples(st.integers(0, size - 1), st.integers(0, size - 1))))
    edges = sorted((a, b) for a, b in pairs if a < b)
    moved_task = draw(st.integers(0, size - 1))
    by = draw(st.integers(-20, 20))
    old = tasks[moved_task]
    moved = {moved_task: Task(old.start and old.start + by * DAY, old.end and old.end + by * DAY)}
    return tasks, edges, moved


@settings(max_examples=300, deadline=None)
@given(plans())
def test_after_a_shift_every_dependency_holds_and_durations_are_kept(plan):
    tasks, edges, moved = plan
    changed = shift(tasks, edges, moved)
    after = {task: changed.get(task, value) for task, value in tasks.items()}
    before = {**tasks, **moved}  # the days asked for, before anything is passed on
    for first, then in edges:
        assert after[then].first > after[first].last
    for task, value in after.items():
        assert value.days == tasks[task].days
        assert value.first >= before[task].first  # nothing earlier than before
        # Only the days move, never which of them is given.
        assert (value.start is None, value.end is None) == (
            tasks[task].start is None,
            tasks[task].end is None,
        )
    assert set(changed) <= set(tasks)
    # Shifting again changes nothing.
    assert shift(after, edges) == {}


@settings(max_examples=200, deadline=None)
@given(plans(), st.data())
def test_fixed_tasks_never_move(plan, data):
    tasks, edges, _moved = plan
    fixed = data.draw(st.sets(st.sampled_from(sorted(tasks))))
    changed = shift(tasks, edges, fixed=fixed)
    assert not fixed & set(changed)
    after = {task: changed.get(task, value) for task, value in tasks.items()}
    for first, then in edges:
        if then not in fixed:
            assert after[then].first > after[first].last


@settings(max_examples=200, deadline=None)
@given(plans())
def test_the_critical_path_ends_on_the_finish_and_follows_the_order(plan):
    tasks, edges, _moved = plan
    result = critical_path(tasks, edges)
    assert result.finish >= max(task.last for task in tasks.values())
    if not edges:
        assert result.finish == max(task.last for task in tasks.values())
    assert result.path, "a plan has at least one critical task"
    assert any(result.tasks[task].earliest_end == result.finish for task in result.path)
    order = in_order(tasks, edges)
    assert result.path == [task for task in order if task in result.path]
    for slack in result.tasks.values():
        assert slack.latest_end <= result.finish
        assert slack.float_days == (slack.latest_end - slack.earliest_end).days
