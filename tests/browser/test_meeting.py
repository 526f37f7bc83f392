"""A meeting through a real browser, in French: plan it, send the invitations, record
attendance on the day, add a decision and an action, download the minutes as PDF and
DOCX, approve them; attendance again on a phone. axe-core checks every page."""

from datetime import date, timedelta
from io import StringIO

import docx
import pytest
from django.core import mail
from django.utils import timezone, translation
from playwright.sync_api import expect
from pypdf import PdfReader

from maillage.meetings.models import Meeting, MinutesStatus
from tests.meetings.setting import build_meeting

from .test_foundation import PHONE, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fr(message):
    with translation.override("fr"):
        return translation.gettext(message)


def disclosure(page, summary):
    """A form opened on demand: the <details> whose summary says ``summary``."""
    return page.locator("details.disclosure").filter(has=page.locator("summary", has_text=summary))


def test_plan_invite_record_and_approve(page, live_server, world, log_in, axe_check):
    coordinator = world.coordinator
    log_in(coordinator)
    page.goto(f"{live_server.url}/collectifs/{world.collective.slug}/reunions/")
    axe_check(page)
    page.get_by_role("link", name=fr("Plan a meeting")).click()
    axe_check(page)

    # Bad input first: the end before the start. The message is shown, nothing is lost.
    tomorrow = timezone.localdate() + timedelta(days=1)
    form = page.locator("main form")
    form.locator("[name=title]").fill("Comité de pilotage du RTE")
    form.locator("[name=purpose]").fill("Choisir le premier projet pilote.")
    form.locator("[name=date]").fill(tomorrow.isoformat())
    form.locator("[name=start_time]").fill("14:00")
    form.locator("[name=end_time]").fill("13:00")
    form.locator("[name=place]").fill("Maison des associations")
    form.get_by_role("button", name=fr("Plan the meeting")).click()
    expect(page.locator("main")).to_contain_text(fr("The meeting must end after it starts."))
    expect(form.locator("[name=title]")).to_have_value("Comité de pilotage du RTE")
    axe_check(page)
    form.locator("[name=end_time]").fill("16:30")
    form.get_by_role("button", name=fr("Plan the meeting")).click()
    expect(page.locator("h1")).to_contain_text("Comité de pilotage du RTE")
    meeting = Meeting.objects.get(title="Comité de pilotage du RTE")
    assert meeting.local_start.hour == 14 and meeting.time_zone == "Europe/Zurich"
    axe_check(page)

    # Invitations: one e-mail per member, each with its calendar file.
    page.get_by_role("link", name=fr("Invited people and answers")).click()
    axe_check(page)
    page.get_by_role("button", name=fr("Send the invitations")).click()
    expect(page.locator("main")).to_contain_text(world.member.display_name)
    invitations = [m for m in mail.outbox if "Comité de pilotage du RTE" in m.subject]
    assert {m.to[0] for m in invitations} == {
        world.coordinator.email,
        world.facilitator.email,
        world.member.email,
        world.observer.email,
    }
    assert all(
        "METHOD:REQUEST" in attachment[1] for m in invitations for attachment in m.attachments
    )

    # The day comes: the meeting started an hour ago.
    started = timezone.now() - timedelta(hours=1)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=started, ends_at=started + timedelta(hours=2)
    )
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}presences/")
    axe_check(page)
    row = page.locator("main form").first
    row.get_by_role("radio", name=fr("Present")).first.check()
    # Someone came in the observer's place: typed on the sheet, for anyone.
    observer = page.locator("fieldset.attendance-row").filter(has_text=world.observer.display_name)
    observer.get_by_label(fr("Represented by")).fill("M. Dunand")
    observer.get_by_label(fr("Written in French minutes")).select_option("feminine")
    page.get_by_role("button", name=fr("Save the attendance")).click()
    expect(page.locator("main")).to_contain_text(fr("Attendance"))

    # A decision and an action, each form opened on demand in the page ("during").
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    expect(page.get_by_role("link", name=fr("During"))).to_have_attribute("aria-current", "page")
    decision_panel = disclosure(page, fr("Record a decision"))
    decision_panel.locator("summary").click()
    decision_panel.locator("[name=text]").fill("Le projet pilote sera la ressourcerie de Meyrin.")
    axe_check(page)
    decision_panel.get_by_role("button", name=fr("Save")).click()
    expect(page.locator("main")).to_contain_text("ressourcerie de Meyrin")
    action_panel = disclosure(page, fr("Add an action"))
    action_panel.locator("summary").click()
    action_form = action_panel.locator("form")
    action_form.locator("[name=title]").fill("Contacter la ressourcerie")
    action_form.get_by_role("checkbox", name=world.member.display_name, exact=True).check()
    action_form.get_by_role("checkbox", name=world.organisation.name, exact=True).check()
    action_form.locator("[name=due_date]").fill((tomorrow + timedelta(days=14)).isoformat())
    action_form.get_by_role("button").click()
    expect(page.locator("main")).to_contain_text("Contacter la ressourcerie")
    axe_check(page)

    # The minutes: web page, PDF and DOCX with the participants, decision and action.
    page.get_by_role("link", name=fr("After")).click()
    page.locator(".page-actions").get_by_role("link", name=fr("Minutes")).click()
    axe_check(page)
    expect(page.locator("main")).to_contain_text("ressourcerie de Meyrin")
    expect(page.locator("main")).to_contain_text(
        f"{world.observer.display_name}, représentée par M. Dunand"
    )
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="PDF").first.click()
    pdf = PdfReader(pdf_download.value.path())
    text = " ".join(p.extract_text() for p in pdf.pages)
    for expected in (
        "ressourcerie de Meyrin",
        "Contacter la ressourcerie",
        coordinator.display_name,
    ):
        assert expected in " ".join(text.split()), expected
    with page.expect_download() as docx_download:
        page.get_by_role("link", name="DOCX").first.click()
    document = docx.Document(str(docx_download.value.path()))
    words = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "Contacter la ressourcerie" in words
    assert f"{world.member.display_name} et {world.organisation.name}" in words

    page.get_by_role("button", name=fr("Approve the minutes")).click()
    expect(page.locator("main")).to_contain_text(fr("Approved"))
    meeting.minutes.refresh_from_db()
    assert meeting.minutes.status == MinutesStatus.APPROVED
    assert meeting.minutes.versions.count() == 1
    axe_check(page)


