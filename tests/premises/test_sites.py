"""Sites, closed periods, spaces, reserved desks and price categories: the changes the
coordinators make, each refusal with its message, and the pages."""

from datetime import date, time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.urls import reverse
from django.utils import translation

from maillage.audit.models import AuditEvent
from maillage.core.errors import ConflictError, DomainError
from maillage.premises import services_sites as services
from maillage.premises.models import ClosedPeriod, PriceCategory, ReservedDesks, Site, Space

from ..factories import OrganisationFactory
from .setting import build_site

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


def site_fields(**more):
    fields = {
        "name": "Maison des coopératives",
        "slug": "maison",
        "address": "Rue du Stand 3, 1204 Genève",
        "surface_m2": Decimal("1000"),
        "time_zone": "Europe/Zurich",
        "currency": "CHF",
        "open_weekdays": [0, 1, 2, 3, 4],
        "morning_starts": time(8),
        "morning_ends": time(12),
        "afternoon_starts": time(13),
        "afternoon_ends": time(17, 30),
        "evening_starts": None,
        "evening_ends": None,
        "over_quota": "charge",
        "hold_hours": 48,
        "cancellation_hours": 48,
        "late_cancellation_charged": True,
        "public_requests": False,
        "iban": "CH93 0076 2011 6238 5295 7",
        "creditor_name": "PTCE",
        "creditor_address": "Rue du Stand 3",
    }
    return fields | more


def space_fields(**more):
    fields = {
        "name": "Salle du conseil",
        "kind": "meeting_room",
        "surface_m2": Decimal("30"),
        "capacity": 12,
        "desks": 0,
        "equipment": "Écran",
        "step_free": True,
        "accessibility": "",
        "description": "",
        "photo_description": "",
        "available_from": None,
        "position": 0,
    }
    return fields | more


# ---------------------------------------------------------------------- sites


def test_a_new_site_has_its_outside_rate_and_is_logged(world):
    site = services.create_site(
        actor=world.coordinator, collective=world.collective, **site_fields()
    )
    assert site.iban == "CH9300762011623852957"
    assert list(site.price_categories.values_list("outside", flat=True)) == [True]
    assert AuditEvent.objects.filter(action="premises.site_created", collective=world.collective)


def test_an_unknown_currency_is_refused_with_a_clear_message(world):
    with pytest.raises(DomainError, match="USD is not one Maillage handles") as exc:
        services.create_site(
            actor=world.coordinator, collective=world.collective, **site_fields(currency="USD")
        )
    assert exc.value.field == "currency"
    assert not Site.objects.exists()


@pytest.mark.parametrize(
    "times",
    [
        {"morning_starts": time(12), "morning_ends": time(8)},
        {"morning_ends": time(14)},  # ends after the afternoon starts
        {"evening_starts": time(17), "evening_ends": time(21)},  # before the afternoon ends
    ],
)
def test_half_days_out_of_order_are_refused(world, times):
    with pytest.raises(DomainError, match="The half-days must follow each other"):
        services.create_site(
            actor=world.coordinator, collective=world.collective, **site_fields(**times)
        )


def test_an_evening_needs_both_its_times(world):
    with pytest.raises(DomainError, match="both times of the evening") as exc:
        services.create_site(
            actor=world.coordinator,
            collective=world.collective,
            **site_fields(evening_starts=time(18)),
        )
    assert exc.value.field == "evening_ends"


def test_an_invalid_iban_is_refused(world):
    with pytest.raises(DomainError, match="This IBAN is not valid") as exc:
        services.create_site(
            actor=world.coordinator,
            collective=world.collective,
            **site_fields(iban="CH94 0076 2011 6238 5295 7"),
        )
    assert exc.value.field == "iban"


def test_iban_check():
    assert services.iban_is_valid("FR76 3000 6000 0112 3456 7890 189")
    assert services.iban_is_valid("ch9300762011623852957")
    assert not services.iban_is_valid("FR76 3000 6000 0112 3456 7890 188")
    assert not services.iban_is_valid("CH93")


def test_a_negative_surface_is_refused(world):
    with pytest.raises(DomainError, match="cannot be negative"):
        services.create_site(
            actor=world.coordinator,
            collective=world.collective,
            **site_fields(surface_m2=Decimal("-1")),
        )


