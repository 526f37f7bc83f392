"""The catalogue's API: structures and offers as the public catalogue shows them, with
filters (thématique, public, commune, kind, published) and criteria in words; drafts for
the coordinators and the structure's people only; no referral anywhere."""

import pytest
from django.urls import reverse

from maillage.collectives.models import Visibility

from ..orientation.setting import OfferFactory, build_catalogue
from .setting import assert_constant_queries, give_tokens, headers


@pytest.fixture
def api(world):
    give_tokens(world)
    build_catalogue(world)
    return world


def url(world, name, *args):
    return reverse(f"api:{name}", args=[world.collective.slug, *args])


def names(client, world, persona, **query):
    response = client.get(url(world, "offer-list"), query, headers=headers(world, persona))
    assert response.status_code == 200, response.content[:300]
    return [row["name"] for row in response.json()["results"]]


def test_published_offers_in_order_and_drafts_for_those_who_prepare_them(client, api):
    published = [
        "Qualife 50+",
        "PAI+",
        "Chèque annuel de formation",
        "Accompagnement des jeunes",
    ]
    assert sorted(names(client, api, "facilitator")) == sorted(published)
    assert names(client, api, "observer") == names(client, api, "facilitator")
    # The world's member is one of the people of the Hospice général; coordinators all.
    assert "Projet en préparation" in names(client, api, "member")
    assert "Projet en préparation" in names(client, api, "coordinator")
    assert names(client, api, "coordinator", published="false") == ["Projet en préparation"]
    assert names(client, api, "facilitator", published="false") == []
    draft = api.catalogue.draft
    hidden = client.get(url(api, "offer-detail", draft.uuid), headers=headers(api, "facilitator"))
    assert hidden.status_code == 404


def test_offers_are_filtered_by_need_public_commune_and_kind(client, api):
    assert sorted(names(client, api, "facilitator", need="se-former")) == [
        "Chèque annuel de formation",
        "PAI+",
    ]
    assert sorted(names(client, api, "facilitator", public="jeunes")) == [
        "Accompagnement des jeunes",
        "PAI+",
    ]
    OfferFactory(structure=api.catalogue.ofpc, name="Pour tous", publics=["tous-publics"])
    assert "Pour tous" in names(client, api, "facilitator", public="seniors")
    # The offer's commune, or its structure's when it has none.
    assert names(client, api, "facilitator", commune="annem") == ["Accompagnement des jeunes"]
    assert names(client, api, "facilitator", commune="1205") == ["Chèque annuel de formation"]
    assert names(client, api, "facilitator", kind="financial_aid") == ["Chèque annuel de formation"]
    assert names(client, api, "facilitator", q="qualife") == ["Qualife 50+"]
    refused = client.get(
        url(api, "offer-list"), {"need": "nothing"}, headers=headers(api, "facilitator")
    )
    assert refused.status_code == 400


def test_an_offer_shows_its_criteria_in_words_and_its_structure(client, api):
    qualife = api.catalogue.qualife
    response = client.get(url(api, "offer-detail", qualife.uuid), headers=headers(api, "member"))
    assert response.status_code == 200
    found = response.json()
    assert found["structure"] == {
        "id": api.catalogue.hospice.pk,
        "name": "Hospice général",
        "commune": api.catalogue.hospice.commune,
    }
    assert found["needs"] == ["trouver-un-emploi", "remobilisation"]
    assert found["criteria"], found
    assert all(set(row) == {"text", "to_confirm"} for row in found["criteria"])
    assert any(row["to_confirm"] for row in found["criteria"])
    assert found["how_to_apply"] == "Appelez la fondation pour un premier rendez-vous."


def test_structures_with_a_published_offer_and_ones_own(client, api):
    def listed(persona):
        response = client.get(url(api, "structure-list"), headers=headers(api, persona))
        assert response.status_code == 200
        return [row["name"] for row in response.json()["results"]]

    from ..orientation.setting import StructureFactory

    StructureFactory(collective=api.collective, name="Sans offre")
    assert listed("facilitator") == ["Hospice général", "Mission locale du Genevois", "OFPC"]
    assert "Sans offre" in listed("coordinator")
    hospice = client.get(
        url(api, "structure-detail", api.catalogue.hospice.pk), headers=headers(api, "observer")
    ).json()
    assert hospice["email"] == "accueil@hospice.example"
    assert hospice["website"] == "https://www.hospicegeneral.ch"


def test_a_public_collectives_catalogue_is_read_without_a_token(client, api):
    api.collective.visibility = Visibility.PUBLIC
    api.collective.save(update_fields=["visibility"])
    response = client.get(url(api, "offer-list"))
    assert response.status_code == 200
    assert "Projet en préparation" not in [row["name"] for row in response.json()["results"]]
    assert response.json()["count"] == 4


def test_no_referral_is_served():
    from maillage.api import urls

    assert not [p for p in urls.router.urls if "referral" in str(p.pattern)]


def test_list_queries_do_not_grow_with_rows(client, api):
    head = headers(api, "coordinator")

    def add_offers(n):
        for number in range(n):
            OfferFactory(structure=api.catalogue.ofpc, name=f"Offre {number}")

    assert_constant_queries(client, url(api, "offer-list"), head, add_offers)

    from ..orientation.setting import StructureFactory

    def add_structures(n):
        for number in range(n):
            StructureFactory(collective=api.collective, name=f"Structure {number}")

    assert_constant_queries(client, url(api, "structure-list"), head, add_structures)


def test_values_the_catalogue_does_not_know_are_left_out(client, api):
    OfferFactory(
        structure=api.catalogue.ofpc,
        name="Importée",
        needs=["se-former", "une-thematique-inconnue"],
        publics=["tous-publics", "inconnu"],
    )
    response = client.get(url(api, "offer-list"), {"q": "Importée"}, headers=headers(api, "member"))
    (found,) = response.json()["results"]
    assert (found["needs"], found["publics"]) == (["se-former"], ["tous-publics"])
