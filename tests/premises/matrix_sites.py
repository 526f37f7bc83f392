"""Entries of the permission matrix (tests/test_permissions.py) for the sites pages of
shared premises.

Same shape as there: name: (method, args builder or None, POST data, expected status by
persona). Builders get the world and build its site (tests/premises/setting.py).

Members and above read the sites and a site's page; observers do not (they book
nothing); only coordinators create and change sites, closed periods, spaces, reserved
desks and price categories. Outsiders never learn a private collective's site exists.
"""

from datetime import date

from maillage.premises.models import ClosedPeriod

from ..permission_helpers import in_collective
from .setting import build_site


def collective(w):
    return [w.collective.slug]


def site(w):
    return [w.collective.slug, build_site(w).site.slug]


def closed_period(w):
    built = build_site(w).site
    period = ClosedPeriod.objects.create(
        site=built, starts_on=date(2030, 12, 24), ends_on=date(2031, 1, 2), reason="Noël"
    )
    return [w.collective.slug, built.slug, period.pk]


def room(w):
    built = build_site(w)
    return [w.collective.slug, built.site.slug, built.small_room.pk]


def pool(w):
    built = build_site(w)
    return [w.collective.slug, built.site.slug, built.desks.pk]


def category(w):
    built = build_site(w)
    return [w.collective.slug, built.site.slug, built.occasional.pk]


def members(status, **more):
    return in_collective(status, minimum="member", **more)


def coordinators(status, **more):
    return in_collective(status, minimum="coordinator", **more)


MATRIX = {
    "premises:sites": ("get", collective, None, members(200)),
    "premises:site_create": ("get", collective, None, coordinators(200)),
    "premises:site": ("get", site, None, members(200)),
    "premises:site_edit": ("get", site, None, coordinators(200)),
    "premises:closed_add": (
        "post",
        site,
        {"closed-starts_on": "2030-08-01", "closed-ends_on": "2030-08-15", "closed-reason": "Été"},
        coordinators(302),
    ),
    "premises:holidays_add": ("post", site, {"holidays-year": "2030"}, coordinators(302)),
    "premises:closed_remove": ("post", closed_period, {}, coordinators(302)),
    "premises:space_add": ("get", site, None, coordinators(200)),
    "premises:space_edit": ("get", room, None, coordinators(200)),
    "premises:space_archive": ("post", room, {}, coordinators(302)),
    "premises:reserved_desks": ("get", pool, None, coordinators(200)),
    "premises:category_add": ("get", site, None, coordinators(200)),
    "premises:category_edit": ("get", category, None, coordinators(200)),
}

# On a public collective, outsiders see that it exists but not its premises.
PUBLIC_MATRIX = {
    "premises:sites": ("get", collective, None, members(200, outsider=403)),
    "premises:site": ("get", site, None, members(200, outsider=403)),
    "premises:site_edit": ("get", site, None, coordinators(200, outsider=403)),
}
