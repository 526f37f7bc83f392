"""Entries of the permission matrix (tests/test_permissions.py) for the tenancy pages
of shared premises.

Builders get the world and build its site (tests/premises/setting.py), where the
world's organisation, which the world's ``member`` represents, is a permanent tenant.

Members and above apply for a tenancy (for an organisation they represent); only
coordinators list and decide applications and change or end tenancies; an application
and a tenancy are read by the coordinators and by the people who represent its
organisation (the member), never by the collective's other people.
"""

from datetime import date

from maillage.premises import services_tenancy

from ..permission_helpers import in_collective
from .setting import build_site


def site(w):
    return [w.collective.slug, build_site(w).site.slug]


def application(w):
    built = build_site(w)
    made = services_tenancy.apply_for_tenancy(
        user=w.member,
        site=built.site,
        organisation=w.organisation,
        kind="part_time",
        weekdays=[1, 3],
        starts_on=date(2030, 9, 1),
    )
    return [w.collective.slug, built.site.slug, made.pk]


def tenancy(w):
    built = build_site(w)
    return [w.collective.slug, built.site.slug, built.tenancy.pk]


def members(status, **more):
    return in_collective(status, minimum="member", **more)


def coordinators(status, **more):
    return in_collective(status, minimum="coordinator", **more)


def representatives(status, **more):
    """Coordinators and the member, who represents the organisation."""
    return {**coordinators(status, **more), "member": status}


MATRIX = {
    "premises:apply": ("get", site, None, members(200)),
    "premises:applications": ("get", site, None, coordinators(200)),
    "premises:application": ("get", application, None, representatives(200)),
    # An empty decision: the coordinator gets the form back with its errors (400).
    "premises:accept_application": ("post", application, {}, coordinators(400)),
    "premises:refuse_application": (
        "post",
        application,
        {"refuse-reason": "Pas de place"},
        coordinators(302),
    ),
    "premises:tenancies": ("get", site, None, members(200)),
    "premises:tenancy": ("get", tenancy, None, representatives(200)),
    "premises:tenancy_edit": ("get", tenancy, None, coordinators(200)),
    "premises:tenancy_end": ("post", tenancy, {"end-ends_on": "2031-06-30"}, coordinators(302)),
}

PUBLIC_MATRIX = {
    "premises:tenancy": ("get", tenancy, None, representatives(200, outsider=403)),
}
