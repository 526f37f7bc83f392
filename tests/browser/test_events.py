"""Public events through a real browser, in French: an organiser publishes a round
table with 2 seats; three people register without an account (the page then says to
read the e-mail), the third waits; she confirms her address from her e-mail, the first
cancels from his, and the third is promoted and told by e-mail, with the calendar file.
Then the check-in on a phone. axe-core checks every page, the public ones included.
"""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from playwright.sync_api import expect

from maillage.collectives.models import Visibility
from maillage.demo.accounts import DEMO_PASSWORD
from maillage.events.models import Event, Registration, RegistrationStatus
from tests.events.setting import build_event, register

from .test_foundation import PHONE, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Table ronde : le revenu de transition écologique"
PEOPLE = [
    ("Lina Moser", "lina.moser@example.org"),
    ("Yann Keller", "yann.keller@example.org"),
    ("Zoé Perrin", "zoe.perrin@example.org"),
]


def fr(message):
    with translation.override("fr"):
        return translation.gettext(message)


def link_in(message):
    """The path of the personal link in a registration e-mail (the link itself names
    the site's address, SITE_URL, not the test server's)."""
    return re.search(r"https?://[^/\s]+(/inscriptions/[\w-]+/)", message.body).group(1)


def test_publish_register_wait_cancel_and_promote(
    page, browser, live_server, world, log_in, axe_check
):
    world.collective.visibility = Visibility.PUBLIC
    world.collective.save(update_fields=["visibility"])
    slug = world.collective.slug
    day = timezone.localdate() + timedelta(days=12)

    # The facilitator creates the event with two seats, then publishes it.
    log_in(world.facilitator)
    page.goto(f"{live_server.url}/collectifs/{slug}/evenements/gestion/")
    axe_check(page)
    page.locator(".page-actions").get_by_role("link", name=fr("New event")).click()
    form = page.locator("form.event-form")
    form.get_by_label(fr("Title")).fill(TITLE)
    form.get_by_label(fr("Kind of event")).select_option("round_table")
    form.locator('input[name="start_date"]').fill(day.isoformat())
    form.get_by_label(fr("Starts at")).fill("18:00")
    form.get_by_label(fr("Ends at")).fill("20:00")
    form.locator('input[name="place"]').fill("Maison des associations")
    form.get_by_label(fr("Seats")).fill("2")
    form.get_by_label(str(world.facilitator), exact=True).check()
    axe_check(page)
    form.get_by_role("button", name=fr("Create the event")).click()
    event = Event.objects.get(title=TITLE)
    assert event.capacity == 2 and event.local_start.hour == 18
    # The event's page, before the event: publishing it is its primary action.
    axe_check(page)
    # (The toast saying it is created floats over the header's actions until closed.)
    page.locator(".toast-close").click()
    page.locator(".page-actions").get_by_role("button", name=fr("Publish the event")).click()
    # Nobody has registered yet: the page says to share the event's page, with its link.
    empty = page.locator("section[aria-labelledby=registrations] .empty")
    expect(empty).to_contain_text(fr("No registration yet."))
    expect(empty.get_by_role("link")).to_have_text(re.compile(re.escape(event.get_absolute_url())))
    event.refresh_from_db()
    assert event.status == "published"

    # Three people register on the public page, without an account.
    visitor = browser.new_context(locale="fr-CH")
    public = visitor.new_page()
    for number, (name, email) in enumerate(PEOPLE, start=1):
        public.goto(f"{live_server.url}{event.get_absolute_url()}")
        if number == 1:
            axe_check(public)
        registration_form = public.locator("form").filter(has=public.get_by_label(fr("Your name")))
        registration_form.get_by_label(fr("Your name")).fill(name)
        registration_form.get_by_label(fr("Your e-mail address")).fill(email)
        registration_form.get_by_role("button").click()
        # The page says to read the e-mail: the personal link is only there.
        expect(public).to_have_url(re.compile(r"/inscription/envoyee/$"))
        expect(public.get_by_role("heading", level=1)).to_have_text(fr("Check your e-mail"))
        expect(public.locator("main")).not_to_contain_text(fr("Confirm my address"))
    axe_check(public)
    statuses = dict(Registration.objects.filter(event=event).values_list("email", "status"))
    assert statuses == {
        PEOPLE[0][1]: RegistrationStatus.CONFIRMED,
        PEOPLE[1][1]: RegistrationStatus.CONFIRMED,
        PEOPLE[2][1]: RegistrationStatus.WAITING,
    }
    assert [m.to for m in mail.outbox] == [[email] for _name, email in PEOPLE]
    waiting_mail, first_mail = mail.outbox[2], mail.outbox[0]
    # The calendar file comes with the seat.
    assert [name for name, *_rest in first_mail.attachments] == ["event.ics"]
    assert waiting_mail.attachments == []

    # The third confirms her address from her e-mail; she still waits.
    public.goto(live_server.url + link_in(waiting_mail))
    axe_check(public)
    public.get_by_role("button", name=fr("Confirm my address")).click()
    third = Registration.objects.get(event=event, email=PEOPLE[2][1])
    assert third.email_confirmed_at is not None and third.status == RegistrationStatus.WAITING

    # The first cancels from his e-mail: the third gets the seat, and an e-mail says so.
    sent = len(mail.outbox)
    public.goto(live_server.url + link_in(first_mail))
    public.get_by_role("button", name=fr("Cancel my registration")).click()
    third.refresh_from_db()
    assert third.status == RegistrationStatus.CONFIRMED and third.promoted_at is not None
    promoted = mail.outbox[sent:]
    assert [m.to for m in promoted] == [[PEOPLE[2][1]]]
    with translation.override("fr"):
        assert translation.gettext("A seat for you: %(title)s").split(":")[0] in (
            promoted[0].subject
        )
    assert any(name == "event.ics" for name, *_rest in promoted[0].attachments)
    # Seeing it from her link: confirmed.
    public.goto(live_server.url + link_in(waiting_mail))
    expect(public.locator("main")).to_contain_text(
        fr("Your registration is confirmed: a seat is kept for you.")
    )
    axe_check(public)

    # The public agenda lists the event, with its seats taken.
    public.goto(f"{live_server.url}/collectifs/{slug}/evenements/")
    expect(public.get_by_role("link", name=TITLE)).to_be_visible()
    axe_check(public)
    visitor.close()


