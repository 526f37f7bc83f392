"""The Sicoval PTCE's shared premises, as the seed minutes of 5 March 2013 describe them.

GENIES prepares 1,000 m² that the agglomeration owns, in Labège, and sub-lets them to
the members of the pole: two small meeting rooms, a modular room of 100 m², two
offices, a coworking space of 12 desks of which 6 are kept for Coop'action's people,
and shared spaces that nobody books (kitchen, resource centre, technical room); the
500 m² to come are spaces available from a later date. Nine structures are permanent
tenants, BGE Sud-Ouest and Alter Habitat come two days a week, Les Francas join in a
few months ("from 2014" in the seed), seven more come now and then.

Two months of bookings (the previous month and the current one) are made through
``booking_core.reserve_half_day`` under the site's lock, as every booking is: meetings
in the mornings and afternoons, desks, evenings in the modular room, a weekly series
that lists the date it found taken, a few half-days beyond a tenant's quota, a
booking cancelled too late, and a request from someone without an account that waits
for a coordinator.

The organisations named in the seed are real (BGE Sud-Ouest, Alter Habitat, Les
Francas, Coop'action), as are the other organisations of the Toulouse area's social
and solidarity economy named here; every person is invented, with an @example.org
address. What the seed says is data, in premises_seed.py. Running it again creates
nothing: the site is looked up by its short name.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from maillage.accounts.models import User
from maillage.collectives import services as collective_services
from maillage.collectives.models import Membership, Organisation, Role
from maillage.core.errors import DomainError
from maillage.premises import (
    booking_core,
    economics,
    halfdays,
    services_economics,
    services_statements,
)
from maillage.premises.models import (
    BookingSeries,
    BookingStatus,
    ClosedPeriod,
    PriceCategory,
    ReservedDesks,
    Site,
    Slot,
    Space,
    SpaceKind,
    Tenancy,
    TenancyKind,
)
from maillage.premises.models_statements import PriceUnit

from .accounts import DEMO_PASSWORD
from .premises_seed import (
    CATEGORIES,
    EVENINGS,
    EXTENSION,
    LATER,
    MEETINGS,
    MEMBERS,
    OCCASIONAL,
    OFFICES,
    ORGANISATIONS,
    PART_TIME,
    PERMANENT,
    REPRESENTATIVES,
    REQUEST,
    RESERVED_DESKS,
    SERIES,
    SITE,
    SITE_SLUG,
    SPACES,
    ZONE,
)


def load(person, collective):
    """Give the Sicoval PTCE's collective its premises unless it has them. ``person(key)``
    gives one of the demo's people."""
    if collective is None or Site.objects.filter(collective=collective, slug=SITE_SLUG).exists():
        return None
    with transaction.atomic():
        return _load(person, collective, timezone.now())


@dataclass
class Premises:
    site: Site
    spaces: dict
    categories: dict
    organisations: dict
    people: dict
    tenancies: dict = field(default_factory=dict)


def _load(person, collective, now):
    coordinator = person("isabelle")
    today = now.astimezone(ZoneInfo(ZONE)).date()
    site = Site.objects.create(collective=collective, **SITE)
    premises = Premises(
        site=site,
        spaces=_spaces(site, today),
        categories={
            name: PriceCategory.objects.create(site=site, name=name, outside=outside, position=i)
            for i, (name, outside) in enumerate(CATEGORIES, start=1)
        },
        organisations=_organisations(coordinator, collective),
        people={},
    )
    premises.people = _representatives(person, collective, premises.organisations)
    ReservedDesks.objects.create(
        space=premises.spaces["coworking"],
        organisation=premises.organisations["coopaction"],
        count=RESERVED_DESKS,
    )
    _closed_periods(site, today)
    _tenancies(premises, today)
    _prices(coordinator, premises)
    _bookings(premises, now, today)
    _statements(coordinator, site, now, today)
    _scenario(coordinator, site)
    return site


def _spaces(site, today):
    spaces = {}
    position = 0
    for key, spec in SPACES.items():
        name, kind, surface, people, desks, equipment, step_free, description = spec
        position += 1
        spaces[key] = Space.objects.create(
            site=site,
            name=name,
            kind=kind,
            surface_m2=Decimal(surface),
            capacity=people,
            desks=desks,
            equipment=equipment,
            step_free=step_free,
            accessibility="" if step_free else "Accès par un escalier de deux étages.",
            description=description,
            position=position,
        )
    # The 500 m² to come, from the first day of a month about nine months ahead.
    later = _first_of_month(today, 9)
    for key, (name, kind, surface, people, desks) in EXTENSION.items():
        position += 1
        spaces[key] = Space.objects.create(
            site=site,
            name=name,
            kind=kind,
            surface_m2=Decimal(surface),
            capacity=people,
            desks=desks,
            description="Dans les 500 m² que le Sicoval aménage pour la suite.",
            available_from=later,
            position=position,
        )
    return spaces


