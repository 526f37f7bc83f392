"""A citizen territorial foundation: its campaigns for the board's funding needs, its
donors and gifts, the matching funds that double them, and its ledger.

- ``Foundation``: one per collective; who keeps its money (treasurers), its bank
  accounts (for the QR-bill and the GiroCode), what receipts it may issue.
- ``Campaign``: raises money for one or more funding needs of the projects' board
  (``CampaignNeed``), with a goal, dates and a mode (all or nothing, or keep what is
  raised); ``CampaignNews`` are the projects' news shown on its public page.
- ``Donor`` and ``Gift``: a gift needs no account. It is pledged (by transfer with its
  unique reference, or through a payment provider) and received when the money is
  there; cash at an event is received at once. ``MonthlyGift`` is a standing order
  (one gift a month); ``RoundUpProgramme`` an employer's "arrondi solidaire", whose
  monthly total (``RoundUpReport``) is one gift.
- ``MatchingFund`` doubles gifts (a ratio, caps per gift, per donor, per project and in
  all); ``MatchDraw`` is what it gave to one gift.
- ``Movement`` and ``Line``: the ledger, append-only, in double entry: every movement's
  lines sum to zero (debits positive, credits negative). Balances are sums of lines
  (ledger.py), never stored.

Bank statements (models_bank.py), grants (models_grants.py) and receipts
(models_receipts.py) are in their own modules, imported at the end.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy


class Currency(models.TextChoices):
    CHF = "CHF", "CHF"
    EUR = "EUR", "EUR"


class ImmutableRow(Exception):
    """Raised when code tries to change or delete a row that is written once (a ledger
    line, a movement, a receipt)."""


# ------------------------------------------------------------------ the foundation


class FrenchStatus(models.TextChoices):
    """What the Cerfa n° 11580 asks the beneficiary organisation to tick."""

    GENERAL_INTEREST = "general_interest", _("Work or organisation of general interest")
    PUBLIC_UTILITY = (
        "public_utility",
        _("Association or foundation recognised as being of public utility"),
    )
    ENDOWMENT_FUND = "endowment_fund", _("Endowment fund")


class Provider(models.TextChoices):
    NONE = "", _("None")
    MOLLIE = "mollie", "Mollie"


class Foundation(models.Model):
    collective = models.OneToOneField(
        "collectives.Collective", on_delete=models.PROTECT, related_name="foundation"
    )
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(
        _("purpose"), blank=True, help_text=_("Its object, as the receipts state it.")
    )
    address = models.TextField(_("postal address"), blank=True)
    # A foundation raises money from inhabitants: its campaigns, gift form, calls for
    # applications and transparency page may be public even when its collective is
    # private (the rest of the collective stays hidden).
    public = models.BooleanField(
        _("campaigns, calls and transparency page public"),
        default=False,
        help_text=_(
            "Anyone can then read the open campaigns, give, read the open calls and the "
            "transparency page, even if the collective is private. Nothing else of the "
            "collective is shown."
        ),
    )
    treasurers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("treasurers"),
        related_name="treasured_foundations",
        blank=True,
    )
    # French tax receipts (Cerfa n° 11580) for gifts in euros.
    fr_receipts = models.BooleanField(_("issues French tax receipts"), default=False)
    fr_status = models.CharField(
        _("status for French receipts"),
        max_length=20,
        choices=FrenchStatus.choices,
        default=FrenchStatus.GENERAL_INTEREST,
    )
    # Swiss donation certificates for gifts in francs (tax exemption for public utility).
    ch_certificates = models.BooleanField(_("issues Swiss donation certificates"), default=False)
    ch_exemption = models.CharField(
        _("Swiss tax exemption"),
        max_length=300,
        blank=True,
        help_text=_("The decision that exempts it, for example its date and canton."),
    )
    signatory = models.CharField(
        _("who signs the receipts"), max_length=200, blank=True, help_text=_("Name and role.")
    )
    # Bank accounts: the QR-bill (CHF) and the GiroCode (EUR) are made from them.
    creditor_name = models.CharField(_("account holder"), max_length=70, blank=True)
    creditor_address = models.TextField(_("account holder's address"), blank=True)
    iban_chf = models.CharField(_("IBAN for francs"), max_length=40, blank=True)
    iban_eur = models.CharField(_("IBAN for euros"), max_length=40, blank=True)
    bic_eur = models.CharField(_("BIC for euros"), max_length=11, blank=True)
    # A payment provider the collective configured (providers.py); none in the demo.
    provider = models.CharField(
        _("payment provider"), max_length=20, choices=Provider.choices, blank=True
    )
    provider_key = models.CharField(_("provider's API key"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("foundation")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("fund:home", args=[self.collective.slug])

    def iban(self, currency):
        return self.iban_chf if currency == Currency.CHF else self.iban_eur


# ------------------------------------------------------------------ campaigns


class FundingMode(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("All or nothing: gifts are refunded if the goal is missed")
    KEEP = "keep", _("Keep what is raised")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("campaign", "Draft")
    OPEN = "open", pgettext_lazy("campaign", "Open")
    SUCCEEDED = "succeeded", pgettext_lazy("campaign", "Goal reached")
    CLOSED = "closed", pgettext_lazy("campaign", "Closed")
    FAILED = "failed", pgettext_lazy("campaign", "Goal missed, gifts refunded")


class Campaign(models.Model):
    foundation = models.ForeignKey(Foundation, on_delete=models.PROTECT, related_name="campaigns")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    goal = models.DecimalField(_("goal"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    mode = models.CharField(
        _("mode"), max_length=16, choices=FundingMode.choices, default=FundingMode.KEEP
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    needs = models.ManyToManyField(
        "projects.Need", through="CampaignNeed", related_name="campaigns", blank=True
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("campaign")
        constraints = [
            models.CheckConstraint(condition=Q(goal__gt=0), name="fund_campaign_goal_positive"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="fund_campaign_dates"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("fund:campaign", args=[self.foundation.collective.slug, self.pk])

    @property
    def collective(self):
        return self.foundation.collective

    @property
    def is_open(self):
        return self.status == CampaignStatus.OPEN


class CampaignNeed(models.Model):
    """A funding need of the board (projects.Need, kind "funding") that the campaign
    raises money for; its project is where the gifts go."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="campaign_needs")
    need = models.ForeignKey("projects.Need", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["campaign", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "need"], name="fund_campaign_need_once")
        ]

    def __str__(self):
        return f"{self.campaign_id} → {self.need_id}"