def test_a_site_needs_an_opening_day_and_a_free_short_name(world):
    with pytest.raises(DomainError, match="at least one opening day"):
        services.create_site(
            actor=world.coordinator, collective=world.collective, **site_fields(open_weekdays=[])
        )
    services.create_site(actor=world.coordinator, collective=world.collective, **site_fields())
    for slug in ("maison", "nouveau-site"):
        with pytest.raises(DomainError, match="already has a site at this address"):
            services.create_site(
                actor=world.coordinator, collective=world.collective, **site_fields(slug=slug)
            )


def test_editing_a_site_is_version_locked(world):
    site = build_site(world).site
    services.update_site(
        actor=world.coordinator, site=site, base_version=1, **site_fields(slug=site.slug)
    )
    site.refresh_from_db()
    assert site.version == 2 and site.name == "Maison des coopératives"
    with pytest.raises(ConflictError):
        services.update_site(
            actor=world.coordinator,
            site=site,
            base_version=1,
            **site_fields(slug=site.slug, name="Autre"),
        )
    site.refresh_from_db()
    assert site.name == "Maison des coopératives"


# -------------------------------------------------------------- closed periods


def test_a_closed_period_ending_before_it_starts_is_refused(world):
    site = build_site(world).site
    with pytest.raises(DomainError, match="before its first day") as exc:
        services.add_closed_period(
            actor=world.coordinator,
            site=site,
            starts_on=date(2030, 8, 15),
            ends_on=date(2030, 8, 1),
            reason="Été",
        )
    assert exc.value.field == "ends_on"
    period = services.add_closed_period(
        actor=world.coordinator,
        site=site,
        starts_on=date(2030, 8, 1),
        ends_on=date(2030, 8, 15),
        reason="Été",
    )
    services.remove_closed_period(actor=world.coordinator, period=period)
    assert not ClosedPeriod.objects.exists()
    with pytest.raises(DomainError, match="already removed"):
        services.remove_closed_period(actor=world.coordinator, period=period)


def test_the_page_keeps_what_was_typed_when_the_end_is_before_the_start(client, english):
    site = build_site(english).site
    client.force_login(english.coordinator)
    response = client.post(
        reverse("premises:closed_add", args=[english.collective.slug, site.slug]),
        {"closed-starts_on": "2030-08-15", "closed-ends_on": "2030-08-01", "closed-reason": "Été"},
    )
    assert response.status_code == 400
    assert "The last day of the closing is before its first day." in response.text
    assert 'value="Été"' in response.text
    assert 'value="2030-08-15"' in response.text


# ------------------------------------------------------------------------ spaces


def test_a_space_with_a_negative_surface_is_refused(world):
    site = build_site(world).site
    with pytest.raises(DomainError, match="A surface cannot be negative") as exc:
        services.add_space(
            actor=world.coordinator, site=site, **space_fields(surface_m2=Decimal("-5"))
        )
    assert exc.value.field == "surface_m2"


def test_a_space_to_come_and_its_archive(world):
    site = build_site(world).site
    space = services.add_space(
        actor=world.coordinator, site=site, **space_fields(available_from=date(2031, 1, 1))
    )
    assert space.available_from == date(2031, 1, 1)
    services.archive_space(actor=world.coordinator, space=space)
    with pytest.raises(DomainError, match="already archived"):
        services.archive_space(actor=world.coordinator, space=space)
    with pytest.raises(DomainError, match="archived: it cannot be changed"):
        services.update_space(actor=world.coordinator, space=space, **space_fields())


