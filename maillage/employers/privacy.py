"""What an employer group holds about a person, and how it is erased (core/personal.py).

The group's data are its employers' needs, the planner's runs, the jobs kept, the
exclusions, lending agreements and sponsorship offers: the employers' work, written by
their people's accounts. No row keeps a name, an address or a phone typed for someone:
the people are accounts (``created_by``, ``requested_by``, ``kept_by``), made anonymous
by the account's deletion. The work stays; the person's names are scrubbed from the free
texts where someone may have named them (a need's note, an exclusion's reason, a post
lent, a sponsorship's description).
"""

from django.db import transaction

from maillage.core import personal

from .models import Exclusion, Job, LendingAgreement, Need, Run, SponsorshipOffer


def export(person):
    if person.user is None:
        return {}
    user, within = person.user, person.within
    needs = within(Need.objects.filter(created_by=user), "employer__group__collective")
    runs = within(Run.objects.filter(requested_by=user), "group__collective")
    jobs = within(Job.objects.filter(kept_by=user), "group__collective")
    exclusions = within(Exclusion.objects.filter(created_by=user), "group__collective")
    lendings = within(LendingAgreement.objects.filter(created_by=user), "group__collective")
    offers = within(SponsorshipOffer.objects.filter(created_by=user), "group__collective")
    data = {
        "needs": [
            {
                "collective": n.employer.group.collective.name,
                "employer": n.employer.organisation.name,
                "family": n.family.name,
                "site": n.site.name,
                "from": personal.iso(n.starts_on),
                "note": n.note,
                "created_at": personal.iso(n.created_at),
                "withdrawn_at": personal.iso(n.withdrawn_at),
            }
            for n in needs.select_related(
                "employer__group__collective", "employer__organisation", "family", "site"
            ).order_by("created_at", "pk")
        ],
        "planner_runs": [
            {
                "collective": r.group.collective.name,
                "week": r.week,
                "status": r.status,
                "requested_at": personal.iso(r.requested_at),
            }
            for r in runs.select_related("group__collective").order_by("requested_at", "pk")
        ],
        "jobs_kept": [
            {
                "collective": j.group.collective.name,
                "title": j.title,
                "kept_at": personal.iso(j.kept_at),
            }
            for j in jobs.select_related("group__collective").order_by("kept_at", "pk")
        ],
        "exclusions": [
            {
                "collective": e.group.collective.name,
                "reason": e.reason,
                "created_at": personal.iso(e.created_at),
            }
            for e in exclusions.select_related("group__collective").order_by("created_at", "pk")
        ],
        "lending_agreements": [
            {
                "collective": a.group.collective.name,
                "lender": a.lender.organisation.name,
                "borrower": a.borrower.organisation.name,
                "post": a.post,
                "from": personal.iso(a.starts_on),
                "to": personal.iso(a.ends_on),
                "created_at": personal.iso(a.created_at),
            }
            for a in lendings.select_related(
                "group__collective", "lender__organisation", "borrower__organisation"
            ).order_by("created_at", "pk")
        ],
        "sponsorship_offers": [
            {
                "collective": o.group.collective.name,
                "sponsor": o.sponsor.name,
                "skill": o.skill,
                "description": o.description,
                "created_at": personal.iso(o.created_at),
            }
            for o in offers.select_related("group__collective", "sponsor").order_by(
                "created_at", "pk"
            )
        ],
    }
    return {kind: rows for kind, rows in data.items() if rows}


@transaction.atomic
def erase(person):
    within = person.within
    texts = (
        personal.scrub_rows(
            within(Need.objects.all(), "employer__group__collective"), ["note"], person
        )
        + personal.scrub_rows(
            within(Exclusion.objects.all(), "group__collective"), ["reason"], person
        )
        + personal.scrub_rows(
            within(LendingAgreement.objects.all(), "group__collective"), ["post"], person
        )
        + personal.scrub_rows(
            within(SponsorshipOffer.objects.all(), "group__collective"), ["description"], person
        )
    )
    return {"texts_scrubbed": texts}


personal.register("employers", export=export, erase=erase)
