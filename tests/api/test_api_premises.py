"""The premises' API: sites (half-days, closed periods, price grid), spaces, bookings as
the week grid shows them to each person, booking a room and cancelling through the
premises' services, in French by default and in English on request."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.premises import services_bookings
from maillage.premises.models import Booking, BookingStatus, ClosedPeriod, Slot
from maillage.premises.models_statements import Price, PriceUnit

from ..premises.setting import SpaceFactory, build_site
from .setting import assert_constant_queries, give_tokens, headers

DAY = date(2030, 6, 4)  # a Tuesday


@pytest.fixture
def api(world):
    give_tokens(world)
    world.premises = build_site(world)
    return world


def url(world, name, *args):
    return reverse(f"api:{name}", args=[world.collective.slug, *args])


def get(client, world, persona, name, *args, **query):
    response = client.get(url(world, name, *args), query, headers=headers(world, persona))
    assert response.status_code == 200, response.content[:300]
    return response.json()


def post(client, world, persona, name, *args, body=None, **more):
    return client.post(
        url(world, name, *args),
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
        headers={**headers(world, persona), **more},
    )


def booked(world, space=None, day=DAY, slot=Slot.MORNING, actor=None, **fields):
    (made,) = services_bookings.book(
        actor=actor or world.member,
        space=space or world.premises.small_room,
        day=day,
        slots=[slot],
        **{"organisation": world.organisation, "purpose": "Comité de pilotage", **fields},
    )
    return made


# ------------------------------------------------------------------ sites and spaces


def test_a_site_shows_its_half_days_closed_periods_spaces_and_price_grid(client, api):
    premises = api.premises
    ClosedPeriod.objects.create(
        site=premises.site, starts_on=date(2030, 7, 20), ends_on=date(2030, 8, 10), reason="Été"
    )
    Price.objects.create(
        site=premises.site,
        category=premises.permanent,
        kind="meeting_room",
        unit=PriceUnit.HALF_DAY,
        amount=Decimal("40.00"),
    )
    premises.office.archived_at = premises.site.created_at
    premises.office.save(update_fields=["archived_at"])

    found = get(client, api, "member", "site-detail", premises.site.pk)

    assert found["name"] == premises.site.name
    assert found["currency"] == "CHF"
    assert [half["slot"] for half in found["half_days"]] == ["morning", "afternoon"]
    assert found["half_days"][0] == {"slot": "morning", "starts": "08:00:00", "ends": "12:00:00"}
    assert found["closed_periods"] == [
        {"starts_on": "2030-07-20", "ends_on": "2030-08-10", "reason": "Été"}
    ]
    names = {space["name"] for space in found["spaces"]}
    assert "Petite salle 1" in names and "Bureau 1" not in names  # archived: left out
    assert found["prices"] == [
        {
            "category": "Permanents",
            "outside_rate": False,
            "kind": "meeting_room",
            "unit": "half_day",
            "service": "",
            "amount": "40.00",
        }
    ]
    listed = get(client, api, "member", "site-list")
    assert [site["slug"] for site in listed["results"]] == [premises.site.slug]


def test_spaces_are_filtered_by_kind_and_by_whether_they_are_booked(client, api):
    bookable = get(client, api, "member", "space-list", bookable="true")
    assert {space["name"] for space in bookable["results"]} == {
        "Petite salle 1",
        "Petite salle 2",
        "Salle modulable",
        "Coworking",
    }
    desks = get(client, api, "member", "space-list", kind="desks")["results"]
    assert [(space["name"], space["desks"], space["capacity"]) for space in desks] == [
        ("Coworking", 12, 12)
    ]
    assert get(client, api, "member", "space-list", site="nowhere")["count"] == 0


# ------------------------------------------------------------------ what each person sees


def test_members_see_the_organisation_that_booked_coordinators_also_who(client, api):
    made = booked(api)

    by_facilitator = get(client, api, "facilitator", "booking-detail", made.pk)
    assert by_facilitator["organisation"] == "Hospice général"
    assert by_facilitator["booker"] is None
    assert by_facilitator["purpose"] is None
    assert by_facilitator["mine"] is False

    by_member = get(client, api, "member", "booking-detail", made.pk)
    assert by_member["mine"] is True
    assert by_member["purpose"] == "Comité de pilotage"
    assert by_member["booker"] is None  # the grid names no person to members

    by_coordinator = get(client, api, "coordinator", "booking-detail", made.pk)
    assert by_coordinator["booker"] == api.member.display_name
    assert by_coordinator["purpose"] == "Comité de pilotage"
    assert "requester_email" not in by_coordinator and "requester_phone" not in by_coordinator


def test_a_cancelled_booking_is_seen_by_who_booked_it_and_the_coordinators_only(client, api):
    made = booked(api)
    services_bookings.cancel_booking(actor=api.member, booking=made)

    assert get(client, api, "member", "booking-detail", made.pk)["status"] == "cancelled"
    assert get(client, api, "coordinator", "booking-detail", made.pk)["status"] == "cancelled"
    response = client.get(url(api, "booking-detail", made.pk), headers=headers(api, "facilitator"))
    assert response.status_code == 404
    listed = get(client, api, "facilitator", "booking-list")
    assert listed["count"] == 0


def test_bookings_are_filtered_by_space_and_dates_and_ordered_by_time(client, api):
    premises = api.premises
    first = booked(api, slot=Slot.AFTERNOON)
    second = booked(api, space=premises.other_room, day=DAY + timedelta(days=1))
    third = booked(api, slot=Slot.MORNING)

    listed = get(client, api, "member", "booking-list")["results"]
    assert [row["id"] for row in listed] == [third.pk, first.pk, second.pk]
    in_room = get(client, api, "member", "booking-list", space=premises.small_room.pk)
    assert {row["id"] for row in in_room["results"]} == {first.pk, third.pk}
    later = get(client, api, "member", "booking-list", **{"from": "2030-06-05"})
    assert [row["id"] for row in later["results"]] == [second.pk]
    earlier = get(client, api, "member", "booking-list", to="2030-06-04")
    assert {row["id"] for row in earlier["results"]} == {first.pk, third.pk}
    newest = get(client, api, "member", "booking-list", ordering="-starts_at")["results"]
    assert newest[0]["id"] == second.pk


def test_list_queries_do_not_grow_with_rows(client, api):
    head = headers(api, "coordinator")
    premises = api.premises
    days = iter(DAY + timedelta(days=7 * week) for week in range(40))

    def add_bookings(n):
        for _ in range(n):
            booked(api, day=next(days))

    assert_constant_queries(client, url(api, "booking-list"), head, add_bookings)

    def add_spaces(n):
        for number in range(n):
            SpaceFactory(site=premises.site, name=f"Salle ajoutée {number}")

    assert_constant_queries(client, url(api, "space-list"), head, add_spaces)

    from ..premises.setting import SiteFactory

    def add_sites(n):
        for _ in range(n):
            site = SiteFactory(collective=api.collective)
            SpaceFactory(site=site)
            ClosedPeriod.objects.create(
                site=site, starts_on=DAY, ends_on=DAY, reason="Fête du personnel"
            )

    assert_constant_queries(client, url(api, "site-list"), head, add_sites)


# ------------------------------------------------------------------ booking a room


def test_a_member_books_a_room_through_the_service(client, api):
    body = {
        "space": api.premises.small_room.pk,
        "date": DAY.isoformat(),
        "slots": ["morning", "afternoon"],
        "organisation": api.organisation.pk,
        "people": 6,
        "purpose": "Atelier",
    }
    response = post(client, api, "member", "booking-list", body=body)

    assert response.status_code == 201, response.content
    made = response.json()["bookings"]
    assert [row["slot"] for row in made] == ["morning", "afternoon"]
    assert all(row["mine"] and row["purpose"] == "Atelier" for row in made)
    rows = Booking.objects.filter(space=api.premises.small_room, date=DAY).order_by("starts_at")
    assert [(row.slot, row.booked_by, row.people, row.organisation) for row in rows] == [
        ("morning", api.member, 6, api.organisation),
        ("afternoon", api.member, 6, api.organisation),
    ]
    logged = AuditEvent.objects.filter(action="premises.booking_made", actor=api.member)
    assert logged.count() == 2


def test_a_room_already_booked_is_refused_with_the_services_message(client, api):
    booked(api)
    body = {"space": api.premises.small_room.pk, "date": DAY.isoformat(), "slots": ["morning"]}

    response = post(client, api, "facilitator", "booking-list", body=body)

    assert response.status_code == 400
    answer = response.json()
    assert "il y a déjà une réservation" in answer["detail"]
    assert answer["field"] == "slot" and answer["code"] == "taken"
    assert Booking.objects.filter(booked_by=api.facilitator).count() == 0

    english = post(
        client, api, "facilitator", "booking-list", body=body, **{"Accept-Language": "en"}
    )
    assert english.status_code == 400
    assert "already booked" in english.json()["detail"]


def test_a_closed_day_and_an_unknown_half_day_are_refused(client, api):
    ClosedPeriod.objects.create(
        site=api.premises.site, starts_on=DAY, ends_on=DAY, reason="Jeûne genevois"
    )
    body = {"space": api.premises.small_room.pk, "date": DAY.isoformat(), "slots": ["morning"]}
    closed = post(client, api, "member", "booking-list", body=body)
    assert closed.status_code == 400
    assert "Jeûne genevois" in closed.json()["detail"]
    assert closed.json()["field"] == "day"

    evening = {**body, "date": (DAY + timedelta(days=1)).isoformat(), "slots": ["evening"]}
    refused = post(client, api, "member", "booking-list", body=evening)
    assert refused.status_code == 400
    assert refused.json()["field"] == "slots"

    night = {**body, "slots": ["night"]}
    invalid = post(client, api, "member", "booking-list", body=night)
    assert invalid.status_code == 400
    assert "slots" in invalid.json()
    assert not Booking.objects.exists()


def test_a_space_of_another_collective_is_not_booked(client, api):
    elsewhere = SpaceFactory()
    body = {"space": elsewhere.pk, "date": DAY.isoformat(), "slots": ["morning"]}
    response = post(client, api, "member", "booking-list", body=body)
    assert response.status_code == 400
    assert "space" in response.json()
    assert not Booking.objects.exists()


# ------------------------------------------------------------------ cancelling


def test_who_booked_cancels_and_the_change_is_logged(client, api):
    made = booked(api)
    response = post(client, api, "member", "booking-cancel", made.pk)

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
    made.refresh_from_db()
    assert made.status == BookingStatus.CANCELLED and made.cancelled_by == api.member
    assert AuditEvent.objects.filter(
        action="premises.booking_cancelled", object_id=str(made.pk)
    ).exists()

    again = post(client, api, "member", "booking-cancel", made.pk)
    assert again.status_code == 400
    assert again.json()["detail"] == (
        "Cette réservation est déjà annulée ou ne retient plus l'espace."
    )


def test_another_member_may_not_cancel(client, api):
    made = booked(api)
    response = post(client, api, "facilitator", "booking-cancel", made.pk)
    assert response.status_code == 403
    made.refresh_from_db()
    assert made.status == BookingStatus.CONFIRMED
