"""Entries of the permission matrix (tests/test_permissions.py) for prices and
statements of shared premises. Same shape as there.

Members (observers excepted, as for the week grid) read the price grid and their
organisation's statements page; coordinators change prices, issue, correct and mark
statements paid. A statement is read by the coordinators and by the members who
represent its organisation (the world's ``member``): the other members get 404, as if
it did not exist (observers 403: the premises are not theirs). A tenant's own versus
another organisation's: test_statements_views.py.
"""

from datetime import UTC, datetime
from decimal import Decimal

from maillage.premises import services_statements as services

from ..permission_helpers import in_collective
from .statements_setting import priced_site


def site(w):
    premises = priced_site(w)
    return [w.collective.slug, premises.site.slug]


def subscription(w):
    premises = priced_site(w)
    price = services.set_service_price(
        actor=w.coordinator,
        site=premises.site,
        category=premises.permanent,
        service="Conciergerie",
        amount=Decimal("35.00"),
    )
    taken = services.subscribe_service(actor=w.coordinator, tenancy=premises.tenancy, price=price)
    return [w.collective.slug, premises.site.slug, taken.pk]


def statement(w):
    premises = priced_site(w)
    (issued,) = services.issue_statements(
        actor=w.coordinator,
        site=premises.site,
        year=2030,
        month=3,
        now=datetime(2030, 4, 2, tzinfo=UTC),
    )
    return [w.collective.slug, premises.site.slug, issued.pk]


def tenant(status, *, outsider=404, coordinator=None):
    """The world's statement: its organisation's representative (the member) and the
    coordinators; 404 for the others of the collective."""
    return {
        "anonymous": 302,
        "outsider": outsider,
        "observer": 403,
        "member": status,
        "facilitator": 404,
        "coordinator": coordinator or status,
    }


def coordinators(status, outsider=404):
    return in_collective(status, outsider=outsider, minimum="coordinator")


def _entries(outsider):
    return {
        "premises:prices": (
            "get",
            site,
            None,
            in_collective(200, outsider=outsider, minimum="member"),
        ),
        "premises:price_service": ("post", site, {"service": ""}, coordinators(400, outsider)),
        "premises:service_subscribe": ("post", site, {}, coordinators(400, outsider)),
        "premises:service_unsubscribe": ("post", subscription, {}, coordinators(302, outsider)),
        "premises:statements": ("get", site, None, coordinators(200, outsider)),
        "premises:statements_issue": (
            "post",
            site,
            {"year": 2025, "month": 1},
            coordinators(302, outsider),
        ),
        "premises:statements_mine": (
            "get",
            site,
            None,
            in_collective(200, outsider=outsider, minimum="member"),
        ),
        "premises:statement": ("get", statement, None, tenant(200, outsider=outsider)),
        "premises:statement_pdf": ("get", statement, None, tenant(200, outsider=outsider)),
        "premises:statement_csv": ("get", statement, None, tenant(200, outsider=outsider)),
        "premises:statement_credit": (
            "get",
            statement,
            None,
            tenant(403, outsider=outsider, coordinator=200),
        ),
        "premises:statement_paid": (
            "post",
            statement,
            {"paid_on": "2030-04-20"},
            tenant(403, outsider=outsider, coordinator=302),
        ),
    }


MATRIX = _entries(outsider=404)
PUBLIC_MATRIX = _entries(outsider=403)
