"""An employer group (groupement d'employeurs, GE) of a collective: its member employers,
their sites and their recurring part-time needs, which qualification covers which job
family (and the training that bridges a gap), the pooling runs that turn needs into jobs,
the jobs kept, staff lending between members and skills sponsorship.

The planner itself (``maillage.planning.pooling``) knows nothing of these models:
``pooling_data.py`` builds its input from them and stores what it proposes.
Nothing here is a person's data: needs and jobs are posts, not people.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.collectives.models import Collective, Organisation

DAYS = (
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
)


class Period(models.TextChoices):
    """When in the year a need recurs. A term-time week holds the all-year and term-time
    needs; a holiday week the all-year and holiday needs."""

    ALL_YEAR = "all_year", _("All year")
    TERM = "term", _("School term")
    HOLIDAYS = "holidays", _("School holidays")


class Week(models.TextChoices):
    """The two kinds of week a pooling run plans."""

    TERM = "term", _("Term-time week")
    HOLIDAYS = "holidays", _("Holiday week")


WEEK_PERIODS = {
    Week.TERM: (Period.ALL_YEAR, Period.TERM),
    Week.HOLIDAYS: (Period.ALL_YEAR, Period.HOLIDAYS),
}


class Group(models.Model):
    """The employer group of a collective, with the rules its planner follows."""

    collective = models.OneToOneField(
        Collective, on_delete=models.CASCADE, related_name="employer_group"
    )
    name = models.CharField(_("name"), max_length=200)
    target_hours = models.DecimalField(
        _("full-time hours a week"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("35"),
        validators=[MinValueValidator(1), MaxValueValidator(48)],
    )
    min_hours = models.DecimalField(
        _("legal minimum hours a week for part-time work"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("24"),
        validators=[MinValueValidator(0), MaxValueValidator(48)],
    )
    speed_kmh = models.DecimalField(
        _("travel speed between sites (km/h, straight line)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("20"),
        validators=[MinValueValidator(Decimal("1"))],
    )
    hourly_cost = models.DecimalField(
        _("cost of an hour of work to the group (salary and charges)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("22.00"),
    )
    term_weeks = models.PositiveSmallIntegerField(
        _("term-time weeks in a year"), default=36, validators=[MaxValueValidator(52)]
    )
    holiday_weeks = models.PositiveSmallIntegerField(
        _("holiday weeks worked in a year"), default=11, validators=[MaxValueValidator(52)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("employer group")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_hours__lte=models.F("target_hours")),
                name="employers_min_below_full_time",
                violation_error_message=_("The minimum hours cannot exceed the full time."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("employers:home", args=[self.collective.slug])


class Employer(models.Model):
    """A member employer: an organisation of the collective that joined the group."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="employers")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="employer_memberships"
    )
    joined_on = models.DateField(_("member since"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("member employer")
        verbose_name_plural = _("member employers")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "organisation"],
                name="employers_member_once",
                violation_error_message=_("This organisation is already a member of the group."),
            )
        ]

    def __str__(self):
        return self.organisation.name

    @property
    def collective(self):
        return self.group.collective


class Site(models.Model):
    """Where work is done: a crèche, a school, a leisure centre, an area of home visits."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    commune = models.CharField(_("commune"), max_length=100)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)

    class Meta:
        ordering = ["employer", "name"]
        verbose_name = _("site")
        constraints = [
            models.UniqueConstraint(fields=["employer", "name"], name="employers_site_once")
        ]

    def __str__(self):
        return f"{self.name} ({self.commune})"

    @property
    def collective(self):
        return self.employer.group.collective


class JobFamily(models.Model):
    """A family of jobs: animateur périscolaire, auxiliaire petite enfance, aide à
    domicile, agent d'entretien…"""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="families")
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["group", "name"]
        verbose_name = _("job family")
        verbose_name_plural = _("job families")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "name"],
                name="employers_family_once",
                violation_error_message=_("This job family already exists."),
            )
        ]

    def __str__(self):
        return self.name


