"""API matrix entries (tests/api/test_api_permissions.py) for the orientation catalogue.
The world's collective is private: its catalogue is read by its members (observers too),
as the public catalogue's pages; outsiders and anonymous visitors do not see it (404)."""

from ..orientation.setting import build_catalogue
from .setting import api_in_collective


def collective(w):
    build_catalogue(w)
    return [w.collective.slug]


def structure(w):
    return [w.collective.slug, build_catalogue(w).hospice.pk]


def offer(w):
    return [w.collective.slug, str(build_catalogue(w).qualife.uuid)]


MATRIX = {
    "get api:structure-list": (collective, None, api_in_collective(200)),
    "get api:structure-detail": (structure, None, api_in_collective(200)),
    "get api:offer-list": (collective, None, api_in_collective(200)),
    "get api:offer-detail": (offer, None, api_in_collective(200)),
}
