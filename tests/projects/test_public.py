"""The public results page and a public project's page: who reaches them, what they
show (never the people), the status timeline, milestones said in words, and a fixed
number of queries."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from maillage.collectives.models import Visibility
from maillage.projects import services
from maillage.projects.models import Milestone, Project, WorkStream

from ..factories import OrganisationFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def public(world, board):
    """The world's collective made public, its first project shared publicly."""
    world.collective.visibility = Visibility.PUBLIC
    world.collective.save()
    Project.objects.filter(pk=board.project.pk).update(public=True)
    board.project.refresh_from_db()
    return board


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def results_url(world):
    return reverse("projects:public_results", args=[world.collective.slug])


def project_url(world, project):
    return reverse("projects:public_project", args=[world.collective.slug, project.pk])


def test_anonymous_sees_the_public_projects_only(english, world, public):
    response = english.get(results_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert public.project.title.replace("'", "&#x27;") in html
    assert project_url(world, public.project) in html
    assert public.other_project.title.replace("'", "&#x27;") not in html
    assert "Running" in html and "Développement" in html
    # The work stream of the non-public project has nothing to show.
    assert "Coopération territoriale" not in html

    page = english.get(project_url(world, public.project))
    assert page.status_code == 200
    assert "<strong>rencontres</strong>" in page.content.decode()
    assert world.organisation.name in page.content.decode()
    assert english.get(project_url(world, public.other_project)).status_code == 404


def test_overall_figures(english, world, public):
    Project.objects.filter(pk=public.other_project.pk).update(public=True)
    services.set_progress(actor=world.coordinator, project=public.other_project, progress=40)
    # The first project has one milestone, not reached: 0 %; the other, 40 %.
    html = english.get(results_url(world)).content.decode()
    assert "2 projects" in html
    assert "mean progress: 20 %" in html
    assert '<progress max="100" value="40" aria-hidden="true"></progress> 40&nbsp;%' in html
    assert "<caption" in html and "Projects by status" in html


@pytest.mark.parametrize("persona", ["anonymous", "member", "coordinator"])
def test_a_private_collective_has_no_public_results(client, world, board, persona):
    Project.objects.filter(pk=board.project.pk).update(public=True)
    if persona != "anonymous":
        client.force_login(world.persona(persona))
    assert client.get(results_url(world)).status_code == 404
    assert client.get(project_url(world, board.project)).status_code == 404


def test_archived_project_or_work_stream_is_not_public(client, world, public):
    services.archive_project(actor=world.coordinator, project=public.project)
    assert client.get(project_url(world, public.project)).status_code == 404
    assert "Cafés" not in client.get(results_url(world)).content.decode()

    # The service refuses to archive a stream with projects; the page holds anyway.
    Project.objects.filter(pk=public.other_project.pk).update(public=True)
    WorkStream.objects.filter(pk=public.streams[1].pk).update(archived_at=timezone.now())
    assert client.get(project_url(world, public.other_project)).status_code == 404


def test_members_get_404_for_a_project_that_is_not_public(client, world, public):
    client.force_login(world.coordinator)
    assert client.get(project_url(world, public.other_project)).status_code == 404


def test_no_person_is_ever_shown(client, world, public):
    """Pilots, action owners, volunteers and whoever changed the project stay hidden."""
    services.volunteer(actor=world.observer, need=public.call)
    services.set_status(actor=world.coordinator, project=public.project, status="paused")
    pages = [
        client.get(results_url(world)).content.decode(),
        client.get(project_url(world, public.project)).content.decode(),
    ]
    for person in (world.member, world.facilitator, world.coordinator, world.observer):
        for html in pages:
            assert person.display_name not in html
            assert person.email not in html


def test_the_status_timeline_comes_from_the_audit_log(english, world, public):
    services.set_status(actor=world.coordinator, project=public.project, status="paused")
    html = english.get(project_url(world, public.project)).content.decode()
    timeline = html[html.index('id="status-title"') :]
    assert timeline.index("Running") < timeline.index("Paused")
    assert "when the project was created" in timeline
    with translation.override("en"):
        today = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    assert timeline.count(f"<td>{today}</td>") == 2
    assert world.coordinator.display_name not in timeline


def test_milestones_are_marked_in_words(english, world, public):
    project = public.project
    Milestone.objects.create(project=project, title="Café passé", due_on=TODAY() - timedelta(5))
    reached = services.add_milestone(
        actor=world.coordinator, project=project, title="Lancement", due_on=TODAY()
    )
    services.reach_milestone(actor=world.coordinator, milestone=reached)
    html = english.get(project_url(world, project)).content.decode()
    overdue = html[html.index("Café passé") :]
    assert overdue.index("Overdue") < overdue.index("</li>")
    assert "milestone-overdue" in html
    assert "Reached on" in html[html.index("Lancement") :]
    assert "Upcoming" in html[html.index("Premier café") :]


def _grow(world, public, extra):
    """``extra`` more public projects with milestones and partners, over both streams."""
    for index in range(extra):
        project = services.create_project(
            actor=world.coordinator,
            work_stream=public.streams[index % 2],
            title=f"Projet {index}",
            pilots=[world.member],
            partners=[OrganisationFactory()],
            status="running",
            public=True,
        )
        services.add_milestone(
            actor=world.coordinator, project=project, title="Étape", due_on=TODAY()
        )
        services.set_status(actor=world.coordinator, project=project, status="done")


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("logged_in", [False, True])
def test_results_page_reads_a_fixed_number_of_queries(client, world, public, logged_in):
    if logged_in:
        client.force_login(world.member)
    client.get(results_url(world))  # warm up what is read once per process
    small = _queries(client, results_url(world))
    _grow(world, public, 6)
    assert _queries(client, results_url(world)) == small


def test_project_page_reads_a_fixed_number_of_queries(client, world, public):
    url = project_url(world, public.project)
    client.get(url)
    small = _queries(client, url)
    project = public.project
    for index in range(5):
        services.add_milestone(
            actor=world.coordinator, project=project, title=f"Étape {index}", due_on=TODAY()
        )
        project.partners.add(OrganisationFactory())
        services.set_status(
            actor=world.coordinator, project=project, status="paused" if index % 2 else "running"
        )
    assert _queries(client, url) == small
