"""What the foundation holds about a person, and how it is erased (core/personal.py).

- A donor (matched by address: donors have no account) is erased through
  ``services_donors.erase_donor``: name, address and e-mail address gone, the name
  replaced by the donor's pseudonym; their gifts and the ledger stay (the accounts),
  their messages cleared, standing orders ended, the bank lines matched to their gifts
  anonymous (and the donor's name scrubbed from bank lines' remittance texts); receipts
  (the law keeps them) pseudonymised.
- A treasurer's account no longer holds the foundation's keys (removed from its
  treasurers). What members did (campaigns, news, grant applications, scores, conflicts
  of interest, decisions, disbursements) is the foundation's work and stays, tied to the
  account that the account's deletion makes anonymous; the person's names are scrubbed
  from the committee's and the reports' free texts.
"""

from django.db import transaction

from maillage.core import personal

from .models import BankLine, Donor, Foundation
from .models_grants import Application, Conflict, Disbursement, GrantDecision, GrantReport, Score
from .services_donors import erase_donor

FOUNDATION = "foundation__collective"


def _money(amount, currency):
    return {"amount": str(amount), "currency": currency}


def _donors(person):
    if not person.email:
        return Donor.objects.none()
    return person.within(Donor.objects.filter(person.by(email_field="email")), FOUNDATION)


def _donor(donor):
    return {
        "collective": donor.foundation.collective.name,
        "foundation": donor.foundation.name,
        "name": donor.name,
        "email": donor.email,
        "address": donor.address,
        "kind": donor.kind,
        "since": personal.iso(donor.created_at),
        "gifts": [
            {
                **_money(g.amount, g.currency),
                "campaign": g.campaign.title if g.campaign_id else None,
                "how": g.method,
                "status": g.status,
                "pledged_at": personal.iso(g.pledged_at),
                "received_on": personal.iso(g.received_on),
                "message": g.message,
                "name_shown": g.shown,
            }
            for g in donor.gifts.select_related("campaign").order_by("pledged_at", "pk")
        ],
        "standing_orders": [
            {
                **_money(m.amount, m.currency),
                "from": personal.iso(m.starts_on),
                "ended_at": personal.iso(m.ended_at),
            }
            for m in donor.monthlies.order_by("starts_on", "pk")
        ],
        "receipts": [
            {
                "number": r.number,
                "year": r.year,
                **_money(r.amount, r.currency),
                "issued_at": personal.iso(r.issued_at),
                "name": r.donor_name,
                "address": r.donor_address,
            }
            for r in donor.receipts.order_by("issued_at", "pk")
        ],
    }


def export(person):
    data = {
        "donor": [
            _donor(d) for d in _donors(person).select_related(FOUNDATION).order_by("created_at")
        ]
    }
    if person.user is not None:
        user, within = person.user, person.within
        data["treasurer_of"] = [
            {"collective": f.collective.name, "foundation": f.name}
            for f in within(Foundation.objects.filter(treasurers=user)).select_related("collective")
        ]
        applications = within(Application.objects.filter(applicant=user), FOUNDATION)
        data["grant_applications"] = [
            {
                "collective": a.foundation.collective.name,
                "call": a.call.title,
                "title": a.title,
                **_money(a.amount, a.call.currency),
                "status": a.status,
                "submitted_at": personal.iso(a.submitted_at),
            }
            for a in applications.select_related(FOUNDATION, "call").order_by("submitted_at")
        ]
        scores = within(Score.objects.filter(member=user), f"application__{FOUNDATION}")
        data["scores_given"] = [
            {
                "collective": s.application.foundation.collective.name,
                "application": s.application.title,
                "criterion": s.criterion.label,
                "value": s.value,
                "comment": s.comment,
                "scored_at": personal.iso(s.scored_at),
            }
            for s in scores.select_related(f"application__{FOUNDATION}", "criterion").order_by(
                "scored_at", "pk"
            )
        ]
        conflicts = within(Conflict.objects.filter(member=user), f"application__{FOUNDATION}")
        data["conflicts_declared"] = [
            {
                "collective": c.application.foundation.collective.name,
                "application": c.application.title,
                "reason": c.reason,
                "declared_at": personal.iso(c.declared_at),
            }
            for c in conflicts.select_related(f"application__{FOUNDATION}").order_by(
                "declared_at", "pk"
            )
        ]
    return {kind: rows for kind, rows in data.items() if rows}


@transaction.atomic
def erase(person):
    donors = 0
    for donor in _donors(person).filter(erased_at__isnull=True).order_by("pk"):
        person.names.add(donor.name)
        erase_donor(actor=None, donor=donor)
        donors += 1
    treasurer = 0
    if person.user is not None:
        for foundation in person.within(Foundation.objects.filter(treasurers=person.user)):
            foundation.treasurers.remove(person.user)
            treasurer += 1
    within = person.within
    texts = (
        personal.scrub_rows(
            within(Score.objects.all(), f"application__{FOUNDATION}"), ["comment"], person
        )
        + personal.scrub_rows(
            within(Conflict.objects.all(), f"application__{FOUNDATION}"), ["reason"], person
        )
        + personal.scrub_rows(within(GrantDecision.objects.all(), FOUNDATION), ["reasons"], person)
        + personal.scrub_rows(within(Disbursement.objects.all(), FOUNDATION), ["note"], person)
        + personal.scrub_rows(
            within(GrantReport.objects.all(), f"application__{FOUNDATION}"), ["text"], person
        )
        + personal.scrub_rows(within(BankLine.objects.all(), FOUNDATION), ["remittance"], person)
    )
    return {"donors_erased": donors, "treasurer_roles_left": treasurer, "texts_scrubbed": texts}


personal.register("fund", export=export, erase=erase)
