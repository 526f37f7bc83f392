"""Recruitment operations: an employer's campaign (such as the STEF operation: 300
permanent contracts in a year, a first wave of 70 by the end of January, then 20 to 40 a
month) with a monthly target curve, its sourcing channels, and a pipeline per candidate
with les-emplois' vocabulary for the states of an application and its refusal reasons."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Candidate",
    "CandidateStep",
    "Channel",
    "ChannelKind",
    "Operation",
    "OperationTarget",
    "RefusalReason",
    "Stage",
    "State",
]


class ChannelKind(models.TextChoices):
    FRANCE_TRAVAIL = "france_travail", _("France Travail")
    MISSION_LOCALE = "mission_locale", _("Mission locale")
    DEPARTEMENT = "departement", _("The Département (people on RSA)")
    CAP_EMPLOI = "cap_emploi", _("Cap emploi")
    PLIE = "plie", _("PLIE")
    SIAE = "siae", _("Work-integration structure (SIAE)")
    JOB_CAFE = "job_cafe", _("Job café")
    OTHER = "other", _("Other")


class Stage(models.TextChoices):
    """Where a candidate is in the operation's pipeline, in order."""

    SOURCED = "sourced", _("Sourced")
    INFORMATION = "information", _("Information session")
    TRAINING = "training", _("Training")
    HIRED = "hired", _("Hired")
    EMPLOYED_3 = "employed_3", _("Still employed at 3 months")
    EMPLOYED_6 = "employed_6", _("Still employed at 6 months")


class State(models.TextChoices):
    """The state of the application (les-emplois' vocabulary)."""

    NEW = "new", _("New application")
    PROCESSING = "processing", _("Being considered")
    POSTPONED = "postponed", _("On hold")
    PRIOR_TO_HIRE = "prior_to_hire", _("Action before hiring")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Declined")
    CANCELLED = "cancelled", _("Hiring cancelled")
    OBSOLETE = "obsolete", _("Obsolete: hired elsewhere")


class RefusalReason(models.TextChoices):
    """Coded refusal reasons, shown to the channel that sent the candidate
    (les-emplois' vocabulary)."""

    DID_NOT_COME = "did_not_come", _("Candidate could not be reached")
    DID_NOT_COME_TO_INTERVIEW = "did_not_come_to_interview", _("Did not come to the interview")
    HIRED_ELSEWHERE = "hired_elsewhere", _("Unavailable: in work")
    TRAINING = "training", _("Unavailable: in training")
    NON_ELIGIBLE = "non_eligible", _("Not eligible")
    NOT_MOBILE = "not_mobile", _("Not mobile")
    NOT_INTERESTED = "not_interested", _("Not interested")
    LACKING_SKILLS = "lacking_skills", _("Lacks the skills the job requires")
    INCOMPATIBLE = "incompatible", _("An obstacle to employment is incompatible with the job")
    NO_POSITION = "no_position", _("No recruitment under way")
    OTHER = "other", _("Other (details in the message)")


class Operation(models.Model):
    collective = models.ForeignKey(
        "collectives.Collective", on_delete=models.CASCADE, related_name="recruitment_operations"
    )
    title = models.CharField(_("title"), max_length=200)
    employer = models.ForeignKey(
        "collectives.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employer (organisation of the collective)"),
    )
    employer_name = models.CharField(_("employer"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    contract = models.CharField(_("contract"), max_length=20, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    target_total = models.PositiveIntegerField(_("hires planned in all"))
    # The people who follow the candidates (besides the coordinators).
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="recruitment_operations", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("recruitment operation")
        verbose_name_plural = _("recruitment operations")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("employment:operation", args=[self.collective.slug, self.pk])


class OperationTarget(models.Model):
    """The hires planned in one month (the curve is their running total)."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="targets")
    month = models.DateField()  # the first day of the month
    hires = models.PositiveIntegerField()

    class Meta:
        ordering = ["operation", "month"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "month"], name="employment_target_once")
        ]

    def __str__(self):
        return f"{self.month:%Y-%m}: {self.hires}"


class Channel(models.Model):
    """A sourcing channel: an employment or insertion actor that sends candidates."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(_("kind"), max_length=20, choices=ChannelKind.choices)
    name = models.CharField(_("name"), max_length=200)
    contact_email = models.EmailField(_("contact's e-mail address"), blank=True)

    class Meta:
        ordering = ["operation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "name"], name="employment_channel_once")
        ]

    def __str__(self):
        return self.name


class Candidate(models.Model):
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="candidates")
    channel = models.ForeignKey(
        Channel, on_delete=models.SET_NULL, null=True, blank=True, related_name="candidates"
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.SOURCED)
    state = models.CharField(max_length=16, choices=State.choices, default=State.NEW)
    refusal_reason = models.CharField(max_length=30, choices=RefusalReason.choices, blank=True)
    refusal_message = models.TextField(blank=True)
    sourced_on = models.DateField()
    information_on = models.DateField(null=True, blank=True)
    training_on = models.DateField(null=True, blank=True)
    hired_on = models.DateField(null=True, blank=True)
    employed_3_on = models.DateField(null=True, blank=True)
    employed_6_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["operation", "name", "pk"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")

    def __str__(self):
        # By number, never by name: the audit log keeps this text.
        return str(_("Candidate no. %(number)s") % {"number": self.pk})

    @property
    def is_erased(self):
        return self.erased_at is not None

    @property
    def is_closed(self):
        return self.state in {State.REFUSED, State.CANCELLED, State.OBSOLETE}


class CandidateStep(models.Model):
    """The history of a candidate: each change of stage or state, when and by whom."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(max_length=12, choices=Stage.choices)
    state = models.CharField(max_length=16, choices=State.choices)
    refusal_reason = models.CharField(max_length=30, blank=True)
    on = models.DateField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["candidate", "at", "pk"]

    def __str__(self):
        return f"{self.candidate} {self.stage}/{self.state}"
