"""The live wall in a browser: notes arrive by polling, posting with htmx, moderation,
the projection screen, paper entry and the mood check, with axe-core on each page."""

import re

import pytest
from django.core.signing import get_cookie_signer
from django.urls import reverse
from playwright.sync_api import expect

from maillage.consultations import services
from maillage.consultations.access import COOKIE_SALT, cookie_name
from tests.consultations.workshop import build_workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_notes_arrive_without_reloading(page, live_server, world, axe_check, context, settings):
    settings.SITE_URL = live_server.url
    w = build_workshop(world)
    wall = live_server.url + w.group.get_absolute_url()
    # Alex's participant cookie in the browser, as joining sets it.
    signer = get_cookie_signer(salt=cookie_name(w.consultation) + COOKIE_SALT)
    context.add_cookies(
        [
            {
                "name": cookie_name(w.consultation),
                "value": signer.sign(w.participant.token),
                "url": live_server.url,
            }
        ]
    )
    page.goto(wall)
    axe_check(page)
    expect(page.locator(f"#notes-q-{w.questions[0].pk} > li")).to_have_count(3)
    # Someone else posts: appears by polling within 3 s
    services.post_note(
        participant=w.participant, question=w.questions[1], text="Arrivée par sondage"
    )
    expect(page.locator(f"#notes-q-{w.questions[1].pk} > li")).to_have_count(1, timeout=3500)
    expect(page.locator(f"#notes-q-{w.questions[1].pk} + .no-notes")).to_be_hidden()
    # Post with htmx
    page.select_option("#note_question", str(w.questions[2].pk))
    page.fill("#note_text", "<script>window.pwned=1</script> via htmx")
    url_before = page.url
    page.get_by_role("button", name=re.compile("mur|wall", re.I)).click()
    expect(page.locator(f"#notes-q-{w.questions[2].pk} > li")).to_have_count(1, timeout=3000)
    assert page.url == url_before
    expect(page.locator("#note_text")).to_have_value("")
    expect(page.locator("#note_text")).to_be_focused()
    assert page.evaluate("window.pwned") is None
    expect(page.locator(f"#notes-q-{w.questions[2].pk} > li")).to_contain_text("<script>")
    # No duplicates after several polls
    page.wait_for_timeout(4500)
    expect(page.locator("#wall-notes li.note")).to_have_count(5)
    # Facilitator hides a note: disappears for Alex
    services.hide_note(actor=world.facilitator, note=w.notes[0], reason="x")
    expect(page.locator(f"#note-{w.notes[0].pk}")).to_have_count(0, timeout=3500)
    expect(page.locator("#wall-notes li.note")).to_have_count(4)
    # mood via htmx
    page.get_by_label(re.compile("Ensoleillé|Sunny$")).check()
    page.get_by_role("button", name=re.compile("météo|weather", re.I)).click()
    expect(page.locator("#mood [role=status]")).not_to_be_empty()
    axe_check(page)


def test_a_facilitator_moderates_and_projects_the_code(
    page, live_server, world, axe_check, log_in, settings
):
    settings.SITE_URL = live_server.url
    w = build_workshop(world)
    services.record_mood(participant=w.participant, moment="start", value=3)
    log_in(world.facilitator)
    page.goto(live_server.url + w.group.get_absolute_url())
    axe_check(page)
    note = w.notes[1]
    li = page.locator(f"#note-{note.pk}")
    li.locator("summary").click()
    li.locator("input[name=reason]").fill("Hors sujet")
    li.get_by_role("button", name=re.compile("Masquer|Hide")).click()
    expect(page.locator(f"#note-{note.pk}")).to_have_class(re.compile("note-hidden"))
    expect(page.locator("#messages")).not_to_be_empty()
    # correct another note
    note = w.notes[2]
    li = page.locator(f"#note-{note.pk}")
    li.locator("summary").click()
    li.locator("textarea").fill("Un travail utile")
    page.wait_for_timeout(2500)  # polls wait while typing
    expect(li.locator("textarea")).to_have_value("Un travail utile")
    li.get_by_role("button", name=re.compile("correction", re.I)).click()
    expect(page.locator(f"#note-{note.pk} .note-text")).to_have_text("Un travail utile")
    page.wait_for_timeout(2500)
    expect(page.locator("#wall-notes li.note")).to_have_count(3)
    axe_check(page)
    page.goto(
        live_server.url + reverse("consultations:screen", args=[world.collective.slug, w.group.pk])
    )
    axe_check(page)
    expect(page.locator("svg.qr-code")).to_be_visible()
    page.goto(
        live_server.url + reverse("consultations:paper", args=[world.collective.slug, w.group.pk])
    )
    axe_check(page)
    page.goto(
        live_server.url + reverse("consultations:mood", args=[world.collective.slug, w.group.pk])
    )
    axe_check(page)


def test_the_focus_stays_on_the_note_after_a_refresh(page, live_server, world, log_in):
    w = build_workshop(world)
    log_in(world.facilitator)
    page.goto(live_server.url + w.group.get_absolute_url())
    note = w.notes[1]
    li = page.locator(f"#note-{note.pk}")
    li.locator("summary").click()
    li.locator("input[name=reason]").fill("Hors sujet")
    li.get_by_role("button", name=re.compile("Masquer|Hide")).click()
    expect(page.locator(f"#note-{note.pk}")).to_be_focused()
    # the stamp changed: the next poll replaces the whole wall
    with page.expect_response(lambda r: "mur/notes/" in r.url and r.status == 200, timeout=5000):
        pass
    page.wait_for_timeout(300)
    expect(page.locator(f"#note-{note.pk}")).to_be_focused()
    assert page.evaluate("document.activeElement.id") == f"note-{note.pk}"
