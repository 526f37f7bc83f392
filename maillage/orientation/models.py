"""Orientation: a collective's shared catalogue of insertion offers (the structures of
its network and what each offers, with who may get in, as rules the eligibility package
evaluates), the public questionnaire's hand-over codes, and referrals of a person from a
professional of one structure to another structure's offer.

The catalogue follows the data·inclusion schema (v1) where it can, so that an offer
exports to it without loss: ``kind`` maps to ``type``, ``needs`` are its top-level
``thematiques``, ``publics`` its ``publics``, ``access`` its ``mobilisable_par``.
Swiss structures carry a UID and an OFS commune number where French ones carry a SIRET
and an INSEE code (the Swiss extension, docs/orientation.md).
"""

import uuid

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

SIRET_VALIDATOR = RegexValidator(r"^\d{14}$", _("A SIRET has 14 digits."))
UID_VALIDATOR = RegexValidator(
    r"^CHE-\d{3}\.\d{3}\.\d{3}$", _("A Swiss UID reads CHE-123.456.789.")
)


class Country(models.TextChoices):
    SWITZERLAND = "CH", _("Switzerland")
    FRANCE = "FR", _("France")


class OfferKind(models.TextChoices):
    TRAINING = "training", _("Training")
    COACHING = "coaching", _("Coaching")
    JOB = "job", _("Job")
    FINANCIAL_AID = "financial_aid", _("Financial aid")
    INFORMATION = "information", _("Information desk")


class Need(models.TextChoices):
    """What a person looks for: data·inclusion's top-level thématiques that matter here."""

    FIND_JOB = "trouver-un-emploi", _("Find a job")
    CHOOSE_TRADE = "choisir-un-metier", _("Choose a trade")
    TRAINING = "se-former", _("Train or get a diploma")
    APPLY = "preparer-sa-candidature", _("Prepare an application")
    START_BUSINESS = "creer-une-entreprise", _("Start one's own activity")
    MONEY = "difficultes-financieres", _("Money difficulties")
    RIGHTS = "difficultes-administratives-ou-juridiques", _("Paperwork and rights")
    BASIC_SKILLS = "lecture-ecriture-calcul", _("Reading, writing, arithmetic, French")
    REMOBILISATION = "remobilisation", _("Get going again")
    DIGITAL = "numerique", _("Use a computer and the internet")
    HOUSING = "logement-hebergement", _("Housing")
    HEALTH = "sante", _("Health")
    MOBILITY = "mobilite", _("Getting around")


class Public(models.TextChoices):
    """Who an offer is for: data·inclusion's publics."""

    EVERYONE = "tous-publics", _("Everyone")
    YOUNG = "jeunes", _("Young people")
    SENIORS = "seniors", _("Older people")
    JOB_SEEKERS = "demandeurs-emploi", _("Job seekers")
    WORKERS = "actifs", _("People in work")
    STUDENTS = "etudiants", _("Students")
    FAMILIES = "familles", _("Families")
    WOMEN = "femmes", _("Women")
    DISABILITY = "personnes-en-situation-de-handicap", _("People with a disability")
    EXILED = "personnes-exilees", _("Migrants and refugees")
    SOCIAL_BENEFITS = "beneficiaires-des-minimas-sociaux", _("People on social benefits")


class Access(models.TextChoices):
    DIRECT = "direct", _("Directly")
    PARTNER = "partner", _("Through a partner")


class Cost(models.TextChoices):
    FREE = "free", _("Free")
    PAID = "paid", _("Paid")


class Structure(models.Model):
    """A member structure of the network, as the catalogue shows it."""

    collective = models.ForeignKey(
        "collectives.Collective", on_delete=models.CASCADE, related_name="structures"
    )
    organisation = models.ForeignKey(
        "collectives.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="structures",
        help_text=_("Its members in the collective keep its offers up to date."),
    )
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, default=Country.SWITZERLAND
    )
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[SIRET_VALIDATOR])
    uid = models.CharField(_("UID"), max_length=15, blank=True, validators=[UID_VALIDATOR])
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    commune_code = models.CharField(
        _("commune number"),
        max_length=5,
        blank=True,
        help_text=_("INSEE code in France, OFS number in Switzerland."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    source_id = models.CharField(
        _("identifier at the source"), max_length=120, blank=True, editable=False
    )
    last_checked_on = models.DateField(_("last checked on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("structure")
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "source_id"],
                condition=~models.Q(source_id=""),
                name="structure_one_per_source_id",
            )
        ]

    def __str__(self):
        return self.name


class Offer(models.Model):
    """An offer of a structure: a training, coaching, a job, a financial aid, a desk."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="offers")
    name = models.CharField(_("offer"), max_length=200)
    summary = models.CharField(_("in a sentence"), max_length=280, blank=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OfferKind.choices)
    needs = models.JSONField(_("needs"), default=list, blank=True)
    publics = models.JSONField(_("for whom"), default=list, blank=True)
    criteria = models.JSONField(
        _("who may get in"),
        default=list,
        blank=True,
        help_text=_("Criteria as the eligibility package reads them."),
    )
    reference = models.CharField(_("reference"), max_length=300, blank=True)
    reference_url = models.URLField(_("reference address"), blank=True)
    places = models.PositiveIntegerField(
        _("places"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    access = models.CharField(
        _("how to get in"), max_length=10, choices=Access.choices, default=Access.DIRECT
    )
    how_to_apply = models.TextField(_("what to do"), blank=True)
    documents = models.TextField(_("what to bring"), blank=True)
    contact_name = models.CharField(_("contact"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    hours = models.CharField(_("opening hours"), max_length=300, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    commune_code = models.CharField(_("commune number"), max_length=5, blank=True)
    remote = models.BooleanField(_("also at a distance"), default=False)
    cost = models.CharField(_("cost"), max_length=5, choices=Cost.choices, default=Cost.FREE)
    cost_details = models.CharField(_("cost details"), max_length=300, blank=True)
    accessibility = models.CharField(_("accessibility"), max_length=300, blank=True)
    published = models.BooleanField(_("published"), default=True)
    source_id = models.CharField(
        _("identifier at the source"), max_length=120, blank=True, editable=False
    )
    last_checked_on = models.DateField(_("last checked on"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["structure__name", "name"]
        verbose_name = _("offer")
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "source_id"],
                condition=~models.Q(source_id=""),
                name="offer_one_per_source_id",
            )
        ]

    def __str__(self):
        return f"{self.name} — {self.structure}"

    @property
    def collective(self):
        return self.structure.collective

    def rule(self):
        """The offer's criteria as an eligibility rule (cached on the instance)."""
        if not hasattr(self, "_rule"):
            from maillage.eligibility import Rule

            self._rule = Rule.from_dict(
                {
                    "id": str(self.uuid),
                    "name": {"fr": self.name},
                    "reference": {"title": self.reference, "url": self.reference_url},
                    "criteria": self.criteria or [],
                }
            )
        return self._rule


from .models_referrals import *  # noqa: E402, F403
from .models_results import *  # noqa: E402, F403
