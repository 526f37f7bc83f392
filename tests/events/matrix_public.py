"""Entries of the permission matrix (tests/test_permissions.py) for the public pages
of events.

Same shape as there: name: (method, args builder or None, POST data, expected
status by persona). Builders get the world and build a published round table
(tests/events/setting.py).

The agenda, event (and its calendar file), programme and feeds of a public collective
are for everyone, anonymous visitors included; a private collective's answer 404 to
everyone, its members too (they have the management pages). A registration's pages are
reached by the secret key of its e-mail, whoever is logged in, whatever the collective.
"""

from maillage.events import services

from ..permission_helpers import everyone
from .setting import build_event, register

REGISTRATION = {"name": "Personne 9", "email": "personne9@example.org"}


def collective(w):
    return [w.collective.slug]


def _event(w, public):
    return build_event(w, public=public)


def private_event(w):
    return [w.collective.slug, _event(w, public=False).pk]


def public_event(w):
    return [w.collective.slug, _event(w, public=True).pk]


def _programme(w, public):
    programme = services.create_programme(
        actor=w.coordinator, collective=w.collective, title="Mois", slug="mois"
    )
    services.publish_programme(actor=w.coordinator, programme=programme)
    build_event(w, public=public, programme=programme)
    return [w.collective.slug, programme.slug]


def private_programme(w):
    return _programme(w, public=False)


def public_programme(w):
    return _programme(w, public=True)


def private_key(w):
    return [register(_event(w, public=False), 1).key]


def public_key(w):
    return [register(_event(w, public=True), 1).key]


MATRIX = {
    "events:agenda": ("get", collective, None, everyone(404)),
    "events:ical_feed": ("get", collective, None, everyone(404)),
    "events:atom_feed": ("get", collective, None, everyone(404)),
    "events:programme": ("get", private_programme, None, everyone(404)),
    "events:event": ("get", private_event, None, everyone(404)),
    "events:event_ics": ("get", private_event, None, everyone(404)),
    "events:register": ("post", private_event, REGISTRATION, everyone(404)),
    "events:registration_sent": ("get", private_event, None, everyone(404)),
    "events:registration": ("get", private_key, None, everyone(200)),
    "events:confirm": ("post", private_key, None, everyone(302)),
    "events:cancel": ("post", private_key, None, everyone(302)),
    "events:delete": ("post", private_key, None, everyone(302)),
}

PUBLIC_MATRIX = {
    "events:agenda": ("get", collective, None, everyone(200)),
    "events:ical_feed": ("get", collective, None, everyone(200)),
    "events:atom_feed": ("get", collective, None, everyone(200)),
    "events:programme": ("get", public_programme, None, everyone(200)),
    "events:event": ("get", public_event, None, everyone(200)),
    "events:event_ics": ("get", public_event, None, everyone(200)),
    "events:register": ("post", public_event, REGISTRATION, everyone(302)),
    "events:registration_sent": ("get", public_event, None, everyone(200)),
    "events:registration": ("get", public_key, None, everyone(200)),
    "events:confirm": ("post", public_key, None, everyone(302)),
    "events:cancel": ("post", public_key, None, everyone(302)),
    "events:delete": ("post", public_key, None, everyone(302)),
}
