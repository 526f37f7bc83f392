"""How the agreements changes read in the collective's log (audit.history): staff
lending between members and skills sponsorship offers (by numbers and codes)."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Choice, Date, Field, Number, Reference, register

from .models import AgreementStatus, OfferStatus

MEMBER = Reference("employers.Employer", "organisation__name")
LENDING = {
    "lender": Field(_("Lending member"), MEMBER),
    "borrower": Field(_("Borrowing member"), MEMBER),
    "post": Field(_("Post lent")),
    "starts_on": Field(_("From"), Date()),
    "ends_on": Field(_("To"), Date()),
    "hours_per_week": Field(_("Hours a week"), Number()),
    "hourly_cost": Field(_("Wages and charges an hour"), Number()),
    "support": Field(_("Support")),
    "status": Field(_("Status"), Choice(AgreementStatus.choices)),
}
SPONSORSHIP = {
    "sponsor": Field(_("Sponsor"), Reference("collectives.Organisation", "name")),
    "skill": Field(_("Skill offered")),
    "hours": Field(_("Hours offered"), Number()),
    "starts_on": Field(_("From"), Date()),
    "ends_on": Field(_("To"), Date()),
    "beneficiary": Field(_("Member it goes to"), MEMBER),
    "status": Field(_("Status"), Choice(OfferStatus.choices)),
}

register(
    [
        "employers.lending_added",
        "employers.lending_changed",
        "employers.lending_signed",
        "employers.lending_ended",
    ],
    LENDING,
)
register(
    [
        "employers.sponsorship_added",
        "employers.sponsorship_changed",
        "employers.sponsorship_assigned",
        "employers.sponsorship_closed",
    ],
    SPONSORSHIP,
)
