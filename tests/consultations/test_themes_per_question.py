"""The engine proposes themes within each question of a group's notes, unless the
facilitator ticks "across questions" on the board."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from maillage.consultations import services
from maillage.consultations.models import Analysis

pytestmark = pytest.mark.django_db

# The same two subjects answered to two questions: pooled, the notes group by subject.
ANSWERS = [
    "Un logement chauffé pour l'hiver",
    "Un logement chauffé et pas trop cher",
    "Trouver un logement chauffé près du travail",
    "Des jardins partagés dans le quartier",
    "Cultiver des jardins partagés avec les voisins",
    "Plus de jardins partagés au pied des immeubles",
]


@pytest.fixture
def answered(workshop):
    first, second = workshop.questions[1], workshop.questions[2]
    for question in (first, second):
        for text in ANSWERS:
            services.post_note(participant=workshop.participant, question=question, text=text)
    return workshop


def request_themes(client, world, workshop, capture, **extra):
    client.force_login(world.facilitator)
    url = reverse("consultations:analysis_request", args=[world.collective.slug, workshop.group.pk])
    with capture(execute=True):
        response = client.post(url, {"kind": "themes", **extra})
    assert response.status_code == 302
    analysis = Analysis.objects.get()
    assert analysis.status == "done", analysis.error
    return analysis


def questions_of(proposal):
    return set(proposal.notes.values_list("question_id", flat=True))


def test_themes_are_proposed_within_each_question_by_default(
    client, world, answered, django_capture_on_commit_callbacks
):
    analysis = request_themes(client, world, answered, django_capture_on_commit_callbacks)
    proposals = list(analysis.proposals.all())
    assert len(proposals) >= 3  # at least one per question of the group's notes
    assert all(len(questions_of(p)) == 1 for p in proposals)
    asked = {q for p in proposals for q in questions_of(p)}
    assert asked == {answered.questions[0].pk, answered.questions[1].pk, answered.questions[2].pk}
    labels = [p.label for p in proposals]
    assert len(labels) == len(set(labels)), "labels are unique"
    assert "across_questions" not in analysis.result


def test_across_questions_pools_the_notes_of_every_question(
    client, world, answered, django_capture_on_commit_callbacks
):
    analysis = request_themes(
        client, world, answered, django_capture_on_commit_callbacks, across_questions="on"
    )
    assert analysis.result["across_questions"] is True
    assert any(len(questions_of(p)) > 1 for p in analysis.proposals.all())


def test_the_board_offers_the_across_questions_checkbox(client, world, workshop):
    client.force_login(world.facilitator)
    url = reverse("consultations:theme_board", args=[world.collective.slug, workshop.group.pk])
    with translation.override("fr"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        label = escape(gettext("Across questions"))
    assert label == "Toutes questions confondues"
    assert 'type="checkbox" name="across_questions" id="engine-across-questions"' in page
    assert f'<label for="engine-across-questions">{label}</label>' in page


def test_an_unknown_kind_is_still_refused_with_its_message(client, world, workshop):
    client.force_login(world.facilitator)
    url = reverse("consultations:analysis_request", args=[world.collective.slug, workshop.group.pk])
    response = client.post(url, {"kind": "nonsense", "across_questions": "on"}, follow=True)
    with translation.override("fr"):
        message = escape(gettext("Choose what the engine should propose: themes or codes."))
    assert message.startswith("Choisissez")
    assert message in response.content.decode()
    assert not Analysis.objects.exists()
