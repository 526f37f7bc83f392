"""The Gantt page in Chromium: axe-clean, its table's region reached with Tab and
scrolled with the arrow keys, and a bar dragged with the mouse moves its task and the
task that depends on it (checked in the database)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.actions import services_planning
from maillage.actions.models import Action

from ..factories import make_action
from ..projects.setting import build_board

pytestmark = pytest.mark.browser


def _planned(world, count=40):
    """The board's project with ``count`` chained tasks (a chain of two, then singles)."""
    board = build_board(world)
    today = timezone.localdate()
    tasks = [
        make_action(
            collective=world.collective,
            project=board.project,
            title=f"Tâche {i}",
            created_by=world.coordinator,
            start_date=today + timedelta(days=i % 20),
            due_date=today + timedelta(days=i % 20 + 4),
            owners=[world.member],
        )
        for i in range(count)
    ]
    first, second = tasks[0], tasks[1]
    Action.objects.filter(pk=second.pk).update(
        start_date=today + timedelta(days=5), due_date=today + timedelta(days=8)
    )
    services_planning.add_dependency(actor=world.coordinator, action=second, before=first)
    return board, first, second


def _gantt(live_server, world, board, query=""):
    path = reverse("projects:gantt", args=[world.collective.slug, board.project.pk])
    return f"{live_server.url}{path}{query}"


def test_the_page_is_axe_clean_and_its_table_scrolls_by_keyboard(
    page, live_server, world, log_in, axe_check
):
    board, _first, _second = _planned(world)
    log_in(world.observer)
    page.set_viewport_size({"width": 900, "height": 700})
    page.goto(_gantt(live_server, world, board))
    axe_check(page)
    region = page.locator(".gantt-table-region")
    assert region.get_attribute("tabindex") == "0"
    # Tab through the page until the table's region has the focus.
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('gantt-table-region')"):
            break
    else:
        pytest.fail("The table's region is not reachable with Tab.")
    before = region.evaluate("node => [node.scrollLeft, node.scrollTop]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Keyboard scrolling may be smooth: wait for it to land.
    page.wait_for_function(
        "() => { const n = document.querySelector('.gantt-table-region');"
        " return n.scrollLeft > 0 && n.scrollTop > 0; }",
        timeout=5000,
    )
    after = region.evaluate("node => [node.scrollLeft, node.scrollTop]")
    assert after != before and after[0] >= before[0] and after[1] >= before[1]
    # The other zooms are axe-clean too.
    for zoom in ("week", "quarter"):
        page.goto(_gantt(live_server, world, board, f"?zoom={zoom}&group=owner"))
        axe_check(page)


def test_a_bar_dragged_with_the_mouse_moves_its_task_and_its_dependant(
    page, live_server, world, log_in
):
    board, first, second = _planned(world, count=3)
    log_in(world.coordinator)
    page.goto(_gantt(live_server, world, board, "?zoom=week"))
    bar = page.locator(f'.gantt-bar[data-action="{first.pk}"] .gantt-rect')
    box = bar.bounding_box()
    day = float(page.locator(".gantt-svg").get_attribute("data-day-width"))
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 7):
        page.mouse.move(x + step * day / 2, y)
    assert page.locator("#gantt-status").inner_text().strip()
    with page.expect_navigation():
        page.mouse.up()
    first.refresh_from_db()
    second.refresh_from_db()
    today = timezone.localdate()
    assert (first.start_date, first.due_date) == (
        today + timedelta(days=3),
        today + timedelta(days=7),
    )
    # The dependant started the day after the 5th; it starts after the 7th now.
    assert second.start_date == today + timedelta(days=8)
    assert second.due_date == today + timedelta(days=11)
