"""The API of the board: work streams, projects as members and as anyone else see
them, a project's progress changed through the projects' services, milestones reached."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.collectives.models import Visibility
from maillage.projects import services
from maillage.projects.models import Milestone, Project

from ..projects.setting import build_board
from .setting import assert_constant_queries, give_tokens, headers


@pytest.fixture
def api(world):
    give_tokens(world)
    world.board = build_board(world)
    return world


def url(world, name, *args):
    return reverse(f"api:{name}", args=[world.collective.slug, *args])


def get(client, world, persona, address, **more):
    response = client.get(address, headers=headers(world, persona) | more)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def patch(client, world, persona, project, body, **more):
    return client.patch(
        url(world, "project-detail", project.pk),
        data=json.dumps(body),
        content_type="application/json",
        headers=headers(world, persona) | more,
    )


def log(project, action):
    return AuditEvent.objects.filter(
        object_type="projects.project", object_id=str(project.pk), action=action
    )


def make_public(world):
    world.collective.visibility = Visibility.PUBLIC
    world.collective.save(update_fields=["visibility"])
    Project.objects.filter(pk=world.board.project.pk).update(public=True)


# ------------------------------------------------------------------------------- reading


def test_members_read_every_project_with_its_pilots(client, api):
    data = get(client, api, "observer", url(api, "project-list"))
    assert data["count"] == 2
    first, second = data["results"]
    assert (first["title"], second["title"]) == ("Cafés de l'emploi", "Groupement d'employeurs")
    assert first["status"] == "running" and first["phase"] == "Développement"
    assert first["work_stream"] == api.board.streams[0].pk
    assert first["pilots"] == [{"name": api.member.display_name, "organisation": "Hospice général"}]
    assert first["partners"] == [{"slug": api.organisation.slug, "name": "Hospice général"}]
    # No figure from the pilots, one milestone not reached yet.
    assert first["progress"] == 0 and first["progress_set"] is None


def test_a_projects_detail_has_its_milestones_needs_and_links(client, api):
    project = api.board.project
    services.add_link(
        actor=api.coordinator, project=project, title="Dossier", url="https://example.org/d"
    )
    data = get(client, api, "member", url(api, "project-detail", project.pk))
    assert data["content"].startswith("Des **rencontres**")
    assert data["milestones"] == [
        {
            "id": api.board.milestone.pk,
            "title": "Premier café",
            "due_on": api.board.milestone.due_on.isoformat(),
            "reached": False,
            "reached_on": None,
        }
    ]
    assert [need["kind"] for need in data["needs"]] == ["volunteers"]
    assert data["links"][0]["url"] == "https://example.org/d"
    assert data["version"] == project.version


def test_anyone_reads_the_public_projects_of_a_public_collective_without_people(client, api):
    make_public(api)
    for persona in ("anonymous", "outsider"):
        data = get(client, api, persona, url(api, "project-list"))
        assert [row["title"] for row in data["results"]] == ["Cafés de l'emploi"]
        assert data["results"][0]["pilots"] is None
        detail = get(client, api, persona, url(api, "project-detail", api.board.project.pk))
        assert detail["pilots"] is None and detail["needs"] is None and detail["links"] is None
        assert detail["milestones"][0]["title"] == "Premier café"
        assert api.member.display_name not in json.dumps(detail)
        hidden = client.get(
            url(api, "project-detail", api.board.other_project.pk), headers=headers(api, persona)
        )
        assert hidden.status_code == 404
        streams = get(client, api, persona, url(api, "workstream-list"))
        assert [row["title"] for row in streams["results"]] == ["Emploi"]


def test_a_private_collectives_projects_are_not_found_by_outsiders(client, api):
    response = client.get(url(api, "project-list"), headers=headers(api, "outsider"))
    assert response.status_code == 404


def test_filters_and_ordering(client, api):
    address = url(api, "project-list")
    by_stream = get(client, api, "observer", f"{address}?stream={api.board.streams[1].pk}")
    assert [row["title"] for row in by_stream["results"]] == ["Groupement d'employeurs"]
    running = get(client, api, "observer", f"{address}?status=running")
    assert [row["title"] for row in running["results"]] == ["Cafés de l'emploi"]
    assert get(client, api, "observer", f"{address}?public=true")["count"] == 0
    mine = get(client, api, "facilitator", f"{address}?pilot=me")
    assert [row["title"] for row in mine["results"]] == ["Groupement d'employeurs"]
    assert get(client, api, "observer", f"{address}?pilot=me")["count"] == 0
    ordered = get(client, api, "observer", f"{address}?ordering=-title")
    assert [row["title"] for row in ordered["results"]] == [
        "Groupement d'employeurs",
        "Cafés de l'emploi",
    ]
    paged = get(client, api, "observer", f"{address}?page_size=1&page=2")
    assert paged["count"] == 2 and [row["title"] for row in paged["results"]] == [
        "Groupement d'employeurs"
    ]


def test_the_list_reads_a_constant_number_of_queries(client, api):
    stream = api.board.streams[0]
    today = timezone.localdate()

    def add_rows(n):
        for i in range(n):
            project = services.create_project(
                actor=api.coordinator,
                work_stream=stream,
                title=f"Projet {Project.objects.count()} {i}",
                pilots=[api.member, api.facilitator],
                partners=[api.organisation],
            )
            services.add_milestone(
                actor=api.coordinator, project=project, title="Jalon", due_on=today
            )

    assert_constant_queries(client, url(api, "project-list"), headers(api, "member"), add_rows)


def test_the_work_streams_list_reads_a_constant_number_of_queries(client, api):
    def add_rows(n):
        for i in range(n):
            services.create_work_stream(
                actor=api.coordinator, collective=api.collective, title=f"Chantier {i}"
            )

    assert_constant_queries(client, url(api, "workstream-list"), headers(api, "member"), add_rows)


# ------------------------------------------------------------------------------ progress


def test_a_pilot_updates_the_progress_through_the_services(client, api):
    project = api.board.project
    response = patch(
        client,
        api,
        "member",
        project,
        {"version": project.version, "status": "paused", "progress": 40, "phase": "Pause"},
    )
    assert response.status_code == 200, response.content
    project.refresh_from_db()
    assert (project.status, project.progress, project.phase) == ("paused", 40, "Pause")
    data = response.json()
    assert data["status"] == "paused" and data["progress"] == 40
    assert data["version"] == project.version
    assert log(project, "projects.status_changed").get().after == {"status": "paused"}
    assert log(project, "projects.progress_set").get().after == {"progress": 40}
    assert log(project, "projects.project_updated").get().actor == api.member


def test_clearing_the_progress_follows_the_milestones(client, api):
    project = api.board.project
    services.set_progress(actor=api.coordinator, project=project, progress=70)
    project.refresh_from_db()
    services.reach_milestone(actor=api.coordinator, milestone=api.board.milestone)
    response = patch(
        client, api, "coordinator", project, {"version": project.version, "progress": None}
    )
    assert response.status_code == 200, response.content
    assert response.json()["progress"] == 100 and response.json()["progress_set"] is None


def test_a_change_made_since_the_version_read_is_a_conflict(client, api):
    project = api.board.project
    read = project.version
    services.set_status(actor=api.coordinator, project=project, status="paused")
    response = patch(client, api, "member", project, {"version": read, "status": "done"})
    assert response.status_code == 409
    assert "Quelqu'un a modifié ce projet" in response.json()["detail"]
    project.refresh_from_db()
    assert project.status == "paused" and project.version == read + 1
    english = patch(
        client,
        api,
        "member",
        project,
        {"version": read, "progress": 5},
        **{"Accept-Language": "en"},
    )
    assert english.status_code == 409
    assert english.json()["detail"].startswith("Someone changed this project")
    project.refresh_from_db()
    assert project.progress is None


def test_bad_values_are_refused_and_nothing_changes(client, api):
    project = api.board.project
    for body, field in (
        ({"version": project.version, "progress": 150}, "progress"),
        ({"version": project.version, "status": "finished"}, "status"),
        ({"status": "done"}, "version"),
    ):
        response = patch(client, api, "member", project, body)
        assert response.status_code == 400
        assert field in response.json()
    project.refresh_from_db()
    assert (project.status, project.progress) == ("running", None)
    assert not log(project, "projects.status_changed").exists()


def test_those_who_may_not_edit_the_project_are_refused(client, api):
    project = api.board.project
    for persona in ("facilitator", "reader"):
        response = patch(client, api, persona, project, {"version": 1, "status": "done"})
        assert response.status_code == 403
    project.refresh_from_db()
    assert project.status == "running"


# ---------------------------------------------------------------------------- milestones


def test_a_milestone_reached_is_a_result(client, api):
    project, milestone = api.board.project, api.board.milestone
    address = url(api, "project-reach-milestone", project.pk, milestone.pk)
    day = timezone.localdate() - timedelta(days=1)
    response = client.post(
        address,
        data=json.dumps({"reached_on": day.isoformat()}),
        content_type="application/json",
        headers=headers(api, "member"),
    )
    assert response.status_code == 200, response.content
    assert response.json()["milestones"][0]["reached"] is True
    assert response.json()["progress"] == 100
    assert Milestone.objects.get(pk=milestone.pk).reached_on == day
    assert log(project, "projects.milestone_reached").count() == 1
    again = client.post(
        address, data="{}", content_type="application/json", headers=headers(api, "member")
    )
    assert again.status_code == 400
    assert again.json()["detail"] == "Ce jalon est déjà atteint."
    assert log(project, "projects.milestone_reached").count() == 1
