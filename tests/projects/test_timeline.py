"""The timeline: a well-formed SVG with today's line, overdue marks drawn differently,
escaped titles, the same facts in a table, constant queries, and the page."""

import ast
import re
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import defusedxml.ElementTree as ET
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from reportlab.pdfbase.pdfmetrics import stringWidth

from maillage.actions.services import create_action
from maillage.core import charts as charts_module
from maillage.projects import services
from maillage.projects import timeline as timeline_module
from maillage.projects.exports import load_board
from maillage.projects.timeline import month_name, timeline_items, timeline_svg

NS = {"svg": "http://www.w3.org/2000/svg"}


def _svg(world, today=None):
    today = today or timezone.localdate()
    with translation.override("en"):
        return timeline_svg(load_board(world.collective), today)


def _late_milestone(world, board):
    milestone = services.add_milestone(
        actor=world.coordinator,
        project=board.project,
        title="Bilan de mi-parcours",
        due_on=timezone.localdate() - timedelta(days=5),
    )
    return milestone


def test_svg_parses_with_title_desc_today_and_months(world, board):
    root = ET.fromstring(_svg(world))
    assert root.get("role") == "img"
    assert root.find("svg:title", NS).text == "Timeline of the projects"
    assert "2 work streams, 2 projects" in root.find("svg:desc", NS).text
    assert root.findall(".//svg:line[@class='today']", NS)
    labels = [t.text for t in root.iter(f"{{{NS['svg']}}}text")]
    assert any(label and label.startswith("Today") for label in labels)
    assert len(root.findall(".//svg:text[@class='month']", NS)) >= 3
    titles = [t.text for t in root.iter(f"{{{NS['svg']}}}text")]
    assert "Emploi" in titles and "Coopération territoriale" in titles
    # The project with dates has a bar; the other has none and says so.
    assert len(root.findall(".//svg:rect[@class='bar']", NS)) == 1
    assert len(root.findall(".//svg:text[@class='no-dates']", NS)) == 1


def test_overdue_milestone_and_action_are_marked_by_shape(world, board):
    _late_milestone(world, board)
    root = ET.fromstring(_svg(world))
    late = root.findall(".//svg:polygon[@class='milestone overdue']", NS)
    assert len(late) == 1
    assert late[0].get("fill") == "url(#timeline-hatch)"  # a pattern, not colour alone
    assert "Bilan de mi-parcours" in late[0].find("svg:title", NS).text
    # The milestone to come is not overdue; the overdue action is a triangle.
    assert len(root.findall(".//svg:polygon[@class='milestone']", NS)) == 1
    late_actions = root.findall(".//svg:polygon[@class='action-tick overdue']", NS)
    assert ["Réserver la salle" in a.find("svg:title", NS).text for a in late_actions] == [True]
    assert len(root.findall(".//svg:line[@class='action-tick']", NS)) == 1


def test_reached_milestone_is_filled_not_overdue(world, board):
    milestone = _late_milestone(world, board)
    services.reach_milestone(actor=world.coordinator, milestone=milestone)
    root = ET.fromstring(_svg(world))
    assert not root.findall(".//svg:polygon[@class='milestone overdue']", NS)
    reached = root.findall(".//svg:polygon[@class='milestone reached']", NS)
    assert len(reached) == 1 and reached[0].get("fill") != "#fff"


def test_titles_are_escaped(world, board):
    services.create_project(
        actor=world.coordinator,
        work_stream=board.streams[1],
        title="<script>alert(1)</script>",
        pilots=[world.facilitator],
        starts_on=timezone.localdate(),
    )
    svg = _svg(world)
    assert "<script>" not in svg
    root = ET.fromstring(svg)
    titles = [t.text for t in root.findall(".//svg:text[@class='project-title']/svg:title", NS)]
    assert "<script>alert(1)</script>" in titles


def test_items_give_the_same_facts(world, board):
    _late_milestone(world, board)
    today = timezone.localdate()
    items = timeline_items(load_board(world.collective), today)
    cafe = items[0]
    assert cafe["project"] == board.project
    assert cafe["start"] == board.project.starts_on and cafe["end"] == board.project.ends_on
    assert [(m["title"], m["late"]) for m in cafe["milestones"]] == [
        ("Bilan de mi-parcours", True),
        ("Premier café", False),
    ]
    assert [(a["title"], a["late"]) for a in cafe["actions"]] == [
        ("Réserver la salle", True),
        ("Inviter les recruteurs", False),
    ]


def test_project_without_dates_uses_its_milestones(world, board):
    today = timezone.localdate()
    services.add_milestone(
        actor=world.coordinator, project=board.other_project, title="A", due_on=today
    )
    services.add_milestone(
        actor=world.coordinator,
        project=board.other_project,
        title="B",
        due_on=today + timedelta(days=40),
    )
    items = timeline_items(load_board(world.collective), today)
    assert (items[1]["start"], items[1]["end"]) == (today, today + timedelta(days=40))


