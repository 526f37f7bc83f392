"""Shared premises: a collective's sites, their spaces and desk pools, the
organisations that rent them (tenancies, after an application examined against the
charter), and the bookings of rooms and desks by the half-day.

Times: a site has a zone and its half-days (morning, afternoon, evening) as local
times. A booking keeps its local ``date`` and ``slot`` (what people read on the week
grid) and its ``starts_at``/``ends_at`` as aware datetimes, intervals that are
half-open ([start, end)) so that back-to-back half-days never overlap. A room is never
booked twice for overlapping times: on PostgreSQL an exclusion constraint over held
and confirmed bookings (migration 0002), on SQLite the check and the insert under the
write lock that an IMMEDIATE transaction takes at BEGIN (see services_bookings).

Money is ``Decimal`` with two places, in the site's currency (CHF or EUR).
"""

from datetime import time

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.core.zones import DEFAULT_TIME_ZONE, validate_time_zone


class Currency(models.TextChoices):
    CHF = "CHF", "CHF"
    EUR = "EUR", "EUR"


class OverQuota(models.TextChoices):
    CHARGE = "charge", _("charged at the outside rate")
    REFUSE = "refuse", _("refused")


def default_open_weekdays():
    return [0, 1, 2, 3, 4]  # Monday to Friday


