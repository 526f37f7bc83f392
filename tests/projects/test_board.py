"""The board and the project pages, by role: filters, a constant number of queries,
the project's page with its timeline, safe content, volunteers, and refused input."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.actions.models import Action, ActionOwner
from maillage.collectives import services as collectives_services
from maillage.collectives.models import Membership, Role
from maillage.core.content import MAX_LENGTH
from maillage.meetings.models import Decision
from maillage.projects import services, views_board
from maillage.projects.models import Milestone, Need, Project, WorkStream

from ..factories import OrganisationFactory
from ..meetings.setting import build_meeting

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def board_url(world, **query):
    url = reverse("projects:board", args=[world.collective.slug])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def detail_url(world, project):
    return reverse("projects:detail", args=[world.collective.slug, project.pk])


def url(world, name, project, *more):
    return reverse(f"projects:{name}", args=[world.collective.slug, project.pk, *more])


def page(client, person, address):
    client.force_login(person)
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


# ----------------------------------------------------------------------------- board


def test_the_board_shows_streams_projects_pilots_actions_and_needs(client, english, board):
    html = page(client, english.observer, board_url(english))
    assert html.index("Emploi") < html.index("Coopération territoriale")
    assert "Cafés de l&#x27;emploi" in html and "Groupement d&#x27;employeurs" in html
    assert "<strong>rencontres</strong>" in html  # the content, rendered
    assert str(english.member) in html and "Hospice général" in html  # pilot and organisation
    assert "Réserver la salle" in html and "Overdue" in html
    assert "Inviter les recruteurs" in html
    assert "Funding sought" in html and "25,000\u00a0EUR" in html
    assert "0&nbsp;%" in html  # one milestone, none reached
    # Observers read; they neither add work streams nor projects.
    assert reverse("projects:create", args=[english.collective.slug]) not in html
    assert reverse("projects:work_stream_add", args=[english.collective.slug]) not in html


def test_coordinators_get_the_forms_to_add_streams_and_projects(client, english, board):
    html = page(client, english.coordinator, board_url(english))
    assert reverse("projects:create", args=[english.collective.slug]) in html
    assert reverse("projects:work_stream_add", args=[english.collective.slug]) in html
    assert (
        reverse("projects:work_stream_edit", args=[english.collective.slug, board.streams[0].pk])
        in html
    )


def test_only_the_three_nearest_actions_show(client, english, board):
    for day in (1, 3, 5, 9):
        Action.objects.create(
            collective=english.collective,
            title=f"Étape J+{day}",
            due_date=TODAY() + timedelta(days=day),
            project=board.project,
            created_by=english.coordinator,
        )
    html = page(client, english.member, board_url(english))
    assert "Réserver la salle" in html and "Étape J+1" in html and "Étape J+3" in html
    assert "Étape J+5" not in html and "Inviter les recruteurs" not in html


def test_outsiders_and_visitors_do_not_see_the_board(client, world, board):
    assert client.get(board_url(world)).status_code == 302
    client.force_login(world.outsider)
    assert client.get(board_url(world)).status_code == 404


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"status": "feasibility"}, "Groupement", "Cafés"),
        ({"status": "running"}, "Cafés", "Groupement"),
        ({"overdue": "on"}, "Cafés", "Groupement"),
        ({"status": "nonsense"}, "Cafés", None),  # a wrong value is ignored
    ],
)
def test_the_board_filters(client, english, board, query, shown, hidden):
    html = page(client, english.member, board_url(english, **query))
    assert shown in html
    if hidden:
        assert hidden not in html


def test_the_board_filters_by_pilot_and_organisation(client, english, board):
    html = page(client, english.member, board_url(english, pilot=english.facilitator.pk))
    assert "Groupement" in html and "Cafés" not in html
    # The member represents the organisation; the project also has it as partner.
    html = page(client, english.member, board_url(english, organisation=english.organisation.pk))
    assert "Cafés" in html and "Groupement" not in html
    partner = OrganisationFactory(name="Ville de Genève")
    english.collective.organisations.add(partner)
    board.other_project.partners.add(partner)
    html = page(client, english.member, board_url(english, organisation=partner.pk))
    assert "Groupement" in html and "Cafés" not in html
    # A pilot's organisation counts too.
    Membership.objects.filter(user=english.facilitator).update(organisation=partner)
    board.other_project.partners.clear()
    html = page(client, english.member, board_url(english, organisation=partner.pk))
    assert "Groupement" in html and "Cafés" not in html
    html = page(client, english.member, board_url(english, pilot=english.observer.pk))
    assert "No project matches these filters." in html


def _grow(world, streams, projects, actions):
    """Adds rows in bulk: work streams, projects with a pilot of their own (with an
    organisation) and a partner, milestones, needs and open actions."""
    organisation = OrganisationFactory()
    world.collective.organisations.add(organisation)
    start = WorkStream.objects.count()
    new_streams = WorkStream.objects.bulk_create(
        WorkStream(collective=world.collective, title=f"Chantier {start + i}", position=start + i)
        for i in range(streams)
    )
    people = User.objects.bulk_create(
        User(email=f"p{start}-{i}@example.org", display_name=f"Pilote {start}-{i}")
        for i in range(projects)
    )
    Membership.objects.bulk_create(
        Membership(user=p, collective=world.collective, role=Role.MEMBER, organisation=organisation)
        for p in people
    )
    new_projects = Project.objects.bulk_create(
        Project(
            collective=world.collective,
            work_stream=new_streams[i % streams],
            title=f"Projet {start}-{i}",
            content="Du **texte**.",
            status="running",
            created_by=world.coordinator,
        )
        for i in range(projects)
    )
    Project.pilots.through.objects.bulk_create(
        Project.pilots.through(project=p, user=u) for p, u in zip(new_projects, people, strict=True)
    )
    Project.partners.through.objects.bulk_create(
        Project.partners.through(project=p, organisation=organisation) for p in new_projects
    )
    Milestone.objects.bulk_create(
        Milestone(project=p, title="Jalon", due_on=TODAY(), reached_on=TODAY() if i % 2 else None)
        for i, p in enumerate(new_projects)
    )
    Need.objects.bulk_create(
        Need(project=p, kind="volunteers", description="Des bras") for p in new_projects
    )
    made = Action.objects.bulk_create(
        Action(
            collective=world.collective,
            title=f"Action {i}",
            due_date=TODAY() + timedelta(days=i % 20 - 5),
            project=new_projects[i % projects],
            created_by=world.coordinator,
        )
        for i in range(actions)
    )
    ActionOwner.objects.bulk_create(
        ActionOwner(action=action, user=people[i % projects]) for i, action in enumerate(made)
    )


@pytest.mark.parametrize("query", [{}, {"overdue": "on", "organisation": "x"}])
def test_the_board_takes_the_same_number_of_queries_whatever_its_size(client, world, query):
    client.force_login(world.coordinator)
    address = reverse("projects:board", args=[world.collective.slug])

    def count():
        client.get(address, query)  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address, query)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    _grow(world, streams=2, projects=3, actions=5)
    small, _html = count()
    _grow(world, streams=4, projects=37, actions=295)
    assert Project.objects.count() == 40 and Action.objects.count() == 300
    large, html = count()
    assert large == small
    if not query:
        # One page of the board (the table of contents counts them all).
        assert html.count('class="card project-card"') == views_board.PAGE_SIZE
        assert "projets 1 à 25 sur 40" in html


def test_the_board_query_count_is_bounded(client, world, board, django_assert_max_num_queries):
    _grow(world, streams=6, projects=40, actions=300)
    client.force_login(world.member)
    with django_assert_max_num_queries(30):
        assert client.get(board_url(world)).status_code == 200


# ------------------------------------------------------------------------ project page


def test_the_project_page_shows_everything_and_its_timeline(client, english, board):
    services.set_status(actor=english.member, project=board.project, status="paused")
    html = page(client, english.observer, detail_url(english, board.project))
    for text in (
        "Cafés de l&#x27;emploi",
        str(english.member),
        "Hospice général",
        "Paused",
        "Développement",
        "Premier café",
        "Accueillir les personnes",
        "Réserver la salle",
        "Inviter les recruteurs",
        "Overdue",
    ):
        assert text in html, text
    assert board.actions[0].get_absolute_url() in html
    history = html[html.index('id="history-title"') :]
    assert history.count("<tr>") == 5  # header + 4 changes
    # Newest first, the status in words.
    assert history.index("Paused") < history.index("Premier café")
    assert "paused" not in history and "Status:</strong>" in history
    # Observers do not edit.
    assert url(english, "edit", board.project) not in html


def test_a_funding_need_shows_amount_currency_and_who_was_approached(client, english, board):
    html = page(client, english.member, detail_url(english, board.other_project))
    assert "25,000\u00a0EUR" in html and "Département, fondation" in html


def test_content_is_rendered_safely(client, english, board):
    services.update_project(
        actor=english.member,
        project=board.project,
        base_version=board.project.version,
        content="Bonjour <script>alert('x')</script> [lien](javascript:alert(1)) "
        "[site](https://example.org) <img src=x onerror=alert(1)>",
    )
    for address in (detail_url(english, board.project), board_url(english)):
        html = page(client, english.member, address)
        # No tag comes from the content: at most escaped text (as in the timeline).
        assert "<script>alert" not in html and "<img src=x" not in html
        assert 'href="javascript' not in html
    assert '<a href="https://example.org" rel="noopener noreferrer">site</a>' in html


def test_volunteers_are_seen_by_pilots_and_coordinators_only(client, english, board):
    services.volunteer(actor=english.facilitator, need=board.call, message="Le mardi")
    address = detail_url(english, board.project)
    for person in (english.member, english.coordinator):
        html = page(client, person, address)
        assert str(english.facilitator) in html and "Le mardi" in html
    html = page(client, english.observer, address)
    assert "Le mardi" not in html and "Sign up" not in html
    html = page(client, english.facilitator, address)
    assert "Le mardi" not in html and "Withdraw" in html


def test_members_sign_up_once_and_may_withdraw(client, english, board):
    client.force_login(english.facilitator)
    address = url(english, "volunteer", board.project, board.call.pk)
    assert "Sign up" in client.get(detail_url(english, board.project)).content.decode()
    client.post(address, {"message": "Avec plaisir"})
    html = client.post(address, {}, follow=True).content.decode()
    assert "You have already signed up" in html
    signup = board.call.signups.get()
    client.post(url(english, "withdraw", board.project, signup.pk))
    signup.refresh_from_db()
    assert signup.withdrawn_at is not None


# ---------------------------------------------------------------------- refused input


def test_a_bad_amount_keeps_the_input_and_shows_the_message(client, english, board):
    client.force_login(english.member)
    data = {"kind": "funding", "description": "Location de salle", "currency": "CHF"}
    for amount, message in (("-300", "more than zero"), ("trois cents", "is not an amount")):
        response = client.post(url(english, "need_add", board.project), data | {"amount": amount})
        html = response.content.decode()
        assert response.status_code == 200 and message in html
        assert f'value="{amount}"' in html and "Location de salle" in html
    response = client.post(
        url(english, "need_add", board.project), data | {"amount": "300", "currency": "XAU"}
    )
    assert "Unknown currency “XAU”" in response.content.decode()
    assert not Need.objects.filter(description="Location de salle").exists()


def test_a_milestone_after_the_end_keeps_the_input(client, english, board):
    client.force_login(english.member)
    late = (board.project.ends_on + timedelta(days=5)).isoformat()
    response = client.post(
        url(english, "milestone_add", board.project), {"title": "Bilan final", "due_on": late}
    )
    html = response.content.decode()
    assert "after the project&#x27;s end" in html
    assert 'value="Bilan final"' in html and late in html
    assert not Milestone.objects.filter(title="Bilan final").exists()


def _edit_data(world, board, **changes):
    project = board.project
    return {
        "title": project.title,
        "work_stream": project.work_stream_id,
        "content": project.content,
        "pilots": [world.member.pk],
        "partners": [world.organisation.pk],
        "phase": project.phase,
        "starts_on": project.starts_on.isoformat(),
        "ends_on": project.ends_on.isoformat(),
        "base_version": project.version,
    } | changes


def test_editing_with_bad_dates_or_an_outside_pilot_keeps_the_input(client, english, board):
    client.force_login(english.member)
    address = url(english, "edit", board.project)
    response = client.post(
        address,
        _edit_data(english, board, title="Nouveau titre", ends_on="2000-01-01"),
    )
    html = response.content.decode()
    assert "cannot end before it starts" in html and 'value="Nouveau titre"' in html
    response = client.post(
        address, _edit_data(english, board, title="Autre titre", pilots=[english.outsider.pk])
    )
    html = response.content.decode()
    # Someone outside the collective is refused without being named.
    assert "Choose a member of the collective." in html and "Outsider" not in html
    assert 'value="Autre titre"' in html
    # Someone who has left is named: the collective knows them.
    collectives_services.end_membership(
        actor=english.coordinator,
        membership=Membership.objects.active().get(user=english.observer),
    )
    response = client.post(
        address, _edit_data(english, board, title="Autre titre", pilots=[english.observer.pk])
    )
    html = response.content.decode()
    assert f"{english.observer.display_name} is not a member of the collective" in html
    board.project.refresh_from_db()
    assert board.project.title == "Cafés de l'emploi"


def test_a_content_over_the_limit_is_refused_and_kept(client, english, board):
    client.force_login(english.member)
    address = url(english, "edit", board.project)
    too_long = "[" * (MAX_LENGTH + 1)
    response = client.post(address, _edit_data(english, board, content=too_long))
    html = response.content.decode()
    assert "This text is too long: 20,001 characters, 20,000 at most." in html
    assert f">\n{too_long}</textarea>" in html
    board.project.refresh_from_db()
    assert board.project.content != too_long
    # At the limit, it is saved.
    response = client.post(address, _edit_data(english, board, content=too_long[:-1]))
    assert response.status_code == 302
    board.project.refresh_from_db()
    assert board.project.content == too_long[:-1]


def test_a_stale_edit_is_a_conflict_that_keeps_what_was_typed(client, english, board):
    stale = _edit_data(english, board, title="Mon titre à moi")
    services.set_status(actor=english.coordinator, project=board.project, status="paused")
    client.force_login(english.member)
    response = client.post(url(english, "edit", board.project), stale)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone changed this project" in html and 'value="Mon titre à moi"' in html
    assert f'name="base_version" value="{board.project.version + 1}"' in html
    # Saving again, on top of the current version, works.
    response = client.post(
        url(english, "edit", board.project),
        stale | {"base_version": Project.objects.get(pk=board.project.pk).version},
    )
    assert response.status_code == 302
    assert Project.objects.get(pk=board.project.pk).title == "Mon titre à moi"


def test_creating_a_project_with_an_outside_pilot_keeps_the_input(client, english, board):
    client.force_login(english.coordinator)
    address = reverse("projects:create", args=[english.collective.slug])
    data = {
        "title": "Repair café",
        "work_stream": board.streams[1].pk,
        "pilots": [english.outsider.pk],
        "status": "idea",
    }
    html = client.post(address, data).content.decode()
    assert "Choose a member of the collective." in html and 'value="Repair café"' in html
    assert english.outsider.display_name not in html
    response = client.post(address, data | {"pilots": [english.member.pk, english.observer.pk]})
    project = Project.objects.get(title="Repair café")
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert set(project.pilots.all()) == {english.member, english.observer}


def test_work_streams_are_added_and_edited_by_coordinators(client, english, board):
    client.force_login(english.coordinator)
    client.post(
        reverse("projects:work_stream_add", args=[english.collective.slug]),
        {"title": "Logement", "purpose": "Se loger."},
    )
    stream = WorkStream.objects.get(title="Logement")
    html = client.post(
        reverse("projects:work_stream_edit", args=[english.collective.slug, stream.pk]),
        {"title": "  ", "purpose": "", "status": "paused"},
    ).content.decode()
    assert "Give the work stream a title." in html
    client.post(
        reverse("projects:work_stream_edit", args=[english.collective.slug, stream.pk]),
        {"title": "Logement digne", "purpose": "", "status": "paused"},
    )
    stream.refresh_from_db()
    assert (stream.title, stream.status) == ("Logement digne", "paused")


def test_a_meeting_decision_becomes_a_project_action(client, english, board):
    setting = build_meeting(english)
    client.force_login(english.member)
    response = client.post(
        url(english, "action_add", board.project),
        {
            "action-title": "Rédiger la charte du café",
            "action-owner": english.facilitator.pk,
            "action-due_date": (TODAY() + timedelta(days=14)).isoformat(),
            "action-decision": setting.decision.pk,
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(title="Rédiger la charte du café")
    assert (action.project, action.decision, action.meeting) == (
        board.project,
        setting.decision,
        setting.meeting,
    )
    html = page(client, english.member, detail_url(english, board.project))
    assert action.get_absolute_url() in html and "charte commune" in html


def test_a_decision_of_another_collective_is_refused(client, english, board):
    setting = build_meeting(english)
    setting.meeting.collective = english.other
    setting.meeting.save()
    client.force_login(english.member)
    response = client.post(
        url(english, "action_add", board.project),
        {"action-title": "Ailleurs", "action-decision": setting.decision.pk},
    )
    assert response.status_code == 200
    assert "Choose a decision of this collective" in response.content.decode()
    assert not Action.objects.filter(title="Ailleurs").exists()
    assert Decision.objects.filter(pk=setting.decision.pk).exists()


def test_status_progress_milestones_and_archive_through_the_pages(client, english, board):
    client.force_login(english.member)
    project = board.project
    client.post(url(english, "status", project), {"status": "done"})
    client.post(url(english, "milestone_reach", project, board.milestone.pk))
    project.refresh_from_db()
    assert project.status == "done"
    assert services.progress_of(project) == 100
    html = client.post(url(english, "progress", project), {"progress": "150"}).content.decode()
    assert "0 to 100" in html and 'value="150"' in html
    client.post(url(english, "progress", project), {"progress": "60"})
    project.refresh_from_db()
    assert project.progress == 60
    client.post(url(english, "need_close", project, board.call.pk))
    assert Need.objects.get(pk=board.call.pk).met_at is not None
    response = client.post(url(english, "archive", project))
    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).archived_at is not None
    assert client.get(detail_url(english, project)).status_code == 404
    assert "Cafés" not in page(client, english.member, board_url(english))