def _organisations(coordinator, collective):
    """The tenant organisations, each added to the collective (through the service, so
    the collective's log says so) unless it takes part already."""
    found = {}
    present = set(collective.organisations.values_list("pk", flat=True))
    for key, (name, kind) in ORGANISATIONS.items():
        organisation = (
            Organisation.objects.filter(name__iexact=name).first()
            or Organisation.objects.filter(slug=slugify(name)[:80]).first()
        )
        if organisation is None or organisation.pk not in present:
            organisation = collective_services.add_organisation(
                actor=coordinator,
                collective=collective,
                organisation=organisation,
                name=name,
                kind=kind,
            )
        found[key] = organisation
    return found


def _representatives(person, collective, organisations):
    """Who represents each tenant organisation: a member already there, or an invented
    person who joins the collective as a member for it."""
    people = {key: person(member) for key, member in MEMBERS.items()}
    password = None
    for key, (name, email) in REPRESENTATIVES.items():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            password = password or make_password(DEMO_PASSWORD)
            user = User.objects.create(
                email=email, display_name=name, language="fr", password=password
            )
        if not Membership.objects.active().filter(collective=collective, user=user).exists():
            Membership.objects.create(
                collective=collective,
                user=user,
                role=Role.MEMBER,
                organisation=organisations[key],
                start_date=timezone.localdate() - timedelta(days=200),
            )
        people[key] = user
    return people


def french_holidays(year):
    """France's public holidays of ``year``: (date, name)."""
    easter = _easter(year)
    return sorted(
        [
            (date(year, 1, 1), "Jour de l'an"),
            (easter + timedelta(days=1), "Lundi de Pâques"),
            (date(year, 5, 1), "Fête du travail"),
            (date(year, 5, 8), "Victoire 1945"),
            (easter + timedelta(days=39), "Ascension"),
            (easter + timedelta(days=50), "Lundi de Pentecôte"),
            (date(year, 7, 14), "Fête nationale"),
            (date(year, 8, 15), "Assomption"),
            (date(year, 11, 1), "Toussaint"),
            (date(year, 11, 11), "Armistice 1918"),
            (date(year, 12, 25), "Noël"),
        ]
    )


def _easter(year):
    # The anonymous Gregorian computus (Meeus/Jones/Butcher).
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _closed_periods(site, today):
    """The public holidays from the previous month for a year, and the summer closing
    (the first three weeks of August of the coming summer)."""
    start = _first_of_month(today, -1)
    end = _first_of_month(today, 12)
    for year in (start.year, start.year + 1):
        for day, name in french_holidays(year):
            if start <= day < end:
                ClosedPeriod.objects.create(site=site, starts_on=day, ends_on=day, reason=name)
    summer = start.year if start.month < 8 else start.year + 1
    ClosedPeriod.objects.create(
        site=site,
        starts_on=date(summer, 8, 1),
        ends_on=date(summer, 8, 21),
        reason="Fermeture estivale",
    )


def _tenancies(premises, today):
    site, organisations, categories = premises.site, premises.organisations, premises.categories
    since = _first_of_month(today, -10)

    def tenancy(key, kind, category, quota, starts_on, weekdays=(), desks=0):
        premises.tenancies[key] = Tenancy.objects.create(
            site=site,
            organisation=organisations[key],
            kind=kind,
            weekdays=list(weekdays),
            starts_on=starts_on,
            category=categories[category],
            quota_half_days=quota,
            desks=desks,
        )

    for key in PERMANENT:
        desks = RESERVED_DESKS if key == "coopaction" else 0
        tenancy(key, TenancyKind.PERMANENT, "Permanents", 6, since, desks=desks)
    for key, weekdays in PART_TIME.items():
        tenancy(key, TenancyKind.PART_TIME, "Temps partiel", 3, since, weekdays, desks=1)
    # Les Francas join in a few months ("from 2014" in the seed).
    tenancy(LATER, TenancyKind.PERMANENT, "Permanents", 6, _first_of_month(today, 4))
    for key in OCCASIONAL:
        tenancy(key, TenancyKind.OCCASIONAL, "Occasionnels", 0, since)
    for space_key, keys in OFFICES.items():
        for key in keys:
            premises.tenancies[key].spaces.add(premises.spaces[space_key])
    premises.tenancies["coopaction"].spaces.add(premises.spaces["coworking"])


