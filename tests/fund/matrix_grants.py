"""Entries of the permission matrix (tests/test_permissions.py) for the foundation's
grants (tests/fund/setting.py: a call being reviewed, the world's member and coordinator
on its committee, an application by the world's observer; the facilitator is the
foundation's treasurer).

- The calls and a call's page: every member (and anyone when the collective is public);
  making, changing, opening and closing a call and adding a criterion: the coordinators.
- Applying and one's own applications: every member with an account (anyone with an
  account when the collective is public).
- An application: its applicant, the committee, the coordinators and the treasurers;
  scoring it and declaring a conflict: the committee; deciding: the coordinators; paying
  it: the treasurers and coordinators; its reports: the applicant writes, the
  coordinators accept; withdrawing it: the applicant.
- Outsiders never learn a private collective's foundation exists (404).
"""

from decimal import Decimal

from django.utils import timezone

from maillage.fund.models import GrantReport

from ..permission_helpers import everyone, in_collective, logged_in
from .setting import build_foundation

MEMBERS = in_collective(200)
COORDINATORS = in_collective(200, minimum="coordinator")
COORDINATORS_POST = {**in_collective(403, minimum="coordinator"), "coordinator": 302}
READERS = {**in_collective(200), "observer": 200}  # applicant, committee, treasurer, coordinator
MONEY = {**in_collective(200, minimum="facilitator")}
APPLICANT = {**in_collective(403), "observer": 200}
APPLICANT_POST = {**in_collective(403), "observer": 302}
# The committee: a POST without scores shows the form again with its errors (400).
COMMITTEE_SCORE = {**in_collective(403), "member": 400, "coordinator": 400}
COMMITTEE_POST = {**in_collective(403), "member": 302, "coordinator": 302}


def collective(w):
    build_foundation(w)
    return [w.collective.slug]


def call(w):
    return [w.collective.slug, build_foundation(w).call.pk]


def application(w):
    return [w.collective.slug, build_foundation(w).application.pk]


def report(w):
    fund = build_foundation(w)
    made = GrantReport.objects.create(
        application=fund.application,
        kind=GrantReport.Kind.INTERIM,
        text="Premiers mois.",
        spent=Decimal("100.00"),
        submitted_at=timezone.now(),
    )
    return [w.collective.slug, fund.application.pk, made.pk]


MATRIX = {
    "fund:calls": ("get", collective, None, MEMBERS),
    "fund:call_add": ("get", collective, None, COORDINATORS),
    "fund:call": ("get", call, None, MEMBERS),
    "fund:call_edit": ("get", call, None, COORDINATORS),
    "fund:call_open": ("post", call, None, COORDINATORS_POST),
    "fund:call_close": ("post", call, None, COORDINATORS_POST),
    "fund:criterion_add": ("get", call, None, COORDINATORS),
    "fund:apply": ("get", call, None, MEMBERS),
    "fund:my_applications": ("get", collective, None, MEMBERS),
    "fund:application": ("get", application, None, READERS),
    "fund:application_withdraw": ("post", application, None, APPLICANT_POST),
    "fund:conflict_declare": ("post", application, {"reason": "Voisine"}, COMMITTEE_POST),
    "fund:score": ("post", application, None, COMMITTEE_SCORE),
    "fund:decide": ("get", application, None, COORDINATORS),
    "fund:disburse": ("get", application, None, MONEY),
    "fund:report_add": ("get", application, None, APPLICANT),
    "fund:report_accept": ("post", report, None, COORDINATORS_POST),
}

PUBLIC_MATRIX = {
    "fund:calls": ("get", collective, None, everyone(200)),
    "fund:call": ("get", call, None, everyone(200)),
    "fund:apply": ("get", call, None, logged_in(200)),
    "fund:my_applications": ("get", collective, None, logged_in(200)),
    "fund:application": ("get", application, None, {**READERS, "outsider": 403}),
    "fund:call_add": ("get", collective, None, {**COORDINATORS, "outsider": 403}),
}
