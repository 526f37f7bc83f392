"""The members' pages of bookings: the forms keep what was typed and show each
refusal of the issue's list (end before start, in the past, outside opening hours, a
closed day, a space not yet available, a desk pool full, a series of 10,000 dates);
"My bookings", a series' page, cancelling; tenants and another organisation's member."""

from datetime import date

import pytest
from django.urls import reverse

from maillage.premises import services_bookings as services
from maillage.premises.models import Booking, BookingSeries, BookingStatus, ClosedPeriod, Slot

from ..factories import MembershipFactory, OrganisationFactory
from .setting import build_site

pytestmark = pytest.mark.django_db

TUESDAY = date(2030, 6, 4)


@pytest.fixture
def premises(english):
    return build_site(english)


def url(premises, name, *args):
    site = premises.site
    return reverse(f"premises:{name}", args=[site.collective.slug, site.slug, *args])


def other_member(world):
    caritas = OrganisationFactory(name="Caritas")
    world.collective.organisations.add(caritas)
    person = MembershipFactory(collective=world.collective, role="member", organisation=caritas)
    person.user.language = "en"
    person.user.save()
    return person.user


def book_data(premises, **changes):
    data = {
        "space": premises.small_room.pk,
        "day": TUESDAY.isoformat(),
        "slot": "morning",
        "people": "3",
        "purpose": "Atelier vélo",
        "desks": "1",
    }
    data.update(changes)
    return data


def series_data(premises, **changes):
    data = {
        "space": premises.small_room.pk,
        "starts_on": "2030-06-01",
        "ends_on": "2030-06-30",
        "weekdays": ["1"],
        "every": "1",
        "slots": ["morning"],
        "people": "3",
        "purpose": "Permanence emploi",
        "desks": "1",
    }
    data.update(changes)
    return data


