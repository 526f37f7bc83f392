"""The board's pages, table of contents and columns of counts.

The board shows ``PAGE_SIZE`` projects a page in the order of the work streams; a
stream cut by a page break says "(continued)" on the next page; empty streams keep
their place; the table of contents counts every stream's projects.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maillage.actions.models import Action
from maillage.actions.services import create_action
from maillage.projects import services, views_board
from maillage.projects.models import Project, ProjectComment

from .test_board import board_url, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(views_board, "PAGE_SIZE", 3)


@pytest.fixture
def long_board(english, board):
    """Emploi: 5 projects; Coopération territoriale: 1; then an empty stream."""
    emploi = board.streams[0]
    for number in range(2, 6):
        services.create_project(
            actor=english.coordinator,
            work_stream=emploi,
            title=f"Emploi n°{number}",
            pilots=[english.member],
        )
    services.create_work_stream(
        actor=english.coordinator, collective=english.collective, title="Chantier à venir"
    )
    return board


def rows(html):
    row = (
        r'<article class="card project-card"[^>]*>\s*<div class="card-header">\s*'
        r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>'
    )
    return re.findall(row, html)


def test_a_page_break_continues_the_stream_on_the_next_page(
    client, english, long_board, small_pages
):
    first = page(client, english.member, board_url(english))
    assert rows(first) == ["Cafés de l&#x27;emploi", "Emploi n°2", "Emploi n°3"]
    assert "Page 1 of 2: projects 1 to 3 of 6." in first
    assert "(continued)" not in first and "Chantier à venir</h2>" not in first
    second = page(client, english.member, board_url(english, page=2))
    assert rows(second) == ["Emploi n°4", "Emploi n°5", "Groupement d&#x27;employeurs"]
    assert re.search(r"Emploi <span class=\"meta\">\(continued\)</span>", second)
    # The empty stream keeps its place, after the others, on the last page only.
    assert "Chantier à venir</h2>" in second
    assert second.index("Groupement") < second.index("Chantier à venir</h2>")


def test_out_of_range_or_wrong_pages_fall_back(client, english, long_board, small_pages):
    assert rows(page(client, english.member, board_url(english, page=99)))[-1].startswith(
        "Groupement"
    )
    assert rows(page(client, english.member, board_url(english, page="abc")))[0].startswith("Cafés")


def test_the_contents_count_each_stream_and_filter_to_one(client, english, long_board):
    html = page(client, english.member, board_url(english))
    start = html.index('class="board-contents"')
    contents = html[start : html.index("</nav>", start)]
    assert "(5 projects)" in contents and "(1 project)" in contents and "(0 projects)" in contents
    emploi = long_board.streams[0]
    html = page(client, english.member, board_url(english, stream=emploi.pk))
    assert len(rows(html)) == 5 and "Groupement" not in html
    assert "Chantier à venir</h2>" not in html  # filters hide empty streams
    # The contents still count the other streams, and mark the chosen one.
    assert "(1 project)" in html and 'aria-current="true">Emploi</a>' in html


def test_filters_and_pages_combine(client, english, long_board, small_pages):
    services.set_status(actor=english.coordinator, project=long_board.project, status="paused")
    html = page(client, english.member, board_url(english, status="idea"))
    assert rows(html) == ["Emploi n°2", "Emploi n°3", "Emploi n°4"]
    assert "status=idea&amp;page=2" in html  # the next page keeps the filter
    html = page(client, english.member, board_url(english, status="idea", page=2))
    assert rows(html) == ["Emploi n°5"]


def test_more_actions_and_the_latest_comment(client, english, board):
    for day in (1, 3, 5, 9):
        Action.objects.create(
            collective=english.collective,
            title=f"Étape J+{day}",
            due_date=timezone.localdate() + timedelta(days=day),
            project=board.project,
            created_by=english.coordinator,
        )
    ProjectComment.objects.create(project=board.project, author=english.member, text="Salle OK")
    ProjectComment.objects.create(
        project=board.project, author=english.observer, text="Le café de mars est complet"
    )
    ProjectComment.objects.create(
        project=board.project,
        author=english.member,
        text="Retiré",
        archived_at=timezone.now(),
    )
    html = page(client, english.member, board_url(english))
    # 6 open actions, 3 shown.
    assert "and 3 more" in html
    assert "Le café de mars est complet" in html and "Salle OK" not in html
    assert "2 comments" in html and "Retiré" not in html


def test_every_page_takes_the_same_number_of_queries(client, english, long_board, small_pages):
    # An action on each page: the owners of the actions shown are read in one query,
    # which a page without any action does without.
    create_action(
        actor=english.coordinator,
        collective=english.collective,
        title="Trouver une salle",
        owners=[english.member, english.organisation],
        project=Project.objects.get(title="Emploi n°4"),
    )
    client.force_login(english.member)

    def count(number):
        client.get(board_url(english, page=number))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(board_url(english, page=number)).status_code == 200
        return len(queries)

    assert count(1) == count(2)
