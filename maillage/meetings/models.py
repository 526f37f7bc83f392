"""Meetings: from the invitation to the approved minutes (compte-rendu).

A meeting is planned (kind, purpose, objectives, format, time, place), people are
invited and answer (RSVP), attendance is recorded on the day, the agenda holds
the notes of each item, decisions, announcements and next steps; the minutes are
generated from all of it, go through draft → submitted → approved, and every
approved version is kept as a frozen snapshot. Actions are the collective-wide
objects of the ``actions`` app. State changes live in services.py.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.core.typography import one_line

# validate_time_zone is named here by the first migrations of meetings and events.
from maillage.core.zones import DEFAULT_TIME_ZONE, LocalTimes, validate_time_zone


def new_uid():
    return f"{uuid.uuid4()}@maillage"


def new_key():
    return secrets.token_urlsafe(24)


class MeetingKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary session")
    WORKING_GROUP = "working_group", _("Working group")
    TASK_FORCE = "task_force", _("Task force")
    STEERING = "steering", _("Steering committee")
    GENERAL_ASSEMBLY = "general_assembly", _("General assembly")
    SEMINAR = "seminar", _("Seminar")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("meeting", "Planned")
    CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Meetings of the collectives the person belongs to (observers included)."""
        from maillage.collectives.models import Collective

        if not user.is_authenticated:
            return self.none()
        return self.filter(collective__in=Collective.objects.of_member(user))

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now(), status=MeetingStatus.PLANNED)


