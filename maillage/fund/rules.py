"""Who may do what in a citizen foundation. docs/permissions.md says the same in words
(section "Foundation").

Predicates take (user, obj) where obj is a collective, its foundation, or anything of the
foundation (a campaign, a gift, a call, an application…).

- The collective's **coordinators** run the foundation: its settings and treasurers,
  campaigns and their news, matching funds, round-up programmes, calls for applications
  and their committees, the decisions (``manage_foundation``). They also see the money.
- The foundation's **treasurers** (members of the collective it names) keep the money:
  donors, gifts, cash, bank statements and their reconciliation, receipts, funders'
  payments, disbursements, the ledger (``handle_money``). Donors' names and addresses
  are seen by the treasurers and the coordinators only (``view_donors``).
- A call's **committee** members score its applications, except those where they
  declared a conflict of interest (``score_application``); they read the applications
  (``view_application``).
- An **applicant** sees their own applications and writes the reports of a grant.
- The people who represent a round-up programme's **employer** (Membership.organisation)
  report its monthly totals (``report_round_up``).
- Every **member** sees the foundation's page and figures (``view_foundation``); anyone
  sees a public collective's campaigns, gives, and reads its transparency page.
"""

import rules

from maillage.collectives.models import Collective
from maillage.collectives.rules import (
    cached_holds,
    is_coordinator,
    is_in_collective,
    is_logged_in,
    object_role,
    organisations_of,
)


def foundation_of(obj):
    """The foundation ``obj`` is, or belongs to (None for a collective without one)."""
    if obj is None:
        return None
    if isinstance(obj, Collective):
        return getattr(obj, "foundation", None)
    if obj._meta.label == "fund.Foundation":
        return obj
    if hasattr(obj, "foundation"):
        return obj.foundation
    if hasattr(obj, "call"):
        return obj.call.foundation
    if hasattr(obj, "campaign"):
        return obj.campaign.foundation
    return None


def collective_of(obj):
    if obj is None or isinstance(obj, Collective):
        return obj
    foundation = foundation_of(obj)
    return foundation.collective if foundation is not None else None


def _foundation_collective(obj):
    return (collective_of(obj),)


def _is_treasurer(user, obj):
    foundation = foundation_of(obj)
    return foundation is not None and foundation.treasurers.filter(pk=user.pk).exists()


def _call_of(obj):
    return obj if obj._meta.label == "fund.GrantCall" else getattr(obj, "call", None)


def _on_committee(user, obj):
    call = _call_of(obj)
    return call is not None and call.committee.filter(pk=user.pk).exists()


def _is_applicant(user, obj):
    return getattr(obj, "applicant_id", None) == user.pk


def _represents(user, obj):
    organisation_id = getattr(obj, "organisation_id", None)
    return organisation_id is not None and organisation_id in organisations_of(
        user, collective_of(obj)
    )


is_treasurer = object_role(
    "fund_treasurer",
    cached_holds("_maillage_fund_treasurer", _is_treasurer),
    collectives=_foundation_collective,
)
on_committee = object_role("fund_committee", _on_committee, collectives=_foundation_collective)


@rules.predicate
def is_applicant(user, obj):
    """An application is its applicant's own, member of the collective or not (a public
    collective's calls are open to anyone with an account)."""
    return obj is not None and user.is_authenticated and _is_applicant(user, obj)


@rules.predicate
def represents_employer(user, obj):
    """Whether ``user`` represents the organisation of ``obj`` (a round-up programme):
    organisations_of reads active memberships only."""
    return obj is not None and _represents(user, obj)


@rules.predicate
def coordinates(user, obj):
    return obj is not None and is_coordinator(user, collective_of(obj))


@rules.predicate
def in_collective(user, obj):
    return obj is not None and is_in_collective(user, collective_of(obj))


@rules.predicate
def public_collective(user, obj):
    collective = collective_of(obj)
    return collective is not None and collective.is_public


@rules.predicate
def public_foundation(user, obj):
    foundation = foundation_of(obj)
    return foundation is not None and foundation.public


@rules.predicate
def conflicted(user, application):
    return application is not None and application.conflicts.filter(member=user).exists()


handles_money = coordinates | is_treasurer

rules.add_perm("fund.view_foundation", in_collective)
rules.add_perm("fund.manage_foundation", coordinates)
rules.add_perm("fund.handle_money", handles_money)
rules.add_perm("fund.view_donors", handles_money)
rules.add_perm("fund.view_public", public_collective | public_foundation | in_collective)
rules.add_perm("fund.apply", is_logged_in & (public_collective | public_foundation | in_collective))
rules.add_perm("fund.view_application", coordinates | is_treasurer | on_committee | is_applicant)
rules.add_perm("fund.score_application", on_committee & ~conflicted)
rules.add_perm("fund.decide_application", coordinates)
rules.add_perm("fund.report_grant", is_applicant)
rules.add_perm("fund.report_round_up", handles_money | represents_employer)
