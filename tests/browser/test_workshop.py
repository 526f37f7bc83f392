"""A whole workshop in two browsers, as it happens in a room.

A participant without an account joins with the code and posts a note; the
facilitator's wall shows it within 3 seconds without reloading; the facilitator
sorts it into a theme and writes the theme's statement, sends it back in a Delphi
round; the participant votes; the facilitator closes the round and reads the
results. axe-core checks every page on the way.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from maillage.consultations.models import Note, Vote
from tests.consultations.workshop import build_workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IDEA = "Un jardin partagé au pied de chaque immeuble"


def test_a_whole_workshop(
    browser, browser_context_args, live_server, world, axe_check, log_in, page
):
    workshop = build_workshop(world)
    consultation, group = workshop.consultation, workshop.group
    slug = world.collective.slug

    # The facilitator (this page) keeps the wall of the group open.
    log_in(world.facilitator)
    page.goto(live_server.url + group.get_absolute_url())
    axe_check(page)

    # A participant joins from their phone, without an account, and posts a note.
    phone_context = browser.new_context(**browser_context_args)
    phone = phone_context.new_page()
    phone.goto(live_server.url + reverse("consultations:join"))
    axe_check(phone)
    phone.get_by_label("Code de séance").fill(group.join_code.lower())
    phone.get_by_label("Votre nom sur le mur (facultatif)").fill("Noé")
    phone.locator("main form").get_by_role("button").click()
    expect(phone).to_have_url(live_server.url + group.get_absolute_url())
    axe_check(phone)
    phone.locator("#note_question").select_option(str(workshop.questions[0].pk))
    phone.locator("#note_text").fill(IDEA)
    phone.get_by_role("button", name="Mettre sur le mur").click()
    expect(phone.locator("#wall-notes")).to_contain_text(IDEA)
    note = Note.objects.get(text=IDEA)

    # The facilitator's wall shows it within 3 s, without reloading, with its author.
    expect(page.locator(f"#note-{note.pk}")).to_contain_text(IDEA, timeout=3000)
    expect(page.locator(f"#note-{note.pk}")).to_contain_text("Noé")
    # ... which the other participants never see.
    expect(phone.locator("#wall-notes")).not_to_contain_text("Noé")

    # The facilitator sorts it into a new theme, with the keyboard way.
    page.goto(live_server.url + reverse("consultations:theme_board", args=[slug, group.pk]))
    axe_check(page)
    page.locator("#new-theme > summary").click()
    page.locator(".new-theme-form input[name=title]").fill("La nature en ville")
    page.get_by_role("button", name="Ajouter le thème").click()
    theme = group.themes.get(title="La nature en ville")
    page.locator(f"#note-{note.pk} details.menu > summary").click()
    page.locator(f'#note-{note.pk} .move-form button[value="{theme.pk}"]').click()
    expect(page.locator(f"#theme-{theme.pk} #note-{note.pk}")).to_be_visible()
    note.refresh_from_db()
    assert note.theme == theme

    # ... writes the theme's synthesis statement ...
    page.goto(
        live_server.url + reverse("consultations:theme_edit", args=[slug, group.pk, theme.pk])
    )
    axe_check(page)
    statement = "Chaque quartier veut des espaces verts cultivés ensemble."
    page.locator("textarea[name=statement]").fill(statement)
    page.locator("main form").get_by_role("button").first.click()
    expect(page.locator("#messages")).not_to_be_empty()

    # ... turns it into a statement of the Delphi round, and opens the round.
    page.goto(
        live_server.url
        + reverse("consultations:statements_from_themes", args=[slug, consultation.pk])
    )
    axe_check(page)
    page.locator(f"#theme-{theme.pk}").check()
    page.locator("select[name=round]").select_option(
        label="2. Tour Delphi : d'accord ou pas d'accord"
    )
    page.get_by_role("button", name="Créer les énoncés").click()
    round_url = reverse("consultations:round", args=[slug, consultation.pk, 2])
    page.goto(live_server.url + round_url)
    axe_check(page)
    page.get_by_role("button", name="Ouvrir le tour").click()
    expect(page.locator("#messages")).not_to_be_empty()

    # The participant votes from the link on their wall.
    phone.goto(live_server.url + group.get_absolute_url())
    phone.get_by_role("link", name="Donner mon avis").click()
    axe_check(phone)
    block = phone.locator("article.vote-statement", has_text=statement)
    block.get_by_label("D'accord", exact=True).check()
    block.get_by_role("button", name="Enregistrer ma réponse").click()
    expect(phone.locator("article.vote-statement", has_text=statement)).to_contain_text(
        "Enregistré"
    )
    assert Vote.objects.get(statement__text=statement).choice == 1

    # The facilitator closes the round and reads its results.
    page.goto(live_server.url + round_url)
    page.get_by_role("button", name="Fermer le tour").click()
    page.goto(live_server.url + reverse("consultations:results", args=[slug, consultation.pk, 2]))
    axe_check(page)
    expect(page.locator("main")).to_contain_text(statement)
    expect(page.locator("main")).to_contain_text("100")
    phone_context.close()
