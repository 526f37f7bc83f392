"""The API's governance texts: the current text, its version and date, as the text's
page shows them (who saved it, to the collective's members only)."""

import pytest
from django.urls import reverse

from maillage.collectives.models import Visibility
from maillage.governance.models import TextKind

from ..factories import GovernanceTextFactory
from .setting import assert_constant_queries, give_tokens, headers


@pytest.fixture
def api_world(world):
    return give_tokens(world)


def texts_url(world):
    return reverse("api:governance-text-list", args=[world.collective.slug])


def test_members_read_the_current_text_its_version_and_who_saved_it(client, api_world):
    w = api_world
    w.text.version = 3
    w.text.body = "Troisième version de notre raison d'être."
    w.text.save()
    listed = client.get(texts_url(w), headers=headers(w, "observer")).json()
    assert listed["count"] == 1
    (row,) = listed["results"]
    assert row["id"] == w.text.pk
    assert row["kind"] == "raison_detre"
    assert row["title"] == "Notre raison d'être"
    assert row["body"] == "Troisième version de notre raison d'être."
    assert row["version"] == 3
    assert row["updated_at"]
    assert row["updated_by"] == w.coordinator.display_name
    detail = client.get(
        reverse("api:governance-text-detail", args=[w.collective.slug, w.text.pk]),
        headers=headers(w, "member"),
    ).json()
    assert detail == row


def test_a_public_collectives_texts_are_open_without_the_name_of_who_saved_them(client, api_world):
    w = api_world
    w.collective.visibility = Visibility.PUBLIC
    w.collective.save()
    for persona in ("anonymous", "outsider"):
        response = client.get(texts_url(w), headers=headers(w, persona))
        assert response.status_code == 200
        (row,) = response.json()["results"]
        assert row["body"] == w.text.body
        assert row["updated_by"] is None
        assert w.coordinator.display_name not in response.content.decode()


def test_filtered_by_kind_and_ordered(client, api_world):
    w = api_world
    GovernanceTextFactory(
        collective=w.collective, kind=TextKind.VALUES, title="Nos valeurs", updated_by=w.member
    )
    GovernanceTextFactory(
        collective=w.collective, kind=TextKind.FREE, title="Annexe", updated_by=w.member
    )
    GovernanceTextFactory(collective=w.other, kind=TextKind.VALUES, updated_by=w.outsider)
    head = headers(w, "member")
    values = client.get(texts_url(w) + "?kind=values", headers=head).json()
    assert [row["title"] for row in values["results"]] == ["Nos valeurs"]
    by_title = client.get(texts_url(w) + "?ordering=title", headers=head).json()
    assert [row["title"] for row in by_title["results"]] == [
        "Annexe",
        "Nos valeurs",
        "Notre raison d'être",
    ]


def test_the_list_makes_as_many_queries_for_many_texts(client, api_world):
    w = api_world

    def add_rows(n):
        for _ in range(n):
            GovernanceTextFactory(collective=w.collective, kind=TextKind.FREE, updated_by=w.member)

    assert_constant_queries(client, texts_url(w), headers(w, "member"), add_rows)
