"""Tenancies: the needs table examined against the charter in force (its version kept
whatever changes later), the coordinators' decision and its e-mail, the tenancy's
changes, and who reads what: the tenant's representatives their own, never another
organisation's people."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from maillage.collectives.models import Role
from maillage.core.errors import ConflictError, DomainError
from maillage.governance import services as governance
from maillage.governance.models import TextKind
from maillage.premises import booking_core, halfdays
from maillage.premises import services_tenancy as services
from maillage.premises.models import ApplicationStatus, Slot, Tenancy, TenancyApplication

from ..factories import GovernanceTextFactory, MembershipFactory, OrganisationFactory
from .setting import PriceCategoryFactory, SiteFactory, build_site

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


def _apply(world, site, **more):
    fields = {
        "user": world.member,
        "site": site,
        "organisation": world.organisation,
        "kind": "part_time",
        "weekdays": [1, 3],
        "starts_on": date(2030, 9, 1),
        "people": 3,
    }
    return services.apply_for_tenancy(**(fields | more))


def _charter(world, required=True):
    world.collective.requires_charter_agreement = required
    world.collective.save(update_fields=["requires_charter_agreement"])
    return GovernanceTextFactory(
        collective=world.collective,
        kind=TextKind.CHARTER,
        title="Charte du PTCE",
        updated_by=world.coordinator,
    )


def _another_organisations_member(world):
    other = OrganisationFactory(name="Alter Habitat")
    world.collective.organisations.add(other)
    person = MembershipFactory(
        collective=world.collective, role=Role.MEMBER, organisation=other
    ).user
    person.language = "en"
    person.save(update_fields=["language"])
    return other, person


# ------------------------------------------------------------------ applying


def test_an_application_is_examined_against_the_charter_in_force(world):
    premises = build_site(world)
    text = _charter(world)
    with pytest.raises(DomainError, match="must agree to the collective's charter") as exc:
        _apply(world, premises.site)
    assert exc.value.field == "agrees_to_charter"
    assert not TenancyApplication.objects.exists()

    application = _apply(world, premises.site, agrees_to_charter=True)
    first = text.current_version()
    assert application.charter_version == first

    # The charter changes afterwards: the application keeps the version it was sent under.
    governance.update_text(
        actor=world.coordinator,
        text=text,
        title="Charte du PTCE",
        body="Une charte révisée.",
        base_version=text.version,
    )
    text.refresh_from_db()
    assert text.current_version() != first
    application.refresh_from_db()
    assert application.charter_version == first
    tenancy = services.accept_application(
        actor=world.coordinator,
        application=application,
        kind="part_time",
        weekdays=[1, 3],
        starts_on=date(2030, 9, 1),
        category=premises.occasional,
        quota_half_days=2,
    )
    application.refresh_from_db()
    assert application.charter_version == first
    assert tenancy.application == application


def test_the_decision_page_shows_the_charter_version_examined(client, english):
    premises = build_site(english)
    text = _charter(english)
    application = _apply(english, premises.site, agrees_to_charter=True)
    governance.update_text(
        actor=english.coordinator,
        text=text,
        title="Charte du PTCE",
        body="Une charte révisée.",
        base_version=text.version,
    )
    client.force_login(english.coordinator)
    response = client.get(
        reverse(
            "premises:application",
            args=[english.collective.slug, premises.site.slug, application.pk],
        )
    )
    assert "Examined against the charter “Charte du PTCE”, version 1" in response.text
    assert "The charter has changed since: version 2 is now in force." in response.text


def test_a_part_time_application_names_its_weekdays(world):
    premises = build_site(world)
    with pytest.raises(DomainError, match="Name the days of the week") as exc:
        _apply(world, premises.site, weekdays=[])
    assert exc.value.field == "weekdays"


def test_one_waiting_application_per_organisation_and_site(world):
    premises = build_site(world)
    _apply(world, premises.site)
    with pytest.raises(DomainError, match="already has an application waiting"):
        _apply(world, premises.site)


def test_spaces_wanted_are_the_sites(world):
    premises = build_site(world)
    elsewhere = SiteFactory(collective=world.collective)
    from .setting import SpaceFactory

    with pytest.raises(DomainError, match="Choose spaces of this site"):
        _apply(world, premises.site, spaces=[SpaceFactory(site=elsewhere)])


def test_a_member_applies_only_for_an_organisation_they_represent(client, english):
    premises = build_site(english)
    other, _person = _another_organisations_member(english)
    url = reverse("premises:apply", args=[english.collective.slug, premises.site.slug])
    data = {
        "application-organisation": str(other.pk),
        "application-kind": "permanent",
        "application-desks": "2",
        "application-days_per_week": "5",
        "application-starts_on": "2030-09-01",
        "application-people": "4",
        "application-activity": "Accompagnement à l'habitat participatif",
    }
    client.force_login(english.member)
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Choose an organisation you represent." in response.text
    assert "Accompagnement à l&#x27;habitat participatif" in response.text
    assert not TenancyApplication.objects.exists()

    # A coordinator applies for any organisation of the collective.
    client.force_login(english.coordinator)
    response = client.post(url, data)
    assert response.status_code == 302
    assert TenancyApplication.objects.get().organisation == other


def test_a_facilitator_representing_nobody_is_told_how_to_apply(client, english):
    premises = build_site(english)
    client.force_login(english.facilitator)
    response = client.get(
        reverse("premises:apply", args=[english.collective.slug, premises.site.slug])
    )
    assert "You represent no organisation of the collective." in response.text


# ------------------------------------------------------------------ deciding


def test_accepting_creates_the_tenancy_and_tells_the_applicant(
    world, django_capture_on_commit_callbacks
):
    premises = build_site(world)
    application = _apply(world, premises.site)
    mail.outbox.clear()
    with pytest.raises(DomainError, match="cannot end before it starts") as exc:
        services.accept_application(
            actor=world.coordinator,
            application=application,
            kind="part_time",
            weekdays=[1, 3],
            starts_on=date(2030, 9, 1),
            ends_on=date(2030, 8, 31),
            category=premises.occasional,
        )
    assert exc.value.field == "ends_on"
    with pytest.raises(DomainError, match="price category of this site"):
        services.accept_application(
            actor=world.coordinator,
            application=application,
            kind="part_time",
            weekdays=[1, 3],
            starts_on=date(2030, 9, 1),
            category=PriceCategoryFactory(),
        )
    with django_capture_on_commit_callbacks(execute=True):
        tenancy = services.accept_application(
            actor=world.coordinator,
            application=application,
            kind="part_time",
            weekdays=[3, 1],
            starts_on=date(2030, 9, 1),
            category=premises.occasional,
            quota_half_days=2,
            spaces=[premises.office],
            desks=1,
        )
    assert (tenancy.kind, tenancy.weekdays, tenancy.quota_half_days) == ("part_time", [1, 3], 2)
    assert list(tenancy.spaces.all()) == [premises.office]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.decided_by == world.coordinator
    assert [message.to for message in mail.outbox] == [[world.member.email]]
    with pytest.raises(DomainError, match="already been answered"):
        services.refuse_application(actor=world.coordinator, application=application, reason="x")


def test_refusing_needs_a_reason_and_tells_the_applicant(world, django_capture_on_commit_callbacks):
    premises = build_site(world)
    application = _apply(world, premises.site)
    mail.outbox.clear()
    with pytest.raises(DomainError, match="Say why the application is refused"):
        services.refuse_application(actor=world.coordinator, application=application, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.refuse_application(
            actor=world.coordinator, application=application, reason="Plus de bureau libre"
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REFUSED
    assert len(mail.outbox) == 1
    assert "Plus de bureau libre" in mail.outbox[0].body
    assert not Tenancy.objects.filter(application=application).exists()


# ------------------------------------------------------------------ tenancies


def test_a_tenancy_is_changed_at_its_version_and_ended(world):
    premises = build_site(world)
    tenancy = premises.tenancy
    services.update_tenancy(
        actor=world.coordinator,
        tenancy=tenancy,
        base_version=1,
        quota_half_days=6,
        category=premises.occasional,
        ends_on=None,
    )
    with pytest.raises(ConflictError):
        services.update_tenancy(
            actor=world.coordinator,
            tenancy=tenancy,
            base_version=1,
            quota_half_days=8,
            category=premises.permanent,
            ends_on=None,
        )
    tenancy.refresh_from_db()
    assert (tenancy.quota_half_days, tenancy.category) == (6, premises.occasional)
    with pytest.raises(DomainError, match="cannot end before it starts"):
        services.end_tenancy(actor=world.coordinator, tenancy=tenancy, ends_on=date(2025, 12, 31))
    services.end_tenancy(actor=world.coordinator, tenancy=tenancy, ends_on=date(2030, 6, 30))
    tenancy.refresh_from_db()
    assert tenancy.ends_on == date(2030, 6, 30)


def test_the_tenant_sees_its_quota_used_this_month(client, english):
    premises = build_site(english)
    today = timezone.localdate()
    day = next(
        day
        for day in (today.replace(day=number) for number in range(1, 29))
        if not halfdays.closed_reason(premises.site, day)
    )
    with transaction.atomic():
        halfdays.lock_site(premises.site)
        booking_core.reserve_half_day(
            site=premises.site,
            space=premises.small_room,
            day=day,
            slot=Slot.MORNING,
            organisation=english.organisation,
            now=datetime(day.year, day.month, 1, tzinfo=ZoneInfo(premises.site.time_zone)),
        )
    client.force_login(english.member)
    response = client.get(
        reverse(
            "premises:tenancy",
            args=[english.collective.slug, premises.site.slug, premises.tenancy.pk],
        )
    )
    assert response.status_code == 200
    assert "1 / 4" in response.text


def test_another_organisations_member_sees_neither_the_tenancy_nor_the_application(client, english):
    premises = build_site(english)
    application = _apply(english, premises.site, kind="permanent", weekdays=[])
    _other, person = _another_organisations_member(english)
    client.force_login(person)
    slug, site = english.collective.slug, premises.site.slug
    assert (
        client.get(reverse("premises:tenancy", args=[slug, site, premises.tenancy.pk])).status_code
        == 403
    )
    assert (
        client.get(reverse("premises:application", args=[slug, site, application.pk])).status_code
        == 403
    )
    listing = client.get(reverse("premises:tenancies", args=[slug, site]))
    assert "Hospice général" not in listing.text
    assert "Your organisations have no tenancy here." in listing.text
    # The tenant's representative lists its own tenancy.
    client.force_login(english.member)
    assert "Hospice général" in client.get(reverse("premises:tenancies", args=[slug, site])).text


def test_a_refused_decision_keeps_what_the_coordinator_typed(client, english):
    premises = build_site(english)
    application = _apply(english, premises.site)
    client.force_login(english.coordinator)
    args = [english.collective.slug, premises.site.slug, application.pk]
    response = client.post(
        reverse("premises:accept_application", args=args),
        {
            "accept-kind": "part_time",
            "accept-weekdays": ["1", "3"],
            "accept-starts_on": "2030-09-01",
            "accept-ends_on": "2030-08-01",
            "accept-category": str(premises.occasional.pk),
            "accept-quota_half_days": "3",
            "accept-desks": "0",
        },
    )
    assert response.status_code == 400
    assert "The tenancy cannot end before it starts." in response.text
    assert 'value="2030-08-01"' in response.text
    assert not Tenancy.objects.filter(application=application).exists()
    response = client.post(reverse("premises:refuse_application", args=args), {"refuse-reason": ""})
    assert "Say why the application is refused." in response.text
