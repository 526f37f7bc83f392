"""What orientation holds about a person, and how it is erased (core/personal.py).

- Referrals of the person (the one referred, matched by address): their name, contact,
  need, the receiving structure's comment and the document are erased as the retention
  job does (``services_referrals.erase_expired``: ``erase_referral_data``); the offer,
  the dates, the status and the reason stay for the counts of non-take-up. A referral
  still open can then no longer be answered (the services refuse it).
- Referrals a professional sent or decided: the work stays (the receiving structure
  needs it), their link to the account made anonymous by the account's deletion; the
  person's names are scrubbed from the referrals' free texts.
- An offer's or a structure's contact who is the person (matched by address): their
  address and name blanked; the offer stays in the catalogue.
- Hand-over codes hold questionnaire answers under a code and no name, address or
  account: nothing ties one to a person, so there is nothing to find or erase (they
  expire after ORIENTATION_HANDOVER_DAYS).
"""

from django.db import transaction
from django.utils import timezone

from maillage.core import personal

from .models import Offer, Structure
from .models_referrals import Referral
from .services_referrals import erase_referral_data


def _referred(person):
    if not person.email:
        return Referral.objects.none()
    return person.within(
        Referral.objects.filter(person.by(email_field="email")), "offer__structure__collective"
    )


def _referral(referral, **more):
    return {
        "collective": referral.offer.structure.collective.name,
        "offer": referral.offer.name,
        "structure": referral.offer.structure.name,
        "sent_at": personal.iso(referral.created_at),
        "status": referral.status,
        "reason": referral.reason,
        "decided_at": personal.iso(referral.decided_at),
        **more,
    }


def export(person):
    related = ("offer__structure__collective",)
    data = {
        "referrals_of_me": [
            _referral(
                r,
                first_name=r.first_name,
                last_name=r.last_name,
                phone=r.phone,
                email=r.email,
                language=r.language,
                need=r.need,
                comment=r.comment,
                consent_text=r.consent_text,
                consent_at=personal.iso(r.consent_at),
                document=bool(r.document),
            )
            for r in _referred(person).select_related(*related).order_by("created_at", "pk")
        ]
    }
    if person.user is not None:
        sent = person.within(
            Referral.objects.filter(sender=person.user), "offer__structure__collective"
        )
        # The people referred are not the sender's data: only the work, without them.
        data["referrals_sent"] = [
            _referral(r) for r in sent.select_related(*related).order_by("created_at", "pk")
        ]
        decided = person.within(
            Referral.objects.filter(decided_by=person.user), "offer__structure__collective"
        )
        data["referrals_decided"] = [
            _referral(r) for r in decided.select_related(*related).order_by("created_at", "pk")
        ]
    if person.email:
        offers = person.within(
            Offer.objects.filter(person.by(email_field="email")), "structure__collective"
        ).select_related("structure__collective")
        data["offers_i_am_the_contact_of"] = [
            {
                "collective": o.structure.collective.name,
                "offer": o.name,
                "contact_name": o.contact_name,
                "email": o.email,
                "phone": o.phone,
            }
            for o in offers.order_by("pk")
        ]
        structures = person.within(
            Structure.objects.filter(person.by(email_field="email")), "collective"
        ).select_related("collective")
        data["structures_i_am_the_contact_of"] = [
            {"collective": s.collective.name, "structure": s.name, "email": s.email}
            for s in structures.order_by("pk")
        ]
    return {kind: rows for kind, rows in data.items() if rows}


@transaction.atomic
def erase(person):
    now = timezone.now()
    referrals = 0
    for referral in _referred(person).filter(erased_at__isnull=True).order_by("pk"):
        person.names.update(
            name for name in (referral.person_name, referral.first_name, referral.last_name) if name
        )
        erase_referral_data(referral=referral, now=now)
        referrals += 1
    contacts = 0
    if person.email:
        offers = person.within(
            Offer.objects.filter(person.by(email_field="email")), "structure__collective"
        ).select_for_update(of=("self",))
        for offer in offers:
            if offer.contact_name:
                person.names.add(offer.contact_name)
            contacts += Offer.objects.filter(pk=offer.pk).update(
                contact_name="", email="", updated_at=now
            )
        contacts += person.within(
            Structure.objects.filter(person.by(email_field="email")), "collective"
        ).update(email="")
    texts = personal.scrub_rows(
        person.within(Referral.objects.all(), "offer__structure__collective"),
        ["need", "comment"],
        person,
    ) + personal.scrub_rows(
        person.within(Offer.objects.all(), "structure__collective"),
        ["contact_name", "how_to_apply"],
        person,
    )
    return {"referrals_erased": referrals, "contacts_erased": contacts, "texts_scrubbed": texts}


personal.register("orientation", export=export, erase=erase)