class Qualification(models.Model):
    """A qualification (BAFA, CAP AEPE, DEAES, titre professionnel…) and the job families
    it covers."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="qualifications")
    name = models.CharField(_("name"), max_length=120)
    families = models.ManyToManyField(
        JobFamily, related_name="qualifications", verbose_name=_("job families it covers")
    )

    class Meta:
        ordering = ["group", "name"]
        verbose_name = _("qualification")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "name"],
                name="employers_qualification_once",
                violation_error_message=_("This qualification already exists."),
            )
        ]

    def __str__(self):
        return self.name


class Training(models.Model):
    """A training that bridges a gap: it lets the holder of ``from_qualification`` (or of
    none) work in ``family``."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="trainings")
    name = models.CharField(_("name"), max_length=200)
    from_qualification = models.ForeignKey(
        Qualification,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="bridges",
        verbose_name=_("for holders of"),
    )
    family = models.ForeignKey(
        JobFamily, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("opens")
    )
    hours = models.PositiveIntegerField(_("length in hours"))
    cost = models.DecimalField(_("cost"), max_digits=9, decimal_places=2)
    provider = models.CharField(_("provider"), max_length=200, blank=True)

    class Meta:
        ordering = ["group", "family", "name"]
        verbose_name = _("training")

    def __str__(self):
        return self.name


class Need(models.Model):
    """A member's recurring part-time need: a job family, weekly slots at one site."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="needs")
    family = models.ForeignKey(
        JobFamily, on_delete=models.PROTECT, related_name="needs", verbose_name=_("job family")
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="needs")
    qualification = models.ForeignKey(
        Qualification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="required_by",
        verbose_name=_("qualification required (if a specific one is)"),
    )
    period = models.CharField(
        _("period of the year"), max_length=10, choices=Period.choices, default=Period.ALL_YEAR
    )
    starts_on = models.DateField(_("from"))
    hourly_cost_max = models.DecimalField(
        _("hourly cost it can bear"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["employer", "family", "pk"]
        verbose_name = _("need")

    def __str__(self):
        return str(_("Need no. %(number)s") % {"number": self.pk})

    @property
    def group(self):
        return self.employer.group

    @property
    def collective(self):
        return self.employer.group.collective

    @property
    def minutes(self):
        return sum(slot.minutes for slot in self.slots.all())

    @property
    def hours(self):
        return self.minutes / 60


class NeedSlot(models.Model):
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="slots")
    day = models.PositiveSmallIntegerField(_("day"), choices=DAYS)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("to"))

    class Meta:
        ordering = ["need", "day", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="employers_slot_ends_after_start",
                violation_error_message=_("A slot must end after it starts."),
            )
        ]

    def __str__(self):
        return f"{self.get_day_display()} {self.start:%H:%M}–{self.end:%H:%M}"

    @property
    def minutes(self):
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Run(models.Model):
    """One pass of the planner over the group's needs for one kind of week, around the
    jobs kept and the combinations excluded at that moment."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="runs")
    week = models.CharField(_("week"), max_length=10, choices=Week.choices, default=Week.TERM)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    time_limit = models.PositiveSmallIntegerField(_("time limit (seconds)"), default=20)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    needs_count = models.PositiveIntegerField(default=0)
    hours_declared = models.FloatField(default=0)
    hours_placed = models.FloatField(null=True, blank=True)
    baseline_hours = models.FloatField(null=True, blank=True)
    bound_hours = models.FloatField(null=True, blank=True)
    elapsed_s = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["group", "-requested_at", "-pk"]
        verbose_name = _("pooling run")

    def __str__(self):
        return str(_("Pooling run no. %(number)s") % {"number": self.pk})

    @property
    def collective(self):
        return self.group.collective


