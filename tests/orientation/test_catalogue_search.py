"""The public search and an offer's public page: filters by need, public, place (and
"remote too"), kind and words; published offers only; pagination; no account."""

from datetime import date

import pytest
from django.urls import reverse

from maillage.collectives.models import Visibility

from .setting import OfferFactory, build_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_world(world):
    world.collective.visibility = Visibility.PUBLIC
    world.collective.save()
    build_catalogue(world)
    return world


def names(client, world, **query):
    response = client.get(reverse("orientation:search", args=[world.collective.slug]), query)
    assert response.status_code == 200
    return sorted(offer.name for offer in response.context["page"].object_list)


def test_without_filters_every_published_offer_and_never_a_draft(client, public_world):
    assert names(client, public_world) == [
        "Accompagnement des jeunes",
        "Chèque annuel de formation",
        "PAI+",
        "Qualife 50+",
    ]


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"need": "se-former"}, ["Chèque annuel de formation", "PAI+"]),
        ({"need": "remobilisation"}, ["Qualife 50+"]),
        ({"public": "jeunes"}, ["Accompagnement des jeunes", "PAI+"]),
        ({"kind": "financial_aid"}, ["Chèque annuel de formation"]),
        ({"place": "74100"}, ["Accompagnement des jeunes"]),
        ({"place": "annemasse"}, ["Accompagnement des jeunes"]),
        ({"place": "1205"}, ["Chèque annuel de formation"]),
        ({"place": "1201"}, ["PAI+", "Qualife 50+"]),
        (
            {"place": "74100", "remote": "on"},
            ["Accompagnement des jeunes", "Chèque annuel de formation"],
        ),
        ({"q": "qualife"}, ["Qualife 50+"]),
        ({"q": "hospice emploi"}, ["Qualife 50+"]),
        ({"need": "se-former", "public": "jeunes"}, ["PAI+"]),
        ({"need": "sante"}, []),
    ],
)
def test_filters(client, public_world, query, expected):
    assert names(client, public_world, **query) == expected


def test_an_offer_for_everyone_matches_every_public(client, public_world):
    OfferFactory(structure=public_world.catalogue.ofpc, name="Guichet", publics=["tous-publics"])
    assert "Guichet" in names(client, public_world, public="seniors")


def test_a_bad_filter_is_said_and_kept(client, public_world):
    url = reverse("orientation:search", args=[public_world.collective.slug])
    response = client.get(url, {"need": "voler", "q": "cuisine"})
    assert response.status_code == 400
    assert "need" in response.context["form"].errors
    assert 'value="cuisine"' in response.content.decode()


def test_results_are_paginated(client, public_world):
    for number in range(25):
        OfferFactory(structure=public_world.catalogue.ofpc, name=f"Atelier {number:02}")
    url = reverse("orientation:search", args=[public_world.collective.slug])
    first = client.get(url, {"q": "atelier"})
    assert len(first.context["page"].object_list) == 20
    assert "page=2" in first.content.decode()
    second = client.get(url, {"q": "atelier", "page": "2"})
    assert len(second.context["page"].object_list) == 5
    assert client.get(url, {"page": "x"}).status_code == 200


def test_the_offer_page_says_everything_a_person_needs(client, public_world):
    qualife = public_world.catalogue.qualife
    url = reverse("orientation:offer", args=[public_world.collective.slug, qualife.uuid])
    page = client.get(url).content.decode()
    for words in (
        "Avoir entre 50 et 64 ans",  # a label
        "sans emploi : oui",  # a criterion without a label, read in plain words
        "Ne pas avoir d&#x27;autre suivi",
        "Appelez la fondation",
        "Une pièce d&#x27;identité",
        "Lundi à vendredi",
        "Cours de Rive 12",
        "+41 22 420 52 00",
        "Gratuit",
    ):
        assert words in page, words
    # The criterion the service confirms is marked so, the others are not.
    assert page.count("à confirmer avec le service") == 1


def test_the_offer_page_in_english(client, public_world):
    client.cookies["django_language"] = "en"
    qualife = public_world.catalogue.qualife
    url = reverse("orientation:offer", args=[public_world.collective.slug, qualife.uuid])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Be aged 50 to 64" in page and "out of work: yes" in page


def test_a_draft_and_another_collectives_offer_are_not_found(client, public_world):
    slug = public_world.collective.slug
    draft = public_world.catalogue.draft
    assert client.get(reverse("orientation:offer", args=[slug, draft.uuid])).status_code == 404
    other = OfferFactory(structure__collective=public_world.other, last_checked_on=date.today())
    assert client.get(reverse("orientation:offer", args=[slug, other.uuid])).status_code == 404


def test_a_private_collectives_catalogue_is_for_its_members(client, world):
    build_catalogue(world)
    url = reverse("orientation:search", args=[world.collective.slug])
    assert client.get(url).status_code == 404
    client.force_login(world.observer)
    assert client.get(url).status_code == 200