class Meeting(LocalTimes, models.Model):
    collective = models.ForeignKey(
        "collectives.Collective", on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose of the meeting"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True, help_text=_("One per line."))
    format = models.TextField(
        _("format"),
        blank=True,
        help_text=_("For example: plenary, then workshops in small groups."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        validators=[validate_time_zone],
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    room = models.CharField(_("room"), max_length=120, blank=True)
    access = models.TextField(
        _("how to get there"), blank=True, help_text=_("For example: tram 12, stop Plainpalais.")
    )
    online_url = models.URLField(_("online link"), blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitators"),
        related_name="facilitated_meetings",
        blank=True,
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("in charge of the minutes"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("workshop (consultation)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="following",
    )
    next_steps = models.TextField(_("next steps"), blank=True)
    annexes = models.TextField(
        _("annexes"), blank=True, help_text=_("One per line: a title, or a title and a link.")
    )
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True)
    # Calendars: the UID never changes; SEQUENCE grows with each change sent out.
    ical_uid = models.CharField(max_length=120, unique=True, default=new_uid, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    invitations_sent_at = models.DateTimeField(null=True, blank=True)
    # The reminder is for one version of the time: moving the meeting sends a new one.
    reminded_for = models.DateTimeField(null=True, blank=True)
    # Optimistic locking of the meeting's own fields.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            )
        ]
        indexes = [models.Index(fields=["collective", "starts_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.collective.slug, self.pk])

    @property
    def is_cancelled(self):
        return self.status == MeetingStatus.CANCELLED

    @property
    def is_past(self):
        return self.starts_at <= timezone.now()

    def objective_lines(self):
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    def annex_lines(self):
        return [line.strip() for line in self.annexes.splitlines() if line.strip()]

    def where(self):
        """The place in one line, for lists and calendars."""
        parts = [self.place, self.room, one_line(self.address)]
        return ", ".join(part for part in parts if part)


class Rsvp(models.TextChoices):
    PENDING = "pending", _("No answer yet")
    COMING = "coming", _("Coming")
    EXCUSED = "excused", _("Excused")
    REPRESENTED = "represented", _("Represented")


class Attendance(models.TextChoices):
    UNKNOWN = "unknown", _("Not recorded")
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")
    REPRESENTED = "represented", _("Represented")


class Agreement(models.TextChoices):
    """How French minutes write "represented" of a person: "représenté·e" unless the
    sheet says "représentée" or "représenté". Other languages have one word."""

    NEUTRAL = "", _("represented (neutral)")
    FEMININE = "feminine", _("represented (feminine)")
    MASCULINE = "masculine", _("represented (masculine)")


class InviteeQuerySet(models.QuerySet):
    def reachable(self):
        """Guests, and the invited members who are still members of the meeting's
        collective: once a membership ends, the meeting's news stop reaching the person."""
        from maillage.collectives.models import Membership

        still_member = Membership.objects.active().filter(
            user=models.OuterRef("user"), collective=models.OuterRef("meeting__collective")
        )
        return self.filter(Q(user__isnull=True) | models.Exists(still_member))


class Invitee(models.Model):
    """A person asked to come: a member (with an account) or a guest (name and address).

    The same row carries their answer (RSVP) and, on the day, their attendance.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_invitations",
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail address"), blank=True)
    organisation = models.ForeignKey(
        "collectives.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation_name = models.CharField(
        _("organisation (if not listed)"), max_length=200, blank=True
    )
    language = models.CharField(max_length=8, default=settings.LANGUAGE_CODE)
    key = models.CharField(max_length=40, unique=True, default=new_key, editable=False)
    rsvp = models.CharField(_("answer"), max_length=12, choices=Rsvp.choices, default=Rsvp.PENDING)
    represented_by = models.CharField(
        _("represented by"),
        max_length=200,
        blank=True,
        help_text=_("For example: Jeanne Martin, also a member of the committee."),
    )
    # The words of the minutes about a person represented ("représentée par…").
    agreement = models.CharField(
        _("written"), max_length=10, choices=Agreement.choices, default="", blank=True
    )
    rsvp_comment = models.CharField(_("comment"), max_length=300, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=12, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    # The SEQUENCE of the last invitation or update sent to this person.
    sent_sequence = models.IntegerField(default=-1)

    objects = InviteeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("invited person")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="invitee_one_per_person",
                violation_error_message=_("This person is already invited."),
            ),
            models.UniqueConstraint(
                "meeting",
                models.functions.Lower("email"),
                condition=~Q(email=""),
                name="invitee_one_per_address",
                violation_error_message=_("This address is already invited."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_guest(self):
        return self.user_id is None

    @property
    def has_answered(self):
        return self.rsvp != Rsvp.PENDING

    @property
    def is_represented(self):
        """Answered that someone else will represent them."""
        return self.rsvp == Rsvp.REPRESENTED

    @property
    def organisation_label(self):
        if self.organisation_id:
            return self.organisation.name
        return self.organisation_name

    def get_rsvp_url(self):
        return reverse("meetings:rsvp", args=[self.key])


class ItemStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("On the agenda")
    DECLINED = "declined", _("Not kept")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("item"), max_length=200)
    theme = models.CharField(_("theme"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("put forward by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    presenter = models.CharField(
        _("put forward by"), max_length=200, blank=True, help_text=_("A name or an organisation.")
    )
    starts_at = models.TimeField(_("from"), null=True, blank=True)
    ends_at = models.TimeField(_("to"), null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ItemStatus.choices, default=ItemStatus.ACCEPTED
    )
    notes = models.TextField(_("descriptions / solutions"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")

    def __str__(self):
        return self.title

    @property
    def put_forward_by(self):
        return self.presenter or (str(self.proposed_by) if self.proposed_by_id else "")

    @property
    def is_proposed(self):
        """Proposed by a member, waiting for those who plan the meeting to keep it or not."""
        return self.status == ItemStatus.PROPOSED

    @property
    def is_on_agenda(self):
        return self.status == ItemStatus.ACCEPTED

    @property
    def is_declined(self):
        return self.status == ItemStatus.DECLINED


class ItemComment(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")

    def __str__(self):
        return self.body[:80]


def whole_percent(share):
    """A share (0 to 1) as a whole percentage, None for none."""
    return None if share is None else round(share * 100)


class DecisionStatus(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    DEFERRED = "deferred", _("Deferred")
    REJECTED = "rejected", _("Rejected")


class Decision(models.Model):
    """A decision of a meeting, or of the collective without a meeting (a decision by
    consultation). One taken from a statement of a closed Delphi round keeps that
    statement, the round and the round's figures at the moment of deciding."""

    collective = models.ForeignKey(
        "collectives.Collective", on_delete=models.PROTECT, related_name="decisions"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="decisions"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    text = models.TextField(_("decision"))
    status = models.CharField(
        _("status"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.ADOPTED
    )
    # Where it comes from (services_trace.decide_from_statement): the statement, the round
    # that settled it and its figures then (they stay as they were, whatever comes after).
    statement = models.ForeignKey(
        "consultations.Statement",
        verbose_name=_("statement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    round = models.ForeignKey(
        "consultations.Round",
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    agree_share = models.FloatField(_("share agreeing"), null=True, blank=True)
    consensus = models.BooleanField(_("consensus"), null=True, blank=True)
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        verbose_name = _("decision")
        constraints = [
            # A statement is decided once.
            models.UniqueConstraint(
                fields=["statement"],
                condition=Q(statement__isnull=False),
                name="meetings_decision_one_per_statement",
            ),
            models.CheckConstraint(
                condition=Q(statement__isnull=True) | Q(round__isnull=False),
                name="meetings_decision_statement_has_round",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        # A meeting's decision belongs to the meeting's collective.
        if self.collective_id is None and self.meeting_id is not None:
            self.collective_id = self.meeting.collective_id
        super().save(*args, **kwargs)

    @property
    def by_consultation(self):
        return self.meeting_id is None

    @property
    def agree_percent(self):
        return whole_percent(self.agree_share)


class Announcement(models.Model):
    """Something a member shares with the others: an event, a call, a publication."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="announcements")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("details"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    link = models.URLField(_("link"), blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "date", "pk"]
        verbose_name = _("announcement")

    def __str__(self):
        return self.title


# Models by subject, importable from here (Django finds them through this module).
from .models_minutes import (  # noqa: E402, F401
    Amendment,
    AmendmentStatus,
    AmendmentTarget,
    CalendarFeed,
    Minutes,
    MinutesStatus,
    MinutesVersion,
)
