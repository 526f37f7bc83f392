"""The timeline: a well-formed SVG with today's line, overdue marks drawn differently,
escaped titles, the same facts in a table, constant queries, and the page."""

from datetime import timedelta

import defusedxml.ElementTree as ET
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from maillage.actions.services import create_action
from maillage.projects import services
from maillage.projects.exports import load_board
from maillage.projects.timeline import timeline_items, timeline_svg

pytestmark = pytest.mark.django_db

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
    assert page.count("<svg") == 1
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
