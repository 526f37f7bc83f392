"""The public questionnaire on a phone (375 px), with the keyboard only, in French:
a person of 55 goes through it, goes back once, reaches the result and says whether it
matches. axe-core checks every page; nothing is loaded from elsewhere."""

import pytest
from playwright.sync_api import expect

from maillage.collectives.models import Visibility
from maillage.orientation import matching
from maillage.orientation.models import FeedbackCount
from tests.orientation.setting_questionnaire import build_catalogue

from .test_foundation import PHONE, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return (e.getAttribute('value') || '') + '|' + (e.textContent || '').trim(); }"
    )


def tab_to(page, words, limit=40):
    """Press Tab until the focused control says ``words`` (its value or its text)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if words in focused(page):
            return
    raise AssertionError(f"{words!r} cannot be reached with Tab (last: {focused(page)!r})")


def question(page):
    return page.locator("input[name=q]").get_attribute("value")


@pytest.mark.parametrize("browser_context_args", [PHONE], ids=["phone-375x740"])
def test_the_questionnaire_with_the_keyboard_on_a_phone(page, live_server, world, axe_check):
    world.collective.visibility = Visibility.PUBLIC
    world.collective.region = "74"
    world.collective.save()
    matching.forget_compiled_rules()
    build_catalogue(world.collective)
    outside = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(live_server.url) or request.url.startswith("data:")
            else outside.append(request.url)
        ),
    )

    page.goto(f"{live_server.url}/orientation/{world.collective.slug}/questionnaire/")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    tab_to(page, "Commencer")
    page.keyboard.press("Enter")

    # 1. Age: typed, then Enter.
    expect(page.get_by_role("heading", level=1)).to_have_text("Quel âge avez-vous\u00a0?")
    expect(page.get_by_text("Question 1 sur environ")).to_be_visible()
    axe_check(page)
    tab_to(page, "|")  # the first control of the form is the number's field
    while page.evaluate("() => document.activeElement.name") != "answer":
        page.keyboard.press("Tab")
    page.keyboard.type("55")
    page.keyboard.press("Enter")

    # 2. Residence: a group of big radio cards; Back keeps the age.
    expect(page.locator("input[name=q]")).to_have_value("fact:residence")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    size = page.locator(".choice-card").first.bounding_box()
    assert size["height"] >= 44 and size["width"] >= 44
    tab_to(page, "Retour")
    page.keyboard.press("Enter")
    expect(page.locator("input[name=q]")).to_have_value("fact:age")
    expect(page.locator("input[name=answer]")).to_have_value("55")
    page.locator("input[name=answer]").focus()
    page.keyboard.press("Enter")
    expect(page.locator("input[name=q]")).to_have_value("fact:residence")

    # The first card is "Genève": Tab into the group, Space chooses it, Tab to Next.
    tab_to(page, "GE|")
    page.keyboard.press("Space")
    tab_to(page, "Suivant")
    page.keyboard.press("Enter")

    answers = {
        "fact:unemployed": "yes",
        "fact:available_now": "yes",
        "fact:has_other_support": "no",
        "fact:voluntary": "yes",
    }
    for key, value in answers.items():
        expect(page.locator("input[name=q]")).to_have_value(key)
        tab_to(page, "yes|")
        if value == "no":
            page.keyboard.press("ArrowDown")  # moves to "Non" and chooses it
        else:
            page.keyboard.press("Space")
        assert focused(page).startswith(value + "|")
        tab_to(page, "Suivant")
        page.keyboard.press("Enter")

    # The result: Qualife 50+ first, with what to do.
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre résultat")
    likely = page.locator("section[aria-labelledby=likely-title]")
    expect(likely.get_by_role("heading", name="Qualife 50+")).to_be_visible()
    axe_check(page)
    assert_no_horizontal_scroll(page)

    # "Does this match?" with the keyboard: counted once.
    tab_to(page, "yes|", limit=80)
    page.keyboard.press("Space")
    tab_to(page, "Envoyer ma réponse")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Merci. Votre avis est compté")).to_be_visible()
    axe_check(page)
    assert FeedbackCount.objects.get(collective=world.collective).count == 1
    assert outside == []