class CampaignNews(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="news")
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    published_at = models.DateTimeField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("news")

    def __str__(self):
        return self.title


# ------------------------------------------------------------------ donors and gifts


class DonorKind(models.TextChoices):
    PERSON = "person", _("A person")
    ORGANISATION = "organisation", _("A company or organisation")


class Donor(models.Model):
    """Who gives: known by the e-mail address given with a gift (no account needed).
    Seen by the foundation's treasurers and the collective's coordinators only. Erasing a
    donor (services_donors.erase_donor) blanks what identifies them and keeps a
    pseudonym; their receipts keep the pseudonym too."""

    foundation = models.ForeignKey(Foundation, on_delete=models.PROTECT, related_name="donors")
    kind = models.CharField(
        _("donor"), max_length=12, choices=DonorKind.choices, default=DonorKind.PERSON
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    address = models.TextField(_("postal address"), blank=True)
    organisation = models.ForeignKey(
        "collectives.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    pseudonym = models.CharField(max_length=20)
    erased_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("donor")
        constraints = [
            models.UniqueConstraint(
                fields=["foundation", "email"],
                condition=~Q(email=""),
                name="fund_donor_email_once",
            ),
            models.UniqueConstraint(
                fields=["foundation", "pseudonym"], name="fund_donor_pseudonym"
            ),
        ]

    def __str__(self):
        # What names the donor in the collective's log: never their name.
        return self.pseudonym


class Method(models.TextChoices):
    TRANSFER = "transfer", _("Bank transfer")
    CASH = "cash", _("Cash")
    PROVIDER = "provider", _("Online payment")
    ROUND_UP = "round_up", _("Round-up")
    CHEQUE = "cheque", _("Cheque")


class GiftStatus(models.TextChoices):
    PLEDGED = "pledged", _("Promised, waiting for the money")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")


class MonthlyGift(models.Model):
    """A standing order: the donor's bank sends ``amount`` every month with the same
    reference; each month is one gift (services_gifts.pledge_month)."""

    foundation = models.ForeignKey(Foundation, on_delete=models.PROTECT, related_name="monthlies")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, null=True, blank=True, related_name="monthlies"
    )
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="monthlies")
    amount = models.DecimalField(_("amount a month"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    reference = models.CharField(_("payment reference"), max_length=40)
    shown = models.BooleanField(_("name shown"), default=False)
    # The secret of the donor's own page (the standing order's details, ending it).
    key = models.CharField(max_length=43, unique=True)
    starts_on = models.DateField(_("from"))
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["foundation", "reference"], name="fund_monthly_ref"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_monthly_positive"),
        ]

    def __str__(self):
        return pgettext("gift", "Standing order no. %(number)s") % {"number": self.pk}


class RoundUpProgramme(models.Model):
    """An employer's "arrondi solidaire": its employees (or customers) round up their
    salaries (or bills); each month the employer reports the total from its payroll."""

    foundation = models.ForeignKey(Foundation, on_delete=models.PROTECT, related_name="round_ups")
    organisation = models.ForeignKey(
        "collectives.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, null=True, blank=True, related_name="round_ups"
    )
    name = models.CharField(_("name"), max_length=200)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    reference = models.CharField(_("payment reference"), max_length=40)
    starts_on = models.DateField(_("from"))
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["foundation", "reference"], name="fund_round_up_ref")
        ]

    def __str__(self):
        return self.name