def _prices(coordinator, premises):
    """The price grid of the site (categories × kinds of space, rents per m²) and the
    concierge service three permanents take."""
    categories = premises.categories
    grid = {
        "Permanents": {
            (SpaceKind.MEETING_ROOM, PriceUnit.HALF_DAY): "0.00",
            (SpaceKind.EVENT_ROOM, PriceUnit.HALF_DAY): "0.00",
            (SpaceKind.DESKS, PriceUnit.HALF_DAY): "0.00",
            (SpaceKind.OFFICE, PriceUnit.M2_MONTH): "12.50",
            (SpaceKind.DESKS, PriceUnit.MONTH): "120.00",
        },
        "Temps partiel": {
            (SpaceKind.MEETING_ROOM, PriceUnit.HALF_DAY): "15.00",
            (SpaceKind.EVENT_ROOM, PriceUnit.HALF_DAY): "60.00",
            (SpaceKind.DESKS, PriceUnit.HALF_DAY): "6.00",
            (SpaceKind.DESKS, PriceUnit.MONTH): "90.00",
            ("", PriceUnit.MONTH): "200.00",
        },
        "Occasionnels": {
            (SpaceKind.MEETING_ROOM, PriceUnit.HALF_DAY): "25.00",
            (SpaceKind.EVENT_ROOM, PriceUnit.HALF_DAY): "90.00",
            (SpaceKind.DESKS, PriceUnit.HALF_DAY): "8.00",
        },
        "Tarif extérieur": {
            (SpaceKind.MEETING_ROOM, PriceUnit.HALF_DAY): "40.00",
            (SpaceKind.EVENT_ROOM, PriceUnit.HALF_DAY): "150.00",
            (SpaceKind.EVENT_ROOM, PriceUnit.DAY): "250.00",
            (SpaceKind.DESKS, PriceUnit.HALF_DAY): "12.00",
        },
    }
    services_statements.set_prices(
        actor=coordinator,
        site=premises.site,
        prices={
            (categories[name], kind, unit): Decimal(amount)
            for name, prices in grid.items()
            for (kind, unit), amount in prices.items()
        },
    )
    concierge = services_statements.set_service_price(
        actor=coordinator,
        site=premises.site,
        category=categories["Permanents"],
        service="Conciergerie solidaire",
        amount=Decimal("35.00"),
    )
    for key in list(premises.tenancies)[:3]:
        tenancy = premises.tenancies[key]
        if tenancy.category_id == concierge.category_id:
            services_statements.subscribe_service(
                actor=coordinator, tenancy=tenancy, price=concierge
            )


def _statements(coordinator, site, now, today):
    """The statements of the previous month, issued the first days of this one; the
    first two are paid."""
    previous = _first_of_month(today, -1)
    statements = services_statements.issue_statements(
        actor=coordinator, site=site, year=previous.year, month=previous.month, now=now
    )
    for statement in statements[:2]:
        services_statements.mark_paid(actor=coordinator, statement=statement, paid_on=today)


def _scenario(coordinator, site):
    """The 2013 economic scenario of the seed, with its break-even."""
    services_economics.save_scenario(
        actor=coordinator,
        site=site,
        name="Modèle 2013 (procès-verbal du 5 mars 2013)",
        inputs=economics.SICOVAL_2013,
        note="Hypothèses de la réunion de préfiguration du 5 mars 2013.",
    )


class Booker:
    """Books half-days under the site's lock, each as the time before it allows: a
    half-day already over is booked as if three days before it."""

    def __init__(self, premises, now):
        self.premises = premises
        self.now = now
        self.site = halfdays.lock_site(premises.site)

    def book(self, space_key, day, slot, key=None, **fields):
        space = self.premises.spaces[space_key]
        starts_at, ends_at = halfdays.bounds(self.site, day, slot)
        now = self.now if ends_at > self.now else starts_at - timedelta(days=3)
        if key is not None:
            fields.setdefault("booked_by", self.premises.people[key])
        return booking_core.reserve_half_day(
            site=self.site,
            space=space,
            day=day,
            slot=slot,
            organisation=self.premises.organisations[key] if key else None,
            now=now,
            **fields,
        )

    def try_book(self, *args, **fields):
        try:
            return self.book(*args, **fields)
        except DomainError:
            return None


