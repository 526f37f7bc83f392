"""The demo's complete trace (maillage/demo/trace.py), walked through the pages with the
test client: from the minutes of the Geneva group's next session to the decision's
trace, back to the workshop's notes, forward to the actions and the pilot project, then
the project's public results and its public trace."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from maillage.accounts.models import User
from maillage.actions.models import Action
from maillage.demo import trace as demo
from maillage.meetings.models import Decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    call_command("load_demo", stdout=StringIO())


def _links(response, pattern):
    return re.findall(pattern, response.content.decode())


def test_the_demo_holds_one_complete_chain(loaded):
    decision = Decision.objects.select_related("meeting", "statement__theme", "round").get(
        statement__consultation__title=demo.CONSULTATION
    )
    assert decision.meeting.title == demo.NEXT_MEETING
    assert decision.statement.theme.title == "Un revenu de transition pour Genève"
    assert decision.round.status == "closed" and decision.votes > 0
    assert decision.agree_share is not None and decision.consensus is not None
    actions = Action.objects.filter(decision=decision)
    assert actions.count() == 2
    assert actions.filter(commitment__isnull=False).count() == 1
    assert {a.project.title for a in actions} == {demo.PROJECT}
    project = actions.first().project
    assert project.public and project.milestones.filter(reached_on__isnull=False).exists()


def test_loading_the_demo_again_adds_no_second_chain(loaded):
    call_command("load_demo", stdout=StringIO())
    assert Decision.objects.filter(statement__consultation__title=demo.CONSULTATION).count() == 1


def test_walk_the_chain_through_the_pages(client, loaded):
    camille = User.objects.get(email="camille.martin@example.org")
    client.force_login(camille)
    decision = Decision.objects.get(statement__consultation__title=demo.CONSULTATION)
    slug = decision.collective.slug
    # The minutes link each decision to its trace.
    minutes = client.get(reverse("meetings:minutes", args=[slug, decision.meeting_id]))
    assert minutes.status_code == 200
    trace_url = reverse("trace:decision", args=[slug, decision.pk])
    assert trace_url in minutes.content.decode()
    # Back to the notes, themes, statement and round; forward to actions and project.
    page = client.get(trace_url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Un revenu de transition pour Genève" in text
    assert "Tester un revenu de transition écologique à Genève" in text  # a note
    assert "Rédiger la fiche du projet pilote" in text
    assert "Proposer un terrain des jardins partagés" in text
    assert "Terrain des jardins partagés réservé" in text
    # No participant's name on the notes: Yves wrote one without an account.
    assert "Yves" not in text
    (project_url,) = set(_links(page, r'href="(/collectifs/[^"]+/chantiers/projets/\d+/)"'))
    project_page = client.get(project_url)
    assert project_page.status_code == 200
    (project_trace,) = set(_links(project_page, r'href="(/collectifs/[^"]+/trace/projet/\d+/)"'))
    assert demo.STATEMENT[:40] in client.get(project_trace).content.decode()
    # The action's page links to its trace too.
    action = Action.objects.filter(decision=decision).first()
    action_page = client.get(action.get_absolute_url()).content.decode()
    assert reverse("trace:action", args=[slug, action.pk]) in action_page
    # The public results show the project, and its public trace, to anyone.
    client.logout()
    results = client.get(reverse("projects:public_results", args=[slug]))
    assert project_trace in results.content.decode()
    public = client.get(project_trace)
    assert public.status_code == 200
    public_text = public.content.decode()
    assert demo.PROJECT in public_text
    assert "Léa Perrin" not in public_text and demo.STATEMENT[:40] not in public_text
    assert client.get(trace_url).status_code == 302
