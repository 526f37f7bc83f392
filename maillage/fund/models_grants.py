"""Grants: calls for applications, the rubric the committee scores on, applications,
declared conflicts of interest, scores, the decision (which can be a meeting's
decision), disbursements and the grantee's reports."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = [
    "Application",
    "ApplicationStatus",
    "CallStatus",
    "Conflict",
    "Criterion",
    "Disbursement",
    "GrantCall",
    "GrantDecision",
    "GrantReport",
    "Outcome",
    "Score",
]


class CallStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("call", "Draft")
    OPEN = "open", pgettext_lazy("call", "Open to applications")
    REVIEW = "review", pgettext_lazy("call", "Being reviewed")
    DECIDED = "decided", pgettext_lazy("call", "Decided")


class GrantCall(models.Model):
    foundation = models.ForeignKey(
        "fund.Foundation", on_delete=models.PROTECT, related_name="calls"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("who may apply, for what"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    budget = models.DecimalField(_("budget"), max_digits=12, decimal_places=2)
    max_amount = models.DecimalField(
        _("most per application"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(max_length=10, choices=CallStatus.choices, default=CallStatus.DRAFT)
    committee = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("committee"), related_name="grant_committees"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "pk"]
        verbose_name = _("call for applications")
        constraints = [
            models.CheckConstraint(condition=Q(budget__gt=0), name="fund_call_budget"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="fund_call_dates"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("fund:call", args=[self.foundation.collective.slug, self.pk])


class Criterion(models.Model):
    call = models.ForeignKey(GrantCall, on_delete=models.PROTECT, related_name="criteria")
    label = models.CharField(_("criterion"), max_length=200)
    help = models.TextField(_("what to look at"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=5)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["call", "position", "pk"]

    def __str__(self):
        return self.label


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    GRANTED = "granted", _("Granted")
    DECLINED = "declined", _("Declined")


class Application(models.Model):
    call = models.ForeignKey(GrantCall, on_delete=models.PROTECT, related_name="applications")
    foundation = models.ForeignKey("fund.Foundation", on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_applications"
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("the project in a few lines"))
    budget_use = models.TextField(_("what the money is for"))
    amount = models.DecimalField(_("amount asked"), max_digits=12, decimal_places=2)
    status = models.CharField(
        max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["call", "submitted_at", "pk"]
        verbose_name = _("application")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_application_amount")
        ]

    def __str__(self):
        return self.title


class Conflict(models.Model):
    """A committee member's declared conflict of interest: they do not score it."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="conflicts")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    declared_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "member"], name="fund_conflict_once")
        ]

    def __str__(self):
        return f"{self.application_id} × {self.member_id}"


class Score(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    scored_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion", "member"], name="fund_score_once"
            )
        ]

    def __str__(self):
        return f"{self.value}"


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    DECLINED = "declined", _("Declined")


class GrantDecision(models.Model):
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="decision"
    )
    foundation = models.ForeignKey("fund.Foundation", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    amount = models.DecimalField(
        _("amount granted"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    reasons = models.TextField(_("reasons"), blank=True)
    # The meeting's decision it records, when the committee decided in a meeting.
    meeting_decision = models.ForeignKey(
        "meetings.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="declined") | Q(amount__gt=0),
                name="fund_grant_has_amount",
            )
        ]

    def __str__(self):
        return self.outcome


class Disbursement(models.Model):
    decision = models.ForeignKey(
        GrantDecision, on_delete=models.PROTECT, related_name="disbursements"
    )
    foundation = models.ForeignKey("fund.Foundation", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_disbursement_positive")
        ]

    def __str__(self):
        return f"{self.amount} {self.paid_on}"


class GrantReport(models.Model):
    class Kind(models.TextChoices):
        INTERIM = "interim", _("Interim report")
        FINAL = "final", _("Final report")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("report"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("what was done, what it brought"))
    spent = models.DecimalField(_("amount spent"), max_digits=12, decimal_places=2)
    submitted_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]

    def __str__(self):
        return self.kind
