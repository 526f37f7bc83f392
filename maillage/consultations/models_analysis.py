"""The synthesis engine's work on a consultation: analyses run as background tasks and the
proposals they make (themes, codes), applied only once accepted. Importable from
``consultations.models``."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Consultation, GridCode, Group, Note, Round


class Analysis(models.Model):
    """A computation of the synthesis engine run as a background task, with its
    progress, so that the page stays usable and shows where it is."""

    class Kind(models.TextChoices):
        THEMES = "themes", _("Themes proposed for the notes")
        CODES = "codes", _("Codes proposed for the notes")
        OPINIONS = "opinions", _("Opinion groups and consensus")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    ERRORS = {
        "too_few_notes": _("At least 3 visible notes are needed to propose themes."),
        "too_few_codes": _("Code a few notes with at least two different codes first."),
        "not_a_vote_round": _("Opinion groups need a round of agree/disagree votes."),
        "engine": _("The analysis could not be done with these data."),
    }

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="analyses"
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, null=True, blank=True)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, null=True, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("analysis")

    def __str__(self):
        return self.get_kind_display()

    def error_message(self):
        return self.ERRORS.get(self.error, self.ERRORS["engine"]) if self.error else ""

    @property
    def is_running(self):
        """Waiting or running: its page asks again until it is done."""
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_done(self):
        return self.status == self.Status.DONE

    @property
    def is_failed(self):
        return self.status == self.Status.FAILED


class Proposal(models.Model):
    """Something the engine proposes (a theme for some notes, a code for a note),
    applied only when a facilitator accepts it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("To review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="proposals")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="proposals")
    label = models.CharField(max_length=200)
    keywords = models.JSONField(default=list, blank=True)
    notes = models.ManyToManyField(Note, related_name="proposals")
    code = models.ForeignKey(GridCode, on_delete=models.CASCADE, null=True, blank=True)
    confidence = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["analysis", "pk"]
        verbose_name = _("proposal")

    def __str__(self):
        return self.label

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING
