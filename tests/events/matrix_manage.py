"""Entries of the permission matrix (tests/test_permissions.py) for the organisers'
pages of events.

Same shape as there: name: (method, args builder or None, POST data, expected
status by persona). Builders get the world and build an event of its (private)
collective, organised by the world's facilitator (tests/events/setting.py).

Everyone in the collective reads the list of events; facilitators and coordinators
create events and programmes; an event's organisers (the facilitator) and the
coordinators change it and see its page (the coordinator without the registrants);
ONLY its organisers see who registered, check people in and handle the waiting list:
not the coordinator.
"""

from maillage.events import services

from ..permission_helpers import in_collective
from .setting import build_event, register


def collective(w):
    return [w.collective.slug]


def event(w):
    return [w.collective.slug, build_event(w, public=False).pk]


def draft(w):
    return [w.collective.slug, build_event(w, public=False, publish=False).pk]


def waiting(w):
    """Someone on the waiting list, with a seat free to give (their address is not
    confirmed, so they were not promoted when the seat was added)."""
    built = build_event(w, public=False, capacity=1)
    register(built, 1)
    person = register(built, 2)
    services.set_capacity(actor=w.facilitator, event=built, capacity=2)
    return [w.collective.slug, built.pk, person.pk]


def confirmed(w):
    built = build_event(w, public=False)
    return [w.collective.slug, built.pk, register(built, 1).pk]


def programme(w):
    made = services.create_programme(
        actor=w.coordinator, collective=w.collective, title="Mois de l'innovation", slug="mois"
    )
    return [w.collective.slug, made.pk]


# The event's organiser (the facilitator) and the coordinators.
def editors(status):
    return in_collective(status, minimum="facilitator")


# The event's organisers only.
def organisers(status, **more):
    return {**in_collective(status, minimum="facilitator", **more), "coordinator": 403}


MATRIX = {
    "events:manage": ("get", collective, None, in_collective(200)),
    "events:create": ("get", collective, None, in_collective(200, minimum="facilitator")),
    "events:event_manage": ("get", event, None, editors(200)),
    "events:edit": ("get", event, None, editors(200)),
    "events:publish": ("post", draft, {}, editors(302)),
    "events:cancel_event": ("post", event, {}, editors(302)),
    "events:speaker_add": ("post", event, {"speaker-name": "Léa Martin"}, editors(302)),
    "events:question_add": (
        "post",
        event,
        {"question-label": "Régime alimentaire", "question-kind": "text"},
        editors(302),
    ),
    "events:report": ("get", event, None, editors(200)),
    # The registrations are on the event's page: the old address leads there.
    "events:registrations": ("get", event, None, organisers(302)),
    "events:capacity": ("post", event, {"capacity": "30"}, organisers(302)),
    "events:close": ("post", event, {}, organisers(302)),
    "events:reopen": ("post", event, {}, organisers(302)),
    "events:promote": ("post", waiting, {}, organisers(302)),
    "events:checkin": ("get", event, None, organisers(200)),
    "events:checkin_mark": ("post", confirmed, {"present": "1"}, organisers(302)),
    "events:walk_in": ("post", event, {"walk-in-name": "Sam Passant"}, organisers(302)),
    "events:sheet": ("get", event, None, organisers(200)),
    "events:programme_create": (
        "get",
        collective,
        None,
        in_collective(200, minimum="facilitator"),
    ),
    "events:programme_publish": (
        "post",
        programme,
        {},
        in_collective(302, minimum="facilitator"),
    ),
}

# On a public collective, outsiders learn the collective exists but see none of this.
PUBLIC_MATRIX = {
    "events:manage": ("get", collective, None, in_collective(200, outsider=403)),
    "events:event_manage": ("get", event, None, editors(200) | {"outsider": 403}),
    "events:edit": ("get", event, None, editors(200) | {"outsider": 403}),
    "events:registrations": ("get", event, None, organisers(302, outsider=403)),
    "events:checkin": ("get", event, None, organisers(200, outsider=403)),
    "events:sheet": ("get", event, None, organisers(200, outsider=403)),
}
