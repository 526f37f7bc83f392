"""Entries of the permission matrix (tests/test_permissions.py) for requests from
outside, the availability search and the calendar feeds of shared premises.

- The public request page answers 404 to everyone for a private collective (its
  members included) and 200 to everyone on a public collective's site that takes
  requests.
- The list of requests and its decisions: coordinators.
- The availability search and the feeds' page: members and above; renewing a space's
  feed: coordinators; an organisation's: coordinators and the members who represent it
  (the world's member; the facilitator represents none: 403).
- A feed is read by its secret token, by anyone.
"""

from datetime import UTC, date, datetime

from maillage.premises import services_requests
from maillage.premises.models import Slot

from ..permission_helpers import everyone, in_collective
from .setting import build_site

NOW = datetime(2030, 6, 1, 10, 0, tzinfo=UTC)


def _site(w):
    return build_site(w, public_requests=True)


def site(w):
    return [w.collective.slug, _site(w).site.slug]


def room_request(w):
    premises = _site(w)
    asked = services_requests.submit_request(
        site=premises.site,
        name="Personne Externe",
        email="externe@example.org",
        purpose="Assemblée",
        people=4,
        day=date(2030, 6, 4),
        first_slot=Slot.MORNING,
        last_slot=Slot.MORNING,
        space=premises.small_room,
        consent_text="J'accepte.",
        now=NOW,
    )
    return [w.collective.slug, premises.site.slug, asked.pk]


def space(w):
    premises = _site(w)
    return [w.collective.slug, premises.site.slug, premises.small_room.pk]


def organisation(w):
    premises = _site(w)
    return [w.collective.slug, premises.site.slug, w.organisation.pk]


def feed(w):
    premises = _site(w)
    made = services_requests.renew_feed(
        actor=w.coordinator, site=premises.site, space=premises.small_room
    )
    return [w.collective.slug, premises.site.slug, made.token]


COORDINATORS = in_collective(200, minimum="coordinator")
DECIDED = in_collective(302, minimum="coordinator")
REPRESENTATIVES = {**in_collective(302, minimum="member"), "facilitator": 403}

MATRIX = {
    "premises:request": ("get", site, None, everyone(404)),
    "premises:requests": ("get", site, None, COORDINATORS),
    "premises:request_accept": ("post", room_request, None, DECIDED),
    "premises:request_hold": ("post", room_request, None, DECIDED),
    "premises:request_release": ("post", room_request, None, DECIDED),
    "premises:request_refuse": ("post", room_request, {"reason": "Complet"}, DECIDED),
    "premises:search": ("get", site, None, in_collective(200, minimum="member")),
    "premises:feeds": ("get", site, None, in_collective(200, minimum="member")),
    "premises:renew_space_feed": ("post", space, None, DECIDED),
    "premises:renew_organisation_feed": ("post", organisation, None, REPRESENTATIVES),
    "premises:feed": ("get", feed, None, everyone(200)),
}

PUBLIC_MATRIX = {
    "premises:request": ("get", site, None, everyone(200)),
    "premises:requests": (
        "get",
        site,
        None,
        in_collective(200, outsider=403, minimum="coordinator"),
    ),
    "premises:search": ("get", site, None, in_collective(200, outsider=403, minimum="member")),
}
