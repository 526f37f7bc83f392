"""Entries of the permission matrix (tests/test_permissions.py) for the catalogue's
pages. Builders give the world's collective its catalogue (setting.py), where the
world's ``member`` is one of the people of the structure "Hospice général".

- Coordinators manage the whole catalogue (structures, import, export).
- The people of a structure (the member) edit it and its offers; the collective's other
  people (observer, facilitator) get 403.
- The public search and an offer's page: members of a private collective only (404 for
  anyone else); anyone on a public collective.
"""

from ..permission_helpers import everyone, in_collective
from .setting import build_catalogue


def collective(w):
    build_catalogue(w)
    return [w.collective.slug]


def hospice(w):
    return [w.collective.slug, build_catalogue(w).hospice.pk]


def qualife(w):
    return [w.collective.slug, build_catalogue(w).qualife.uuid]


def coordinators(status, **more):
    return in_collective(status, minimum="coordinator", **more)


def structure_people(status, **more):
    """Coordinators and the member, one of the people of the structure."""
    return {**coordinators(status, **more), "member": status}


MATRIX = {
    "orientation:structures": ("get", collective, None, structure_people(200)),
    "orientation:structure_create": ("get", collective, None, coordinators(200)),
    "orientation:export": ("get", collective, None, coordinators(200)),
    "orientation:import": ("get", collective, None, coordinators(200)),
    "orientation:structure": ("get", hospice, None, structure_people(200)),
    "orientation:structure_edit": ("get", hospice, None, structure_people(200)),
    "orientation:structure_checked": ("post", hospice, {}, structure_people(302)),
    "orientation:offer_create": ("get", hospice, None, structure_people(200)),
    "orientation:offer_edit": ("get", qualife, None, structure_people(200)),
    "orientation:offer_criteria": ("get", qualife, None, structure_people(200)),
    "orientation:offer_publish": ("post", qualife, {"published": "0"}, structure_people(302)),
    "orientation:offer_checked": ("post", qualife, {}, structure_people(302)),
    "orientation:search": ("get", collective, None, in_collective(200, anonymous=404)),
    "orientation:offer": ("get", qualife, None, in_collective(200, anonymous=404)),
}

PUBLIC_MATRIX = {
    "orientation:structures": ("get", collective, None, structure_people(200, outsider=403)),
    "orientation:structure": ("get", hospice, None, structure_people(200, outsider=403)),
    "orientation:export": ("get", collective, None, coordinators(200, outsider=403)),
    "orientation:search": ("get", collective, None, everyone(200)),
    "orientation:offer": ("get", qualife, None, everyone(200)),
}
