"""Work streams (chantiers), their projects, and what projects need.

A collective organises its work in work streams; each holds projects with pilots
(members, possibly from several organisations), partner organisations, a status and
a phase, milestones with dates, links, and needs: funding sought, volunteers wanted
(members sign up), partners wanted. Actions (the ``actions`` app) may belong to a
project. Nothing is deleted: work streams, projects, milestones and needs are
archived. Every change is in the audit log under the project, which is its timeline.
State changes live in services.py.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.core.typography import labelled


class WorkStreamStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class WorkStream(models.Model):
    collective = models.ForeignKey(
        "collectives.Collective", on_delete=models.PROTECT, related_name="work_streams"
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    position = models.PositiveIntegerField(_("order"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=WorkStreamStatus.choices, default="active"
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["collective", "position", "pk"]
        verbose_name = _("work stream")
        verbose_name_plural = _("work streams")

    def __str__(self):
        return self.title

    @property
    def is_active(self):
        return self.status == WorkStreamStatus.ACTIVE


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    FEASIBILITY = "feasibility", _("Feasibility")
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    DONE = "done", pgettext_lazy("project status", "Done")
    ABANDONED = "abandoned", pgettext_lazy("project status", "Abandoned")


# The kind of badge (the design system's <c-badge kind>) of each project status.
STATUS_BADGES = {
    ProjectStatus.FEASIBILITY: "accent",
    ProjectStatus.RUNNING: "info",
    ProjectStatus.PAUSED: "warning",
    ProjectStatus.DONE: "ok",
    ProjectStatus.ABANDONED: "danger",
}


class Project(models.Model):
    collective = models.ForeignKey(
        "collectives.Collective", on_delete=models.PROTECT, related_name="projects"
    )
    work_stream = models.ForeignKey(
        WorkStream,
        verbose_name=_("work stream"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(
        _("content"), blank=True, help_text=_("Markdown: **bold**, lists, links.")
    )
    # The content as sanitised HTML, rendered once when the content is saved
    # (services.py), so that pages listing many projects do not run Markdown.
    content_html = models.TextField(blank=True, editable=False)
    # Its first words, still in HTML, for the board's rows.
    summary_html = models.TextField(blank=True, editable=False)
    pilots = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("pilots"), related_name="piloted_projects"
    )
    partners = models.ManyToManyField(
        "collectives.Organisation",
        verbose_name=_("partner organisations"),
        related_name="partner_projects",
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.IDEA
    )
    phase = models.CharField(
        _("phase"),
        max_length=120,
        blank=True,
        help_text=_("For example: feasibility study, building cooperation, development."),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    # Set by the pilots; when empty, progress is the share of milestones reached.
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    # Shown on the collective's public results page (when the collective is public).
    public = models.BooleanField(
        _("shown on the public results page"),
        default=False,
        help_text=_(
            "When the collective is public, anyone can read the project's title, content, "
            "status, progress, milestones and partner organisations; never the people."
        ),
    )
    position = models.PositiveIntegerField(default=0)
    archived_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["work_stream", "position", "pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="project_ends_after_start",
                violation_error_message=_("A project cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100),
                name="project_progress_percent",
            ),
        ]
        indexes = [models.Index(fields=["collective", "status"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.collective.slug, self.pk])

    @property
    def badge_kind(self):
        """The kind of the badge that shows the project's status ("" for an idea)."""
        return STATUS_BADGES.get(self.status, "")


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("date"))
    reached_on = models.DateField(_("reached on"), null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["project", "due_on", "pk"]
        verbose_name = _("milestone")

    def __str__(self):
        return self.title


class LinkKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    VIDEO = "video", _("Video")
    WEBSITE = "website", _("Website")


class ProjectLink(models.Model):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="links")
    kind = models.CharField(_("kind"), max_length=10, choices=LinkKind.choices, default="document")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"))
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["project", "pk"]
        verbose_name = _("link")

    def __str__(self):
        return self.title


class NeedKind(models.TextChoices):
    FUNDING = "funding", _("Funding sought")
    VOLUNTEERS = "volunteers", _("Volunteers wanted")
    PARTNERS = "partners", _("Partners wanted")


class Currency(models.TextChoices):
    CHF = "CHF", "CHF"
    EUR = "EUR", "EUR"


class Need(models.Model):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="needs")
    kind = models.CharField(_("kind"), max_length=12, choices=NeedKind.choices)
    description = models.TextField(_("what for"))
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    approached = models.TextField(
        _("who was approached"), blank=True, help_text=_("Funders or partners already asked.")
    )
    met_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "kind", "pk"]
        verbose_name = _("need")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="funding")
                | (Q(amount__isnull=False, amount__gt=0) & Q(currency__in=["CHF", "EUR"])),
                name="need_funding_has_amount",
                violation_error_message=_("Funding sought needs a positive amount in CHF or EUR."),
            )
        ]

    def __str__(self):
        return labelled(self.get_kind_display(), self.description[:60])

    @property
    def is_open(self):
        """Neither met nor given up: it is on the board."""
        return self.met_at is None and self.archived_at is None


class VolunteerSignup(models.Model):
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="signups")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="volunteer_signups"
    )
    message = models.CharField(_("message to the pilots"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["need", "created_at"]
        verbose_name = _("volunteer sign-up")
        constraints = [
            models.UniqueConstraint(
                fields=["need", "user"],
                condition=Q(withdrawn_at__isnull=True),
                name="volunteer_once_per_need",
                violation_error_message=_("You have already signed up for this call."),
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.need}"


class ProjectComment(models.Model):
    """A remark of a member on a project, as in the comments column of the hub's table."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="project_comments"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["project", "created_at", "pk"]
        verbose_name = _("comment")
        indexes = [models.Index(fields=["project", "archived_at", "created_at"])]

    def __str__(self):
        return self.text[:60]

    @property
    def collective(self):
        return self.project.collective
