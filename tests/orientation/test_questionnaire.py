"""The public questionnaire through its pages, as an anonymous person: adaptive
questions, back and forth, validation, the result, and that nothing is written."""

import pytest

from maillage.collectives.models import Visibility
from maillage.orientation import matching
from maillage.orientation.flow_questionnaire import Flow, empty_state

from .questionnaire_helpers import Walker, row_counts
from .setting_questionnaire import build_catalogue

QUALIFE_PERSON = {
    "age": "55",
    "residence": "GE",
    "unemployed": "yes",
    "available_now": "yes",
    "has_other_support": "no",
    "voluntary": "yes",
}


@pytest.fixture
def catalogue(world):
    """A public collective outside Geneva (no cantonal benefits asked) and its catalogue."""
    world.collective.visibility = Visibility.PUBLIC
    world.collective.region = "74"
    world.collective.save()
    matching.forget_compiled_rules()
    return build_catalogue(world.collective, world.organisation)


@pytest.fixture
def walker(client, world, catalogue):
    """An anonymous person reading the site in English."""
    client.cookies["django_language"] = "en"
    return Walker(client, world.collective)


def test_a_full_run_writes_nothing_to_the_database(walker):
    before = row_counts()
    walker.start()
    walker.run(QUALIFE_PERSON)
    assert "Your result" in walker.content
    walker.post("questionnaire_pdf", {})
    assert row_counts() == before
    assert "sessionid" not in walker.client.cookies


def test_only_the_questions_that_matter_are_asked(walker):
    """At 55, CAP Formations (15-25) is decided at once: its school and diploma
    questions never come; no published offer reads years of work or a foreign diploma
    (the unpublished one does), so they never come either."""
    asked = walker.start() and walker.run(QUALIFE_PERSON)
    assert asked == ["age", "residence", "unemployed", "available_now", "has_other_support",
                     "voluntary"]  # fmt: skip


def test_a_young_person_is_asked_about_school_not_about_qualife(walker):
    asked = walker.start() and walker.run(
        {"age": "19", "residence": "FR", "in_school": "no", "has_secondary_diploma": "no"}
    )
    assert asked == ["age", "residence", "in_school", "has_secondary_diploma"]
    assert "CAP Formations" in walker.content.split("Probably not for you")[0]


def test_living_outside_geneva_settles_the_rest(walker):
    """Once the canton decides the Qualife and the cheque, only CAP's facts remain, and
    at 40 it is out too: two questions in all."""
    asked = walker.start() and walker.run({"age": "40", "residence": "FR"})
    assert asked == ["age", "residence"]


def test_back_and_forth_keeps_the_answers(walker):
    walker.start()
    walker.answer("55")
    walker.answer("GE")
    assert walker.question == "fact:unemployed"
    walker.back()
    assert walker.question == "fact:residence"
    assert 'value="GE" id="id_answer_0" checked' in walker.content
    walker.back()
    assert walker.question == "fact:age"
    assert 'value="55"' in walker.content
    # Forward again over the same answer: the next question shows the one kept.
    walker.answer("55")
    assert walker.question == "fact:residence"
    assert 'value="GE" id="id_answer_0" checked' in walker.content


def test_an_answer_typed_then_back_is_kept(walker):
    walker.start()
    walker.answer("55")
    walker.back("FR")  # chose "France" then pressed Back
    walker.answer("55")
    assert 'value="FR" id="id_answer_2" checked' in walker.content


def test_changing_an_earlier_answer_changes_what_comes_next(walker):
    walker.start()
    walker.run({**QUALIFE_PERSON})
    walker.post("questionnaire_step", {"go": "back"})  # "Change my answers"
    assert walker.question == "fact:voluntary"
    for _ in range(5):
        walker.back()
    assert walker.question == "fact:age"
    walker.answer("20")
    assert walker.question == "fact:residence"
    walker.answer("GE")
    # Now CAP Formations matters: school comes, Qualife's questions do not.
    assert walker.question == "fact:in_school"


