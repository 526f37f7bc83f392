"""What shared premises hold about a person, and how it is erased (core/personal.py).

- Bookings and series a person made with their account stay: they are the site's
  occupancy and what the statements billed. They keep their link to the account, which
  the account's deletion makes anonymous; the person's names are scrubbed from their
  "what for".
- A request for a room from someone without an account (matched by address): the
  requester's name, address and phone are erased as the retention job does
  (``services_requests.erase_requesters_data``), the request marked erased, and a
  request still waiting for an answer is cancelled (nobody is left to answer).
- Tenancy applications stay (they are the organisation's), their applicant anonymous
  with the account; the person's names are scrubbed from the free texts.
- Statements (the law keeps them) name no person: their issuer and payer are accounts,
  made anonymous by the account's deletion; their texts are never changed (a hash
  chain seals them).
- Calendar feeds belong to a space or an organisation, never to a person: they stay.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.core import personal

from .models import Booking, BookingSeries, BookingStatus, TenancyApplication
from .models_economics import ScenarioVersion
from .models_requests import RoomRequest


def _collective(site):
    return site.collective.name


def _requests(person):
    if not person.email:
        return Booking.objects.none()
    return person.within(
        Booking.objects.filter(person.by(email_field="requester_email")), "site__collective"
    )


def export(person):
    data = {}
    if person.user is not None:
        bookings = person.within(
            Booking.objects.filter(booked_by=person.user), "site__collective"
        ).select_related("site__collective", "space", "organisation")
        data["bookings"] = [
            {
                "collective": _collective(b.site),
                "site": b.site.name,
                "space": b.space.name,
                "date": personal.iso(b.date),
                "half_day": b.slot,
                "status": b.status,
                "organisation": b.organisation.name if b.organisation_id else None,
                "purpose": b.purpose,
                "people": b.people,
                "booked_at": personal.iso(b.created_at),
            }
            for b in bookings.order_by("starts_at", "pk")
        ]
        series = person.within(
            BookingSeries.objects.filter(booked_by=person.user), "site__collective"
        ).select_related("site__collective", "space")
        data["series"] = [
            {
                "collective": _collective(s.site),
                "site": s.site.name,
                "space": s.space.name,
                "rule": s.rule,
                "from": personal.iso(s.starts_on),
                "until": personal.iso(s.ends_on),
            }
            for s in series.order_by("starts_on", "pk")
        ]
        applications = person.within(
            TenancyApplication.objects.filter(applicant=person.user), "site__collective"
        ).select_related("site__collective", "organisation")
        data["tenancy_applications"] = [
            {
                "collective": _collective(a.site),
                "site": a.site.name,
                "organisation": a.organisation.name,
                "kind": a.kind,
                "from": personal.iso(a.starts_on),
                "people": a.people,
                "equipment": a.equipment,
                "activity": a.activity,
                "status": a.status,
                "submitted_at": personal.iso(a.submitted_at),
                "decided_at": personal.iso(a.decided_at),
                "reason": a.decision_reason,
            }
            for a in applications.order_by("submitted_at", "pk")
        ]
        notes = person.within(
            ScenarioVersion.objects.filter(created_by=person.user), "scenario__site__collective"
        ).select_related("scenario__site__collective")
        data["economic_scenarios"] = [
            {
                "collective": _collective(v.scenario.site),
                "scenario": v.scenario.name,
                "version": v.number,
                "note": v.note,
                "created_at": personal.iso(v.created_at),
            }
            for v in notes.order_by("created_at", "pk")
        ]
    requested = _requests(person).select_related("site__collective", "space")
    data["room_requests"] = [
        {
            "collective": _collective(b.site),
            "site": b.site.name,
            "space": b.space.name,
            "date": personal.iso(b.date),
            "half_day": b.slot,
            "status": b.status,
            "name": b.requester_name,
            "email": b.requester_email,
            "phone": b.requester_phone,
            "organisation": b.requester_organisation,
            "purpose": b.purpose,
            "people": b.people,
            "asked_at": personal.iso(b.created_at),
        }
        for b in requested.order_by("starts_at", "pk")
    ]
    return {kind: rows for kind, rows in data.items() if rows}


def _erase_requests(person, now):
    bookings = list(_requests(person).select_for_update(of=("self",)))
    if not bookings:
        return 0, 0
    person.names.update(b.requester_name for b in bookings if b.requester_name)
    pks = [b.pk for b in bookings]
    # A request still waiting is cancelled: nobody is left to answer.
    cancelled = Booking.objects.filter(pk__in=pks, status=BookingStatus.REQUESTED).update(
        status=BookingStatus.CANCELLED, cancelled_at=now
    )
    Booking.objects.filter(pk__in=pks).update(
        requester_name="", requester_email="", requester_phone="", version=F("version") + 1
    )
    requests = RoomRequest.objects.filter(bookings__in=pks, erased_at__isnull=True).distinct()
    for room_request in requests.select_related("site__collective"):
        room_request.erased_at = now
        room_request.save(update_fields=["erased_at"])
        log_action(
            actor=None,
            action="premises.requester_data_erased",
            obj=room_request,
            collective=room_request.site.collective,
        )
    return len(pks), cancelled


@transaction.atomic
def erase(person):
    now = timezone.now()
    requested, cancelled = _erase_requests(person, now)
    within = person.within
    texts = (
        personal.scrub_rows(within(Booking.objects.all(), "site__collective"), ["purpose"], person)
        + personal.scrub_rows(
            within(RoomRequest.objects.all(), "site__collective"), ["reason"], person
        )
        + personal.scrub_rows(
            within(TenancyApplication.objects.all(), "site__collective"),
            ["equipment", "activity", "decision_reason"],
            person,
        )
        + personal.scrub_rows(
            within(ScenarioVersion.objects.all(), "scenario__site__collective"), ["note"], person
        )
    )
    return {
        "requested_half_days_erased": requested,
        "room_requests_cancelled": cancelled,
        "texts_scrubbed": texts,
    }


personal.register("premises", export=export, erase=erase)
