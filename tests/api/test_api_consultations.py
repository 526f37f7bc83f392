"""The API of consultations: the list as its page scopes it, the published synthesis
(themes and counts of notes, never participants) and the figures of closed rounds."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.collectives.models import Visibility
from maillage.consultations.models import Round, Vote

from ..factories import (
    ConsultationFactory,
    GroupFactory,
    NoteFactory,
    ParticipantFactory,
    StatementFactory,
    ThemeFactory,
)
from .matrix_consultations import consultation_with_votes
from .setting import assert_constant_queries, give_tokens, headers


@pytest.fixture
def api(world):
    return give_tokens(world)


def url(world, name, *args):
    return reverse(f"api:{name}", args=[world.collective.slug, *args])


def get(client, world, persona, address):
    response = client.get(address, headers=headers(world, persona))
    assert response.status_code == 200, response.content[:300]
    return response.json()


def workshop(world, *, published=True):
    """A consultation whose group "Table A" sorted two notes under a theme, left one
    unsorted, and hid one; its participants have names that must never show."""
    consultation = ConsultationFactory(
        collective=world.collective,
        created_by=world.coordinator,
        synthesis_published_at=timezone.now() if published else None,
    )
    group = GroupFactory(consultation=consultation, name="Table A")
    alice = ParticipantFactory(group=group, display_name="Alice Secrète")
    theme = ThemeFactory(
        group=group, title="Logement", statement="Un toit d'abord.", created_by=world.facilitator
    )
    NoteFactory(participant=alice, theme=theme)
    NoteFactory(participant=alice, theme=theme, question__consultation=consultation)
    NoteFactory(participant=alice, question__consultation=consultation)
    NoteFactory(participant=alice, theme=theme, hidden=True, question__consultation=consultation)
    return consultation, theme


# ------------------------------------------------------------------------------- the list


def test_the_list_is_scoped_as_the_consultations_page(client, api):
    shown = consultation_with_votes(api)
    draft = ConsultationFactory(collective=api.collective, status="draft", title="Brouillon")
    ConsultationFactory(collective=api.other, title="Ailleurs")
    as_member = get(client, api, "member", url(api, "consultation-list"))
    assert [row["id"] for row in as_member["results"]] == [shown.pk]
    assert as_member["results"][0]["participants"] == 4
    # Those who may create consultations see the drafts too.
    as_facilitator = get(client, api, "facilitator", url(api, "consultation-list"))
    assert {row["id"] for row in as_facilitator["results"]} == {shown.pk, draft.pk}
    detail = get(client, api, "observer", url(api, "consultation-detail", shown.pk))
    assert detail["rounds"] == [
        {
            "number": 1,
            "title": "Contributions",
            "kind": "agree",
            "status": "closed",
            "starts_on": None,
            "ends_on": None,
        }
    ]
    hidden = client.get(url(api, "consultation-detail", draft.pk), headers=headers(api, "member"))
    assert hidden.status_code == 404


def test_anyone_reads_a_public_collectives_started_consultations(client, api):
    api.collective.visibility = Visibility.PUBLIC
    api.collective.save(update_fields=["visibility"])
    shown = consultation_with_votes(api)
    ConsultationFactory(collective=api.collective, status="draft")
    data = get(client, api, "anonymous", url(api, "consultation-list"))
    assert [row["id"] for row in data["results"]] == [shown.pk]
    results = get(client, api, "outsider", url(api, "consultation-results", shown.pk))
    assert results[0]["voters"] == 4


def test_the_list_filters_and_reads_a_constant_number_of_queries(client, api):
    closed = ConsultationFactory(collective=api.collective, status="closed")
    address = url(api, "consultation-list")

    def add_rows(n):
        for _ in range(n):
            ParticipantFactory(group__consultation=ConsultationFactory(collective=api.collective))

    assert_constant_queries(client, address, headers(api, "member"), add_rows)
    only = get(client, api, "member", f"{address}?status=closed")
    assert [row["id"] for row in only["results"]] == [closed.pk]


# ------------------------------------------------------------------------------ synthesis


def test_the_published_synthesis_gives_themes_and_counts_never_people(client, api):
    consultation, theme = workshop(api)
    common = ThemeFactory(
        consultation=consultation, group=None, title="Vivre", created_by=api.facilitator
    )
    common.sources.set([theme])
    data = get(client, api, "observer", url(api, "consultation-synthesis", consultation.pk))
    assert data["shown"] is True and data["unsorted_notes"] == 1
    assert data["themes"] == [
        {
            "id": theme.pk,
            "title": "Logement",
            "statement": "Un toit d'abord.",
            "group": "Table A",
            "notes": 2,
            "sources": [],
        },
        {
            "id": common.pk,
            "title": "Vivre",
            "statement": "",
            "group": None,
            "notes": 0,
            "sources": [theme.pk],
        },
    ]
    assert "Alice" not in json.dumps(data)


def test_an_unpublished_synthesis_is_shown_only_to_those_who_run_it(client, api):
    consultation, _theme = workshop(api, published=False)
    address = url(api, "consultation-synthesis", consultation.pk)
    hidden = get(client, api, "member", address)
    assert hidden == {"shown": False, "published_at": None, "themes": [], "unsorted_notes": 0}
    assert [theme["title"] for theme in get(client, api, "facilitator", address)["themes"]] == [
        "Logement"
    ]


# -------------------------------------------------------------------------------- results


def test_the_results_of_closed_rounds_give_shares_and_lists(client, api):
    consultation = consultation_with_votes(api)
    (data,) = get(client, api, "observer", url(api, "consultation-results", consultation.pk))
    assert (data["number"], data["kind"], data["voters"], data["eligible"]) == (1, "agree", 4, 4)
    first, second = data["statements"]
    assert first["text"] == "Un revenu pour la transition"
    assert first["counts"] == {"agree": 3, "disagree": 0, "pass": 1}
    assert first["shares"]["agree"] == 0.75 and first["rating"] is None
    assert second["counts"] == {"agree": 2, "disagree": 2, "pass": 0}
    assert data["consensus"] == [first["id"]]
    assert data["divergent"] == [second["id"]]
    assert data["rejected"] == []
    assert "70" in data["rule"]


def test_a_rating_rounds_delphi_figures_and_an_open_round_for_those_who_run_it(client, api):
    consultation = consultation_with_votes(api)
    statement = StatementFactory(consultation=consultation, created_by=api.coordinator)
    rating = Round.objects.create(
        consultation=consultation, number=2, title="Notes", kind="rate", status="open"
    )
    rating.statements.set([statement])
    for value in (8, 8, 9, 7):
        participant = ParticipantFactory(group__consultation=consultation)
        Vote.objects.create(
            round=rating, statement=statement, participant=participant, rating=value
        )
    address = url(api, "consultation-results", consultation.pk)
    assert [r["number"] for r in get(client, api, "member", address)] == [1]
    rounds = get(client, api, "facilitator", address)
    assert [r["number"] for r in rounds] == [1, 2]
    figures = rounds[1]["statements"][0]
    assert figures["rating"]["median"] == 8 and figures["rating"]["consensus"] is True
    assert figures["distribution"] == [0, 0, 0, 0, 0, 0, 1, 2, 1]
    assert rounds[1]["consensus"] == [statement.pk]
