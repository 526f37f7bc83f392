"""After the café: what became of each seeker (outcomes at the checkpoints), the
follow-up requests sent at 1, 3 and 6 months, the follow-up sessions ("post-CCE",
meetings of the collective with the café's seekers invited) and the obstacles ("weak
signals") noted there, which become actions of the collective."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .naming import seeker_number

__all__ = [
    "CHECKPOINTS",
    "CafeSession",
    "FollowUpRequest",
    "Obstacle",
    "ObstacleTheme",
    "Outcome",
    "OutcomeKind",
    "RecordedBy",
]

# Months after the café at which a follow-up request is sent (0: the café itself).
CHECKPOINTS = (0, 1, 3, 6)


class OutcomeKind(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    HIRED = "hired", _("Hired")
    TRAINING = "training", _("Training")
    NOTHING_YET = "nothing_yet", _("Nothing yet")


class RecordedBy(models.TextChoices):
    ORGANISER = "organiser", _("An organiser")
    RECRUITER = "recruiter", _("A recruiter")
    SEEKER = "seeker", _("The job seeker")


class Outcome(models.Model):
    """Where a seeker stands at a checkpoint (the café, 1, 3 or 6 months after): one
    row per seeker and checkpoint, whoever records it."""

    seeker = models.ForeignKey(
        "employment.Seeker", on_delete=models.CASCADE, related_name="outcomes"
    )
    checkpoint = models.PositiveSmallIntegerField(
        _("checkpoint"), choices=[(m, m) for m in CHECKPOINTS]
    )
    kind = models.CharField(_("outcome"), max_length=12, choices=OutcomeKind.choices)
    contract = models.CharField(_("contract"), max_length=20, blank=True)
    hours = models.DecimalField(
        _("hours a week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    recruiter = models.ForeignKey(
        "employment.Recruiter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes",
        verbose_name=_("with which recruiter"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.CharField(max_length=12, choices=RecordedBy.choices)
    recorded_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["seeker", "checkpoint"]
        constraints = [
            models.UniqueConstraint(fields=["seeker", "checkpoint"], name="employment_outcome_once")
        ]

    def __str__(self):
        values = {
            "seeker": seeker_number(self.seeker_id),
            "months": self.checkpoint,
            "outcome": self.get_kind_display(),
        }
        if not self.checkpoint:
            return gettext("%(seeker)s, on the day of the café: %(outcome)s") % values
        return (
            ngettext(
                "%(seeker)s, %(months)s month after the café: %(outcome)s",
                "%(seeker)s, %(months)s months after the café: %(outcome)s",
                self.checkpoint,
            )
            % values
        )


class FollowUpRequest(models.Model):
    """The e-mail asking a seeker, 1, 3 or 6 months after the café, where they stand."""

    seeker = models.ForeignKey(
        "employment.Seeker", on_delete=models.CASCADE, related_name="follow_ups"
    )
    months = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["seeker", "months"], name="employment_follow_up_once")
        ]

    def __str__(self):
        return f"{seeker_number(self.seeker_id)} ({self.months})"


class CafeSession(models.Model):
    """A follow-up session of a café ("post-CCE"): a meeting of the collective."""

    cafe = models.ForeignKey("employment.Cafe", on_delete=models.CASCADE, related_name="sessions")
    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="cafe_session"
    )

    class Meta:
        ordering = ["meeting__starts_at"]

    def __str__(self):
        return str(self.meeting)


class ObstacleTheme(models.TextChoices):
    TRANSPORT = "transport", _("Transport and mobility")
    CHILDCARE = "childcare", _("Childcare")
    LANGUAGE = "language", _("Language")
    DIGITAL = "digital", _("Digital skills and access")
    HEALTH = "health", _("Health")
    HOUSING = "housing", _("Housing")
    TRAINING = "training", _("Training and qualifications")
    ADMINISTRATION = "administration", _("Papers and administration")
    DISCRIMINATION = "discrimination", _("Discrimination")
    OTHER = "other", _("Other")


class Obstacle(models.Model):
    """A "weak signal": an obstacle to employment heard at a café or a follow-up
    session, to relay; it can become an action of the collective. It names nobody."""

    cafe = models.ForeignKey("employment.Cafe", on_delete=models.CASCADE, related_name="obstacles")
    session = models.ForeignKey(
        CafeSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="obstacles"
    )
    theme = models.CharField(_("theme"), max_length=20, choices=ObstacleTheme.choices)
    text = models.TextField(_("what was heard"))
    action = models.OneToOneField(
        "actions.Action", on_delete=models.SET_NULL, null=True, blank=True, related_name="obstacle"
    )
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    noted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-noted_at", "pk"]
        verbose_name = _("obstacle")
        verbose_name_plural = _("obstacles")

    def __str__(self):
        return self.text[:60]
