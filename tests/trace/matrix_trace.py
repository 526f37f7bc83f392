"""Entries of the permission matrix (tests/test_permissions.py) for the trace's URLs.

Same shape as there: name: (method, args builder or None, POST data, expected
status by persona). Builders get the world and build the chain (tests/trace/setting.py).

A decision's or an action's trace is for the collective's members, like its meetings
and actions; a project's trace too, and outside the collective only for a public
project of a public collective (test_trace.py), else 404 like its public page. Making
a statement a decision is for coordinators; a pledge an action, for those who add
actions (facilitators and coordinators).
"""

from ..permission_helpers import in_collective
from .setting import build_chain, build_votes


def decision(w):
    return [w.collective.slug, build_chain(w).decision.pk]


def action(w):
    return [w.collective.slug, build_chain(w).pledge_action.pk]


def project(w):
    return [w.collective.slug, build_chain(w).project.pk]


def open_statement(w):
    chain = build_votes(w)
    return [
        w.collective.slug,
        chain.workshop.consultation.pk,
        chain.round.number,
        chain.statement.pk,
    ]


def commitment(w):
    return [w.collective.slug, build_votes(w).commitment.pk]


MATRIX = {
    "trace:decision": ("get", decision, None, in_collective(200)),
    "trace:action": ("get", action, None, in_collective(200)),
    "trace:project": ("get", project, None, in_collective(200, anonymous=404)),
    "meetings:decide_from_statement": (
        "get",
        open_statement,
        None,
        in_collective(200, minimum="coordinator"),
    ),
    "actions:from_commitment": (
        "get",
        commitment,
        None,
        in_collective(200, minimum="facilitator"),
    ),
}

PUBLIC_MATRIX = {
    "trace:decision": ("get", decision, None, in_collective(200, outsider=403)),
    "trace:action": ("get", action, None, in_collective(200, outsider=403)),
    # The project is not shown on the public results page: 404 outside, as there.
    "trace:project": ("get", project, None, in_collective(200, anonymous=404, outsider=404)),
    "meetings:decide_from_statement": (
        "get",
        open_statement,
        None,
        in_collective(200, outsider=403, minimum="coordinator"),
    ),
    "actions:from_commitment": (
        "get",
        commitment,
        None,
        in_collective(200, outsider=403, minimum="facilitator"),
    ),
}