def test_page_constant_queries_and_stream_filter(client, world, board):
    client.force_login(world.observer)
    url = reverse("projects:timeline", args=[world.collective.slug])
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<svg") - page.count('<svg class="icon"') == 1
    # The same facts as a table under the picture: one row per project.
    assert page.count('<th scope="row"') == 2
    for i in range(5):
        project = services.create_project(
            actor=world.coordinator,
            work_stream=board.streams[i % 2],
            title=f"Projet {i}",
            pilots=[world.member],
        )
        services.add_milestone(
            actor=world.coordinator,
            project=project,
            title=f"Jalon {i}",
            due_on=timezone.localdate(),
        )
        create_action(
            actor=world.coordinator,
            collective=world.collective,
            title=f"Action {i}",
            owners=[world.member],
            due_date=timezone.localdate(),
            project=project,
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(few) == len(many)
    assert "Projet 4" in response.content.decode()

    response = client.get(url, {"stream": board.streams[1].pk})
    page = response.content.decode()
    assert "Groupement d&#x27;employeurs" in page or "Groupement d'employeurs" in page
    assert "Cafés de l" not in page
    # An unknown stream shows them all.
    assert "Cafés de l" in client.get(url, {"stream": "999999"}).content.decode()


# ------------------------------------------------------------------ the months' axis


def _streams(start, end):
    """One work stream with one project from ``start`` to ``end`` (no database)."""
    project = SimpleNamespace(
        title="Projet", starts_on=start, ends_on=end, live_milestones=[], open_actions=[]
    )
    return [SimpleNamespace(title="Chantier", projects=[project])]


def _measured(text, size, bold=False):
    """A text's width from real font metrics (Helvetica, 15 % wider for the wider
    sans-serif fonts such as DejaVu Sans), not from the module's own estimate."""
    font = "Helvetica-Bold" if bold else "Helvetica"
    return stringWidth(text, font, float(size)) * 1.15


def _boxes(svg):
    """(text, left, right, top, bottom) of the axis' labels: months and today's."""
    root = ET.fromstring(svg)
    boxes = []
    for node in root.iter(f"{{{NS['svg']}}}text"):
        if node.get("class") not in ("month", "today-label"):
            continue
        size = float(node.get("font-size"))
        width = _measured(node.text, size, node.get("font-weight") == "bold")
        x, y = float(node.get("x")), float(node.get("y"))
        left = x - width if node.get("text-anchor") == "end" else x
        boxes.append((node.text, left, left + width, y - 0.8 * size, y + 0.25 * size))
    return root, boxes


def _overlap(a, b):
    return a[1] < b[2] and b[1] < a[2] and a[3] < b[4] and b[3] < a[4]


TODAY = date(2026, 6, 15)
RANGES = {
    "1 month": (date(2026, 6, 1), date(2026, 6, 30)),
    "6 months": (date(2026, 6, 1), date(2026, 11, 30)),
    "3 years": (date(2026, 6, 1), date(2029, 5, 31)),
    "10 years": (date(2026, 6, 1), date(2036, 5, 31)),
}


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("span", list(RANGES))
def test_axis_labels_never_overlap_nor_pass_the_right_edge(span, language):
    start, end = RANGES[span]
    for today in (TODAY, end):  # today's label in the middle, then at the right edge
        with translation.override(language):
            root, boxes = _svg_root_and_boxes(start, end, today)
        width = float(root.get("width"))
        months = [box for box in boxes if box[0] and not box[0].startswith(("Today", "Aujourd"))]
        assert len(months) >= 2, (span, [b[0] for b in boxes])
        for i, box in enumerate(boxes):
            assert box[1] >= 0 and box[2] <= width, (span, box, width)
            for other in boxes[i + 1 :]:
                assert not _overlap(box, other), (span, box, other)


def _svg_root_and_boxes(start, end, today):
    return _boxes(timeline_svg(_streams(start, end), today))


def test_the_axis_is_thinned_as_the_range_grows():
    texts = {}
    for span, (start, end) in RANGES.items():
        with translation.override("fr"):
            _root, boxes = _svg_root_and_boxes(start, end, TODAY)
        texts[span] = [b[0] for b in boxes if not b[0].startswith("Aujourd")]
    assert texts["1 month"] == ["juin 2026", "juil."]
    assert texts["6 months"] == ["juin 2026", "juil.", "août", "sept.", "oct.", "nov."]
    assert texts["3 years"][:3] == ["juil. 2026", "janv. 2027", "juil."]
    assert texts["10 years"] == [str(year) for year in range(2027, 2037)]


def test_french_months_are_the_cldr_abbreviations_june_and_july_apart():
    with translation.override("fr"):
        names = [month_name(date(2026, month, 1)) for month in range(1, 13)]
    assert names == [
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ]
    with translation.override("en"):
        assert month_name(date(2026, 6, 1)) != month_name(date(2026, 7, 1))


def _timeline_messages():
    """The English texts the timeline writes (gettext calls of timeline.py and of the
    chart helpers it shares with the Gantt charts, core/charts.py)."""
    messages = set()
    for module in (timeline_module, charts_module):
        messages |= _messages_of(module)
    return messages


def _messages_of(module):
    tree = ast.parse(Path(module.__file__).read_text())
    messages = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_", "pgettext_lazy"):
            messages.add(node.args[-1].value)
    return messages


def test_every_text_of_the_timeline_is_in_french(client, world, board):
    messages = _timeline_messages()
    assert {"Today", "No dates yet", "Jun", "Jul"} <= messages
    with translation.override("fr"):
        untranslated = [
            message
            for message in messages
            if translation.gettext(message) == message
            and not any(
                translation.pgettext(context, message) != message
                for context in ("abbreviated month",)
            )
        ]
    assert untranslated == []

    world.observer.language = "fr"
    world.observer.save(update_fields=["language"])
    client.force_login(world.observer)
    page = client.get(reverse("projects:timeline", args=[world.collective.slug])).content.decode()
    assert "Aujourd&#x27;hui" in page or "Aujourd'hui" in page
    assert "Pas encore de dates" in page
    english = [
        message
        for message in messages
        if "%(" not in message and re.search(rf"\b{re.escape(message)}\b", page)
    ]
    assert english == []
