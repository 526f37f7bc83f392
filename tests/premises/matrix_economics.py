"""Entries of the permission matrix (tests/test_permissions.py) for the economic
model and occupancy of shared premises.

Same shape as there: name: (method, args builder or None, POST data, expected status
by persona). Builders get the world and build its site (tests/premises/setting.py)
with a scenario.

Coordinators only, members and the tenant's representative included out (403): the
economic model is the coordinators' working document, with every tenant's rent and the
site's costs in it, and occupancy shows who booked how much. Outsiders never learn the
site exists (404); on a public collective, which everyone may see, they are refused
(403): none of these pages is public.
"""

from maillage.premises import economics, services_economics

from ..permission_helpers import in_collective
from .setting import build_site

COORDINATORS = in_collective(200, minimum="coordinator")
SAVED = in_collective(302, minimum="coordinator")
# A public collective is seen by everyone logged in: its outsiders are refused (403).
PUBLIC_COORDINATORS = in_collective(200, minimum="coordinator", outsider=403)


def _premises(w):
    return build_site(w)


def site(w):
    premises = _premises(w)
    return [w.collective.slug, premises.site.slug]


def scenario(w):
    premises = _premises(w)
    version = services_economics.save_scenario(
        actor=w.coordinator, site=premises.site, name="2030", inputs=economics.SICOVAL_2013
    )
    return [w.collective.slug, premises.site.slug, version.scenario.pk]


def _form(name, base_version=None):
    data = {"name": name, "note": "", "currency": "EUR", "owner_rent_period": "year"}
    inputs = economics.SICOVAL_2013
    for key in economics.FIELDS:
        data[key] = inputs[key]
    data["later"] = "on"
    for row in inputs["kinds"]:
        for key in economics.KIND_FIELDS:
            data[f"{row['kind']}_{key}"] = row[key]
    if base_version is not None:
        data["base_version"] = base_version
    return data


NEW = _form("Nouveau")
EDIT = _form("2030", base_version=1)

MATRIX = {
    "premises:economics": ("get", site, None, COORDINATORS),
    "premises:scenario_create": ("post", site, NEW, SAVED),
    "premises:scenario_compare": ("get", site, None, COORDINATORS),
    "premises:scenario": ("get", scenario, None, COORDINATORS),
    "premises:scenario_edit": ("post", scenario, EDIT, SAVED),
    "premises:scenario_xlsx": ("get", scenario, None, COORDINATORS),
    "premises:occupancy": ("get", site, None, COORDINATORS),
}

PUBLIC_MATRIX = {
    "premises:economics": ("get", site, None, PUBLIC_COORDINATORS),
    "premises:scenario": ("get", scenario, None, PUBLIC_COORDINATORS),
    "premises:occupancy": ("get", site, None, PUBLIC_COORDINATORS),
}
