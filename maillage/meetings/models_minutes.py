"""The minutes of a meeting: their lifecycle (draft → submitted → approved), the frozen
content of each approved version, the participants' proposed changes; and the private
calendar addresses. Importable from ``meetings.models``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AgendaItem, Decision, Meeting, new_key


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to participants")
    APPROVED = "approved", _("Approved")


class Minutes(models.Model):
    """The state of a meeting's compte-rendu. ``number`` is the version being written:
    after approval, any change starts version number + 1; approved ones stay frozen."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(
        _("status"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    number = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self):
        return f"{self.meeting} v{self.number}"

    @property
    def is_draft(self):
        return self.status == MinutesStatus.DRAFT

    @property
    def is_submitted(self):
        """Submitted to the participants, who may propose changes."""
        return self.status == MinutesStatus.SUBMITTED

    @property
    def is_approved(self):
        return self.status == MinutesStatus.APPROVED

    @property
    def is_frozen(self):
        """Approved: nothing of the meeting changes until a new version is started."""
        return self.is_approved


class MinutesVersion(models.Model):
    """An approved version: the minutes' content as approved, never changed afterwards."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    comment = models.CharField(_("what changed"), max_length=300, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["minutes", "-number"]
        verbose_name = _("approved version")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="minutes_version_unique")
        ]

    def __str__(self):
        return f"{self.minutes.meeting} v{self.number}"


class AmendmentTarget(models.TextChoices):
    GENERAL = "general", _("The minutes in general")
    ITEM = "item", _("An agenda item's notes")
    DECISION = "decision", _("A decision")


class AmendmentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class Amendment(models.Model):
    """A participant's comment on submitted minutes, or a change they propose to one
    item's notes or one decision. The secretary accepts (the change is applied) or
    refuses it with a reason."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveIntegerField(help_text="The minutes version it was made on.")
    target = models.CharField(
        _("about"), max_length=10, choices=AmendmentTarget.choices, default=AmendmentTarget.GENERAL
    )
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    proposed_text = models.TextField(_("proposed text"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=AmendmentStatus.choices, default=AmendmentStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["minutes", "created_at", "pk"]
        verbose_name = _("amendment")

    def __str__(self):
        return f"{self.get_target_display()} — {self.author}"

    @property
    def is_pending(self):
        """Waiting for the person in charge of the minutes to accept or refuse it."""
        return self.status == AmendmentStatus.PENDING

    @property
    def is_refused(self):
        return self.status == AmendmentStatus.REFUSED


class CalendarFeed(models.Model):
    """A private calendar address: a person's meetings, of one collective or of all.

    The key is the only credential (calendar clients cannot log in); it can be
    replaced, and it stops working when the person leaves the collective.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    collective = models.ForeignKey(
        "collectives.Collective",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    key = models.CharField(max_length=40, unique=True, default=new_key, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "collective"],
                condition=Q(collective__isnull=False),
                name="calendar_feed_one_per_collective",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(collective__isnull=True),
                name="calendar_feed_one_personal",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.collective or '*'}"

    def get_absolute_url(self):
        return reverse("meetings:feed", args=[self.key])
