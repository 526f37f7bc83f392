"""A network consultation's round results per territory (results_territory)."""

import pytest
from django.urls import reverse

from maillage.consultations import services
from maillage.consultations.models import Analysis, RoundKind
from maillage.consultations.results import eligible_participants, group_label, round_results
from maillage.consultations.results_territory import territory_breakdown

from .territory import build_network_consultation


@pytest.fixture
def voted(world):
    """An agree round naming no group, voted on: Annemasse's two participants agree
    with the statement, Lausanne's one disagrees; the second statement is passed by
    Annemasse's first participant only."""
    net = build_network_consultation(world)
    consultation = net.consultation
    services.close_round(actor=world.facilitator, round_=consultation.rounds.get(number=1))
    round_ = services.add_round(
        actor=world.facilitator,
        consultation=consultation,
        title="Vote du réseau",
        kind=RoundKind.AGREE,
    )
    first = services.add_statement(
        actor=world.facilitator, consultation=consultation, text="Se loger", rounds=[round_]
    )
    second = services.add_statement(
        actor=world.facilitator, consultation=consultation, text="Bouger", rounds=[round_]
    )
    services.open_round(actor=world.facilitator, round_=round_)
    north_a, north_b, south = net.participants
    for participant, choice in ((north_a, 1), (north_b, 1), (south, -1)):
        services.cast_vote(participant=participant, round_=round_, statement=first, choice=choice)
    services.cast_vote(participant=north_a, round_=round_, statement=second, choice=0)
    net.round, net.statements = round_, (first, second)
    return net


def test_a_round_naming_no_group_reaches_every_territory(voted):
    assert not voted.round.groups.exists()
    assert eligible_participants(voted.round) == 3
    assert round_results(voted.round).voters == 3


def test_the_figures_per_territory(voted):
    results = round_results(voted.round)
    by_name = {t.territory.name: t for t in territory_breakdown(voted.round, results)}
    assert list(by_name) == ["Annemasse", "Lausanne"]
    north, south = by_name["Annemasse"], by_name["Lausanne"]
    assert (north.eligible, north.voters, south.eligible, south.voters) == (2, 2, 1, 1)
    first, second = north.statements
    assert first["counts"] == {"agree": 2, "disagree": 0, "pass": 0}
    assert first["shares"]["agree"] == 1.0
    assert second["votes"] == 1 and second["counts"]["pass"] == 1
    assert south.statements[0]["shares"] == {"agree": 0.0, "disagree": 1.0, "pass": 0.0}
    assert south.statements[1]["votes"] == 0


def test_a_workshop_outside_a_network_has_no_breakdown(voted):
    voted.consultation.network = None
    voted.consultation.save(update_fields=["network"])
    round_ = type(voted.round).objects.get(pk=voted.round.pk)
    assert territory_breakdown(round_, round_results(round_)) == []


def _opinions(voted):
    first, second = voted.statements
    a, b, c = voted.participants
    Analysis.objects.create(
        consultation=voted.consultation,
        round=voted.round,
        kind=Analysis.Kind.OPINIONS,
        status=Analysis.Status.DONE,
        progress=100,
        requested_by=voted.network_coordinator,
        result={
            "k": 2,
            # One opinion group across both territories: they are the network's.
            "groups": {str(a.pk): 0, str(c.pk): 0, str(b.pk): 1},
            "statements": {
                str(first.pk): {
                    "groups": {
                        "0": {"agree": 0.5, "disagree": 0.5, "pass": 0, "votes": 2},
                        "1": {"agree": 1, "disagree": 0, "pass": 0, "votes": 1},
                    }
                }
            },
            "repness": {"0": [str(first.pk)], "1": [str(first.pk)]},
            "consensus": {"agree": [], "disagree": []},
        },
    )


def _groups(results):
    return [
        (group["label"], group["size"], [s["figures"].statement.pk for s in group["statements"]])
        for group in results.opinions["groups"]
    ]


def test_opinion_groups_stay_over_the_whole_network(voted):
    _opinions(voted)
    alone = round_results(voted.round)
    with_territories = round_results(voted.round)
    breakdown = territory_breakdown(voted.round, with_territories)
    assert len(breakdown) == 2
    # The same groups, sizes and figures, whether or not the breakdown was asked.
    assert (
        _groups(with_territories)
        == _groups(alone)
        == [
            (group_label(0), 2, [voted.statements[0].pk]),
            (group_label(1), 1, [voted.statements[0].pk]),
        ]
    )
    assert [s.shares for s in with_territories.statements] == [s.shares for s in alone.statements]
    assert [g["shares"] for g in with_territories.statements[0].groups] == [
        g["shares"] for g in alone.statements[0].groups
    ]


def test_the_results_page_has_a_table_per_territory(client, voted):
    c = voted.consultation
    client.force_login(voted.network_coordinator)
    services.close_round(actor=voted.network_coordinator, round_=voted.round)
    url = reverse("consultations:results", args=[c.collective.slug, c.pk, voted.round.number])
    page = client.get(url).content.decode()
    assert page.count("<caption>") >= 2
    assert "Annemasse: 2 participants answered, of 2 who could." in page
    assert "Lausanne: 1 participant answered, of 1 who could." in page