def test_i_dont_know_moves_on_and_leaves_the_offer_maybe(walker):
    walker.start()
    walker.answer("55")
    walker.answer("GE")
    walker.skip()  # unemployed: I don't know
    walker.run({k: v for k, v in QUALIFE_PERSON.items() if k != "unemployed"})
    maybe = walker.content.split("Maybe: to check with the service")[1]
    assert "Qualife 50+" in maybe.split("Probably not for you")[0]
    assert "Not known: you did not say" in maybe


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Type a number, or press “I don&#x27;t know”."),
        ("abc", "Type a whole number, with digits only: for example 34."),
        ("130", "Type a number of 120 or less."),
        ("-1", "Type a number of 0 or more."),
    ],
)
def test_a_wrong_number_is_refused_and_kept_on_the_page(walker, raw, message):
    walker.start()
    walker.answer(raw)
    assert walker.question == "fact:age"
    assert message in walker.content
    assert f'value="{raw}"' in walker.content
    assert 'role="alert"' in walker.content


def test_no_choice_is_refused_with_a_message(walker):
    walker.start()
    walker.answer("55")
    walker.answer(None)
    assert walker.question == "fact:residence"
    assert "Choose an answer, or press “I don&#x27;t know”." in walker.content
    walker.answer("MARS")
    assert "Choose one of the answers shown." in walker.content


def test_a_forged_state_starts_again_with_a_message(walker):
    walker.start()
    walker.response = walker.client.post(
        walker.url("questionnaire_step"),
        {"state": "forged:abc", "q": "fact:age", "answer": "30"},
    )
    assert "Your answers could not be read back" in walker.response.content.decode()


def test_the_result_says_why_and_what_to_do(walker):
    walker.start()
    walker.run(QUALIFE_PERSON)
    likely, rest = walker.content.split("Probably not for you", 1)
    assert "Qualife 50+" in likely and "Chèque annuel de formation" in likely
    assert "Be aged 50 to 64" in likely
    # A criterion only the service judges is said so, even when eligible.
    assert "Be taxed in Geneva for a year" in likely
    assert "The service will check this with you" in likely
    # What to do: through a partner, the contact.
    assert "You get into this offer through a partner" in likely
    assert "Accueil Qualife" in likely and "tel:0220000000" in likely
    # CAP Formations is among the others, with the failed criterion.
    assert "CAP Formations" in rest and "Be aged 15 to 25" in rest
    assert "Reconnaissance des diplômes" not in walker.content


def test_a_private_collective_questionnaire_is_hidden_from_strangers(client, world):
    walker = Walker(client, world.collective)
    response = client.get(walker.url("questionnaire"))
    assert response.status_code == 404
    client.force_login(world.observer)
    assert client.get(walker.url("questionnaire")).status_code == 200


def test_the_questions_come_in_french_by_default(client, catalogue, world):
    walker = Walker(client, world.collective).start()
    assert "Quel âge avez-vous\u00a0?" in walker.content


def test_switching_language_keeps_the_answers(walker, world):
    walker.start()
    walker.answer("55")
    walker.post("questionnaire_step", {"q": "fact:residence", "answer": "GE", "language": "fr"})
    assert walker.question == "fact:residence"
    assert "Où habitez-vous\u00a0?" in walker.content
    assert 'value="GE" id="id_answer_0" checked' in walker.content
    assert walker.response.cookies["django_language"].value == "fr"


def test_evaluation_reads_the_catalogue_in_two_queries(world, catalogue, django_assert_num_queries):
    flow = Flow(world.collective, empty_state(), today=__import__("datetime").date(2026, 1, 1))
    with django_assert_num_queries(3):  # the criteria too, the first time
        matching.match(world.collective, {"age": 30}, flow.today)
    with django_assert_num_queries(2):
        results = matching.match(world.collective, {"age": 55}, flow.today)
    assert {offer.name for offer, _ in results} == {
        "CAP Formations",
        "Qualife 50+",
        "Chèque annuel de formation",
    }