class TestOnAPhone:
    @pytest.fixture
    def browser_context_args(self):
        return PHONE

    def test_attendance(self, page, live_server, world, log_in, axe_check):
        setting = build_meeting(world, days_ahead=0)
        started = timezone.now() - timedelta(minutes=30)
        Meeting.objects.filter(pk=setting.meeting.pk).update(
            starts_at=started, ends_at=started + timedelta(hours=2)
        )
        log_in(world.coordinator)
        page.goto(f"{live_server.url}{setting.meeting.get_absolute_url()}presences/")
        assert_no_horizontal_scroll(page)
        axe_check(page)
        page.locator("main form").first.get_by_role(
            "button", name=fr("Save the attendance")
        ).click()
        assert_no_horizontal_scroll(page)
        page.goto(f"{live_server.url}{setting.meeting.get_absolute_url()}presences/")
        page.locator("[name=walkin-name]").fill("Personne venue sans invitation")
        page.get_by_role("button", name=fr("Add, marked present")).click()
        expect(page.locator("main")).to_contain_text("Personne venue sans invitation")
        assert setting.meeting.invitees.filter(
            name="Personne venue sans invitation", attendance="present"
        ).exists()
        # The minutes and the action list fit the screen too (their tables scroll inside).
        for path in (
            f"{setting.meeting.get_absolute_url()}compte-rendu/",
            f"/collectifs/{world.collective.slug}/actions/",
            setting.meeting.get_absolute_url(),
        ):
            page.goto(f"{live_server.url}{path}")
            assert_no_horizontal_scroll(page)
            axe_check(page)


# ------------------------------------------------------------------ the demo's meeting page

MOMENTS = ("before", "during", "after")
# 2.5 screens of 800 px: each moment is read whole without opening any form.
MOST = 2000


def _demo_meeting():
    """The Geneva working group's session of 17 September 2021, from `load_demo`."""
    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
    return Meeting.objects.get(
        collective__slug="gt-rte-geneve", title="Faire connaissance et notre raison d'être"
    )


