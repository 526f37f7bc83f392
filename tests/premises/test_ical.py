"""Calendar feeds of spaces and organisations, reached by their secret address."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from icalendar import Calendar

from maillage.premises import halfdays, services_requests
from maillage.premises.booking_core import reserve_half_day
from maillage.premises.models import BookingStatus, Slot
from maillage.premises.models_requests import CalendarFeed

from ..factories import MembershipFactory, OrganisationFactory
from .setting import TenancyFactory, build_site

pytestmark = pytest.mark.django_db

DAY = date(2030, 6, 4)
NOW = datetime(2030, 6, 1, 10, 0, tzinfo=UTC)


def book(premises, space, slot, **fields):
    with transaction.atomic():
        site = halfdays.lock_site(premises.site)
        return reserve_half_day(site=site, space=space, day=DAY, slot=slot, now=NOW, **fields)


def feed_url(feed):
    return reverse("premises:feed", args=[feed.site.collective.slug, feed.site.slug, feed.token])


def events(response):
    calendar = Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def test_a_space_feed_lists_its_confirmed_bookings_in_the_site_zone(client, world, settings):
    premises = build_site(world)
    confirmed = book(
        premises,
        premises.small_room,
        Slot.MORNING,
        organisation=world.organisation,
        purpose="Conseil",
        requester_name="Personne Secrète",
    )
    book(
        premises,
        premises.small_room,
        Slot.AFTERNOON,
        status=BookingStatus.HELD,
        hold_until=NOW + timedelta(days=30),
    )
    book(premises, premises.other_room, Slot.MORNING)
    feed = services_requests.renew_feed(
        actor=world.coordinator, site=premises.site, space=premises.small_room
    )
    response = client.get(feed_url(feed))  # no account
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    found = events(response)
    assert len(found) == 1
    assert str(found[0]["uid"]).startswith(f"premises-booking-{confirmed.pk}@")
    start = found[0].decoded("dtstart")
    assert (start.hour, start.minute, str(start.tzinfo)) == (8, 0, "Europe/Zurich")
    assert "Conseil" in str(found[0]["summary"])
    assert b"BEGIN:VTIMEZONE" in response.content
    assert b"Personne" not in response.content  # never a requester's data
    # The UID does not change from one read to the next.
    assert events(client.get(feed_url(feed)))[0]["uid"] == found[0]["uid"]


def test_renewing_an_address_kills_the_old_one(client, world):
    premises = build_site(world)
    old = services_requests.renew_feed(
        actor=world.coordinator, site=premises.site, space=premises.small_room
    )
    old_url = feed_url(old)
    new = services_requests.renew_feed(
        actor=world.coordinator, site=premises.site, space=premises.small_room
    )
    assert CalendarFeed.objects.count() == 1
    assert client.get(old_url).status_code == 404
    assert client.get(feed_url(new)).status_code == 200


def test_an_organisation_feed_lists_only_its_bookings(client, world):
    premises = build_site(world)
    ours = book(premises, premises.small_room, Slot.MORNING, organisation=world.organisation)
    book(premises, premises.other_room, Slot.MORNING, organisation=OrganisationFactory())
    feed = services_requests.renew_feed(
        actor=world.member, site=premises.site, organisation=world.organisation
    )
    found = events(client.get(feed_url(feed)))
    assert [str(event["uid"]).split("@")[0] for event in found] == [f"premises-booking-{ours.pk}"]


def test_a_tenant_representative_sees_and_renews_only_their_organisation(client, world):
    premises = build_site(world)
    other = OrganisationFactory(name="Autre association")
    world.collective.organisations.add(other)
    TenancyFactory(site=premises.site, organisation=other, category=premises.permanent)
    someone_else = MembershipFactory(collective=world.collective, organisation=other).user
    page = reverse("premises:feeds", args=[world.collective.slug, premises.site.slug])

    def renew(kind, pk):
        name = f"premises:renew_{kind}_feed"
        return reverse(name, args=[world.collective.slug, premises.site.slug, pk])

    client.force_login(world.member)
    content = client.get(page).content.decode()
    assert world.organisation.name in content and "Autre association" not in content
    assert premises.small_room.name not in content  # space feeds: coordinators
    assert client.post(renew("organisation", other.pk)).status_code == 403
    assert client.post(renew("space", premises.small_room.pk)).status_code == 403
    assert client.post(renew("organisation", world.organisation.pk)).status_code == 302
    assert CalendarFeed.objects.filter(organisation=world.organisation).exists()

    client.force_login(someone_else)  # another organisation's member
    content = client.get(page).content.decode()
    assert "Autre association" in content and world.organisation.name not in content
    assert client.post(renew("organisation", world.organisation.pk)).status_code == 403

    client.force_login(world.coordinator)
    content = client.get(page).content.decode()
    assert premises.small_room.name in content and "Autre association" in content
    assert client.post(renew("space", premises.small_room.pk)).status_code == 302
    assert CalendarFeed.objects.filter(space=premises.small_room).exists()
