"""API matrix entries (tests/api/test_api_permissions.py) for events and their
registrations.

The event (tests/events/setting.py) is a published round table of the world's
private collective, organised by the facilitator: its members read it; only its
organiser reads and adds registrations (not the coordinators: registrants' data is
shown to the fewest). A change without a token is asked for one (401) first.
"""

from ..events.setting import build_event, register
from .setting import api_in_collective


def collective(w):
    return [w.collective.slug]


def event(w):
    return [w.collective.slug, build_event(w, public=False).pk]


def event_with_people(w):
    found = build_event(w, public=False)
    register(found, 1)
    return [w.collective.slug, found.pk]


ORGANISER = {**api_in_collective(200, below=403), "observer": 403, "member": 403}
ORGANISER |= {"coordinator": 403, "reader": 403}

# "method url-name": (args builder or None, JSON body or None, expected status by persona)
MATRIX = {
    "get api:event-list": (collective, None, api_in_collective(200)),
    "get api:event-detail": (event, None, api_in_collective(200)),
    "get api:registration-list": (event_with_people, None, ORGANISER),
    "post api:registration-list": (
        event,
        {"name": "Alix Martin", "email": "alix.martin@example.org"},
        {**ORGANISER, "facilitator": 201, "anonymous": 401},
    ),
}