def _png():
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_the_photo_must_be_an_image_of_limited_size_with_its_description(
    client, english, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    site = build_site(english).site
    client.force_login(english.coordinator)
    url = reverse("premises:space_add", args=[english.collective.slug, site.slug])
    data = {f"space-{key}": value for key, value in space_fields().items() if value is not None}
    data["space-step_free"] = "on"

    not_an_image = SimpleUploadedFile("salle.png", b"not an image", content_type="image/png")
    response = client.post(url, {**data, "space-photo": not_an_image})
    assert response.status_code == 400
    assert "This file is not an image: choose a photo." in response.text

    too_large = SimpleUploadedFile("salle.png", _png() + b"\0" * (2 * 1024 * 1024))
    response = client.post(url, {**data, "space-photo": too_large})
    assert "The photo is too large: 2 MB at most." in response.text

    response = client.post(url, {**data, "space-photo": SimpleUploadedFile("s.png", _png())})
    assert "Describe the photo for people who cannot see it." in response.text
    assert not Space.objects.filter(name="Salle du conseil").exists()

    data["space-photo_description"] = "Une table ronde sous une verrière"
    response = client.post(url, {**data, "space-photo": SimpleUploadedFile("s.png", _png())})
    assert response.status_code == 302
    space = Space.objects.get(name="Salle du conseil")
    assert space.photo
    page = client.get(reverse("premises:site", args=[english.collective.slug, site.slug]))
    assert 'alt="Une table ronde sous une verrière"' in page.text


# ------------------------------------------------------------------ reserved desks


def test_never_more_desks_reserved_than_the_pool_has(world):
    premises = build_site(world)
    other = OrganisationFactory(name="Coop'action")
    world.collective.organisations.add(other)
    with pytest.raises(DomainError, match="at most 6 more can be reserved") as exc:
        services.set_reserved_desks(
            actor=world.coordinator, space=premises.desks, organisation=other, count=7
        )
    assert exc.value.field == "count"
    services.set_reserved_desks(
        actor=world.coordinator, space=premises.desks, organisation=other, count=6
    )
    # The pool cannot shrink under what is reserved.
    with pytest.raises(DomainError, match="12 desks of this pool are reserved"):
        services.update_space(
            actor=world.coordinator,
            space=premises.desks,
            **space_fields(name="Coworking", kind="desks", desks=10),
        )
    services.set_reserved_desks(
        actor=world.coordinator, space=premises.desks, organisation=other, count=0
    )
    assert not ReservedDesks.objects.filter(organisation=other).exists()


def test_desks_are_reserved_in_a_pool_for_an_organisation_of_the_collective(world):
    premises = build_site(world)
    with pytest.raises(DomainError, match="pool of coworking desks only"):
        services.set_reserved_desks(
            actor=world.coordinator,
            space=premises.small_room,
            organisation=world.organisation,
            count=1,
        )
    with pytest.raises(DomainError, match="organisation of the collective"):
        services.set_reserved_desks(
            actor=world.coordinator,
            space=premises.desks,
            organisation=OrganisationFactory(),
            count=1,
        )


# -------------------------------------------------------------- price categories


def test_one_outside_rate_per_site(world):
    premises = build_site(world)
    with pytest.raises(DomainError, match="already has its outside rate") as exc:
        services.add_price_category(
            actor=world.coordinator, site=premises.site, name="Public", outside=True
        )
    assert exc.value.field == "outside"
    with pytest.raises(DomainError, match="keeps its outside rate"):
        services.update_price_category(
            actor=world.coordinator, category=premises.outside, name="Extérieurs", outside=False
        )
    with pytest.raises(DomainError, match="already has a price category of this name"):
        services.add_price_category(actor=world.coordinator, site=premises.site, name="permanents")
    services.add_price_category(actor=world.coordinator, site=premises.site, name="Temps partiel")
    assert PriceCategory.objects.filter(site=premises.site).count() == 4


# ------------------------------------------------------------------------ pages


def test_the_site_page_shows_spaces_by_kind_and_reserved_desks(client, english):
    premises = build_site(english, evening_starts=time(18), evening_ends=time(22))
    Space.objects.filter(pk=premises.modular_room.pk).update(
        available_from=date(2031, 1, 1), step_free=False
    )
    client.force_login(english.member)
    response = client.get(
        reverse("premises:site", args=[english.collective.slug, premises.site.slug])
    )
    assert response.status_code == 200
    text = response.text
    assert "Evening 18:00–22:00" in text
    assert "Shared, not booked" in text  # the kitchen
    assert "Available from Jan. 1, 2031" in text
    assert "Steps to the space" in text
    assert "12 desks, 6 reserved." in text
    assert "Hospice général" in text
    # Members see no coordinators' tools.
    assert "Edit the site" not in text
    assert "Price categories" not in text


def test_the_collective_page_links_to_the_premises_when_it_has_a_site(client, english):
    url = reverse("collectives:detail", args=[english.collective.slug])
    link = reverse("premises:sites", args=[english.collective.slug])
    client.force_login(english.member)
    assert link not in client.get(url).text
    client.force_login(english.coordinator)
    assert link in client.get(url).text
    build_site(english)
    client.force_login(english.member)
    assert link in client.get(url).text


def test_creating_a_site_from_the_page_keeps_what_was_typed(client, english):
    client.force_login(english.coordinator)
    url = reverse("premises:site_create", args=[english.collective.slug])
    data = {key: value for key, value in site_fields().items() if value is not None}
    data["open_weekdays"] = ["0", "1"]
    data["late_cancellation_charged"] = "on"
    data["currency"] = "USD"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "The currency USD is not one Maillage handles: choose CHF or EUR." in response.text
    assert 'value="Maison des coopératives"' in response.text
    data["currency"] = "EUR"
    data["iban"] = "FR76 3000 6000 0112 3456 7890 189"
    response = client.post(url, data)
    assert response.status_code == 302
    site = Site.objects.get()
    assert site.currency == "EUR" and site.open_weekdays == [0, 1]


def test_two_coordinators_editing_a_site_the_second_keeps_what_they_typed(client, english):
    site = build_site(english).site
    client.force_login(english.coordinator)
    url = reverse("premises:site_edit", args=[english.collective.slug, site.slug])
    data = {key: value for key, value in site_fields(slug=site.slug).items() if value is not None}
    data |= {"open_weekdays": ["0", "1", "2"], "base_version": "1"}
    # Someone else saved in between.
    services.update_site(
        actor=english.coordinator,
        site=site,
        base_version=1,
        **site_fields(slug=site.slug, name="Déjà changé"),
    )
    response = client.post(url, data | {"name": "Mon nom à moi"})
    assert response.status_code == 409
    assert "Someone changed this while you were editing it." in response.text
    assert 'value="Mon nom à moi"' in response.text
    assert 'name="base_version" value="2"' in response.text
    site.refresh_from_db()
    assert site.name == "Déjà changé"


def test_the_public_holidays_of_a_year_become_closed_days(world):
    site = build_site(world).site  # in CHF: Switzerland's holidays
    ClosedPeriod.objects.create(
        site=site, starts_on=date(2027, 12, 24), ends_on=date(2028, 1, 2), reason="Fermeture"
    )
    with translation.override("fr"):
        added = services.add_public_holidays(
            actor=world.coordinator, site=site, year=2027, subdivision="GE"
        )
    days = dict(
        site.closed_periods.filter(starts_on=F("ends_on")).values_list("starts_on", "reason")
    )
    assert days[date(2027, 9, 9)] == "Jeûne genevois"  # Geneva's own
    assert date(2027, 8, 1) in days  # the national day
    # Christmas and 31 December fall in the closing already there: not added twice.
    assert date(2027, 12, 25) not in days and date(2027, 12, 31) not in days
    assert added == len(days)
    # Asked again: nothing more.
    assert (
        services.add_public_holidays(
            actor=world.coordinator, site=site, year=2027, subdivision="GE"
        )
        == 0
    )


def test_an_unknown_canton_is_refused(world):
    site = build_site(world).site
    with pytest.raises(DomainError, match="Choose a canton or region from the list"):
        services.add_public_holidays(
            actor=world.coordinator, site=site, year=2027, subdivision="XX"
        )
    assert not ClosedPeriod.objects.exists()


def test_the_collectives_tabs_lead_to_its_premises_once_it_has_a_site(client, world):
    from django.urls import reverse

    from .setting import build_site

    url = reverse("collectives:detail", args=[world.collective.slug])
    premises_url = reverse("premises:sites", args=[world.collective.slug])
    client.force_login(world.member)
    assert premises_url not in client.get(url).content.decode()
    client.force_login(world.coordinator)
    assert premises_url in client.get(url).content.decode()  # to create the first site
    build_site(world)
    client.force_login(world.member)
    page = client.get(reverse("actions:list", args=[world.collective.slug])).content.decode()
    assert f'href="{premises_url}"' in page
    client.force_login(world.observer)
    assert premises_url not in client.get(url).content.decode()
