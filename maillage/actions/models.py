"""Actions: who does what, by when, across a collective's meetings (and, later, projects).

An action belongs to its collective; it may come from a meeting (and one of its
decisions), a project or a consultation's pledge, or from nowhere in particular. It
has owners (``ActionOwner``, in order): members of the collective, organisations of
the collective, or guests named in words, as minutes say "Fondation Zoein et Hg".
Marking it done records who and when.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.typography import names_list


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

    def owned_by(self, user):
        """The actions of which ``user`` is one of the owners."""
        return self.filter(owners__user=user)

    def with_owners(self):
        """Each action's owners read with it (one query for the whole list)."""
        return self.prefetch_related(owners_prefetch())


def owners_prefetch(lookup="owners"):
    """Prefetch an action's owners, with their accounts and organisations."""
    return models.Prefetch(
        lookup,
        queryset=ActionOwner.objects.select_related("user", "organisation").only(*OWNER_COLUMNS),
    )


# What is read of an owner to name it.
OWNER_COLUMNS = (
    "action_id",
    "position",
    "name",
    "user_id",
    "user__display_name",
    "user__email",
    "organisation_id",
    "organisation__name",
)


class Action(models.Model):
    collective = models.ForeignKey(
        "collectives.Collective", on_delete=models.PROTECT, related_name="actions"
    )
    title = models.CharField(_("what"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    # A task of a plan spans its start date to its due date, both included; with a due
    # date only, it is a deadline.
    start_date = models.DateField(_("start date"), null=True, blank=True)
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
    phase = models.ForeignKey(
        "actions.Phase",
        verbose_name=_("phase"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    # Finish-to-start: this action starts once those it depends on have ended.
    depends_on = models.ManyToManyField(
        "self",
        verbose_name=_("depends on"),
        symmetrical=False,
        through="actions.Dependency",
        through_fields=("after", "before"),
        related_name="dependants",
        blank=True,
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
        ]
        constraints = [
            # A pledge becomes one action (actions.services.action_from_commitment).
            models.UniqueConstraint(
                fields=["commitment"],
                condition=Q(commitment__isnull=False),
                name="action_one_per_commitment",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(due_date__isnull=True)
                | Q(start_date__lte=models.F("due_date")),
                name="action_starts_before_due",
                violation_error_message=_("An action cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("actions:detail", args=[self.collective.slug, self.pk])

    @property
    def owner_list(self):
        """The owners, in their order (read once: prefetch them for a list)."""
        return list(self.owners.all())

    @property
    def owner_names(self):
        """ "A, B and C": every owner, as a sentence names them ("" when nobody)."""
        return names_list(owner.name_shown for owner in self.owners.all())

    def is_owned_by(self, user):
        return user.is_authenticated and any(o.user_id == user.pk for o in self.owners.all())

    @property
    def last_editor_name(self):
        return str(self.updated_by or self.created_by)

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_todo(self):
        return self.status == ActionStatus.TODO

    @property
    def is_in_progress(self):
        return self.status == ActionStatus.IN_PROGRESS

    @property
    def is_done(self):
        return self.status == ActionStatus.DONE

    @property
    def is_dropped(self):
        return self.status == ActionStatus.DROPPED

    @property
    def is_overdue(self):
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()


class PhaseKind(models.TextChoices):
    """A phase of a project, or one of the SPIRAL process's phases."""

    STAGE = "stage", _("Phase")
    PREPARATION = "preparation", _("Preparation")
    SESSIONS = "sessions", _("Territories' sessions")
    SYNTHESES = "syntheses", _("Syntheses")
    ROUNDS = "rounds", _("Rounds")
    FINAL_MEETING = "final_meeting", _("Final meeting")


# The phases a consultation process runs through, in order (SPIRAL as CO-ACTE runs it).
SPIRAL_PHASES = [
    PhaseKind.PREPARATION,
    PhaseKind.SESSIONS,
    PhaseKind.SYNTHESES,
    PhaseKind.ROUNDS,
    PhaseKind.FINAL_MEETING,
]


class Phase(models.Model):
    """A phase of a project or of a consultation process, in order: the actions it
    holds are its tasks. Its dates, when given, are what was planned; its tasks' dates
    say where it stands."""

    collective = models.ForeignKey(
        "collectives.Collective", on_delete=models.PROTECT, related_name="phases"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="phases",
    )
    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="phases",
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=16, choices=PhaseKind.choices, default=PhaseKind.STAGE
    )
    position = models.PositiveIntegerField(default=0)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False, consultation__isnull=True)
                | Q(project__isnull=True, consultation__isnull=False),
                name="phase_of_project_or_consultation",
                violation_error_message=_(
                    "A phase belongs to a project or to a consultation, one of them."
                ),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(starts_on__lte=models.F("ends_on")),
                name="phase_starts_before_end",
                violation_error_message=_("A phase cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title


class Dependency(models.Model):
    """Finish-to-start: ``after`` starts once ``before`` has ended. Both are actions
    of one collective; the services refuse loops."""

    before = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="+")
    after = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["after", "before"]
        verbose_name = _("dependency")
        verbose_name_plural = _("dependencies")
        constraints = [
            models.UniqueConstraint(fields=["before", "after"], name="dependency_once"),
            models.CheckConstraint(
                condition=~Q(before=models.F("after")),
                name="dependency_not_on_itself",
                violation_error_message=_("An action cannot depend on itself."),
            ),
        ]

    def __str__(self):
        return f"{self.before_id} → {self.after_id}"


class ActionOwner(models.Model):
    """One owner of an action, in its place: exactly one of a person with an account
    (a member of the collective when named), an organisation of the collective, or a
    guest named in words. An owner who leaves the collective stays until replaced."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="owners")
    position = models.PositiveIntegerField(default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_ownerships",
    )
    organisation = models.ForeignKey(
        "collectives.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_ownerships",
    )
    name = models.CharField(_("guest"), max_length=200, blank=True)

    class Meta:
        ordering = ["action", "position", "pk"]
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(user__isnull=False, organisation__isnull=True, name="")
                    | Q(user__isnull=True, organisation__isnull=False, name="")
                    | (Q(user__isnull=True, organisation__isnull=True) & ~Q(name=""))
                ),
                name="action_owner_is_one_thing",
                violation_error_message=_(
                    "An owner is a member, an organisation or a guest, one at a time."
                ),
            ),
            models.UniqueConstraint(
                fields=["action", "user"],
                condition=Q(user__isnull=False),
                name="action_owner_person_once",
            ),
            models.UniqueConstraint(
                fields=["action", "organisation"],
                condition=Q(organisation__isnull=False),
                name="action_owner_organisation_once",
            ),
            models.UniqueConstraint(
                "action",
                models.functions.Lower("name"),
                condition=~Q(name=""),
                name="action_owner_guest_once",
            ),
        ]

    def __str__(self):
        return self.name_shown

    @property
    def name_shown(self):
        if self.user_id:
            # Never the address: a name, or "A member".
            return self.user.display_name or str(_("A member"))
        if self.organisation_id:
            return self.organisation.name
        return self.name

    @property
    def is_guest(self):
        return not self.user_id and not self.organisation_id


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
