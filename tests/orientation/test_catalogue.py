"""The catalogue's services and management pages: structures (identifiers and postcodes
by country), offers, criteria as rows validated through the eligibility package,
"checked today", publication, the people of a structure."""

import re
from datetime import date

import pytest
from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.core.errors import DomainError
from maillage.orientation import services_catalogue as services
from maillage.orientation.forms_catalogue import CriteriaFormSet, StructureForm, initial_rows
from maillage.orientation.models import Country, Offer, Structure

from .setting import QUALIFE_CRITERIA, VALID_SIRET, VALID_UID, build_catalogue

pytestmark = pytest.mark.django_db


def structure_post(**more):
    data = {
        "name": "Fondation Qualife",
        "country": "CH",
        "uid": "",
        "siret": "",
        "postcode": "1201",
        "commune": "Genève",
        "commune_code": "6621",
    }
    return {**data, **more}


# ------------------------------------------------------------------ structures


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"country": "CH", "uid": "CHE-116.281.711"}, "uid"),
        ({"country": "CH", "siret": VALID_SIRET}, "siret"),
        ({"country": "FR", "siret": "73282932000075"}, "siret"),
        ({"country": "FR", "uid": VALID_UID}, "uid"),
        ({"country": "CH", "postcode": "12011"}, "postcode"),
        ({"country": "FR", "postcode": "1201"}, "postcode"),
        ({"country": "CH", "commune_code": "66210"}, "commune_code"),
        ({"country": "FR", "commune_code": "7401"}, "commune_code"),
    ],
)
def test_structure_identifiers_and_places_are_checked_for_their_country(world, fields, field):
    assert field in services.structure_problems(fields)
    with pytest.raises(DomainError) as refused:
        services.create_structure(
            actor=world.coordinator, collective=world.collective, name="Essai", **fields
        )
    assert refused.value.field == field
    assert not Structure.objects.exists()


def test_valid_identifiers_pass(world):
    swiss = services.create_structure(
        actor=world.coordinator,
        collective=world.collective,
        name="OFPC",
        country=Country.SWITZERLAND,
        uid="che116281710",
        postcode="1205",
        commune_code="6621",
    )
    assert swiss.uid == VALID_UID  # written as the model stores it
    french = services.create_structure(
        actor=world.coordinator,
        collective=world.collective,
        name="Mission locale",
        country=Country.FRANCE,
        siret=VALID_SIRET,
        postcode="74100",
        commune_code="2A004",
    )
    assert french.pk
    assert AuditEvent.objects.filter(action="orientation.structure_created").count() == 2


