"""Job cafés: an event of kind "job café" (``events.Event``) with its recruiters and
their offers, the job seekers who register without an account, their wishes, and the
rotations of the day (who meets whom, in which round, at which table).

What follows the café (outcomes, follow-up requests and sessions, obstacles) is in
``models_after.py``; recruitment operations in ``models_operations.py``. Job seekers'
data is personal and sensitive: see docs/employment.md, "Privacy".
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.collectives.models import Organisation
from maillage.core.private_files import private_storage
from maillage.events.models import Event

from .naming import seeker_number


def new_key():
    return secrets.token_urlsafe(24)


def cv_name(instance, filename):
    """A random name: the name given by the sender is not kept (it may say who it is)."""
    return f"employment/cv/{secrets.token_hex(20)}.pdf"


class Contract(models.TextChoices):
    CDI = "cdi", _("Permanent contract (CDI)")
    CDD = "cdd", _("Fixed-term contract (CDD)")
    INTERIM = "interim", _("Temporary work (interim)")
    INSERTION = "insertion", _("Work-integration contract (CDDI)")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship or work-study")
    IMMERSION = "immersion", _("Work-placement (PMSMP)")
    OTHER = "other", _("Other")


class Referrer(models.TextChoices):
    """Who sent the job seeker to the café."""

    FRANCE_TRAVAIL = "france_travail", _("France Travail")
    MISSION_LOCALE = "mission_locale", _("Mission locale")
    DEPARTEMENT = "departement", _("The Département (RSA)")
    CAP_EMPLOI = "cap_emploi", _("Cap emploi")
    HOSPICE_GENERAL = "hospice_general", _("Hospice général")
    OCE = "oce", _("Cantonal employment office (OCE)")
    ASSOCIATION = "association", _("An association or social worker")
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth, a poster, the press")
    SELF = "self", _("Nobody: I came on my own")
    OTHER = "other", _("Other")


class Mobility(models.TextChoices):
    WALK = "walk", _("On foot or by bike")
    PUBLIC_TRANSPORT = "public_transport", _("Public transport")
    LICENCE_NO_CAR = "licence_no_car", _("Driving licence, no car")
    CAR = "car", _("Driving licence and a car")


class SeekerStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ARRIVED = "arrived", _("Arrived")
    LEFT = "left", _("Left")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingOutcome(models.TextChoices):
    FOLLOW_UP = "follow_up", _("Follow up")
    INTERVIEW = "interview", _("Interview proposed")
    NO = "no", _("No")


class Cafe(models.Model):
    """The job café's own settings, beside its event."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="cafe")
    rotations = models.PositiveSmallIntegerField(
        _("rounds"), default=6, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    minutes_per_rotation = models.PositiveSmallIntegerField(
        _("minutes per round"), default=10, validators=[MinValueValidator(3)]
    )
    seats = models.PositiveSmallIntegerField(
        _("seekers per table"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("How many job seekers sit at a recruiter's table in one round."),
    )
    rotations_start_at = models.DateTimeField(_("first round starts at"), null=True, blank=True)
    consent_text = models.TextField(
        _("consent asked of job seekers"),
        blank=True,
        help_text=_("Shown when a job seeker registers; empty: the platform's text."),
    )
    # The plan: rounds before ``plan_from`` are kept as they are when re-planning.
    planned_at = models.DateTimeField(null=True, blank=True, editable=False)
    plan_from = models.PositiveSmallIntegerField(default=0, editable=False)
    plan_total = models.PositiveIntegerField(default=0, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("job café")
        verbose_name_plural = _("job cafés")

    def __str__(self):
        return self.event.title

    def get_absolute_url(self):
        return reverse("employment:cafe", args=[self.event.collective.slug, self.event_id])

    @property
    def collective(self):
        return self.event.collective

    @property
    def collective_id(self):
        return self.event.collective_id


class Recruiter(models.Model):
    """An employer at the café: an organisation, its contact, its sectors and offers.
    The contact has no account; a personal link (``key``) opens their page."""

    cafe = models.ForeignKey(Cafe, on_delete=models.CASCADE, related_name="recruiters")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("organisation"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact's e-mail address"), blank=True)
    contact_phone = models.CharField(_("contact's phone"), max_length=40, blank=True)
    sectors = models.CharField(
        _("sectors"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    tables = models.PositiveSmallIntegerField(
        _("tables"), default=1, validators=[MinValueValidator(0), MaxValueValidator(20)]
    )
    present = models.BooleanField(_("present"), default=True)
    key = models.CharField(max_length=64, unique=True, default=new_key, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("recruiter")
        verbose_name_plural = _("recruiters")
        constraints = [
            models.UniqueConstraint(fields=["cafe", "name"], name="employment_recruiter_once")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("employment:recruiter_page", args=[self.key])

    @property
    def sector_list(self):
        return [part.strip() for part in self.sectors.split(",") if part.strip()]


class RecruiterOffer(models.Model):
    recruiter = models.ForeignKey(Recruiter, on_delete=models.CASCADE, related_name="offers")
    title = models.CharField(_("job title"), max_length=200)
    contract = models.CharField(_("contract"), max_length=20, choices=Contract.choices)
    hours = models.DecimalField(
        _("hours a week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    place = models.CharField(_("place of work"), max_length=200, blank=True)
    posts = models.PositiveSmallIntegerField(_("posts"), default=1)
    requirements = models.TextField(_("requirements"), blank=True)

    class Meta:
        ordering = ["recruiter", "title", "pk"]
        verbose_name = _("job offer")
        verbose_name_plural = _("job offers")

    def __str__(self):
        return self.title


class Seeker(models.Model):
    """A job seeker registered for a café, without an account. Their personal link
    (``key``) opens their page: profile, CV, outcomes, download and deletion."""

    cafe = models.ForeignKey(Cafe, on_delete=models.PROTECT, related_name="seekers")
    key = models.CharField(max_length=64, unique=True, default=new_key, editable=False)
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(max_length=8, default="fr")
    wishes_text = models.CharField(_("jobs or sectors wished"), max_length=300, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    mobility = models.CharField(_("mobility"), max_length=20, choices=Mobility.choices, blank=True)
    referrer = models.CharField(
        _("who sent you"), max_length=20, choices=Referrer.choices, blank=True
    )
    referrer_detail = models.CharField(_("which office or person"), max_length=200, blank=True)
    needs = models.CharField(_("needs for the day"), max_length=300, blank=True)
    cv = models.FileField(_("CV"), storage=private_storage, upload_to=cv_name, blank=True)
    # Consent to show the profile to the café's recruiters, with the text agreed to.
    consent_text = models.TextField(blank=True)
    consented_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=SeekerStatus.choices, default=SeekerStatus.REGISTERED
    )
    arrived_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    # Personal data is erased a set time after the last activity unless the person
    # asked to stay (``keep_until``: until when).
    keep_until = models.DateField(null=True, blank=True)
    last_activity_at = models.DateTimeField(auto_now_add=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        constraints = [
            models.UniqueConstraint(
                fields=["cafe", "email"],
                condition=~Q(email=""),
                name="employment_seeker_email_once",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("employment:seeker_page", args=[self.key])

    @property
    def consents(self):
        return self.consented_at is not None and self.erased_at is None


class Wish(models.Model):
    """A recruiter a seeker wishes to meet, with a weight (1 if there is time, 2 yes,
    3 very much): the planner's input."""

    seeker = models.ForeignKey(Seeker, on_delete=models.CASCADE, related_name="wishes")
    recruiter = models.ForeignKey(Recruiter, on_delete=models.CASCADE, related_name="wishes")
    weight = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["seeker", "recruiter"], name="employment_wish_once")
        ]

    def __str__(self):
        return f"{seeker_number(self.seeker_id)} → {self.recruiter} ({self.weight})"


class Slot(models.Model):
    """One meeting of the day: a seeker at a recruiter's table in one round, and the
    outcome the recruiter noted."""

    cafe = models.ForeignKey(Cafe, on_delete=models.CASCADE, related_name="slots")
    rotation = models.PositiveSmallIntegerField()  # from 0
    recruiter = models.ForeignKey(Recruiter, on_delete=models.CASCADE, related_name="slots")
    table = models.PositiveSmallIntegerField(default=0)  # from 0, within the recruiter's
    seeker = models.ForeignKey(Seeker, on_delete=models.CASCADE, related_name="slots")
    weight = models.PositiveSmallIntegerField(default=1)
    outcome = models.CharField(max_length=12, choices=MeetingOutcome.choices, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["rotation", "recruiter", "table", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cafe", "rotation", "seeker"], name="employment_slot_one_table"
            ),
            models.UniqueConstraint(fields=["seeker", "recruiter"], name="employment_slot_once"),
        ]

    def __str__(self):
        return f"{self.rotation + 1}\u00a0: {seeker_number(self.seeker_id)} → {self.recruiter}"


class ProfileView(models.Model):
    """Every view of a seeker's profile by someone else than the seeker: who, when."""

    seeker = models.ForeignKey(Seeker, on_delete=models.CASCADE, related_name="views")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recruiter = models.ForeignKey(
        Recruiter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    what = models.CharField(max_length=20, default="profile")  # profile | cv
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{seeker_number(self.seeker_id)} ({self.what}, {self.at:%Y-%m-%d %H:%M})"


from .models_after import *  # noqa: E402, F403
from .models_operations import *  # noqa: E402, F403
