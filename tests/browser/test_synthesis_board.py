"""The synthesis workspace in a browser: drag and drop, the keyboard way, the board
without JavaScript, and axe-core on every page of the workspace."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from maillage.consultations import services
from tests.consultations.test_synthesis import board_url, note_url
from tests.consultations.workshop import build_workshop
from tests.factories import PASSWORD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_drag_a_note_onto_a_theme_or_move_it_with_the_keyboard(
    page, live_server, world, log_in, axe_check
):
    workshop = build_workshop(world)
    theme = services.create_theme(actor=world.facilitator, group=workshop.group, title="Logement")
    note = workshop.notes[0]
    log_in(world.facilitator)
    page.goto(live_server.url + board_url(world))
    expect(page.locator(f"#note-{note.pk}")).to_have_attribute("draggable", "true")
    axe_check(page)

    # With the mouse: the note goes into the column, and the result is announced.
    page.drag_and_drop(f"#note-{note.pk} .note-text", f"#theme-{theme.pk} .column-head")
    expect(page.locator(f"#theme-{theme.pk} #note-{note.pk}")).to_be_visible()
    expect(page.locator("#messages")).to_contain_text("Logement")
    expect(page.locator("#board-live")).to_contain_text("Logement")
    note.refresh_from_db()
    assert (note.theme, note.version) == (theme, 2)
    # The new board can be dragged from again.
    expect(page.locator(f"#note-{note.pk}")).to_have_attribute("draggable", "true")

    # With the keyboard: choose in "Move to", then press "Move"; the note keeps the focus.
    page.locator(f"#move-{note.pk}").select_option("")
    page.locator(f"#note-{note.pk} .move-form button").press("Enter")
    expect(page.locator(f"#unsorted #note-{note.pk}")).to_be_visible()
    expect(page.locator(f"#note-{note.pk}")).to_be_focused()
    note.refresh_from_db()
    assert note.theme is None

    # A stale drag (someone else moved the note meanwhile): told, nothing lost.
    services.move_note(actor=world.coordinator, note=note, theme=theme, base_version=3)
    page.drag_and_drop(f"#note-{note.pk} .note-text", f"#theme-{theme.pk} .column-head")
    expect(page.locator("#messages [role=alert]")).to_be_visible()
    expect(page.locator(f"#theme-{theme.pk} #note-{note.pk}")).to_be_visible()
    axe_check(page)

    # The other pages of the workspace pass axe too.
    pledge = services.enter_paper_notes(
        actor=world.facilitator, group=workshop.group, question=workshop.questions[2], lines="Vélo"
    )[0]
    other = services.create_theme(
        actor=world.facilitator, group=workshop.other_group, title="Bruit"
    )
    services.merge_themes(
        actor=world.facilitator,
        consultation=workshop.consultation,
        themes=[theme, other],
        title="Habiter",
    )
    slug = world.collective.slug
    for url in [
        reverse("consultations:theme_edit", args=[slug, workshop.group.pk, theme.pk]),
        note_url(world, "note_duplicate", note),
        note_url(world, "note_commitment", pledge),
        reverse("consultations:synthesis", args=[slug, workshop.consultation.pk]),
    ]:
        page.goto(live_server.url + url)
        axe_check(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_board_works_without_javascript(browser, live_server, world):
    workshop = build_workshop(world)
    theme = services.create_theme(actor=world.facilitator, group=workshop.group, title="Logement")
    note = workshop.notes[1]
    context = browser.new_context(java_script_enabled=False, locale="fr-CH")
    page = context.new_page()
    page.goto(f"{live_server.url}/comptes/connexion/")
    page.locator('input[name="username"]').fill(world.facilitator.email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator("main form").get_by_role("button").click()
    page.goto(live_server.url + board_url(world))
    expect(page.locator(f"#note-{note.pk}")).not_to_have_attribute("draggable", "true")
    page.locator(f"#move-{note.pk}").select_option(str(theme.pk))
    page.locator(f"#note-{note.pk} .move-form button").click()
    expect(page.locator(f"#theme-{theme.pk} #note-{note.pk}")).to_be_visible()
    assert page.url.endswith(f"#note-{note.pk}")
    context.close()