def test_structure_form_keeps_what_was_typed_and_says_why(client, world):
    client.force_login(world.coordinator)
    url = reverse("orientation:structure_create", args=[world.collective.slug])
    response = client.post(url, structure_post(uid="CHE-116.281.711", postcode="120"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "CHE-116.281.711" in page and 'value="120"' in page
    form = response.context["form"]
    assert "uid" in form.errors and "postcode" in form.errors
    assert not Structure.objects.exists()
    response = client.post(url, structure_post(uid="CHE-116.281.710"))
    assert response.status_code == 302
    assert Structure.objects.get().uid == VALID_UID


def test_people_of_a_structure_edit_it_but_do_not_choose_its_organisation(client, world):
    built = build_catalogue(world)
    form = StructureForm(collective=world.collective, may_choose_organisation=False)
    assert "organisation" not in form.fields
    client.force_login(world.member)
    url = reverse("orientation:structure_edit", args=[world.collective.slug, built.hospice.pk])
    data = structure_post(name="Hospice général (HG)", uid=VALID_UID, organisation="")
    assert client.post(url, data).status_code == 302
    built.hospice.refresh_from_db()
    assert built.hospice.name == "Hospice général (HG)"
    assert built.hospice.organisation == world.organisation  # unchanged
    # Another structure of the catalogue is not theirs.
    other = reverse("orientation:structure_edit", args=[world.collective.slug, built.ofpc.pk])
    assert client.get(other).status_code == 403


def test_the_structures_list_shows_the_people_of_a_structure_only_theirs(client, world):
    built = build_catalogue(world)
    client.force_login(world.member)
    page = client.get(reverse("orientation:structures", args=[world.collective.slug]))
    assert [s.pk for s in page.context["structures"]] == [built.hospice.pk]
    client.force_login(world.coordinator)
    page = client.get(reverse("orientation:structures", args=[world.collective.slug]))
    assert len(page.context["structures"]) == 3


def test_an_ended_membership_ends_being_one_of_the_people_of_a_structure(client, world):
    from maillage.collectives.models import Membership
    from maillage.collectives.services import end_membership

    built = build_catalogue(world)
    end_membership(
        actor=world.coordinator,
        membership=Membership.objects.get(user=world.member, collective=world.collective),
        reason="Départ",
    )
    client.force_login(world.member)
    url = reverse("orientation:structure", args=[world.collective.slug, built.hospice.pk])
    assert client.get(url).status_code == 404


# ----------------------------------------------------------------------- offers


def test_create_and_update_an_offer(world):
    built = build_catalogue(world)
    offer = services.create_offer(
        actor=world.member, structure=built.hospice, name="Atelier CV", kind="coaching"
    )
    assert offer.last_checked_on == date.today() and offer.published
    services.update_offer(actor=world.member, offer=offer, name="Atelier CV et lettre")
    event = AuditEvent.objects.get(action="orientation.offer_updated")
    assert event.after == {"name": "Atelier CV et lettre"}
    with pytest.raises(DomainError) as refused:
        services.update_offer(actor=world.member, offer=offer, postcode="74100")
    assert refused.value.field == "postcode"  # a Swiss structure's offer


def test_offer_form_rejects_a_french_postcode_for_a_swiss_structure(client, world):
    built = build_catalogue(world)
    client.force_login(world.member)
    url = reverse("orientation:offer_create", args=[world.collective.slug, built.hospice.pk])
    response = client.post(
        url,
        {
            "name": "Atelier",
            "kind": "coaching",
            "access": "direct",
            "cost": "free",
            "postcode": "74100",
            "needs": ["se-former"],
        },
    )
    assert response.status_code == 400
    assert "postcode" in response.context["form"].errors
    page = response.content.decode()
    assert re.search(r'<input[^>]*value="se-former"[^>]*checked', page)
    assert not Offer.objects.filter(name="Atelier").exists()


def test_unpublish_and_mark_checked(client, world):
    built = build_catalogue(world)
    client.force_login(world.member)
    slug = world.collective.slug
    Offer.objects.filter(pk=built.qualife.pk).update(last_checked_on=date(2020, 1, 1))
    client.post(reverse("orientation:offer_publish", args=[slug, built.qualife.uuid]), {})
    built.qualife.refresh_from_db()
    assert not built.qualife.published
    client.post(reverse("orientation:offer_checked", args=[slug, built.qualife.uuid]))
    built.qualife.refresh_from_db()
    assert built.qualife.last_checked_on == date.today()
    Offer.objects.filter(structure=built.hospice).update(last_checked_on=date(2020, 1, 1))
    client.post(reverse("orientation:structure_checked", args=[slug, built.hospice.pk]))
    assert set(
        Offer.objects.filter(structure=built.hospice).values_list("last_checked_on", flat=True)
    ) == {date.today()}


# --------------------------------------------------------------------- criteria


def rows(*forms, total=None):
    data = {
        "criteria-TOTAL_FORMS": str(total or len(forms)),
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for number, form in enumerate(forms):
        for key, value in {"check": "tool", **form}.items():
            data[f"criteria-{number}-{key}"] = value
    return data


def test_criteria_rows_make_criteria_the_evaluator_reads(client, world):
    built = build_catalogue(world)
    client.force_login(world.member)
    url = reverse("orientation:offer_criteria", args=[world.collective.slug, built.pai.uuid])
    data = rows(
        {
            "fact": "age",
            "op": "between",
            "value": "18",
            "value_to": "35",
            "label_fr": "18 à 35 ans",
        },
        {"fact": "has_secondary_diploma", "op": "is_false"},
        {"fact": "residence", "op": "in", "value": "GE, CH", "check": "service"},
    )
    assert client.post(url, data).status_code == 302
    built.pai.refresh_from_db()
    assert built.pai.criteria == [
        {
            "id": "age",
            "label": {"fr": "18 à 35 ans"},
            "when": {"fact": "age", "op": "between", "value": [18, 35]},
            "check": "tool",
        },
        {
            "id": "has_secondary_diploma",
            "label": {},
            "when": {"fact": "has_secondary_diploma", "op": "is_false"},
            "check": "tool",
        },
        {
            "id": "residence",
            "label": {},
            "when": {"fact": "residence", "op": "in", "value": ["GE", "CH"]},
            "check": "service",
        },
    ]
    from maillage.eligibility import evaluate

    facts = {"age": 20, "has_secondary_diploma": False}
    assert evaluate(built.pai.rule(), facts, date.today()).outcome == "eligible"


@pytest.mark.parametrize(
    "row, field",
    [
        ({"fact": "age", "op": "ge", "value": "douze"}, "value"),
        ({"fact": "age", "op": "ge", "value": "130"}, "value"),
        ({"fact": "age", "op": "is_true"}, "op"),
        ({"fact": "residence", "op": "eq", "value": "VD"}, "value"),
        ({"fact": "age", "op": "between", "value": "40", "value_to": "30"}, "value_to"),
        ({"fact": "", "op": "eq", "value": "1", "label_fr": "Sans fait"}, "fact"),
        ({"fact": "age", "op": "ge", "value": ""}, "value"),
    ],
)
def test_a_bad_criterion_gets_a_clear_message_and_nothing_typed_is_lost(client, world, row, field):
    built = build_catalogue(world)
    client.force_login(world.member)
    url = reverse("orientation:offer_criteria", args=[world.collective.slug, built.qualife.uuid])
    good = {"fact": "unemployed", "op": "is_true", "label_fr": "Être sans emploi"}
    response = client.post(url, rows(good, row))
    assert response.status_code == 400
    formset = response.context["formset"]
    assert field in formset.forms[1].errors
    page = response.content.decode()
    assert "Être sans emploi" in page
    for value in row.values():
        if value:
            assert value in page
    built.qualife.refresh_from_db()
    assert built.qualife.criteria == QUALIFE_CRITERIA  # unchanged


def test_criteria_rows_round_trip_and_a_complex_criterion_is_kept(world):
    criteria = [
        *QUALIFE_CRITERIA,
        {
            "id": "young-or-senior",
            "label": {"fr": "Moins de 25 ans ou plus de 50"},
            "when": {
                "any": [
                    {"fact": "age", "op": "lt", "value": 25},
                    {"fact": "age", "op": "ge", "value": 50},
                ]
            },
            "check": "tool",
        },
    ]
    initial = initial_rows(criteria)
    data = rows(*[{k: str(v) for k, v in row.items()} for row in initial])
    formset = CriteriaFormSet(data, prefix="criteria")
    assert formset.is_valid(), formset.errors
    assert formset.criteria() == [
        {**c, "label": {k: v for k, v in c["label"].items() if v}} for c in criteria
    ]


def test_deleting_a_criterion_row(world):
    initial = initial_rows(QUALIFE_CRITERIA)
    data = rows(*[{k: str(v) for k, v in row.items()} for row in initial])
    data["criteria-1-DELETE"] = "on"
    formset = CriteriaFormSet(data, prefix="criteria")
    assert formset.is_valid()
    assert [c["id"] for c in formset.criteria()] == ["age", "residence", "other-support"]


def test_the_service_refuses_criteria_the_evaluator_cannot_read(world):
    built = build_catalogue(world)
    with pytest.raises(DomainError):
        services.set_criteria(
            actor=world.member,
            offer=built.qualife,
            criteria=[{"id": "x", "when": {"fact": "age", "op": "between", "value": 3}}],
        )
    built.qualife.refresh_from_db()
    assert built.qualife.criteria == QUALIFE_CRITERIA


# ------------------------------------------------------------------- the tab


def test_the_collectives_tab(client, world):
    home = reverse("collectives:detail", args=[world.collective.slug])
    structures = reverse("orientation:structures", args=[world.collective.slug])
    search = reverse("orientation:search", args=[world.collective.slug])
    client.force_login(world.coordinator)
    assert f'href="{structures}"' in client.get(home).content.decode()
    client.force_login(world.member)
    assert f'href="{search}"' not in client.get(home).content.decode()  # no catalogue yet
    build_catalogue(world)
    page = client.get(home).content.decode()
    assert f'href="{search}"' in page and f'href="{structures}"' not in page
    # The search links the people of a structure to their management pages.
    assert f'href="{structures}"' in client.get(search).content.decode()
    client.force_login(world.observer)
    assert f'href="{structures}"' not in client.get(search).content.decode()


def test_the_facts_are_named_as_the_vocabulary_writes_them(world):
    from maillage.orientation.forms_catalogue import fact_choices

    names = dict(fact_choices())
    assert names["arrived_after_school_age"] == "Arrivé en Suisse après 15 ans"


def test_the_criteria_page_lists_the_codes_of_choices(client, world):
    built = build_catalogue(world)
    client.force_login(world.member)
    url = reverse("orientation:offer_criteria", args=[world.collective.slug, built.pai.uuid])
    page = client.get(url).content.decode()
    assert "<code>GE</code> Dans le canton de Genève" in page
