"""The Gantt pages of a project, a work stream and a consultation: every zoom and
grouping, the table with the same facts, bars movable only by those who may move
them, links left out while their pages do not exist, and a constant number of
queries whatever the number of tasks."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.actions import services_planning
from maillage.actions.models import Action, ActionOwner, Dependency, Phase

from ..consultations.workshop import build_workshop
from ..factories import make_action

pytestmark = pytest.mark.django_db


def get(client, person, address, query=None):
    client.force_login(person)
    response = client.get(address, query or {})
    assert response.status_code == 200
    return response.content.decode()


def project_url(world, board):
    return reverse("projects:gantt", args=[world.collective.slug, board.project.pk])


def stream_url(world, board):
    return reverse("projects:stream_gantt", args=[world.collective.slug, board.streams[0].pk])


@pytest.fixture
def planned(english, board):
    """The board's project with a phase, a chain of three dated tasks, one undated."""
    today = timezone.localdate()
    phase = services_planning.create_phase(
        actor=english.coordinator,
        collective=english.collective,
        project=board.project,
        title="Préparation",
        kind="preparation",
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=20),
    )

    def task(title, start, end, owner):
        return make_action(
            collective=english.collective,
            project=board.project,
            phase=phase,
            title=title,
            created_by=english.coordinator,
            start_date=today + timedelta(days=start) if start is not None else None,
            due_date=today + timedelta(days=end) if end is not None else None,
            owners=[owner],
        )

    a = task("Louer la salle", 0, 4, english.member)
    b = task("Inviter <les> recruteurs", 5, 9, english.facilitator)
    c = task("Faire le bilan", 10, 12, english.facilitator)
    undated = task("Chercher des bénévoles", None, None, english.member)
    for before, after in ((a, b), (b, c)):
        services_planning.add_dependency(actor=english.coordinator, action=after, before=before)
    return a, b, c, undated


@pytest.mark.parametrize("zoom", ["week", "month", "quarter"])
@pytest.mark.parametrize("group", ["phase", "owner"])
def test_the_project_page_draws_the_chart_and_the_table(
    client, english, board, planned, zoom, group
):
    a, b, c, undated = planned
    html = get(
        client, english.observer, project_url(english, board), {"zoom": zoom, "group": group}
    )
    assert f'class="gantt-svg zoom-{zoom}"' in html
    for action in (a, b, c):
        assert f'data-action="{action.pk}"' in html
    # The board's own actions have due dates only: deadlines, drawn too.
    assert html.count('class="gantt-dependency"') == 2
    assert "Inviter &lt;les&gt; recruteurs" in html and "<les>" not in html
    assert 'aria-labelledby="gantt-caption"' in html and 'tabindex="0"' in html
    # Undated tasks are listed under the table, with a link to date them.
    assert "Not dated yet" in html
    assert f'href="{undated.get_absolute_url()}#planning"' in html
    if group == "phase":
        assert '<th scope="rowgroup" colspan="10">Préparation' in html
    else:
        assert f'<th scope="rowgroup" colspan="10">{english.facilitator.display_name}' in html
    # The chosen options stay selected in the GET form.
    assert f'<option value="{zoom}" selected>' in html


def test_the_table_says_critical_and_late_in_words(client, english, board, planned):
    html = get(client, english.observer, project_url(english, board))
    table = html[html.index('<table class="table gantt-table">') : html.index("</table>")]
    rows = re.findall(r'<tr class="gantt-row([^"]*)"', table)
    plan_rows = Action.objects.filter(project=board.project).exclude(start_date=None, due_date=None)
    # Every dated task and the project's milestone.
    assert len(rows) == plan_rows.count() + 1
    assert table.count("<strong>critical</strong>") == 3
    # "Réserver la salle" is two days late (setting.py).
    assert '<strong class="gantt-late-word">late</strong>' in table
    assert "Milestone: Premier café" in table
    assert "Louer la salle" in table.split("Inviter &lt;les&gt; recruteurs")[1].split("</tr>")[0]


def test_only_movable_bars_carry_the_dates_url(client, english, board, planned):
    a, b, c, _undated = planned
    html = get(client, english.observer, project_url(english, board))
    assert "data-move-url" not in html and "gantt-move-form" not in html
    # The member owns A: they may move it, not B.
    html = get(client, english.member, project_url(english, board))
    moves = re.findall(r'data-action="(\d+)"[^>]*data-move-url="([^"]+)"', html)
    dates = reverse("actions:dates", args=[english.collective.slug, a.pk])
    assert dict(moves)[str(a.pk)] == dates and str(b.pk) not in dict(moves)
    assert 'id="gantt-move-form"' in html and "csrfmiddlewaretoken" in html