def refused(client, premises, name, data, message):
    response = client.post(url(premises, name), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content, content[content.find("<main") :][:3000]
    # What was typed is kept.
    assert data["purpose"] in content
    assert not Booking.objects.filter(status=BookingStatus.CONFIRMED).exists()
    return content


def test_the_booking_form_is_prefilled_from_the_cell(client, english, premises):
    client.force_login(english.member)
    response = client.get(
        url(premises, "book"),
        {"space": premises.other_room.pk, "day": "2030-06-04", "slot": "afternoon"},
    )
    content = response.content.decode()
    assert f'<option value="{premises.other_room.pk}" selected>' in content
    assert 'value="2030-06-04"' in content
    assert 'value="afternoon" id="id_slot_1" checked' in content or (
        'value="afternoon"' in content and "checked" in content
    )
    # The member represents their organisation: it is chosen for them.
    assert f'<option value="{english.organisation.pk}" selected>' in content


def test_booking_a_half_day_then_seeing_it_on_the_grid(client, english, premises):
    client.force_login(english.member)
    response = client.post(
        url(premises, "book"), book_data(premises, organisation=english.organisation.pk)
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?week=2030-W23")
    booking = Booking.objects.get()
    assert (booking.slot, booking.organisation, booking.people) == (
        "morning",
        english.organisation,
        3,
    )
    grid = client.get(url(premises, "grid"), {"week": "2030-W23"}).content.decode()
    assert "cell-mine" in grid and "Hospice général" in grid


def test_booking_the_whole_day(client, english, premises):
    client.force_login(english.member)
    client.post(url(premises, "book"), book_data(premises, whole_day="on"))
    assert sorted(Booking.objects.values_list("slot", flat=True)) == ["afternoon", "morning"]


def test_a_half_day_in_the_past_is_refused_on_the_form(client, english, premises):
    client.force_login(english.member)
    refused(
        client,
        premises,
        "book",
        book_data(premises, day="2020-06-02"),
        "This half-day is already over.",
    )


def test_outside_opening_hours_is_refused_on_the_form(client, english, premises):
    client.force_login(english.member)
    refused(
        client,
        premises,
        "book",
        book_data(premises, slot="evening"),
        "The site is not open at that time of day.",
    )


def test_a_closed_day_is_refused_on_the_form(client, english, premises):
    client.force_login(english.member)
    ClosedPeriod.objects.create(
        site=premises.site, starts_on=TUESDAY, ends_on=TUESDAY, reason="Jeûne genevois"
    )
    refused(client, premises, "book", book_data(premises), "Jeûne genevois")
    refused(
        client,
        premises,
        "book",
        book_data(premises, day="2030-06-08"),  # a Saturday
        "the site is closed on that day of the week",
    )


def test_a_space_not_yet_available_is_refused_on_the_form(client, english, premises):
    premises.small_room.available_from = date(2031, 1, 1)
    premises.small_room.save()
    client.force_login(english.member)
    refused(client, premises, "book", book_data(premises), "can be booked from")


def test_a_full_desk_pool_is_refused_on_the_form(client, english, premises):
    client.force_login(english.member)
    refused(
        client,
        premises,
        "book",
        book_data(premises, space=premises.desks.pk, desks="7"),  # 6 for everyone else
        "only 6 desks are free",
    )
    content = refused(
        client,
        premises,
        "book",
        book_data(premises, space=premises.small_room.pk, people="40"),
        "holds 8 people at most",
    )
    assert 'value="40"' in content


def test_a_taken_half_day_says_so_on_the_form(client, english, premises):
    services.book(
        actor=english.coordinator, space=premises.small_room, day=TUESDAY, slots=[Slot.MORNING]
    )
    client.force_login(english.member)
    response = client.post(url(premises, "book"), book_data(premises))
    assert "already booked" in response.content.decode()
    assert Booking.objects.count() == 1


def test_a_series_ending_before_it_starts_is_refused_on_the_form(client, english, premises):
    client.force_login(english.member)
    content = refused(
        client,
        premises,
        "book_series",
        series_data(premises, ends_on="2030-05-01"),
        "The end is before the start.",
    )
    assert 'value="2030-05-01"' in content and 'value="2030-06-01"' in content


def test_a_series_starting_in_the_past_is_refused_on_the_form(client, english, premises):
    client.force_login(english.member)
    refused(
        client,
        premises,
        "book_series",
        series_data(premises, starts_on="2020-06-01"),
        "The series cannot start in the past.",
    )


def test_a_series_of_ten_thousand_dates_is_capped_on_the_form(client, english, premises):
    client.force_login(english.member)
    content = refused(
        client,
        premises,
        "book_series",
        series_data(
            premises,
            starts_on="2030-01-01",
            ends_on="2068-12-31",
            weekdays=["0", "1", "2", "3", "4"],
        ),
        f"A series books {services.MAX_SERIES_DATES} half-days at most",
    )
    assert 'value="2068-12-31"' in content
    assert not BookingSeries.objects.exists()


def test_a_series_page_lists_what_was_booked_and_skipped(client, english, premises):
    services.book(
        actor=english.coordinator,
        space=premises.small_room,
        day=date(2030, 6, 11),
        slots=[Slot.MORNING],
    )
    client.force_login(english.member)
    response = client.post(url(premises, "book_series"), series_data(premises))
    series = BookingSeries.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(premises, "series", series.pk)
    content = client.get(response["Location"]).content.decode()
    assert "Tuesday 25 June 2030" in content  # booked, to come
    assert "Tue 11 June 2030" in content and "already booked" in content  # skipped


def test_cancel_a_period_of_a_series_from_its_page(client, english, premises):
    series, _booked, _skipped = services.book_series(
        actor=english.member,
        space=premises.small_room,
        starts_on=date(2030, 6, 1),
        ends_on=date(2030, 6, 30),
        weekdays=[1],
        slots=[Slot.MORNING],
    )
    client.force_login(english.member)
    bad = client.post(
        url(premises, "cancel_series_range", series.pk),
        {"starts_on": "2030-06-20", "ends_on": "2030-06-10"},
    )
    assert bad.status_code == 200
    assert "The end is before the start." in bad.content.decode()
    assert 'value="2030-06-20"' in bad.content.decode()
    client.post(
        url(premises, "cancel_series_range", series.pk),
        {"starts_on": "2030-06-10", "ends_on": "2030-06-20"},
    )
    client.post(url(premises, "cancel_series_rest", series.pk), {"from_day": "2030-06-25"})
    kept = Booking.objects.filter(status=BookingStatus.CONFIRMED)
    assert list(kept.values_list("date", flat=True)) == [date(2030, 6, 4)]


def test_my_bookings_and_cancelling_one(client, english, premises):
    (ours,) = services.book(
        actor=english.coordinator,
        space=premises.small_room,
        day=TUESDAY,
        slots=[Slot.MORNING],
        organisation=english.organisation,
    )
    services.book(
        actor=english.facilitator, space=premises.other_room, day=TUESDAY, slots=[Slot.MORNING]
    )
    client.force_login(english.member)
    content = client.get(url(premises, "my_bookings")).content.decode()
    # Their organisation's booking (made by a coordinator), not the facilitator's.
    assert "Petite salle 1" in content and "Petite salle 2" not in content
    page = client.get(url(premises, "cancel_booking", ours.pk))
    assert "Cancel this booking" in page.content.decode()
    response = client.post(url(premises, "cancel_booking", ours.pk))
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.status == BookingStatus.CANCELLED and ours.cancelled_by == english.member


def test_another_organisations_member_sees_neither_our_bookings_nor_our_series(
    client, english, premises
):
    series, booked, _skipped = services.book_series(
        actor=english.member,
        space=premises.small_room,
        starts_on=date(2030, 6, 1),
        ends_on=date(2030, 6, 30),
        weekdays=[1],
        slots=[Slot.MORNING],
        organisation=english.organisation,
    )
    stranger = other_member(english)
    client.force_login(stranger)
    assert "Petite salle 1" not in client.get(url(premises, "my_bookings")).content.decode()
    assert client.get(url(premises, "series", series.pk)).status_code == 403
    assert client.post(url(premises, "cancel_booking", booked[0].pk)).status_code == 403
    response = client.post(
        url(premises, "cancel_series_rest", series.pk), {"from_day": "2030-06-01"}
    )
    assert response.status_code == 403
    assert Booking.objects.filter(status=BookingStatus.CONFIRMED).count() == 4
    # The grid tells them the half-day is the tenant's, not who booked it.
    grid = client.get(url(premises, "grid"), {"week": "2030-W23"}).content.decode()
    assert "Hospice général" in grid and "cell-mine" not in grid


def test_who_booked_without_an_organisation_is_for_the_coordinators(client, english, premises):
    services.book(
        actor=english.facilitator, space=premises.small_room, day=TUESDAY, slots=[Slot.MORNING]
    )
    client.force_login(english.member)
    grid = client.get(url(premises, "grid"), {"week": "2030-W23"}).content.decode()
    name = english.facilitator.display_name
    assert name not in grid and ">booked<" in grid
    client.force_login(english.coordinator)
    grid = client.get(url(premises, "grid"), {"week": "2030-W23"}).content.decode()
    assert name in grid


def test_the_grid_one_day_at_a_time_and_by_htmx(client, english, premises):
    client.force_login(english.member)
    day = client.get(url(premises, "grid"), {"day": "2030-06-04"}).content.decode()
    assert "Tuesday 4 June 2030" in day
    assert day.count('class="cell cell-free') == 2 * 4  # 4 bookable spaces, 2 half-days
    partial = client.get(url(premises, "grid"), {"week": "2030-W23"}, HTTP_HX_REQUEST="true")
    content = partial.content.decode()
    assert content.startswith('<div id="week-grid"')
    assert "<html" not in content


def test_the_grid_reads_the_same_few_rows_whatever_the_bookings(
    client, english, premises, django_assert_max_num_queries
):
    client.force_login(english.member)
    grid_url = url(premises, "grid")
    for day in (date(2030, 6, 3), date(2030, 6, 4), date(2030, 6, 5)):
        for space in (premises.small_room, premises.other_room, premises.modular_room):
            services.book(
                actor=english.coordinator,
                space=space,
                day=day,
                slots=[Slot.MORNING, Slot.AFTERNOON],
                organisation=english.organisation,
            )
        services.book(
            actor=english.member, space=premises.desks, day=day, slots=[Slot.MORNING], desks=2
        )
    client.get(grid_url, {"week": "2030-W23"})  # warm the session's queries
    with django_assert_max_num_queries(12):
        response = client.get(grid_url, {"week": "2030-W23"})
    assert response.content.decode().count("cell-mine") >= 21


@pytest.mark.parametrize(
    "query", [{"day": "9999-12-31"}, {"week": "9999-W52"}, {"day": "0001-01-01"}, {"week": "x"}]
)
def test_the_grid_of_a_week_at_the_edge_of_the_calendar(client, english, premises, query):
    client.force_login(english.member)
    response = client.get(url(premises, "grid"), query)
    assert response.status_code == 200


def test_a_negative_number_of_desks_is_refused(english, premises):
    with pytest.raises(services.DomainError) as refused:
        services.book(
            actor=english.member,
            space=premises.desks,
            day=TUESDAY,
            slots=[Slot.MORNING],
            desks=-3,
        )
    assert refused.value.field == "desks"
    assert not Booking.objects.exists()


def test_a_series_at_the_end_of_the_calendar_lists_its_closed_sundays(english, premises):
    _series, booked, skipped = services.book_series(
        actor=english.member,
        space=premises.small_room,
        starts_on=date(9999, 12, 20),
        ends_on=date(9999, 12, 31),
        weekdays=[6],
        slots=[Slot.MORNING],
    )
    assert booked == [] and [entry["date"] for entry in skipped] == ["9999-12-26"]