class Site(models.Model):
    """A building or a floor that the collective rents and sub-lets."""

    collective = models.ForeignKey(
        "collectives.Collective", on_delete=models.PROTECT, related_name="sites"
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in the address"), max_length=80)
    address = models.TextField(_("address"), blank=True)
    surface_m2 = models.DecimalField(
        _("surface (m²)"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone]
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CHF
    )
    # Opening days (0 = Monday) and the half-days' local times.
    open_weekdays = models.JSONField(_("opening days"), default=default_open_weekdays)
    morning_starts = models.TimeField(_("morning starts"), default=time(8, 0))
    morning_ends = models.TimeField(_("morning ends"), default=time(12, 0))
    afternoon_starts = models.TimeField(_("afternoon starts"), default=time(13, 0))
    afternoon_ends = models.TimeField(_("afternoon ends"), default=time(17, 30))
    evening_starts = models.TimeField(_("evening starts"), null=True, blank=True)
    evening_ends = models.TimeField(_("evening ends"), null=True, blank=True)
    over_quota = models.CharField(
        _("bookings beyond a tenant's quota"),
        max_length=10,
        choices=OverQuota.choices,
        default=OverQuota.CHARGE,
    )
    hold_hours = models.PositiveIntegerField(
        _("a hold expires after (hours)"), default=48, validators=[MinValueValidator(1)]
    )
    cancellation_hours = models.PositiveIntegerField(
        _("free cancellation until (hours before)"), default=48
    )
    late_cancellation_charged = models.BooleanField(
        _("a late cancellation is charged"), default=True
    )
    public_requests = models.BooleanField(
        _("people without an account may ask for a room"), default=False
    )
    iban = models.CharField(_("IBAN for payments"), max_length=40, blank=True)
    creditor_name = models.CharField(_("creditor's name"), max_length=70, blank=True)
    creditor_address = models.TextField(_("creditor's address"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["collective", "slug"], name="premises_site_slug"),
            models.CheckConstraint(
                condition=Q(morning_starts__lt=models.F("morning_ends"))
                & Q(morning_ends__lte=models.F("afternoon_starts"))
                & Q(afternoon_starts__lt=models.F("afternoon_ends")),
                name="premises_site_half_days_in_order",
            ),
        ]

    def __str__(self):
        return self.name


class ClosedPeriod(models.Model):
    """Days a site is closed (public holidays, the summer closing), both ends included."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="closed_periods")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to (included)"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("closed period")
        verbose_name_plural = _("closed periods")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="premises_closed_in_order"
            )
        ]

    def __str__(self):
        return self.reason


class SpaceKind(models.TextChoices):
    MEETING_ROOM = "meeting_room", _("meeting room")
    EVENT_ROOM = "event_room", _("modular room")
    OFFICE = "office", _("office")
    DESKS = "desks", _("coworking desks")
    SHARED = "shared", _("shared space")


BOOKABLE_KINDS = (SpaceKind.MEETING_ROOM, SpaceKind.EVENT_ROOM, SpaceKind.DESKS)


class Space(models.Model):
    """A room, an office, a pool of coworking desks, or a shared space (kitchen,
    resource centre) that is not booked. Offices are rented by the month; rooms and
    desks by the half-day."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="spaces")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SpaceKind.choices)
    surface_m2 = models.DecimalField(
        _("surface (m²)"), max_digits=7, decimal_places=1, validators=[MinValueValidator(0)]
    )
    capacity = models.PositiveIntegerField(_("people"), default=0)
    desks = models.PositiveIntegerField(
        _("desks"), default=0, help_text=_("For a pool of coworking desks.")
    )
    equipment = models.TextField(_("equipment"), blank=True)
    step_free = models.BooleanField(_("step-free access"), default=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    description = models.TextField(_("description"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="premises/", blank=True)
    photo_description = models.CharField(_("description of the photo"), max_length=200, blank=True)
    available_from = models.DateField(
        _("available from"), null=True, blank=True, help_text=_("For a space still to come.")
    )
    position = models.PositiveIntegerField(default=0)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    @property
    def is_bookable(self):
        return self.kind in BOOKABLE_KINDS

    @property
    def is_desk_pool(self):
        return self.kind == SpaceKind.DESKS


class ReservedDesks(models.Model):
    """Desks of a pool kept for the people of one organisation (6 of the 12 for
    Coop'action): nobody else books them; the organisation's people take them first,
    then the pool's other desks."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="reserved_desks")
    organisation = models.ForeignKey(
        "collectives.Organisation", on_delete=models.PROTECT, related_name="reserved_desks"
    )
    count = models.PositiveIntegerField(_("desks"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("reserved desks")
        verbose_name_plural = _("reserved desks")
        constraints = [
            models.UniqueConstraint(fields=["space", "organisation"], name="premises_reserved_once")
        ]

    def __str__(self):
        return f"{self.organisation}: {self.count}"


class PriceCategory(models.Model):
    """A category of tenant in the price grid: permanent members, part-timers,
    occasional members, outsiders... ``outside`` marks the outside rate, charged for
    bookings beyond a tenant's quota and to people without a tenancy."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="price_categories")
    name = models.CharField(_("name"), max_length=100)
    outside = models.BooleanField(_("outside rate"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("price category")
        verbose_name_plural = _("price categories")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="premises_category_name"),
            models.UniqueConstraint(
                fields=["site"], condition=Q(outside=True), name="premises_one_outside_rate"
            ),
        ]

    def __str__(self):
        return self.name


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


class TenancyKind(models.TextChoices):
    PERMANENT = "permanent", _("permanent")
    PART_TIME = "part_time", _("part-time")
    OCCASIONAL = "occasional", _("occasional")


class TenancyApplication(models.Model):
    """An organisation's "tableau de besoins en locaux": what it wants, from when, for
    how many people, with what budget. Coordinators decide against the charter in force,
    whose version is recorded as a join request's is."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        "collectives.Organisation", on_delete=models.PROTECT, related_name="tenancy_applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("tenancy wanted"), max_length=20, choices=TenancyKind.choices)
    spaces = models.ManyToManyField(Space, blank=True, verbose_name=_("spaces wanted"))
    desks = models.PositiveIntegerField(_("desks wanted"), default=0)
    days_per_week = models.DecimalField(
        _("days a week"),
        max_digits=2,
        decimal_places=1,
        default=5,
        validators=[MinValueValidator(0)],
    )
    weekdays = models.JSONField(_("weekdays"), default=list, blank=True)
    starts_on = models.DateField(_("from"))
    people = models.PositiveIntegerField(_("people"), default=1)
    equipment = models.TextField(_("equipment needed"), blank=True)
    budget = models.DecimalField(
        _("monthly budget"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    activity = models.TextField(_("activity and link with the charter"), blank=True)
    charter_version = models.ForeignKey(
        "governance.GovernanceTextVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("charter version"),
    )
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("tenancy application")
        verbose_name_plural = _("tenancy applications")
        ordering = ["-submitted_at"]

    def __str__(self):
        return str(self.organisation)


class Tenancy(models.Model):
    """An organisation renting at a site: permanent, part-time (named weekdays) or
    occasional, with its price category and a quota of half-days a month on the
    bookable rooms. Offices and reserved desks rented by the month are ``spaces``."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="tenancies")
    organisation = models.ForeignKey(
        "collectives.Organisation", on_delete=models.PROTECT, related_name="tenancies"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TenancyKind.choices)
    weekdays = models.JSONField(_("weekdays"), default=list, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    category = models.ForeignKey(
        PriceCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("price category")
    )
    quota_half_days = models.PositiveIntegerField(_("half-days a month on the rooms"), default=0)
    spaces = models.ManyToManyField(Space, blank=True, verbose_name=_("spaces rented"))
    desks = models.PositiveIntegerField(_("desks rented"), default=0)
    application = models.OneToOneField(
        TenancyApplication, on_delete=models.PROTECT, null=True, blank=True, related_name="tenancy"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("tenancy")
        verbose_name_plural = _("tenancies")
        ordering = ["organisation__name", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__lte=models.F("ends_on")),
                name="premises_tenancy_in_order",
            )
        ]

    def __str__(self):
        return str(self.organisation)


class Slot(models.TextChoices):
    MORNING = "morning", pgettext_lazy("half-day", "morning")
    AFTERNOON = "afternoon", pgettext_lazy("half-day", "afternoon")
    EVENING = "evening", pgettext_lazy("half-day", "evening")


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")  # asked by someone without an account
    HELD = "held", _("held")  # blocks the room until ``hold_until``
    CONFIRMED = "confirmed", _("confirmed")
    CANCELLED = "cancelled", _("cancelled")
    REFUSED = "refused", _("refused")
    EXPIRED = "expired", _("expired")


# The statuses that occupy a space (the exclusion constraint's WHERE on PostgreSQL).
BLOCKING = (BookingStatus.HELD, BookingStatus.CONFIRMED)


class BookingSeries(models.Model):
    """Bookings made by one rule ("every Tuesday morning until June"); ``skipped``
    lists the dates not booked, each with its reason, as the series was made."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="series")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="series")
    organisation = models.ForeignKey(
        "collectives.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    rule = models.CharField(_("rule"), max_length=300)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    slots = models.JSONField(default=list)
    skipped = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.space}: {self.rule}"


class Booking(models.Model):
    """A space booked for one half-day (a day is two or three bookings). ``desks`` is
    how many desks of a pool; a room is booked whole (``exclusive``)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="bookings")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="bookings")
    date = models.DateField(_("date"))
    slot = models.CharField(_("half-day"), max_length=10, choices=Slot.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    exclusive = models.BooleanField(default=True)
    desks = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=12, choices=BookingStatus.choices, default=BookingStatus.CONFIRMED
    )
    hold_until = models.DateTimeField(null=True, blank=True)
    series = models.ForeignKey(
        BookingSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="bookings"
    )
    organisation = models.ForeignKey(
        "collectives.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="premises_bookings",
    )
    tenancy = models.ForeignKey(
        Tenancy, on_delete=models.PROTECT, null=True, blank=True, related_name="bookings"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="premises_bookings",
    )
    # Someone without an account who asked for a room (personal data: coordinators only).
    requester_name = models.CharField(_("name"), max_length=200, blank=True)
    requester_email = models.EmailField(_("e-mail address"), blank=True)
    requester_phone = models.CharField(_("phone"), max_length=40, blank=True)
    requester_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    purpose = models.CharField(_("what for"), max_length=300, blank=True)
    people = models.PositiveIntegerField(_("people"), default=1)
    # Priced at the outside rate: beyond the tenant's quota of the month, or no tenancy.
    over_quota = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    late_cancellation = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    # The key of the form (or the API's Idempotency-Key) that booked it, shared by the
    # half-days booked together: sent again, it finds them (services_bookings.book).
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at", "space__position"]
        indexes = [
            models.Index(fields=["site", "date"], name="premises_booking_site_date"),
            models.Index(fields=["space", "starts_at"], name="premises_booking_space_start"),
            models.Index(fields=["organisation", "date"], name="premises_booking_org_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=models.F("ends_at")), name="premises_booking_in_order"
            ),
            models.CheckConstraint(
                condition=Q(exclusive=True, desks=0) | Q(exclusive=False, desks__gte=1),
                name="premises_booking_room_or_desks",
            ),
            # One half-day per key and person: what one sending of a form booked.
            models.UniqueConstraint(
                fields=["booked_by", "client_key", "slot"],
                condition=Q(client_key__isnull=False),
                name="premises_booking_once_per_client_key",
            ),
        ]

    def __str__(self):
        return f"{self.space} {self.date} {self.get_slot_display()}"

    @property
    def is_blocking(self):
        return self.status in BLOCKING

    @property
    def is_requested(self):
        return self.status == BookingStatus.REQUESTED

    @property
    def is_cancelled(self):
        return self.status == BookingStatus.CANCELLED


from .models_economics import Scenario, ScenarioVersion  # noqa: E402, F401  (economic model)
from .models_requests import CalendarFeed, RoomRequest  # noqa: E402, F401  (requests, feeds)
from .models_statements import *  # noqa: E402, F403  (prices and statements)
