"""What the events app holds about a person, and how it is erased (core/personal.py).

Export: the person's registrations (found by their address: a registrant needs no
account), with their answers; the events and programmes they organise or created; the
talks they give (a speaker named like them).

Erase: a registration row stays, so that the event's counts (registered, waiting,
present) stay true, but it no longer says who: the name becomes "deleted person", the
address, the answers and the network hash are blanked, and the key changes so that the
links already e-mailed stop working. A registration to an event still to come is
cancelled first (its seat goes to the next person waiting), as when the person deletes
it from their link. A speaker named like the person becomes "deleted person". Free
texts (descriptions, reports) that name the person are scrubbed.
"""

from django.db.models import Q
from django.utils import timezone

from maillage.core import personal

from .models import Event, Programme, Registration, Speaker, new_key
from .services_common import CANCELLED
from .services_registrations import delete_registration


def _registrations(person):
    return person.within(
        Registration.objects.filter(person.by(email_field="email")), "event__collective"
    )


def _event(event):
    return {
        "collective": event.collective.name,
        "event": event.title,
        "starts_at": personal.iso(event.starts_at),
    }


def export(person):
    user = person.user
    registrations = _registrations(person).select_related("event__collective")
    data = {
        "registrations": [
            _event(r.event)
            | {
                "name": r.name,
                "email": r.email,
                "status": r.status,
                "answers": r.answers,
                "walk_in": r.walk_in,
                "registered_at": personal.iso(r.created_at),
                "cancelled_at": personal.iso(r.cancelled_at),
                "checked_in_at": personal.iso(r.checked_in_at),
            }
            for r in registrations.order_by("created_at", "pk")
        ],
        "speaker_at": [
            _event(s.event) | {"name": s.name, "role": s.role, "organisation": s.organisation}
            for s in person.within(
                Speaker.objects.filter(person.named("name")).select_related("event__collective"),
                "event__collective",
            ).order_by("event__starts_at", "pk")
        ],
    }
    if user is not None:
        events = person.within(Event.objects.select_related("collective"))
        data["events"] = [
            _event(event)
            | {
                "your_part": [
                    role
                    for role, yes in (
                        ("organiser", event.organisers.filter(pk=user.pk).exists()),
                        ("created", event.created_by_id == user.pk),
                    )
                    if yes
                ]
            }
            for event in events.filter(Q(organisers=user) | Q(created_by=user))
            .distinct()
            .order_by("starts_at", "pk")
        ]
        data["programmes_created"] = [
            {"collective": p.collective.name, "programme": p.title}
            for p in person.within(
                Programme.objects.filter(created_by=user).select_related("collective")
            ).order_by("pk")
        ]
    return {kind: rows for kind, rows in data.items() if rows}


def erase(person):
    now = timezone.now()
    erased = 0
    for registration in _registrations(person).select_related("event").order_by("pk"):
        if registration.name:
            person.names.add(registration.name)
        if (
            registration.event.ends_at > now
            and registration.status != CANCELLED
            and not registration.erased_at
        ):
            # Its seat goes to the next person waiting, as when they delete it themselves.
            registration = delete_registration(registration=registration, now=now)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.name = personal.deleted_name()
        registration.email = ""
        registration.answers = {}
        registration.ip_hash = ""
        registration.key = new_key()
        registration.erased_at = registration.erased_at or now
        registration.save(update_fields=["name", "email", "answers", "ip_hash", "key", "erased_at"])
        erased += 1
    speakers = person.within(
        Speaker.objects.filter(person.named("name")), "event__collective"
    ).update(name=personal.deleted_name())
    texts = personal.scrub_rows(
        person.within(Event.objects.all()),
        ["title", "description", "description_html", "report", "report_html"],
        person,
    ) + personal.scrub_rows(
        person.within(Programme.objects.all()), ["title", "description", "description_html"], person
    )
    counts = {"registrations": erased, "speakers": speakers, "texts": texts}
    return {what: count for what, count in counts.items() if count}


personal.register("events", export=export, erase=erase)
