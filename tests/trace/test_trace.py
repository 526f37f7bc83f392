"""The trace pages (maillage/trace): what each persona sees, the anonymity of notes, a
private collective hidden, a public project's public trace, a fixed number of queries;
and the forms that make a statement a decision and a pledge an action."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.actions import services as actions
from maillage.actions.models import Action
from maillage.collectives.models import Visibility
from maillage.consultations import services as consultations
from maillage.meetings import services as meetings
from maillage.meetings.models import Decision
from maillage.projects.models import Project

from .setting import PLEDGE_NAME, build_chain, build_votes

pytestmark = pytest.mark.django_db

NOTE = "Du temps pour sa famille et ses amis"


def trace_url(world, chain, kind="decision"):
    target = {"decision": chain.decision, "action": chain.action, "project": chain.project}[kind]
    return reverse(f"trace:{kind}", args=[world.collective.slug, target.pk])


def page(client, url, person=None):
    if person is not None:
        client.force_login(person)
    response = client.get(url)
    return response.status_code, response.content.decode()


@pytest.mark.parametrize("kind", ["decision", "action", "project"])
def test_the_whole_chain_for_those_who_run_the_consultation(client, world, kind):
    chain = build_chain(world)
    status, text = page(client, trace_url(world, chain, kind), world.coordinator)
    assert status == 200
    for shown in [
        "Vivre dignement",  # the theme
        NOTE,  # one of its notes
        chain.statement.text,
        chain.meeting.title,
        chain.action.title,
        chain.project.title,
        chain.milestone.title,
    ]:
        assert shown in text.replace("&#x27;", "'"), shown


def test_the_notes_never_name_their_participant(client, world):
    chain = build_chain(world)
    _, text = page(client, trace_url(world, chain), world.coordinator)
    assert NOTE in text
    # "Alex" wrote the notes (tests/consultations/workshop.py), "Sam" and "Lou" voted.
    for name in ("Alex", "Sam", "Lou"):
        assert name not in text
    # The pledge's action is owned by the name written for it.
    assert PLEDGE_NAME in text


def test_members_read_the_notes_once_the_synthesis_is_published(client, world):
    chain = build_chain(world)
    status, text = page(client, trace_url(world, chain), world.observer)
    assert status == 200
    assert NOTE not in text and "Vivre dignement" not in text
    assert chain.statement.text.replace("'", "&#x27;") in text and chain.action.title in text
    consultations.publish_synthesis(
        actor=world.facilitator, consultation=chain.workshop.consultation
    )
    _, text = page(client, trace_url(world, chain), world.observer)
    assert NOTE in text and "Vivre dignement" in text


@pytest.mark.parametrize("kind", ["decision", "action", "project"])
def test_a_private_collectives_trace_is_hidden_from_outsiders(client, world, kind):
    chain = build_chain(world)
    status, text = page(client, trace_url(world, chain, kind), world.outsider)
    assert status == 404
    assert chain.statement.text not in text and chain.project.title not in text
    client.logout()
    status, _ = page(client, trace_url(world, chain, kind))
    assert status in (302, 404)


def test_an_object_of_another_collective_is_not_found(client, world):
    chain = build_chain(world)
    client.force_login(world.outsider)
    for kind in ("decision", "action", "project"):
        url = trace_url(world, chain, kind).replace(world.collective.slug, world.other.slug)
        assert client.get(url).status_code == 404


def test_a_public_project_shows_only_its_public_results_to_anyone(client, world):
    chain = build_chain(world)
    world.collective.visibility = Visibility.PUBLIC
    world.collective.save()
    url = trace_url(world, chain, "project")
    assert page(client, url)[0] == 404  # not shown on the public results page
    Project.objects.filter(pk=chain.project.pk).update(public=True)
    for person in (None, world.outsider):
        status, text = page(client, url, person)
        assert status == 200
        assert chain.project.title in text and chain.milestone.title in text
        for hidden in (NOTE, chain.statement.text, chain.action.title, str(world.member)):
            assert hidden not in text
    # The decision's and the action's traces stay the collective's.
    client.logout()
    assert page(client, trace_url(world, chain))[0] == 302
    assert page(client, trace_url(world, chain), world.outsider)[0] == 403


def test_the_number_of_queries_does_not_grow_with_notes_and_actions(client, world):
    chain = build_chain(world)
    client.force_login(world.coordinator)
    urls = [trace_url(world, chain, kind) for kind in ("decision", "project")]
    client.get(urls[0])  # warm the caches of the session and the roles

    def counted():
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    before = counted()
    workshop = chain.workshop
    consultations.enter_paper_notes(
        actor=world.facilitator,
        group=workshop.group,
        question=workshop.questions[0],
        lines="\n".join(f"Une idée de plus, numéro {n}" for n in range(8)),
    )
    for note in workshop.group.notes.filter(theme=None, question=workshop.questions[0]):
        consultations.move_note(
            actor=world.facilitator, note=note, theme=chain.theme, base_version=None
        )
    for n in range(5):
        actions.create_action(
            actor=world.coordinator,
            collective=world.collective,
            title=f"Action de plus {n}",
            owners=[world.member, world.facilitator],
            meeting=chain.meeting,
            decision=chain.decision,
            project=chain.project,
        )
    assert counted() == before


def test_long_lists_of_notes_are_folded(client, world):
    chain = build_chain(world)
    workshop = chain.workshop
    consultations.enter_paper_notes(
        actor=world.facilitator,
        group=workshop.group,
        question=workshop.questions[0],
        lines="\n".join(f"Une idée de plus, numéro {n}" for n in range(8)),
    )
    for note in workshop.group.notes.filter(theme=None, question=workshop.questions[0]):
        consultations.move_note(
            actor=world.facilitator, note=note, theme=chain.theme, base_version=None
        )
    _, text = page(client, trace_url(world, chain), world.coordinator)
    # The first three notes (the oldest), then how many more, with a link to all of them.
    assert NOTE in text and "numéro" not in text
    assert "11 notes" in text
    report = reverse("consultations:report", args=[world.collective.slug, workshop.consultation.pk])
    assert f'<a href="{report}">' in text


# ------------------------------------------------------------------------- the forms


def test_the_results_offer_to_make_a_statement_a_decision(client, world):
    chain = build_votes(world)
    results = reverse(
        "consultations:results",
        args=[world.collective.slug, chain.workshop.consultation.pk, chain.round.number],
    )
    decide = reverse(
        "meetings:decide_from_statement",
        args=[
            world.collective.slug,
            chain.workshop.consultation.pk,
            chain.round.number,
            chain.statement.pk,
        ],
    )
    assert decide in page(client, results, world.coordinator)[1]
    assert decide not in page(client, results, world.facilitator)[1]
    client.force_login(world.coordinator)
    data = {"meeting": chain.meeting.pk, "text": chain.statement.text, "status": "adopted"}
    response = client.post(decide, data)
    decision = Decision.objects.get(statement=chain.statement)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "trace:decision", args=[world.collective.slug, decision.pk]
    )
    # Decided: the results link to the trace instead, for every member.
    status, text = page(client, results, world.observer)
    assert response["Location"] in text and decide not in text
    # Asked again: refused with where it was decided, nothing typed lost.
    client.force_login(world.coordinator)
    again = client.post(decide, {"meeting": "", "text": "Autre texte", "status": "adopted"})
    assert (
        again.status_code == 200
        and chain.meeting.title.replace("'", "&#x27;") in again.content.decode()
    )
    assert Decision.objects.count() == 1


def test_a_refusal_keeps_what_was_typed(client, world):
    chain = build_votes(world)
    chain.meeting.minutes.status = "approved"
    chain.meeting.minutes.save()
    url = reverse(
        "meetings:decide_from_statement",
        args=[world.collective.slug, chain.workshop.consultation.pk, 2, chain.statement.pk],
    )
    client.force_login(world.coordinator)
    # The approved meeting is not offered: choosing it is refused by the form.
    response = client.post(
        url, {"meeting": chain.meeting.pk, "text": "Mon texte", "status": "adopted"}
    )
    assert response.status_code == 200 and "Mon texte" in response.content.decode()
    assert not Decision.objects.exists()


def test_the_board_offers_to_make_a_pledge_an_action(client, world):
    chain = build_votes(world)
    board = reverse(
        "consultations:theme_board", args=[world.collective.slug, chain.workshop.group.pk]
    )
    make = reverse("actions:from_commitment", args=[world.collective.slug, chain.commitment.pk])
    assert make in page(client, board, world.facilitator)[1]
    client.force_login(world.facilitator)
    response = client.post(make, {"project": "", "decision": ""})
    action = Action.objects.get(commitment=chain.commitment)
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    _, text = page(client, board)
    assert make not in text and action.get_absolute_url() in text
    again = client.get(make)
    assert again.status_code == 200 and action.get_absolute_url() in again.content.decode()


def test_the_minutes_link_each_decision_to_its_trace(client, world):
    chain = build_chain(world)
    status, text = page(
        client,
        reverse("meetings:minutes", args=[world.collective.slug, chain.meeting.pk]),
        world.member,
    )
    assert status == 200 and trace_url(world, chain) in text


def test_the_new_action_form_offers_the_projects_one_may_change(client, world):
    chain = build_chain(world)
    url = reverse("actions:create", args=[world.collective.slug])
    assert chain.project.title in page(client, url, world.coordinator)[1]
    assert chain.project.title not in page(client, url, world.facilitator)[1]
    client.force_login(world.coordinator)
    client.post(url, {"title": "Acheter des outils", "project": chain.project.pk})
    assert Action.objects.get(title="Acheter des outils").project == chain.project


def test_a_decision_by_consultation_is_carried_out_from_its_trace(client, world):
    """A decision taken without a meeting has no meeting page: its trace offers to add an
    action carrying it out, and the new action's page offers it, already chosen."""
    chain = build_votes(world)
    decision = meetings.decide_from_statement(
        actor=world.coordinator, round_=chain.round, statement=chain.statement
    )
    url = reverse("trace:decision", args=[world.collective.slug, decision.pk])
    status, text = page(client, url, world.coordinator)
    add = reverse("actions:create", args=[world.collective.slug])
    assert status == 200 and f"{add}?decision={decision.pk}" in text
    form_page = client.get(add, {"decision": decision.pk, "next": url}).content.decode()
    assert f'<option value="{decision.pk}" selected>' in form_page
    response = client.post(add, {"title": "Écrire au canton", "decision": decision.pk, "next": url})
    assert response.status_code == 302 and response.url == url
    action = Action.objects.get(title="Écrire au canton")
    assert (action.decision, action.meeting) == (decision, None)
    assert "Écrire au canton" in page(client, url)[1]
    # Those who may not add actions (an observer) are not offered it.
    assert f"{add}?decision=" not in page(client, url, world.observer)[1]
