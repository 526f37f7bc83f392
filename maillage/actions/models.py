"""Actions: who does what, by when, across a collective's meetings (and, later, projects).

An action belongs to its collective; it may come from a meeting (and one of its
decisions), later from a project, or from nowhere in particular. Its owner is a
member of the collective. Marking it done records who and when.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    TODO = "todo", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = [ActionStatus.TODO, ActionStatus.IN_PROGRESS]


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def visible_to(self, user):
        from maillage.collectives.models import Collective

        if not user.is_authenticated:
            return self.none()
        return self.filter(collective__in=Collective.objects.of_member(user))


class Action(models.Model):
    collective = models.ForeignKey(
        "collectives.Collective", on_delete=models.PROTECT, related_name="actions"
    )
    title = models.CharField(_("what"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.TODO
    )
    # Where it comes from: a meeting (and one of its decisions), a consultation's pledge,
    # or nowhere in particular; it may belong to a project.
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    decision = models.ForeignKey(
        "meetings.Decision",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    # A pledge of a consultation that became this action.
    commitment = models.ForeignKey(
        "consultations.Commitment",
        verbose_name=_("pledge"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = [models.F("due_date").asc(nulls_last=True), "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [
            models.Index(fields=["collective", "status", "due_date"]),
            models.Index(fields=["owner", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__isnull=True) | Q(meeting__isnull=False),
                name="action_decision_needs_meeting",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("actions:detail", args=[self.collective.slug, self.pk])

    @property
    def last_editor_name(self):
        return str(self.updated_by or self.created_by)

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()


class DigestSent(models.Model):
    """One row per person and week: the weekly digest is sent once, even if the job
    runs twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.CharField(max_length=8)  # ISO year and week, e.g. 2026-W48
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="digest_once_per_week")
        ]

    def __str__(self):
        return f"{self.user} {self.week}"


class ActionComment(models.Model):
    """A remark on an action: where it stands, what blocks it."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="action_comments"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["action", "created_at", "pk"]
        verbose_name = _("comment")

    def __str__(self):
        return self.text[:60]

    @property
    def collective(self):
        return self.action.collective
