"""The organisers' pages of events: the list, the event's form, registrations and
the waiting list, check-in, the attendance sheet, the report and programmes."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.core.content import MAX_LENGTH
from maillage.events import services
from maillage.events.models import Event, EventStatus, Programme, Question, RegistrationStatus

from ..htmx import htmx_get
from .setting import build_event, register


def url(name, event, *more):
    return reverse(f"events:{name}", args=[event.collective.slug, event.pk, *more])


def event_data(**changes):
    day = (timezone.localdate() + timedelta(days=30)).isoformat()
    return {
        "title": "Café emploi",
        "kind": "job_cafe",
        "theme": "Insertion",
        "description": "Des **recruteurs** rencontrent des personnes en recherche d'emploi.",
        "start_date": day,
        "start_time": "09:00",
        "end_time": "11:30",
        "time_zone": "Europe/Zurich",
        "place": "Café du Grütli",
        "address": "Rue du Général-Dufour 16, Genève",
        "access": "Tram 15",
        "language": "fr",
        "price": "5",
        "currency": "CHF",
        "price_note": "Gratuit pour les demandeurs d'emploi",
        "capacity": "20",
        "registration_closes_at": f"{day}T08:00",
    } | changes


@pytest.fixture
def facilitator(client, english):
    client.force_login(english.facilitator)
    return english


# ----------------------------------------------------------------- list and form


def test_create_then_publish_an_event_through_the_pages(client, facilitator):
    world = facilitator
    data = event_data(organisers=[world.facilitator.pk], partners=[world.organisation.pk])
    response = client.post(reverse("events:create", args=[world.collective.slug]), data)
    event = Event.objects.get(title="Café emploi")
    assert response.status_code == 302
    # Its page, before the event: where speakers and questions are added and it is published.
    assert response["Location"] == url("event_manage", event) + "?moment=before"
    assert event.status == EventStatus.DRAFT
    assert list(event.organisers.all()) == [world.facilitator]
    assert list(event.partners.all()) == [world.organisation]
    assert event.capacity == 20 and event.price == 5 and event.currency == "CHF"
    # Dates and times are read in the event's time zone.
    assert (event.local_start.hour, event.local_start.minute) == (9, 0)
    assert (event.local_end.hour, event.local_end.minute) == (11, 30)
    assert str(event.local_start.tzinfo) == "Europe/Zurich"
    closes = timezone.localtime(event.registration_closes_at, event.zone)
    assert (closes.hour, closes.minute) == (8, 0)

    page = client.get(reverse("events:manage", args=[world.collective.slug])).content.decode()
    assert "Café emploi" in page and "Draft" in page and "New event" in page

    client.post(
        url("speaker_add", event),
        {"speaker-name": "Léa Martin", "speaker-role": "Recruteuse", "speaker-organisation": "X"},
    )
    client.post(
        url("question_add", event),
        {
            "question-label": "Secteur recherché",
            "question-kind": "choice",
            "question-choices": "Social\nBâtiment\n\n",
            "question-required": "on",
        },
    )
    question = Question.objects.get(event=event)
    assert question.choice_list == ["Social", "Bâtiment"] and question.required
    assert event.speakers.get().name == "Léa Martin"

    response = client.post(url("publish", event))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    page = client.get(response["Location"]).content.decode()
    assert "The event is published" in page and "Léa Martin" in page
    assert "Secteur recherché" in page


def test_edit_keeps_dates_in_the_time_zone_and_saves(client, facilitator):
    event = build_event(facilitator, capacity=5)
    page = client.get(url("edit", event)).content.decode()
    assert f'value="{event.local_start:%H:%M}"' in page
    data = event_data(
        organisers=[facilitator.facilitator.pk], capacity="8", base_version=event.version
    )
    response = client.post(url("edit", event), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Café emploi" and event.capacity == 8
    assert f"{event.local_start:%H:%M}-{event.local_end:%H:%M}" == "09:00-11:30"
    # The registrations' closing time comes back as typed, in the event's time zone.
    closes = timezone.localtime(event.registration_closes_at, event.zone)
    assert f"{closes:%H:%M}" == "08:00"
    page = client.get(url("edit", event)).content.decode()
    assert f'value="{closes:%Y-%m-%dT%H:%M}"' in page


def test_an_end_before_the_start_is_refused_and_the_input_kept(client, facilitator):
    world = facilitator
    data = event_data(organisers=[world.facilitator.pk], end_time="08:00", title="Mon café")
    response = client.post(reverse("events:create", args=[world.collective.slug]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The event must end after it starts." in page
    assert 'value="Mon café"' in page and 'value="08:00"' in page
    assert not Event.objects.filter(title="Mon café").exists()


def test_texts_over_the_limit_are_refused_and_kept(client, facilitator):
    too_long = "*[" * (MAX_LENGTH // 2) + "!"
    message = "This text is too long: 20,001 characters, 20,000 at most."
    response = client.post(
        reverse("events:create", args=[facilitator.collective.slug]),
        event_data(organisers=[facilitator.facilitator.pk], description=too_long),
    )
    html = response.content.decode()
    assert message in html and f">\n{too_long}</textarea>" in html
    assert not Event.objects.filter(title="Café emploi").exists()
    event = build_event(facilitator, days_ahead=-2)
    response = client.post(url("report", event), {"report": too_long, "link-1-kind": "video"})
    html = response.content.decode()
    assert message in html and f">\n{too_long}</textarea>" in html
    event.refresh_from_db()
    assert event.report_published_at is None
    response = client.post(
        reverse("events:programme_create", args=[facilitator.collective.slug]),
        {"title": "Mois", "slug": "mois", "description": too_long},
    )
    html = response.content.decode()
    assert message in html and f">\n{too_long}</textarea>" in html
    assert not Programme.objects.exists()


def test_a_stale_edit_is_a_409_and_keeps_the_input(client, facilitator):
    event = build_event(facilitator, capacity=5)
    stale = event.version
    services.update_event(actor=facilitator.coordinator, event=event, base_version=stale, theme="X")
    data = event_data(organisers=[facilitator.facilitator.pk], capacity="5", base_version=stale)
    data["title"] = "Mon titre à moi"
    response = client.post(url("edit", event), data)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone changed this event" in page and 'value="Mon titre à moi"' in page
    event.refresh_from_db()
    assert event.title != "Mon titre à moi"
    # Sending again (the form now carries the current version) saves.
    assert (
        client.post(url("edit", event), data | {"base_version": event.version}).status_code == 302
    )


def test_cancel_the_event_only_once_confirmed(client, facilitator):
    event = build_event(facilitator)
    register(event, 1)
    # Without the box ticked, nothing happens and nobody is told.
    response = client.post(url("cancel_event", event), follow=True)
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert "Tick the box to confirm" in response.content.decode()
    client.post(url("cancel_event", event), {"confirm": "1"})
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED


# ----------------------------------------------------------------- registrations


def test_only_organisers_see_who_registered(client, english):
    event = build_event(english, public=False)
    register(event, 1)
    for name in ("event_manage", "checkin", "sheet"):
        client.force_login(english.facilitator)
        response = client.get(url(name, event))
        assert response.status_code == 200
        assert "Personne 1" in response.content.decode()
        # The coordinators run the event's page too, without the registrants.
        coordinator = 200 if name == "event_manage" else 403
        for persona, status in (("coordinator", coordinator), ("member", 403), ("outsider", 404)):
            client.force_login(getattr(english, persona))
            response = client.get(url(name, event))
            assert response.status_code == status, (name, persona)
            assert b"Personne 1" not in response.content
    client.force_login(english.coordinator)
    page = client.get(url("event_manage", event)).content.decode()
    assert "Only the event's organisers see who registered." in page
    # The old address of the registrations leads organisers to them, and no one else.
    assert client.get(url("registrations", event)).status_code == 403
    client.force_login(english.facilitator)
    response = client.get(url("registrations", event))
    assert response["Location"] == url("event_manage", event) + "?moment=before#registrations"


def test_registrations_lists_confirmed_and_waiting_in_order(client, facilitator):
    event = build_event(facilitator, capacity=1)
    question = services.add_question(
        actor=facilitator.facilitator, event=event, label="Régime", kind="text"
    )
    for number in (1, 2, 3):
        register(event, number, answers={str(question.pk): f"réponse {number}"})
    page = client.get(url("event_manage", event), {"moment": "before"}).content.decode()
    assert page.index("Personne 1") < page.index("Personne 2") < page.index("Personne 3")
    assert "personne2@example.org" in page and "réponse 3" in page
    assert "Waiting list (2)" in page and "Confirmed (1)" in page


def test_promote_by_hand(client, facilitator):
    event = build_event(facilitator, capacity=1)
    register(event, 1)
    waiting = register(event, 2)
    # Full: refused with the reason.
    response = client.post(url("promote", event, waiting.pk), follow=True)
    assert "No seat is free" in response.content.decode()
    client.post(url("capacity", event), {"capacity": "2"})
    waiting.refresh_from_db()
    # Not promoted automatically: the address is not confirmed; an organiser may.
    assert waiting.status == RegistrationStatus.WAITING
    response = client.post(url("promote", event, waiting.pk), follow=True)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert "Personne 2 has a seat" in response.content.decode()


def test_capacity_below_confirmed_is_refused_with_the_count(client, facilitator):
    event = build_event(facilitator, capacity=5)
    for number in (1, 2, 3):
        register(event, number)
    response = client.post(url("capacity", event), {"capacity": "2"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "3 people are already confirmed" in page and 'value="2"' in page
    event.refresh_from_db()
    assert event.capacity == 5


def test_raising_capacity_promotes_the_first_waiting_confirmed_address(
    client, facilitator, django_capture_on_commit_callbacks
):
    event = build_event(facilitator, capacity=1)
    register(event, 1)
    unconfirmed = register(event, 2)
    confirmed = register(event, 3)
    services.confirm_address(registration=confirmed)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("capacity", event), {"capacity": "2"})
    assert response.status_code == 302
    unconfirmed.refresh_from_db()
    confirmed.refresh_from_db()
    assert unconfirmed.status == RegistrationStatus.WAITING
    assert confirmed.status == RegistrationStatus.CONFIRMED
    assert [message.to for message in mail.outbox] == [["personne3@example.org"]]


def test_close_and_reopen_registrations(client, facilitator):
    event = build_event(facilitator)
    client.post(url("close", event))
    event.refresh_from_db()
    assert event.registrations_closed_at is not None
    client.post(url("reopen", event))
    event.refresh_from_db()
    assert event.registrations_closed_at is None


# ---------------------------------------------------------------------- check-in


def test_checkin_search_and_toggle(client, facilitator):
    event = build_event(facilitator, capacity=None)
    people = [register(event, number) for number in (1, 2, 12)]
    page = client.get(url("checkin", event), {"q": "personne 1"}).content.decode()
    assert "Personne 1" in page and "Personne 12" in page and "Personne 2<" not in page
    response = client.post(url("checkin_mark", event, people[0].pk), {"present": "1", "q": "1"})
    assert response.status_code == 302
    assert response["Location"] == url("checkin", event) + f"?q=1#person-{people[0].pk}"
    people[0].refresh_from_db()
    assert people[0].checked_in_at is not None
    page = client.get(response["Location"]).content.decode()
    assert 'aria-pressed="true"' in page and "Personne 1 is present." in page
    client.post(url("checkin_mark", event, people[0].pk), {"present": "0"})
    people[0].refresh_from_db()
    assert people[0].checked_in_at is None


def test_checkin_search_with_htmx_returns_the_list_only(client, facilitator):
    event = build_event(facilitator, capacity=None)
    register(event, 1)
    response = htmx_get(client, url("checkin", event), {"q": "nobody"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.startswith('<div id="checkin-list"') and "Nobody registered has this name." in page


def test_walk_in(client, facilitator):
    event = build_event(facilitator, capacity=1)
    register(event, 1)
    response = client.post(url("walk_in", event), {"walk-in-name": "Sam Passant"})
    assert response.status_code == 302
    walk_in = event.registrations.get(name="Sam Passant")
    assert walk_in.walk_in and walk_in.checked_in_at and walk_in.status == "confirmed"
    response = client.post(url("walk_in", event), {"walk-in-name": "", "walk-in-email": "x"})
    assert response.status_code == 200
    assert "Give the person&#x27;s name." in response.content.decode()


def test_the_printable_sheet_lists_names_sorted(client, facilitator):
    event = build_event(facilitator, capacity=None)
    services.register(event=event, name="Zoé Zurcher", email="z@example.org")
    services.register(event=event, name="adèle Aubert", email="a@example.org")
    page = client.get(url("sheet", event)).content.decode()
    assert "Table ronde" in page and f"{event.local_start:%Y}" in page
    assert page.index("adèle Aubert") < page.index("Zoé Zurcher")
    assert "Signature" in page


# ------------------------------------------------------------------------ report


def test_publishing_the_report_emails_confirmed_registrants(
    client, facilitator, django_capture_on_commit_callbacks
):
    event = build_event(facilitator, capacity=1)
    register(event, 1)
    register(event, 2)
    mail.outbox.clear()
    data = {
        "report": "Une **belle** soirée.",
        "link-1-kind": "video",
        "link-1-title": "La captation",
        "link-1-url": "https://example.org/video",
        "link-2-kind": "document",
        "link-2-title": "",
        "link-2-url": "",
        "link-3-kind": "document",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("report", event), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.report_published_at and "<strong>belle</strong>" in event.report_html
    assert [(link.kind, link.title) for link in event.links.all()] == [("video", "La captation")]
    assert [message.to for message in mail.outbox] == [["personne1@example.org"]]


def test_an_empty_report_or_a_link_without_address_is_refused(client, facilitator):
    event = build_event(facilitator)
    response = client.post(url("report", event), {"report": "", "link-1-kind": "video"})
    assert "Write the report before publishing it." in response.content.decode()
    response = client.post(
        url("report", event), {"report": "Bien", "link-1-kind": "video", "link-1-title": "Vidéo"}
    )
    assert "Give the address of the link." in response.content.decode()
    event.refresh_from_db()
    assert event.report_published_at is None


# -------------------------------------------------------------------- programmes


def test_create_and_publish_a_programme(client, facilitator):
    world = facilitator
    response = client.post(
        reverse("events:programme_create", args=[world.collective.slug]),
        {
            "title": "Mois de l'innovation sociale",
            "slug": "mois-innovation",
            "starts_on": "2026-11-01",
            "ends_on": "2026-10-01",
        },
    )
    assert "A programme cannot end before it starts." in response.content.decode()
    client.post(
        reverse("events:programme_create", args=[world.collective.slug]),
        {"title": "Mois de l'innovation sociale", "slug": "mois-innovation"},
    )
    programme = Programme.objects.get(slug="mois-innovation")
    page = client.get(reverse("events:manage", args=[world.collective.slug])).content.decode()
    assert "Mois de l" in page and "New programme" in page
    client.post(reverse("events:programme_publish", args=[world.collective.slug, programme.pk]))
    programme.refresh_from_db()
    assert programme.published_at is not None


def test_members_see_the_list_without_the_buttons(client, english):
    build_event(english, public=False)
    client.force_login(english.member)
    page = client.get(reverse("events:manage", args=[english.collective.slug])).content.decode()
    assert "Table ronde" in page
    assert "New event" not in page and "New programme" not in page
    assert "Registrations" not in page


def test_the_list_of_events_takes_the_same_queries_whatever_its_length(client, facilitator):
    address = reverse("events:manage", args=[facilitator.collective.slug])

    def count():
        client.get(address)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        return len(queries)

    for number in range(2):
        build_event(facilitator, title=f"Atelier {number}")
    small = count()
    for number in range(6):
        build_event(facilitator, title=f"Table ronde {number}")
    assert count() == small


# ------------------------------------------------------------ pages by moment


def test_the_list_says_where_each_event_stands_with_one_menu_each(client, facilitator):
    world = facilitator
    build_event(world, title="Brouillon", publish=False)
    build_event(world, title="Ouvert", capacity=5)
    full = build_event(world, title="Complet", capacity=1)
    register(full, 1)
    closed = build_event(world, title="Fermé")
    services.close_registrations(actor=world.facilitator, event=closed)
    cancelled = build_event(world, title="Annulé")
    services.cancel_event(actor=world.coordinator, event=cancelled)
    build_event(world, title="Passé", days_ahead=-3)
    page = client.get(reverse("events:manage", args=[world.collective.slug])).content.decode()
    for title, badge in (
        ("Brouillon", '<span class="badge badge-draft">Draft</span>'),
        ("Ouvert", '<span class="badge badge-ok">Published</span>'),
        ("Complet", '<span class="badge badge-warning">Full</span>'),
        ("Fermé", '<span class="badge badge-warning">Registrations closed</span>'),
        ("Annulé", '<span class="badge badge-cancelled">Cancelled</span>'),
        ("Passé", '<span class="badge">Over</span>'),
    ):
        row = page[page.index(f">{title}</a>") :]
        row = row[: row.index("</li>\n")]
        assert badge in row, title
        assert row.count('<details class="menu"') == 1, title
    assert re.search(r"1 / 1 seat\b", page) and "0 / 5 seats" in page
    # Past events come after those to come.
    assert page.index(">Ouvert</a>") < page.index('<h2 id="past">') < page.index(">Passé</a>")


def test_an_events_page_opens_on_the_moment_the_event_is_in(client, facilitator):
    world = facilitator
    now = timezone.now()

    def current_tab(event, **query):
        page = client.get(url("event_manage", event), query).content.decode()
        (current,) = re.findall(r'\?moment=(\w+)" aria-current="page"', page)
        return current, page

    draft = build_event(world, publish=False)
    moment, page = current_tab(draft)
    assert moment == "before"
    # Its primary action: publishing it; cancelling waits in the menu.
    header = page[page.index('class="page-actions"') : page.index('class="tabs"')]
    assert header.index("Publish the event") < header.index('<details class="menu"')
    assert header.index('<details class="menu"') < header.index("Cancel the event…")
    today = build_event(
        world, starts_at=now - timedelta(minutes=30), ends_at=now + timedelta(hours=2)
    )
    moment, page = current_tab(today)
    assert moment == "day"
    assert f'class="button" href="{url("checkin", today)}"' in page
    past = build_event(world, days_ahead=-2)
    moment, page = current_tab(past)
    assert moment == "after" and "Write the report" in page and "No report yet." in page
    # An event that is over cannot be cancelled: the menu no longer offers it.
    assert "Cancel the event" not in page
    # Any moment can be asked for.
    assert current_tab(past, moment="before")[0] == "before"


def test_without_registrations_the_page_says_to_share_the_events_page(client, facilitator):
    world = facilitator
    event = build_event(world)
    page = client.get(url("event_manage", event)).content.decode()
    assert "No registration yet." in page
    assert f'<a href="http://testserver{event.get_absolute_url()}">' in page
    draft = build_event(world, publish=False)
    page = client.get(url("event_manage", draft)).content.decode()
    assert "Publish the event, then share its page" in page
    world.collective.visibility = "private"
    world.collective.save(update_fields=["visibility"])
    page = client.get(url("event_manage", event)).content.decode()
    assert "Only a public collective's events take registrations online." in page


def test_a_seat_is_given_by_hand_only_when_one_is_free(client, facilitator):
    event = build_event(facilitator, capacity=1)
    register(event, 1)
    waiting = register(event, 2)
    promote = url("promote", event, waiting.pk)
    page = client.get(url("event_manage", event)).content.decode()
    assert "Waiting list (1)" in page and promote not in page
    assert "Every seat is taken: add seats to give one." in page
    services.set_capacity(actor=facilitator.facilitator, event=event, capacity=2)
    page = client.get(url("event_manage", event)).content.decode()
    assert f'action="{promote}"' in page


def test_small_forms_open_on_demand_and_have_their_own_page(client, facilitator):
    event = build_event(facilitator)
    page = client.get(url("event_manage", event)).content.decode()
    for name in ("speaker_add", "question_add", "capacity"):
        # With JavaScript the disclosure loads the form; without, it links to its page.
        assert f'hx-get="{url(name, event)}"' in page and f'<a href="{url(name, event)}">' in page
        form_page = client.get(url(name, event)).content.decode()
        part = form_page[form_page.index("data-disclosure-content") :]
        assert f'action="{url(name, event)}"' in part[: part.index("</form>")], name
    # Refused: the form page again, with what was typed and the reason.
    response = client.post(url("speaker_add", event), {"speaker-role": "Recruteuse"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Give the speaker&#x27;s name." in page and 'value="Recruteuse"' in page
    response = client.post(url("speaker_add", event), {"speaker-name": "Léa Martin"})
    assert response["Location"] == url("event_manage", event) + "?moment=before#speakers"
    page = client.get(url("report", event)).content.decode()
    part = page[page.index("data-disclosure-content") :]
    assert f'action="{url("report", event)}"' in part


def test_cancelling_is_asked_on_its_own_page_and_refused_once_the_event_is_over(
    client, facilitator
):
    event = build_event(facilitator)
    register(event, 1)
    page = client.get(url("event_manage", event)).content.decode()
    assert f'href="{url("cancel_event", event)}"' in page
    page = client.get(url("cancel_event", event)).content.decode()
    assert "Cancelling tells the 1 person registered or waiting by e-mail" in page
    assert 'name="confirm"' in page
    past = build_event(facilitator, days_ahead=-2)
    page = client.get(url("cancel_event", past)).content.decode()
    assert "This event is over: it can no longer be cancelled." in page
    assert 'name="confirm"' not in page
    response = client.post(url("cancel_event", past), {"confirm": "1"}, follow=True)
    assert "This event is over: it can no longer be cancelled." in response.content.decode()
    past.refresh_from_db()
    assert past.status == EventStatus.PUBLISHED