class RoundUpReport(models.Model):
    programme = models.ForeignKey(
        RoundUpProgramme, on_delete=models.PROTECT, related_name="reports"
    )
    month = models.DateField(_("month"))  # its first day
    total = models.DecimalField(_("rounded-up total"), max_digits=12, decimal_places=2)
    participants = models.PositiveIntegerField(_("people taking part"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField()

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "month"], name="fund_round_up_month_once")
        ]

    def __str__(self):
        return f"{self.programme_id} {self.month:%Y-%m}"


class Gift(models.Model):
    foundation = models.ForeignKey(Foundation, on_delete=models.PROTECT, related_name="gifts")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, null=True, blank=True, related_name="gifts"
    )
    # The project it goes to: one of the campaign's needs' projects, or none.
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    donor = models.ForeignKey(
        Donor, on_delete=models.PROTECT, null=True, blank=True, related_name="gifts"
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=GiftStatus.choices, default=GiftStatus.PLEDGED
    )
    # The bank transfer's unique reference (ISO 11649 "RF…", or a Swiss QR reference
    # when the account is a QR-IBAN); blank for a month of a standing order (the
    # standing order has it) and for cash.
    reference = models.CharField(_("payment reference"), max_length=40, blank=True)
    shown = models.BooleanField(_("name shown on the campaign's page"), default=False)
    message = models.TextField(_("message"), blank=True)
    wants_receipt = models.BooleanField(_("wants a receipt"), default=True)
    event = models.ForeignKey(
        "events.Event", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    monthly = models.ForeignKey(
        MonthlyGift, on_delete=models.PROTECT, null=True, blank=True, related_name="gifts"
    )
    month = models.DateField(null=True, blank=True)  # a standing order's month
    round_up = models.OneToOneField(
        RoundUpReport, on_delete=models.PROTECT, null=True, blank=True, related_name="gift"
    )
    provider_payment = models.CharField(max_length=100, blank=True)
    # The secret of the donor's own page (payment details, QR code), sent by e-mail.
    key = models.CharField(max_length=43, unique=True)
    pledged_at = models.DateTimeField()
    received_on = models.DateField(_("received on"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)  # cancelled or refunded
    # The receipt that covers it now (a cancelled receipt frees it).
    receipt = models.ForeignKey(
        "fund.Receipt", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-pledged_at", "-pk"]
        verbose_name = _("gift")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_gift_positive"),
            models.UniqueConstraint(
                fields=["foundation", "reference"],
                condition=~Q(reference=""),
                name="fund_gift_reference_once",
            ),
            models.UniqueConstraint(
                fields=["monthly", "month"],
                condition=Q(monthly__isnull=False),
                name="fund_gift_month_once",
            ),
        ]
        indexes = [models.Index(fields=["foundation", "status"], name="fund_gift_status")]

    def __str__(self):
        # What names the gift in the collective's log: its number, not its amount or donor.
        return pgettext("gift", "Gift no. %(number)s") % {"number": self.pk}

    @property
    def is_pledged(self):
        return self.status == GiftStatus.PLEDGED

    @property
    def is_received(self):
        return self.status == GiftStatus.RECEIVED


# ------------------------------------------------------------------ matching funds


class MatchingFund(models.Model):
    """A company or public body that adds ``ratio`` × each gift (1 doubles it), within
    caps per gift, per donor and per project, and a total. Empty caps mean no cap."""

    foundation = models.ForeignKey(
        Foundation, on_delete=models.PROTECT, related_name="matching_funds"
    )
    funder = models.ForeignKey(
        "collectives.Organisation",
        verbose_name=_("funder"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    ratio = models.DecimalField(
        _("ratio"),
        max_digits=5,
        decimal_places=2,
        default=1,
        help_text=_("1 doubles each gift, 0.5 adds half of it."),
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    total = models.DecimalField(_("total committed"), max_digits=12, decimal_places=2)
    cap_per_gift = models.DecimalField(
        _("cap per gift"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    cap_per_donor = models.DecimalField(
        _("cap per donor"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    cap_per_project = models.DecimalField(
        _("cap per project"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    campaigns = models.ManyToManyField(Campaign, related_name="matching_funds", blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("matching fund")
        constraints = [
            models.CheckConstraint(
                condition=Q(ratio__gt=0) & Q(ratio__lte=10), name="fund_matching_ratio"
            ),
            models.CheckConstraint(condition=Q(total__gt=0), name="fund_matching_total"),
        ]

    def __str__(self):
        return self.name


class DrawKind(models.TextChoices):
    DRAWN = "drawn", _("Matched")
    RELEASED = "released", _("Released (the gift was refunded)")


class MatchDraw(models.Model):
    fund = models.ForeignKey(MatchingFund, on_delete=models.PROTECT, related_name="draws")
    gift = models.ForeignKey(Gift, on_delete=models.PROTECT, related_name="draws")
    kind = models.CharField(max_length=10, choices=DrawKind.choices, default=DrawKind.DRAWN)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    drawn_at = models.DateTimeField()

    class Meta:
        ordering = ["drawn_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "gift", "kind"], name="fund_draw_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_draw_positive"),
        ]

    def __str__(self):
        return f"{self.kind} {self.amount}"


class FunderPayment(models.Model):
    """Money a matching funder paid for the gifts it matched."""

    fund = models.ForeignKey(MatchingFund, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    received_on = models.DateField(_("received on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_funder_payment_positive")
        ]

    def __str__(self):
        return f"{self.amount}"


# ------------------------------------------------------------------ the ledger


class MovementKind(models.TextChoices):
    PLEDGED = "pledged", _("Pledged")
    RECEIVED = "received", _("Received")
    MATCHED = "matched", _("Matched")
    GRANTED = "granted", _("Granted")
    DISBURSED = "disbursed", _("Disbursed")
    REFUNDED = "refunded", _("Refunded")
    CANCELLED = "cancelled", _("Pledge cancelled")
    RELEASED = "released", _("Matching released")


class Account(models.TextChoices):
    """The ledger's accounts. Assets: ``pledges`` (promised, not yet there),
    ``bank`` (money held: bank and cash), ``matching`` (what funders owe for the gifts
    they matched). Funds: ``campaign`` (raised for a campaign and its projects),
    ``general`` (not earmarked: grants are made from it), ``grants`` (granted, not yet
    paid)."""

    PLEDGES = "pledges", _("Pledges to receive")
    BANK = "bank", _("Bank and cash")
    MATCHING = "matching", _("Owed by matching funders")
    CAMPAIGN = "campaign", _("Raised for campaigns")
    GENERAL = "general", _("General funds")
    GRANTS = "grants", _("Grants to pay")


class Movement(models.Model):
    foundation = models.ForeignKey(Foundation, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(max_length=10, choices=MovementKind.choices)
    currency = models.CharField(max_length=3, choices=Currency.choices)
    occurred_at = models.DateTimeField()
    gift = models.ForeignKey(Gift, on_delete=models.PROTECT, null=True, related_name="movements")
    draw = models.ForeignKey(
        MatchDraw, on_delete=models.PROTECT, null=True, related_name="movements"
    )
    grant = models.ForeignKey(
        "fund.GrantDecision", on_delete=models.PROTECT, null=True, related_name="movements"
    )
    disbursement = models.ForeignKey(
        "fund.Disbursement", on_delete=models.PROTECT, null=True, related_name="movements"
    )
    bank_line = models.ForeignKey(
        "fund.BankLine", on_delete=models.PROTECT, null=True, related_name="movements"
    )
    payment = models.ForeignKey(
        FunderPayment, on_delete=models.PROTECT, null=True, related_name="movements"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["occurred_at", "pk"]

    def __str__(self):
        return f"{self.kind} {self.occurred_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRow("A movement of the ledger is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRow("A movement of the ledger is never deleted.")


class Line(models.Model):
    """One side of a movement: ``amount`` > 0 is a debit, < 0 a credit. The dimensions
    (campaign, project, matching fund, donor, grant call) say whose balance it is."""

    movement = models.ForeignKey(Movement, on_delete=models.PROTECT, related_name="lines")
    foundation = models.ForeignKey(Foundation, on_delete=models.PROTECT, related_name="+")
    account = models.CharField(max_length=10, choices=Account.choices)
    currency = models.CharField(max_length=3, choices=Currency.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, null=True, related_name="+")
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, null=True, related_name="+"
    )
    fund = models.ForeignKey(MatchingFund, on_delete=models.PROTECT, null=True, related_name="+")
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, null=True, related_name="+")
    call = models.ForeignKey(
        "fund.GrantCall", on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["movement", "pk"]
        indexes = [
            models.Index(fields=["foundation", "account", "currency"], name="fund_line_account"),
            models.Index(fields=["campaign", "account"], name="fund_line_campaign"),
            models.Index(fields=["project", "account"], name="fund_line_project"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="fund_line_not_zero"),
        ]

    def __str__(self):
        return f"{self.account} {self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRow("A line of the ledger is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRow("A line of the ledger is never deleted.")


from .models_bank import *  # noqa: E402, F403  (bank statements)
from .models_grants import *  # noqa: E402, F403  (grants)
from .models_receipts import *  # noqa: E402, F403  (receipts)
