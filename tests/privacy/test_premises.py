"""Shared premises: what a person finds in "my data", and what their erasure leaves."""

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from maillage.core import personal
from maillage.premises import services_bookings, services_requests, services_tenancy
from maillage.premises.models import Booking, BookingStatus, Slot, TenancyApplication
from maillage.premises.models_requests import RoomRequest

from ..factories import MembershipFactory
from ..premises.setting import SiteFactory, SpaceFactory, build_site
from .app_texts import erased, exported, holding

pytestmark = pytest.mark.django_db

DAY = date(2030, 6, 4)  # a Tuesday
NOW = datetime(2030, 6, 1, 10, 0, tzinfo=UTC)
NAME, EMAIL = "Aline Rochat", "aline.rochat@example.org"
TYPED = "Aline R."  # the name she typed on the public request page


def _request(premises, *, email=EMAIL, name=TYPED, space=None, day=DAY):
    return services_requests.submit_request(
        site=premises.site,
        name=name,
        email=email,
        phone="+41 79 000 00 00",
        organisation="Association du quartier",
        purpose="Assemblée générale",
        people=6,
        day=day,
        first_slot=Slot.MORNING,
        last_slot=Slot.MORNING,
        space=space or premises.small_room,
        consent_text="J'accepte.",
        now=NOW,
    )


@pytest.fixture
def made(world):
    person = MembershipFactory(
        collective=world.collective,
        organisation=world.organisation,
        user__display_name=NAME,
        user__email=EMAIL,
    ).user
    premises = build_site(world, public_requests=True)
    mine = services_bookings.book(
        actor=person,
        space=premises.other_room,
        day=DAY,
        slots=[Slot.AFTERNOON],
        purpose="Atelier du mardi",
        people=4,
        now=NOW,
    )
    theirs = services_bookings.book(
        actor=world.coordinator,
        space=premises.modular_room,
        day=DAY,
        slots=[Slot.MORNING],
        purpose=f"Formation animée par {NAME}",
        now=NOW,
    )
    application = services_tenancy.apply_for_tenancy(
        user=person,
        site=premises.site,
        organisation=world.organisation,
        kind="part_time",
        weekdays=[1, 3],
        starts_on=date(2030, 9, 1),
        people=3,
        activity=f"Permanences tenues par {NAME}",
    )
    request = _request(premises)
    someone = _request(premises, email="autre@example.org", name="Bob Autre", day=date(2030, 6, 5))
    # The same address asked a room of another collective's site.
    far_site = SiteFactory(collective=world.other, public_requests=True)
    far = _request(SimpleNamespace(site=far_site), space=SpaceFactory(site=far_site))
    return {
        "person": person,
        "premises": premises,
        "mine": mine,
        "theirs": theirs,
        "application": application,
        "request": request,
        "someone": someone,
        "far": far,
    }


def test_the_export_holds_the_bookings_applications_and_requests_and_no_one_elses(made, world):
    data = exported("premises", personal.Person(user=made["person"]))
    assert [(b["space"], b["half_day"], b["purpose"]) for b in data["bookings"]] == [
        ("Petite salle 2", "afternoon", "Atelier du mardi")
    ]
    assert data["bookings"][0]["collective"] == world.collective.name
    assert [a["activity"] for a in data["tenancy_applications"]] == [
        f"Permanences tenues par {NAME}"
    ]
    # Its requests by address, in both collectives; not the other requester's.
    assert sorted(r["collective"] for r in data["room_requests"]) == sorted(
        [world.collective.name, world.other.name]
    )
    assert {r["name"] for r in data["room_requests"]} == {TYPED}
    assert "Bob Autre" not in str(data)


def test_an_export_for_a_collective_holds_only_its_rows(made, world):
    person = personal.Person(email=EMAIL, collectives=frozenset({world.other.pk}))
    data = exported("premises", person)
    assert list(data) == ["room_requests"]
    assert [r["collective"] for r in data["room_requests"]] == [world.other.name]


def test_erasure_leaves_no_name_nor_address_and_the_occupancy_stays(made, world):
    counts_before = Booking.objects.count()
    person = personal.Person(user=made["person"])
    result = erased("premises", person)
    assert result == {
        "requested_half_days_erased": 2,
        "room_requests_cancelled": 2,
        "texts_scrubbed": 2,
    }
    assert holding("premises", NAME, EMAIL, TYPED) == []
    assert TYPED in person.names  # for the erasers that follow (the log's summaries)
    # The rows stay: the occupancy, the application, the requests (erased, cancelled).
    assert Booking.objects.count() == counts_before
    booking = Booking.objects.get(pk=made["mine"][0].pk)
    assert (booking.booked_by, booking.status) == (made["person"], BookingStatus.CONFIRMED)
    theirs = Booking.objects.get(pk=made["theirs"][0].pk)
    assert theirs.purpose == f"Formation animée par {personal.deleted_name()}"
    application = TenancyApplication.objects.get()
    assert application.activity == f"Permanences tenues par {personal.deleted_name()}"
    request = RoomRequest.objects.get(pk=made["request"].pk)
    assert request.erased_at is not None
    assert request.bookings.get().status == BookingStatus.CANCELLED
    # Someone else's request is untouched.
    other = made["someone"].bookings.get()
    assert (other.requester_name, other.status) == ("Bob Autre", BookingStatus.REQUESTED)
    # The log says a requester's data was erased, naming no one.
    from maillage.audit.models import AuditEvent

    events = AuditEvent.objects.filter(action="premises.requester_data_erased")
    assert events.count() == 2
    assert all(TYPED not in str(e.object_repr) for e in events)


def test_a_coordinators_erasure_by_address_leaves_other_collectives_untouched(made, world):
    person = personal.Person(email=EMAIL, collectives=frozenset({world.collective.pk}))
    result = erased("premises", person)
    assert result["requested_half_days_erased"] == 1
    far = made["far"].bookings.get()
    assert (far.requester_name, far.requester_email, far.status) == (
        TYPED,
        EMAIL,
        BookingStatus.REQUESTED,
    )
    assert RoomRequest.objects.get(pk=made["far"].pk).erased_at is None
    assert not (
        Booking.objects.filter(site__collective=world.collective, requester_email__iexact=EMAIL)
    ).exists()


def test_erasing_twice_finds_nothing_more(made):
    person = personal.Person(user=made["person"])
    erased("premises", person)
    again = erased("premises", personal.Person(user=made["person"]))
    assert again == {
        "requested_half_days_erased": 0,
        "room_requests_cancelled": 0,
        "texts_scrubbed": 0,
    }
