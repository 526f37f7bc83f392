"""A project's page shows the project first; what changes it is behind actions.

Its header has the title, work stream, status, pilots and progress, with one menu
(edit, progress, status, archive) for those who may change the project. Each "add …"
form has its own page, which the page's disclosures load when opened; a form posted
with a mistake comes back on the page, open. Late milestones say so, reached ones are
ticked; the history shows its latest lines, the whole of it on demand. Readers who
may not change the project see nothing that edits.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.projects import services, views
from maillage.projects.models import Milestone, Project

from .test_board import board_url, detail_url, page, url

pytestmark = pytest.mark.django_db

FORMS = ("milestone_add", "need_add", "action_add", "link_add", "comment_add")


def main(html):
    """The page's own content (the site's header has the log-out and language forms)."""
    return html[html.index("<main") : html.index("</main>")]


def test_the_pilot_finds_every_form_behind_a_menu_or_a_closed_disclosure(client, english, board):
    project = board.project
    html = main(page(client, english.member, detail_url(english, project)))
    # The project first: title, work stream, status, pilots and progress in the header.
    header = html[: html.index("collective-nav")]
    for text in ("Cafés de l&#x27;emploi", "Emploi", "Running", str(english.member), "0&nbsp;%"):
        assert text in header, text
    # No form field in the page: each "add …" form is loaded from its own page.
    assert "<textarea" not in html and "<select" not in html
    assert '<details class="disclosure" open' not in html
    for name in FORMS:
        assert f'hx-get="{url(english, name, project)}"' in html, name
    # The header's menu: edit, progress, every other status, archive.
    menu = header[header.index('<details class="menu"') :]
    assert url(english, "edit", project) in menu and url(english, "progress", project) in menu
    statuses = re.findall(r'name="status" value="(\w+)"', menu)
    assert sorted(statuses) == ["abandoned", "done", "feasibility", "idea", "paused"]
    assert f'name="base_version" value="{project.version}"' in menu
    assert url(english, "archive", project) in menu


def test_readers_who_may_not_edit_see_nothing_that_edits(client, english, board):
    project = board.project
    services.add_link(
        actor=english.member, project=project, title="Compte rendu", url="https://example.org/"
    )
    services.add_project_comment(actor=english.member, project=project, text="Bravo")
    html = main(page(client, english.observer, detail_url(english, project)))
    assert "Compte rendu" in html and "Bravo" in html and "Premier café" in html
    assert 'method="post"' not in html
    assert 'class="menu"' not in html and 'class="disclosure"' not in html
    assert "hx-get" not in html
    for name in (*FORMS, "edit", "progress", "status", "archive"):
        assert f'"{url(english, name, project)}"' not in html, name


def test_a_member_who_is_not_a_pilot_volunteers_and_comments_only(client, english, board):
    html = main(page(client, english.facilitator, detail_url(english, board.project)))
    assert "I volunteer" in html
    assert url(english, "volunteer", board.project, board.call.pk) in html
    assert f'hx-get="{url(english, "comment_add", board.project)}"' in html
    for name in ("milestone_add", "need_add", "action_add", "link_add", "edit", "archive"):
        assert f'"{url(english, name, board.project)}"' not in html, name


def test_late_milestones_say_so_and_reached_ones_are_ticked(client, english, board):
    project = board.project
    today = timezone.localdate()
    late = Milestone.objects.create(project=project, title="Deuxième café", due_on=today)
    Milestone.objects.filter(pk=late.pk).update(due_on=today - timedelta(days=3))
    reached = services.add_milestone(
        actor=english.member, project=project, title="Lancement", due_on=today - timedelta(days=9)
    )
    services.reach_milestone(actor=english.member, milestone=reached)

    def row(html, title):
        start = html.rindex("<li", 0, html.index(title))
        return html[start : html.index("</li>", html.index(title))]

    html = main(page(client, english.observer, detail_url(english, project)))
    assert "is-late" in row(html, "Deuxième café") and ">late<" in row(html, "Deuxième café")
    assert "circle-check" in row(html, "Lancement") and "Reached on" in row(html, "Lancement")
    assert "late" not in row(html, "Premier café")  # still to come
    english.observer.language = "fr"
    english.observer.save(update_fields=["language"])
    html = main(page(client, english.observer, detail_url(english, project)))
    assert ">en retard<" in row(html, "Deuxième café")


@pytest.mark.parametrize("name", [*FORMS, "progress"])
def test_each_form_has_its_own_page_for_those_allowed(client, english, board, name):
    address = url(english, name, board.project)
    html = page(client, english.member, address)
    # The part the disclosure loads, with a form that names where it posts.
    part = html[html.index("data-disclosure-content") :]
    assert f'<form method="post" action="{address}"' in part
    assert 'name="csrfmiddlewaretoken"' in part
    assert board.project.get_absolute_url() in html  # back to the project
    client.force_login(english.observer)
    assert client.get(address).status_code == 403
    client.force_login(english.facilitator)  # a member, not a pilot: comments only
    assert client.get(address).status_code == (200 if name == "comment_add" else 403)


def test_a_form_posted_with_a_mistake_comes_back_open_on_the_page(client, english, board):
    client.force_login(english.member)
    response = client.post(
        url(english, "link_add", board.project),
        {"kind": "video", "title": "Notre vidéo", "url": "www example"},
    )
    assert response.status_code == 200
    html = main(response.content.decode())
    opened = re.findall(r'<details class="disclosure" open[^>]*>', html)
    assert len(opened) == 1
    panel = html[html.index(opened[0]) :]
    panel = panel[: panel.index("</details>")]
    assert "Add a link" in panel and "is not a web address" in panel
    assert 'value="Notre vidéo"' in panel
    assert f'action="{url(english, "link_add", board.project)}"' in panel
    # The other forms stay closed, to be loaded on demand.
    assert f'hx-get="{url(english, "milestone_add", board.project)}"' in html


def test_the_progress_page_keeps_a_wrong_value_and_its_message(client, english, board):
    client.force_login(english.member)
    address = url(english, "progress", board.project)
    html = client.get(address).content.decode()
    assert "Set the progress" in html and 'name="progress"' in html
    response = client.post(address, {"progress": "150"})
    html = response.content.decode()
    assert response.status_code == 200 and "0 to 100" in html and 'value="150"' in html
    assert "data-disclosure-content" in html  # its own page, not the project's
    assert Project.objects.get(pk=board.project.pk).progress is None


def test_the_history_shows_its_latest_lines_and_all_of_them_on_demand(client, english, board):
    project = board.project
    today = timezone.localdate()
    for day in range(1, 5):
        services.add_milestone(
            actor=english.member, project=project, title=f"Étape {day}", due_on=today
        )
    total = AuditEvent.objects.filter(
        object_type="projects.project", object_id=str(project.pk)
    ).count()
    assert total > views.HISTORY_SHOWN
    html = page(client, english.observer, detail_url(english, project))
    history = html[html.index('id="history-title"') :]
    assert history.count("<tr>") == 1 + views.HISTORY_SHOWN
    assert '<details class="panel history">' in history  # folded
    assert f"See the whole history ({total} changes)" in history
    assert 'href="?history=all#history-title"' in history
    html = page(client, english.observer, detail_url(english, project) + "?history=all")
    history = html[html.index('id="history-title"') :]
    assert history.count("<tr>") == 1 + total
    assert '<details class="panel history" open>' in history


# ---------------------------------------------------------------------------- the board


def test_a_project_card_offers_editing_only_to_those_who_may(client, english, board):
    cafes, other = board.project, board.other_project
    html = page(client, english.member, board_url(english))  # pilots the Cafés only
    assert url(english, "edit", cafes) in html and url(english, "edit", other) not in html
    html = page(client, english.coordinator, board_url(english))
    assert url(english, "edit", cafes) in html and url(english, "edit", other) in html
    html = page(client, english.observer, board_url(english))
    assert url(english, "edit", cafes) not in html and url(english, "edit", other) not in html
    # Everyone may open the project and its actions on the actions board.
    kanban = reverse("projects:kanban", args=[english.collective.slug])
    assert f"{kanban}?project={cafes.pk}" in html


def test_whether_one_pilots_a_project_is_read_from_its_fetched_pilots(english, board):
    member = english.member
    fetched = (
        Project.objects.select_related("collective")
        .prefetch_related("pilots")
        .get(pk=board.project.pk)
    )
    member.has_perm("projects.view_board", english.collective)  # the role, read once
    with CaptureQueriesContext(connection) as queries:
        assert member.has_perm("projects.change_project", fetched)
    assert len(queries) == 0
    # Without the pilots fetched, it asks the database, with the same answer.
    plain = Project.objects.get(pk=board.other_project.pk)
    assert not member.has_perm("projects.change_project", plain)