def test_print_links_and_paper_choose_the_print_stylesheet(client, english, board, planned):
    html = get(client, english.observer, project_url(english, board), {"paper": "a3"})
    assert "css/gantt-print-a3" in html and "css/gantt-print-a4" not in html
    assert "paper=a4&amp;print=1" in html and "paper=a3&amp;print=1" in html
    assert re.search(r'<script src="[^"]*js/gantt[^"]*" defer>', html)
    html = get(client, english.observer, project_url(english, board), {"paper": "x", "zoom": "y"})
    assert "css/gantt-print-a4" in html and 'class="gantt-svg zoom-month"' in html


def test_the_phases_link_is_for_those_who_plan_phases(client, english, board, planned):
    phases = reverse("actions:project_phases", args=[english.collective.slug, board.project.pk])
    observer = get(client, english.observer, project_url(english, board))
    coordinator = get(client, english.coordinator, project_url(english, board))
    assert phases in coordinator and phases not in observer
    # A work stream has no phases of its own: no link, whoever looks.
    stream = get(client, english.coordinator, stream_url(english, board))
    assert "Phases and their dates" not in stream


def test_a_consultations_phases_link_is_for_whoever_runs_it(client, english):
    consultation = build_workshop(english).consultation
    args = [english.collective.slug, consultation.pk]
    url, phases = (
        reverse("actions:consultation_gantt", args=args),
        reverse("actions:consultation_phases", args=args),
    )
    assert phases in get(client, english.facilitator, url)
    assert phases not in get(client, english.member, url)


@pytest.mark.parametrize("group", ["project", "phase", "owner"])
def test_the_work_stream_page_by_project_phase_or_owner(client, english, board, planned, group):
    html = get(client, english.observer, stream_url(english, board), {"group": group})
    assert f'data-action="{planned[0].pk}"' in html
    if group == "project":
        assert '<th scope="rowgroup" colspan="10">Cafés de l&#x27;emploi' in html
    assert "Back to the board" in html


@pytest.mark.parametrize("zoom", ["week", "month", "quarter"])
@pytest.mark.parametrize("group", ["phase", "owner"])
def test_the_consultation_page(client, english, zoom, group):
    workshop = build_workshop(english)
    consultation = workshop.consultation
    services_planning.add_spiral_phases(actor=english.facilitator, consultation=consultation)
    phase = Phase.objects.filter(consultation=consultation).first()
    action = make_action(
        collective=english.collective,
        phase=phase,
        title="Préparer les tables",
        created_by=english.facilitator,
        start_date=timezone.localdate(),
        due_date=timezone.localdate() + timedelta(days=3),
    )
    url = reverse("actions:consultation_gantt", args=[english.collective.slug, consultation.pk])
    html = get(client, english.member, url, {"zoom": zoom, "group": group})
    assert f'data-action="{action.pk}"' in html
    band = phase.title if group == "phase" else "Nobody named"
    assert f'<th scope="rowgroup" colspan="10">{band}' in html
    assert consultation.title in html


def test_a_project_without_tasks_says_so(client, english, board):
    Action.objects.filter(project=board.project).delete()
    html = get(client, english.observer, project_url(english, board))
    assert 'class="gantt-svg' in html and "Milestone: Premier café" in html


def _grow(world, project, count):
    """``count`` more tasks, in chains of four, each owned by the member."""
    today = timezone.localdate()
    actions = Action.objects.bulk_create(
        Action(
            collective=world.collective,
            project=project,
            title=f"Tâche {i}",
            start_date=today + timedelta(days=i % 40),
            due_date=today + timedelta(days=i % 40 + 3),
            created_by=world.coordinator,
        )
        for i in range(count)
    )
    ActionOwner.objects.bulk_create(
        ActionOwner(action=action, user=world.member) for action in actions
    )
    Dependency.objects.bulk_create(
        Dependency(before=actions[i - 1], after=actions[i]) for i in range(1, count) if i % 4
    )


@pytest.mark.parametrize("persona", ["member", "coordinator"])
def test_the_page_takes_the_same_number_of_queries_for_20_and_200_tasks(
    client, english, board, persona
):
    client.force_login(getattr(english, persona))
    address = project_url(english, board)

    def count():
        client.get(address)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address, {"zoom": "week"})
        assert response.status_code == 200
        return len(queries), response.content.decode()

    _grow(english, board.project, 20)
    small, _html = count()
    _grow(english, board.project, 180)
    large, html = count()
    assert large == small
    assert html.count('class="gantt-bar') >= 200
