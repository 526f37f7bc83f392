"""How the foundation's settings and its campaigns read in the collective's log
(audit.history): codes, dates, amounts and ids, never a donor's name nor the provider's
key."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Choice, Date, Field, Money, Number, Reference, YesNo, register
from maillage.audit.models import ACTION_LABELS

from .models import CampaignStatus, Currency, FrenchStatus, FundingMode

FOUNDATION = {
    "name": Field(_("Name")),
    "purpose": Field(_("Purpose")),
    "address": Field(_("Postal address")),
    "public": Field(_("Campaigns, calls and transparency page public"), YesNo()),
    "fr_receipts": Field(_("Issues French tax receipts"), YesNo()),
    "fr_status": Field(_("Status for French receipts"), Choice(FrenchStatus.choices)),
    "ch_certificates": Field(_("Issues Swiss donation certificates"), YesNo()),
    "ch_exemption": Field(_("Swiss tax exemption")),
    "signatory": Field(_("Who signs the receipts")),
    "creditor_name": Field(_("Account holder")),
    "creditor_address": Field(_("Account holder's address")),
    "iban_chf": Field(_("IBAN for francs")),
    "iban_eur": Field(_("IBAN for euros")),
    "bic_eur": Field(_("BIC for euros")),
    "provider": Field(_("Payment provider")),
    "provider_key_set": Field(_("Provider's API key given"), YesNo()),
    "treasurers": Field(_("Treasurers")),
}

CAMPAIGN = {
    "title": Field(_("Title")),
    "goal": Field(_("Goal"), Money()),
    "currency": Field(_("Currency"), Choice(Currency.choices)),
    "mode": Field(_("Mode"), Choice(FundingMode.choices)),
    "starts_on": Field(_("Starts on"), Date()),
    "ends_on": Field(_("Ends on"), Date()),
    "status": Field(_("Status"), Choice(CampaignStatus.choices)),
    "needs": Field(_("Funding needs")),
    "early": Field(_("Closed before its last day"), YesNo()),
    "refunded": Field(_("Gifts refunded"), Number()),
    "cancelled": Field(_("Promises cancelled"), Number()),
    "news": Field(_("News")),
    "project": Field(_("Project"), Reference("projects.Project", "title")),
}

register(["fund.foundation_created", "fund.foundation_changed"], FOUNDATION)
register(
    [
        "fund.campaign_created",
        "fund.campaign_changed",
        "fund.campaign_opened",
        "fund.campaign_closed",
        "fund.news_added",
    ],
    CAMPAIGN,
)

ACTION_LABELS.update(
    {
        "fund.foundation_created": _("Foundation created"),
        "fund.foundation_changed": _("Foundation's settings changed"),
        "fund.campaign_created": _("Campaign created"),
        "fund.campaign_changed": _("Campaign changed"),
        "fund.campaign_opened": _("Campaign opened"),
        "fund.campaign_closed": _("Campaign closed"),
        "fund.news_added": _("Campaign news published"),
    }
)