def _bookings(premises, now, today):
    rng = random.Random(2013)
    booker = Booker(premises, now)
    site = booker.site
    first = _first_of_month(today, -1)
    last = _first_of_month(today, 1) - timedelta(days=1)
    periods = list(ClosedPeriod.objects.filter(site=site, starts_on__lte=last, ends_on__gte=first))
    days = [
        first + timedelta(days=n)
        for n in range((last - first).days + 1)
        if halfdays.closed_reason(site, first + timedelta(days=n), periods) is None
    ]
    # A date the series will find taken: the second Tuesday morning, booked before it.
    tuesdays = [day for day in days if day.weekday() == SERIES["weekday"]]
    booker.book(
        SERIES["space"],
        tuesdays[1],
        SERIES["slot"],
        "ramonville",
        purpose="Réunion avec les associations de la ville",
        people=6,
    )
    _series(premises, booker, first, last)

    members = PERMANENT + list(PART_TIME)
    for day in days:
        for slot in (Slot.MORNING, Slot.AFTERNOON):
            for space_key, chance in (("garonne", 0.6), ("ariege", 0.55), ("modulable", 0.25)):
                if rng.random() > chance:
                    continue
                pool = [
                    key
                    for key in members
                    if key not in PART_TIME or day.weekday() in PART_TIME[key]
                ]
                key = rng.choice(pool if rng.random() < 0.8 else OCCASIONAL)
                capacity = premises.spaces[space_key].capacity
                booker.try_book(
                    space_key,
                    day,
                    slot,
                    key,
                    purpose=rng.choice(MEETINGS[key]),
                    people=rng.randint(3, capacity if capacity < 20 else 30),
                )
            _desks(premises, booker, rng, day, slot)
        if rng.random() < 0.2:
            key, purpose, people = rng.choice(EVENINGS)
            booker.try_book("modulable", day, Slot.EVENING, key, purpose=purpose, people=people)

    _cancellations(premises, now)
    _request(booker, now, today)


def _desks(premises, booker, rng, day, slot):
    """Coop'action's people at their reserved desks, the part-timers on their days, a
    few others."""
    booker.try_book(
        "coworking",
        day,
        slot,
        "coopaction",
        desks=rng.randint(3, RESERVED_DESKS),
        purpose="Entrepreneurs salariés",
    )
    for key, weekdays in PART_TIME.items():
        if day.weekday() in weekdays:
            booker.try_book("coworking", day, slot, key, desks=1, purpose="Conseiller du jour")
    for key in rng.sample(OCCASIONAL + PERMANENT, rng.randint(0, 1)):
        booker.try_book("coworking", day, slot, key, desks=rng.randint(1, 2))


def _series(premises, booker, first, last):
    """BGE Sud-Ouest's weekly permanence: the free Tuesdays booked, the others listed."""
    key = SERIES["organisation"]
    series = BookingSeries.objects.create(
        site=premises.site,
        space=premises.spaces[SERIES["space"]],
        organisation=premises.organisations[key],
        booked_by=premises.people[key],
        rule=SERIES["rule"],
        starts_on=first,
        ends_on=last,
        slots=[SERIES["slot"]],
    )
    skipped = []
    day = first + timedelta(days=(SERIES["weekday"] - first.weekday()) % 7)
    while day <= last:
        try:
            booker.book(
                SERIES["space"],
                day,
                SERIES["slot"],
                key,
                series=series,
                purpose=SERIES["purpose"],
                people=4,
            )
        except DomainError as refused:
            skipped.append(
                {"date": day.isoformat(), "slot": SERIES["slot"], "reason": str(refused.message)}
            )
        day += timedelta(days=7)
    series.skipped = skipped
    series.save(update_fields=["skipped"])
    return series


def _cancellations(premises, now):
    """Two bookings of the month already past cancelled: one in good time, one too late
    (charged: the site charges late cancellations)."""
    site = premises.site
    rooms = premises.site.bookings.filter(
        status=BookingStatus.CONFIRMED,
        space__kind=SpaceKind.MEETING_ROOM,
        series=None,
        tenancy__kind=TenancyKind.PERMANENT,
        ends_at__lt=now,
    ).order_by("-starts_at")
    late, early = rooms[0], rooms[3]
    for booking, before, is_late in (
        (late, timedelta(hours=20), True),
        (early, timedelta(days=6), False),
    ):
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = booking.starts_at - before
        booking.cancelled_by = booking.booked_by
        booking.late_cancellation = is_late and site.cancellation_hours > 20
        booking.version += 1
        booking.save(
            update_fields=["status", "cancelled_at", "cancelled_by", "late_cancellation", "version"]
        )


def _request(booker, now, today):
    """Someone without an account asks for the modular room for an evening in ten days
    or so; it waits for a coordinator."""
    day = today + timedelta(days=10)
    for _attempt in range(30):
        booking = booker.try_book(
            "modulable", day, Slot.EVENING, status=BookingStatus.REQUESTED, **REQUEST
        )
        if booking is not None:
            return booking
        day += timedelta(days=1)
    return None


def _first_of_month(day, months):
    """The first day of the month ``months`` after (or before) ``day``'s."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