@pytest.mark.parametrize("browser_context_args", [PHONE], ids=["phone-375x740"])
def test_check_in_on_a_phone(page, live_server, world, log_in, axe_check):
    event = build_event(world, capacity=5, days_ahead=1)
    for number in range(1, 4):
        register(event, number)
    log_in(world.facilitator)
    page.goto(
        f"{live_server.url}/collectifs/{world.collective.slug}/evenements/{event.pk}/accueil/"
    )
    axe_check(page)
    assert_no_horizontal_scroll(page)
    page.get_by_label(fr("Search by name")).fill("Personne 2")
    page.get_by_role("button", name=fr("Search")).click()
    people = page.locator("#checkin-list li")
    expect(people).to_have_count(1)
    people.get_by_role("button", name=fr("Present")).click()
    expect(page.locator("#checkin-list li.is-present")).to_have_count(1)
    assert Registration.objects.get(event=event, name="Personne 2").checked_in_at is not None
    # Someone came without registering: the form opens on demand.
    walk_in = page.locator("#walk-in")
    walk_in.get_by_text(fr("Someone came without registering")).click()
    walk_in.get_by_label(fr("Name")).fill("Noé Walker")
    walk_in.get_by_role("button").click()
    assert Registration.objects.get(event=event, name="Noé Walker").walk_in
    axe_check(page)
    assert_no_horizontal_scroll(page)


# The measure of issue 14: at 1280×800 a page fits in 2.5 screen heights before any
# form is opened, and no page scrolls sideways at 375 px.
DESKTOP = {"locale": "fr-CH", "viewport": {"width": 1280, "height": 800}}
MAX_HEIGHT = 2.5 * 800


def page_height(page):
    return page.evaluate("() => document.documentElement.scrollHeight")


@pytest.mark.parametrize("browser_context_args", [DESKTOP], ids=["desktop-1280x800"])
def test_a_demo_events_page_by_moment_fits_and_opens_its_forms(
    page, browser, live_server, log_in, axe_check
):
    call_command("load_demo", stdout=StringIO())
    event = Event.objects.get(title__startswith="Atelier\N{NO-BREAK SPACE}: de l'idée au prototype")
    organiser = event.organisers.get()
    assert event.registrations.filter(status="waiting").exists()
    address = f"{live_server.url}/collectifs/{event.collective.slug}/evenements/{event.pk}/gestion/"
    log_in(organiser, password=DEMO_PASSWORD)
    heights = {}
    for moment in ("before", "day", "after"):
        page.goto(f"{address}?moment={moment}")
        heights[moment] = page_height(page)
        axe_check(page)
        assert_no_horizontal_scroll(page)
    print(f"\nEvent page of the demo's full workshop at 1280×800: {heights} px")
    assert max(heights.values()) <= MAX_HEIGHT, heights
    # Before the event: its registrations and waiting list, a menu of the rest.
    page.goto(address)
    expect(page.locator("#confirmed-list")).to_contain_text("(8)")
    expect(page.locator("#waiting-list")).to_contain_text("(3)")
    expect(page.locator(".page-actions details.menu")).to_have_count(1)
    # A form opened on demand is loaded into the page, and saves from there.
    speaker = page.locator("details.disclosure", has_text=fr("Add a speaker"))
    speaker.locator("summary").click()
    speaker.get_by_label(fr("Name")).fill("Noa Keller")
    speaker.get_by_role("button", name=fr("Add the speaker")).click()
    expect(page.locator("section[aria-labelledby=speakers]")).to_contain_text("Noa Keller")
    assert event.speakers.filter(name="Noa Keller").exists()
    # The events of the collective, one row and one menu each.
    page.goto(f"{live_server.url}/collectifs/{event.collective.slug}/evenements/gestion/")
    heights["list"] = page_height(page)
    axe_check(page)
    print(f"Events of SocialUp at 1280×800: {heights['list']} px")
    assert heights["list"] <= MAX_HEIGHT

    phone = browser.new_context(**PHONE)
    on_phone = phone.new_page()
    on_phone.goto(f"{live_server.url}/comptes/connexion/")
    on_phone.locator('input[name="username"]').fill(organiser.email)
    on_phone.locator('input[name="password"]').fill(DEMO_PASSWORD)
    on_phone.locator("main form").get_by_role("button").click()
    on_phone.wait_for_url(f"{live_server.url}/tableau-de-bord/")
    for moment in ("before", "day", "after"):
        on_phone.goto(f"{address}?moment={moment}")
        axe_check(on_phone)
        assert_no_horizontal_scroll(on_phone)
    on_phone.goto(f"{live_server.url}/collectifs/{event.collective.slug}/evenements/gestion/")
    assert_no_horizontal_scroll(on_phone)
    phone.close()
