"""The questionnaire of a collective in Geneva: the household first, then Qeli's
questions on the canton's benefits, then the catalogue's facts not already known."""

import pytest

from maillage.collectives.models import Visibility
from maillage.orientation import matching

from .questionnaire_helpers import Walker, errors, row_counts, run_auto
from .setting_questionnaire import build_catalogue

HOUSEHOLD = {
    "household:age": {"answer": "55"},
    "household:civil_status": {"answer": "celibataire"},
    "household:partner": {"answer": "none"},
    "household:children": {"answer": "1"},
    "household:child_1": {"answer": "12", "name": "Ruben"},
    "household:others": {"answer": "0"},
}
IN_GENEVA = {
    "qeli:0501_domicileCantonGE_applicant": {"answer": "OUI"},
    "qeli:0401_nationalite_applicant": {"answer": "ch"},
    "qeli:0401_nationalite_Ruben": {"answer": "ch"},
    "qeli:0506_parentsEnfants_Ruben": {"answer": "MOI"},
    "qeli:0601_revenus_applicant": {"answer": "CHOMAGE"},
}
QUALIFE = {
    "fact:unemployed": {"answer": "yes"},
    "fact:available_now": {"answer": "yes"},
    "fact:has_other_support": {"answer": "no"},
    "fact:voluntary": {"answer": "yes"},
}


@pytest.fixture
def walker(client, world):
    world.collective.visibility = Visibility.PUBLIC
    world.collective.region = "GE"
    world.collective.save()
    matching.forget_compiled_rules()
    build_catalogue(world.collective)
    client.cookies["django_language"] = "en"
    return Walker(client, world.collective)


def test_the_household_comes_first_then_qeli_then_the_facts_left(walker):
    before = row_counts()
    walker.start()
    asked = run_auto(walker, {**HOUSEHOLD, **IN_GENEVA, **QUALIFE})
    assert asked[:6] == list(HOUSEHOLD)
    qeli = [key for key in asked if key.startswith("qeli:")]
    assert qeli and asked.index(qeli[-1]) < min(
        asked.index(key) for key in asked if key.startswith("fact:")
    )
    # Known from Qeli's answers: the age (household) and an address in Geneva.
    assert "fact:age" not in asked and "fact:residence" not in asked
    # Only the Qualife's facts remain (CAP Formations is out at 55).
    assert [key for key in asked if key.startswith("fact:")] == [
        "fact:unemployed",
        "fact:available_now",
        "fact:has_other_support",
        "fact:voluntary",
    ]
    assert row_counts() == before


def test_the_result_lists_the_cantons_benefits_with_whom_to_ask(walker):
    walker.start()
    run_auto(walker, {**HOUSEHOLD, **IN_GENEVA, **QUALIFE})
    content = walker.content
    assert "Cantonal health insurance service (SAM)" in content
    assert "https://www.ge.ch/organisation/service-assurance-maladie" in content
    assert "Hospice général" in content
    assert "Qualife 50+" in content.split("Probably not for you")[0]
    # Ruben's own outcome for the per-person benefits.
    assert "Ruben: " in content


def test_a_first_name_is_optional_and_two_people_cannot_share_one(walker):
    walker.start()
    for key in list(HOUSEHOLD)[:3]:
        walker.answer(HOUSEHOLD[key]["answer"])
    walker.answer("2")  # two children
    walker.post("questionnaire_step", {"q": "household:child_1", "answer": "9", "name": ""})
    assert walker.question == "household:child_2"
    walker.post("questionnaire_step", {"q": "household:child_2", "answer": "7", "name": "person 2"})
    assert walker.question == "household:child_2"
    assert errors(walker) == [
        "Someone else already has this first name: add an initial, for example."
    ]
    assert 'value="person 2"' in walker.content  # what was typed stays


def test_household_questions_have_no_i_dont_know(walker):
    walker.start()
    assert walker.question == "household:age"
    assert 'value="skip"' not in walker.content
    walker.answer(None, go="skip")
    assert walker.question == "household:age"
    assert errors(walker) == ["Type a number."]


def test_a_date_in_the_future_is_refused_in_plain_words(walker):
    walker.start()
    asked = []
    while walker.question and "0409_dateArriveeSuisse" not in walker.question:
        asked.append(walker.question)
        key = walker.question
        data = {**HOUSEHOLD, **IN_GENEVA, "qeli:0401_nationalite_applicant": {"answer": "tr"}}
        run_one(walker, data.get(key))
    assert walker.question == "qeli:0409_dateArriveeSuisse_applicant"
    walker.post(
        "questionnaire_step",
        {"q": walker.question, "answer": "date", "day": "01.01.2999"},
    )
    assert errors(walker) == ["This date is in the future. Write a past date."]
    assert 'value="01.01.2999"' in walker.content
    walker.post("questionnaire_step", {"q": walker.question, "day": "04.12.2016"})
    assert walker.question != "qeli:0409_dateArriveeSuisse_applicant"
    walker.back()
    assert 'value="04.12.2016"' in walker.content


def run_one(walker, data):
    from .questionnaire_helpers import CHOICE, PREFERRED

    if data is None:
        values = CHOICE.findall(walker.content)
        preferred = [value for value in PREFERRED if value in values]
        data = {"answer": (preferred or values or ["50"])[0]}
    walker.post("questionnaire_step", {"q": walker.question, "go": "next", **data})