class ProposedJob(models.Model):
    """A job the planner proposes: needs one person can hold, with one qualification."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="jobs")
    qualification = models.ForeignKey(Qualification, on_delete=models.PROTECT, related_name="+")
    needs = models.ManyToManyField(Need, related_name="proposals")
    minutes = models.PositiveIntegerField()
    travel_km = models.FloatField(default=0)
    # The kept job this proposal is (a lock), or completes (a holiday week).
    job = models.ForeignKey(
        "Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )

    class Meta:
        ordering = ["run", "-minutes", "pk"]

    def __str__(self):
        return str(_("Proposed job no. %(number)s") % {"number": self.pk})

    @property
    def hours(self):
        return self.minutes / 60


class Reason(models.TextChoices):
    """Why the planner left a need out of every job (``pooling.REASONS``)."""

    EXCLUDED = "excluded", _("Excluded by the coordinators")
    SKILL = "skill", _("Too few needs of a job family the same qualification covers")
    CLASH = "clash", _("Its slots clash with the other needs it could join")
    TRAVEL = "travel", _("Too far from the other needs it could join in the time between")
    HOURS = "hours", _("Not enough hours left to reach the minimum with it")


class Uncovered(models.Model):
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="uncovered")
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=10, choices=Reason.choices)

    class Meta:
        ordering = ["run", "need"]

    def __str__(self):
        return f"{self.need}: {self.get_reason_display()}"


class Job(models.Model):
    """A job the coordinators kept: planned around in the next runs (a lock), with its
    weekly schedule, each member's share and the training it needs."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="jobs")
    title = models.CharField(_("title"), max_length=200)
    qualification = models.ForeignKey(Qualification, on_delete=models.PROTECT, related_name="jobs")
    needs = models.ManyToManyField(Need, related_name="jobs")
    hourly_cost = models.DecimalField(
        _("cost of an hour of this job"), max_digits=7, decimal_places=2
    )
    holder_qualification = models.ForeignKey(
        Qualification,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("qualification of the person hired (if known)"),
    )
    kept_from = models.ForeignKey(
        ProposedJob, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kept_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kept_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["group", "title", "pk"]
        verbose_name = _("pooled job")

    def __str__(self):
        return self.title

    @property
    def collective(self):
        return self.group.collective


class Exclusion(models.Model):
    """A combination of needs the planner must not put in one job (a single need: left
    out of every job)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="exclusions")
    needs = models.ManyToManyField(Need, related_name="exclusions")
    reason = models.CharField(_("why"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "-created_at"]

    def __str__(self):
        return str(_("Exclusion no. %(number)s") % {"number": self.pk})


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    ENDED = "ended", _("Ended")


class LendingAgreement(models.Model):
    """Staff lending (prêt de main-d'œuvre à but non lucratif) between two members: the
    borrower pays the lender back the wages and charges, nothing more."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="lendings")
    lender = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="lent")
    borrower = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="borrowed")
    post = models.CharField(_("post lent"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    hours_per_week = models.DecimalField(_("hours a week"), max_digits=4, decimal_places=1)
    hourly_cost = models.DecimalField(
        _("wages and charges an hour, paid back by the borrower"), max_digits=7, decimal_places=2
    )
    support = models.CharField(_("support (a municipality, a fund…)"), max_length=300, blank=True)
    status = models.CharField(
        max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["group", "-starts_on", "pk"]
        verbose_name = _("staff lending agreement")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="employers_lending_ends_after_start",
                violation_error_message=_("An agreement cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(lender=models.F("borrower")),
                name="employers_lending_two_members",
                violation_error_message=_("A member cannot lend staff to itself."),
            ),
        ]

    def __str__(self):
        return str(_("Lending agreement no. %(number)s") % {"number": self.pk})

    @property
    def collective(self):
        return self.group.collective


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Open")
    AGREED = "agreed", _("Agreed")
    DONE = "done", _("Done")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SponsorshipOffer(models.Model):
    """Skills sponsorship (mécénat de compétences): a company lends an employee's skills,
    for a number of hours, to a member of the group."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sponsorships")
    sponsor = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("sponsor")
    )
    skill = models.CharField(_("skill offered"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    hours = models.PositiveIntegerField(_("hours offered"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    beneficiary = models.ForeignKey(
        Employer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sponsorships",
        verbose_name=_("member it goes to"),
    )
    status = models.CharField(max_length=10, choices=OfferStatus.choices, default=OfferStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "-starts_on", "pk"]
        verbose_name = _("skills sponsorship offer")

    def __str__(self):
        return self.skill

    @property
    def collective(self):
        return self.group.collective
