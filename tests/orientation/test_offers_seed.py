"""Geneva's offers of the issue's seed text, as the demo's catalogue data holds them
(maillage/demo/orientation_offers.yaml): every criterion the seed states is encoded and
decides an eligible and a refused case; for every offer and generated profiles,
"eligible" is what a plain re-reading of the offer's stated conditions says."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.demo.orientation import catalogue_data, offer_fields
from maillage.eligibility import ELIGIBLE, REFUSED, UNCERTAIN, evaluate
from maillage.eligibility.conditions import facts_used
from maillage.eligibility.facts import BOOLEAN, CHOICE, INTEGER, vocabulary
from maillage.orientation.models import Access, Offer, OfferKind
from tests.typography import slips

TODAY = dt.date(2026, 3, 2)
OFFERS = {spec["key"]: spec for spec in catalogue_data()["offers"]}


def rule(key):
    """The offer's rule as the catalogue builds it (Offer.rule), from the YAML's fields."""
    return Offer(**offer_fields(OFFERS[key])).rule()


def outcome(key, **facts):
    return evaluate(rule(key), facts, TODAY).outcome


def test_the_seed_offers_are_all_there():
    assert set(OFFERS) == {
        "ofpc-competences-de-base",
        "ofpc-afp-cfc",
        "ofpc-qualifications-plus",
        "sbpe-cheque-formation",
        "ofpc-diplomes-etrangers",
        "cap-formations",
        "sbpe-bourse-reconversion",
        "pai-plus",
        "qualife-jeunes",
        "qualife-50-plus",
        "bis-guichet",
    }
    structures = {spec["key"] for spec in catalogue_data()["structures"]}
    assert {"ofpc", "hospice", "qualife", "cap", "bis", "sbpe"} <= structures
    assert all(spec["structure"] in structures for spec in OFFERS.values())


def test_every_criterion_reads_the_fact_vocabulary_and_has_a_reference():
    known = set(vocabulary())
    for key, spec in OFFERS.items():
        assert spec["kind"] in OfferKind.values, key
        for criterion in spec["criteria"]:
            assert facts_used(criterion["when"]) <= known, (key, criterion["id"])
            assert criterion["check"] in ("tool", "service"), key
            assert criterion.get("reference"), (key, criterion["id"])
            assert criterion["label"]["fr"] and criterion["label"]["en"], key


def test_the_french_texts_have_no_typographic_slip():
    def strings(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key != "en":
                    yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)
        elif isinstance(value, str):
            yield value

    found = [slip for text in strings(catalogue_data()) for slip in slips(text)]
    assert found == []


def test_people_named_in_the_data_have_example_org_addresses():
    for spec in OFFERS.values():
        assert spec["email"] == "" or spec["email"].endswith("@example.org")
        assert not spec.get("phone")


# --------------------------------------------------- each criterion stated in the seed

QUALIFE_50 = {
    "age": 52,
    "unemployed": True,
    "residence": "GE",
    "voluntary": True,
    "available_now": True,
    "has_other_support": False,
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, ELIGIBLE),
        ({"age": 50}, ELIGIBLE),
        ({"age": 64}, ELIGIBLE),
        ({"age": 49}, REFUSED),
        ({"age": 65}, REFUSED),
        ({"unemployed": False}, REFUSED),
        ({"residence": "CH"}, REFUSED),  # living in Vaud
        ({"residence": "FR"}, REFUSED),
        ({"voluntary": False}, REFUSED),
        ({"available_now": False}, REFUSED),
        ({"has_other_support": True}, REFUSED),
        ({"unemployed": None}, UNCERTAIN),
    ],
)
def test_qualife_50_plus(change, expected):
    assert outcome("qualife-50-plus", **{**QUALIFE_50, **change}) == expected


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"age": 19, "in_rupture": True}, ELIGIBLE),
        ({"age": 24, "in_rupture": True}, ELIGIBLE),
        ({"age": 25, "in_rupture": True}, REFUSED),
        ({"age": 19, "in_rupture": False}, REFUSED),
        ({"age": 19}, UNCERTAIN),
    ],
)
def test_qualife_under_25_in_rupture(facts, expected):
    assert outcome("qualife-jeunes", **facts) == expected


CAP = {"age": 17, "in_school": False, "has_secondary_diploma": False}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, ELIGIBLE),
        ({"age": 15}, ELIGIBLE),
        ({"age": 25}, ELIGIBLE),
        ({"age": 14}, REFUSED),
        ({"age": 26}, REFUSED),
        ({"in_school": True}, REFUSED),
        ({"has_secondary_diploma": True}, REFUSED),
    ],
)
def test_cap_formations_15_to_25_out_of_school_without_diploma(change, expected):
    assert outcome("cap-formations", **{**CAP, **change}) == expected


PAI = {"age": 27, "arrived_after_school_age": True, "has_secondary_diploma": False}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, ELIGIBLE),
        ({"age": 18}, ELIGIBLE),
        ({"age": 35}, ELIGIBLE),
        ({"age": 17}, REFUSED),
        ({"age": 36}, REFUSED),
        ({"arrived_after_school_age": False}, REFUSED),
        ({"has_secondary_diploma": True}, REFUSED),
    ],
)
def test_pai_plus_18_to_35_arrived_late_without_diploma(change, expected):
    assert outcome("pai-plus", **{**PAI, **change}) == expected


def test_pai_plus_has_60_places_and_is_entered_through_a_partner():
    spec = OFFERS["pai-plus"]
    assert spec["places"] == 60
    assert spec["access"] == Access.PARTNER
    assert "60 places dans 11 métiers" in spec["description"]


RETRAINING = {"age": 42, "has_secondary_diploma": True}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, ELIGIBLE),
        ({"age": 25}, ELIGIBLE),
        ({"age": 70}, ELIGIBLE),  # no upper age limit
        ({"age": 24}, REFUSED),
        ({"has_secondary_diploma": False}, REFUSED),
    ],
)
def test_retraining_grant_without_age_limit(change, expected):
    assert outcome("sbpe-bourse-reconversion", **{**RETRAINING, **change}) == expected


def test_retraining_grant_leaves_what_only_the_service_judges_to_it():
    result = evaluate(rule("sbpe-bourse-reconversion"), RETRAINING, TODAY)
    to_confirm = {reason.criterion for reason in result.by_status("to_confirm")}
    assert to_confirm == {"career-change-needed", "geneva-domicile"}
    # The service's conditions never refuse: living in France is for the service to judge.
    facts = {**RETRAINING, "residence": "FR", "career_change_needed": False}
    assert outcome("sbpe-bourse-reconversion", **facts) == ELIGIBLE
    spec = OFFERS["sbpe-bourse-reconversion"]
    assert "40\u00a0000\u00a0CHF" in spec["cost_details"]
    assert spec["reference_url"].startswith("https://")


def test_training_cheque_is_750_a_year_up_to_three_years_for_adults():
    spec = OFFERS["sbpe-cheque-formation"]
    assert spec["cost_details"] == "750\u00a0CHF par an, jusqu'à trois ans à la fois"
    assert outcome("sbpe-cheque-formation", age=30) == ELIGIBLE
    assert outcome("sbpe-cheque-formation", age=17) == REFUSED


def test_recognition_of_foreign_diplomas():
    assert outcome("ofpc-diplomes-etrangers", has_foreign_diploma=True) == ELIGIBLE
    assert outcome("ofpc-diplomes-etrangers", has_foreign_diploma=False) == REFUSED


def test_qualifications_plus_needs_five_years_of_work():
    assert outcome("ofpc-qualifications-plus", years_of_work=5) == ELIGIBLE
    assert outcome("ofpc-qualifications-plus", years_of_work=4) == REFUSED


@pytest.mark.parametrize("key", ["bis-guichet", "ofpc-competences-de-base", "ofpc-afp-cfc"])
def test_offers_without_stated_criteria_are_open_to_anyone(key):
    assert OFFERS[key]["criteria"] == []
    assert outcome(key) == ELIGIBLE
    assert outcome(key, age=80, residence="OTHER") == ELIGIBLE


def test_the_bis_is_one_anonymous_desk():
    spec = OFFERS["bis-guichet"]
    assert spec["kind"] == OfferKind.INFORMATION
    assert "sans donner son nom" in spec["description"]
    assert len(spec["needs"]) >= 4


# ------------------------------------------- property: eligible = the stated conditions
# A plain re-statement of each offer's conditions as the seed (and the cited sources)
# state them, written without the evaluator: each returns True (met), False (not met)
# or None (a fact it needs is unknown) for the conditions the tool checks.


def _all(*parts):
    if any(part is False for part in parts):
        return False
    if any(part is None for part in parts):
        return None
    return True


def _int(facts, name):
    value = facts.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _is(facts, name, wanted):
    value = facts.get(name)
    return None if value is None else value is wanted


def _age_in(facts, low, high):
    age = _int(facts, "age")
    return None if age is None else low <= age <= high


STATED = {
    "ofpc-competences-de-base": lambda f: True,
    "ofpc-afp-cfc": lambda f: True,
    "bis-guichet": lambda f: True,
    "ofpc-qualifications-plus": lambda f: (
        None if _int(f, "years_of_work") is None else _int(f, "years_of_work") >= 5
    ),
    "sbpe-cheque-formation": lambda f: _age_in(f, 18, 10_000),
    "ofpc-diplomes-etrangers": lambda f: _is(f, "has_foreign_diploma", True),
    "cap-formations": lambda f: _all(
        _age_in(f, 15, 25), _is(f, "in_school", False), _is(f, "has_secondary_diploma", False)
    ),
    "sbpe-bourse-reconversion": lambda f: _all(
        _age_in(f, 25, 10_000), _is(f, "has_secondary_diploma", True)
    ),
    "pai-plus": lambda f: _all(
        _age_in(f, 18, 35),
        _is(f, "arrived_after_school_age", True),
        _is(f, "has_secondary_diploma", False),
    ),
    "qualife-jeunes": lambda f: _all(_age_in(f, -10_000, 24), _is(f, "in_rupture", True)),
    "qualife-50-plus": lambda f: _all(
        _age_in(f, 50, 64),
        _is(f, "unemployed", True),
        None if f.get("residence") is None else f["residence"] == "GE",
        _is(f, "voluntary", True),
        _is(f, "available_now", True),
        _is(f, "has_other_support", False),
    ),
}


def _value(fact):
    """A strategy for one fact's value: its type's values, or unknown (absent or None)."""
    if fact.type == BOOLEAN:
        known = st.booleans()
    elif fact.type == INTEGER:
        # Around the offers' thresholds and beyond the vocabulary's bounds too.
        known = st.integers(min_value=-1, max_value=130)
    else:
        assert fact.type == CHOICE
        known = st.sampled_from([option["value"] for option in fact.options])
    return st.one_of(st.just(None), known)


PROFILES = st.fixed_dictionaries({}, optional={n: _value(f) for n, f in vocabulary().items()})


def test_every_offer_has_a_restatement():
    assert set(STATED) == set(OFFERS)


@settings(max_examples=400, deadline=None)
@given(key=st.sampled_from(sorted(OFFERS)), facts=PROFILES)
def test_eligible_is_the_offers_stated_conditions(key, facts):
    result = evaluate(rule(key), facts, TODAY)
    stated = STATED[key](facts)
    assert (result.outcome == ELIGIBLE) == (stated is True)
    assert (result.outcome == REFUSED) == (stated is False)
    assert (result.outcome == UNCERTAIN) == (stated is None)
