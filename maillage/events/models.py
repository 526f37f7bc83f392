"""Public events of a collective, their programmes, and the people who register.

An event has a capacity (or none); registrations arrive in order (``position``, given
under the event's lock, see services.register) and are confirmed while seats are
free, then wait. A registrant needs no account: a secret ``key`` in the e-mail is
their link to see, confirm their address, cancel or delete the registration.
Personal data of past events is erased after a delay; the rows stay, anonymous, so
the counts (registered, waiting, present) stay true.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.collectives.models import Visibility
from maillage.core.zones import DEFAULT_TIME_ZONE, LocalTimes, validate_time_zone


def new_uid():
    return f"{uuid.uuid4()}@maillage-events"


def new_key():
    return secrets.token_urlsafe(24)


class Programme(models.Model):
    """Events grouped under one name and page: a festival, a month of weekly themes."""

    collective = models.ForeignKey(
        "collectives.Collective", on_delete=models.PROTECT, related_name="programmes"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in the address"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    description_html = models.TextField(blank=True, editable=False)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("programme")
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "slug"],
                name="programme_slug_per_collective",
                violation_error_message=_("Another programme of the collective has this name."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:programme", args=[self.collective.slug, self.slug])


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    ROUND_TABLE = "round_table", _("Round table")
    WORKSHOP = "workshop", _("Workshop")
    SEMINAR = "seminar", _("Seminar")
    JOB_CAFE = "job_cafe", _("Job café")
    GENERAL_ASSEMBLY = "general_assembly", _("General assembly")
    FESTIVAL_SESSION = "festival_session", _("Festival session")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class EventLanguage(models.TextChoices):
    FR = "fr", _("French")
    EN = "en", _("English")
    DE = "de", _("German")
    IT = "it", _("Italian")


# An event anyone may read is in one of these statuses, in a public collective.
PUBLIC_STATUSES = [EventStatus.PUBLISHED, EventStatus.CANCELLED]


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EventStatus.PUBLISHED)

    def public(self):
        """What anyone may read: published or cancelled events of public collectives."""
        return self.filter(status__in=PUBLIC_STATUSES, collective__visibility=Visibility.PUBLIC)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())


class Event(LocalTimes, models.Model):
    collective = models.ForeignKey(
        "collectives.Collective", on_delete=models.PROTECT, related_name="events"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    theme = models.CharField(
        _("theme"),
        max_length=120,
        blank=True,
        help_text=_("For example the week's theme in a programme."),
    )
    description = models.TextField(_("description"), blank=True)
    description_html = models.TextField(blank=True, editable=False)
    partners = models.ManyToManyField(
        "collectives.Organisation",
        verbose_name=_("partner organisations"),
        related_name="partner_events",
        blank=True,
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisers"),
        related_name="organised_events",
        help_text=_("They see the registrations, check people in and publish the report."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone]
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    access = models.TextField(
        _("getting there"), blank=True, help_text=_("Public transport, accessibility.")
    )
    online_url = models.URLField(_("online link"), blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=EventLanguage.choices, default=EventLanguage.FR
    )
    # Empty: free. No payment is processed; the amount is shown.
    price = models.DecimalField(_("price"), max_digits=8, decimal_places=2, null=True, blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, choices=[("CHF", "CHF"), ("EUR", "EUR")], blank=True
    )
    price_note = models.CharField(
        _("about the price"),
        max_length=200,
        blank=True,
        help_text=_("For example: reduced price for job seekers and students."),
    )
    # Empty: no limit.
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    registration_opens_at = models.DateTimeField(_("registrations open"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registrations close"), null=True, blank=True)
    registrations_closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    # Arrivals so far: each registration takes the next number, under the event's lock.
    arrivals = models.PositiveIntegerField(default=0, editable=False)
    report = models.TextField(_("report"), blank=True)
    report_html = models.TextField(blank=True, editable=False)
    report_published_at = models.DateTimeField(null=True, blank=True)
    reminded_for = models.DateTimeField(null=True, blank=True, editable=False)
    personal_data_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    ical_uid = models.CharField(max_length=120, unique=True, default=new_uid, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("An event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0),
                name="event_price_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["collective", "status", "starts_at"]),
            models.Index(fields=["status", "ends_at"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event", args=[self.collective.slug, self.pk])

    @property
    def is_free(self):
        return not self.price

    @property
    def is_draft(self):
        return self.status == EventStatus.DRAFT

    @property
    def is_published(self):
        return self.status == EventStatus.PUBLISHED

    @property
    def is_cancelled(self):
        return self.status == EventStatus.CANCELLED

    @property
    def is_public(self):
        """Anyone may read it (the same rule as ``Event.objects.public()``)."""
        return self.status in PUBLIC_STATUSES and self.collective.is_public


class Speaker(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["event", "position", "pk"]
        verbose_name = _("speaker")

    def __str__(self):
        return self.name


class LinkKind(models.TextChoices):
    VIDEO = "video", _("Video")
    DOCUMENT = "document", _("Document")


class EventLink(models.Model):
    """A video or document published with the report."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("kind"), max_length=10, choices=LinkKind.choices)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"))

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("link")

    def __str__(self):
        return self.title


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    CHOICE = "choice", _("One choice among several")
    YES_NO = "yes_no", _("Yes or no")


class Question(models.Model):
    """A question asked at registration."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One per line."))
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["event", "position", "pk"]
        verbose_name = _("question")

    def __str__(self):
        return self.label

    @property
    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    key = models.CharField(max_length=64, unique=True, default=new_key, editable=False)
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(max_length=8, default="fr")
    status = models.CharField(max_length=10, choices=RegistrationStatus.choices)
    # Order of arrival among the event's registrations (1, 2, 3…).
    position = models.PositiveIntegerField()
    answers = models.JSONField(default=dict, blank=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    # A keyed hash of the address the registration came from, for the rate limit only.
    ip_hash = models.CharField(max_length=64, blank=True)
    walk_in = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # When the link was last e-mailed again to an address that registered twice.
    link_resent_at = models.DateTimeField(null=True, blank=True, editable=False)
    erased_at = models.DateTimeField(null=True, blank=True)
    # The key of the form (or the API's Idempotency-Key) that made it: the same sending
    # again finds this registration instead of making another (services.register).
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["event", "position"]
        verbose_name = _("registration")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "position"], name="registration_position_per_event"
            ),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled") & ~Q(email=""),
                name="registration_once_per_address",
                violation_error_message=_("This address is already registered for the event."),
            ),
            models.UniqueConstraint(
                fields=["event", "client_key"],
                condition=Q(client_key__isnull=False),
                name="registration_once_per_client_key",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "position"])]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("events:registration", args=[self.key])

    @property
    def is_confirmed(self):
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waiting(self):
        return self.status == RegistrationStatus.WAITING

    @property
    def is_cancelled(self):
        return self.status == RegistrationStatus.CANCELLED