def test_the_demo_meeting_fits_at_each_moment(browser, page, live_server, log_in, axe_check):
    from maillage.accounts.models import User
    from maillage.demo.accounts import DEMO_PASSWORD

    meeting = _demo_meeting()
    assert meeting.local_start.date() == date(2021, 9, 17)
    # Camille coordinates the group: she sees every action the page offers.
    camille = User.objects.get(email="camille.martin@example.org")
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(camille, DEMO_PASSWORD)
    heights = {}
    for moment in MOMENTS:
        page.goto(f"{live_server.url}{meeting.get_absolute_url()}?moment={moment}")
        expect(page.get_by_role("link", name=fr(moment.capitalize()))).to_have_attribute(
            "aria-current", "page"
        )
        assert page.locator("details.disclosure[open]").count() == 0
        axe_check(page)
        heights[moment] = page.evaluate("() => document.documentElement.scrollHeight")
        assert_no_horizontal_scroll(page)
    print(f"\nThe demo meeting of 17 September 2021 at 1280×800, in px: {heights}")
    assert all(height <= MOST for height in heights.values()), heights

    # On a phone, no moment scrolls sideways.
    phone = browser.new_context(**PHONE)
    phone_page = phone.new_page()
    phone_page.goto(f"{live_server.url}/comptes/connexion/")
    phone_page.locator('input[name="username"]').fill(camille.email)
    phone_page.locator('input[name="password"]').fill(DEMO_PASSWORD)
    phone_page.locator("main form").get_by_role("button").click()
    phone_page.wait_for_url(f"{live_server.url}/tableau-de-bord/")
    for moment in MOMENTS:
        phone_page.goto(f"{live_server.url}{meeting.get_absolute_url()}?moment={moment}")
        assert_no_horizontal_scroll(phone_page)
        axe_check(phone_page)
    phone.close()


# ---------------------------------------------------------- notes typed during the meeting


def test_notes_are_saved_as_they_are_typed_and_a_conflict_loses_nothing(
    page, live_server, world, log_in, axe_check
):
    setting = build_meeting(world, days_ahead=0)
    started = timezone.now() - timedelta(minutes=20)
    Meeting.objects.filter(pk=setting.meeting.pk).update(
        starts_at=started, ends_at=started + timedelta(hours=2)
    )
    item = setting.items[0]
    log_in(world.coordinator)  # in charge of the minutes
    page.goto(f"{live_server.url}{setting.meeting.get_absolute_url()}")
    notes = page.locator(f"#id_item{item.pk}_notes")
    status = page.locator(f"#notes-status-{item.pk}")
    # With JavaScript the text saves itself: no Save button to press.
    expect(page.get_by_role("button", name=fr("Save the notes")).first).to_be_hidden()
    notes.fill("Dix organisations présentes.")
    expect(status).to_contain_text(fr("Saved at %(time)s").split("%")[0].strip())
    item.refresh_from_db()
    assert item.notes == "Dix organisations présentes."
    # Typing on saves again, from the version just saved (no conflict with oneself).
    notes.press("End")
    notes.type(" Beaucoup d'attentes.", delay=20)
    expect(status).not_to_contain_text(fr("Their text, saved"))
    page.wait_for_function(
        "() => document.querySelector('[name=base_version]').value !== '2'", timeout=5000
    )
    item.refresh_from_db()
    assert item.notes == "Dix organisations présentes. Beaucoup d'attentes."
    axe_check(page)

    # Someone else saves the same notes in the meantime: both texts are shown.
    from maillage.meetings.models import AgendaItem

    AgendaItem.objects.filter(pk=item.pk).update(notes="Leur version.", version=item.version + 1)
    notes.type(" Mon ajout.", delay=20)
    alert = status.get_by_role("alert")
    expect(alert).to_contain_text("Leur version.")
    expect(alert).to_contain_text("Mon ajout.")
    axe_check(page)
    item.refresh_from_db()
    assert item.notes == "Leur version."
    # Having read theirs, the person merges and saves.
    notes.fill("Leur version. Dix organisations présentes. Mon ajout.")
    status.get_by_role("button", name=fr("Save my text, having read theirs")).click()
    expect(page.locator(".toasts")).to_contain_text(fr("The notes are saved."))
    item.refresh_from_db()
    assert item.notes == "Leur version. Dix organisations présentes. Mon ajout."
