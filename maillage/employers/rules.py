"""Who may do what in an employer group. docs/permissions.md says the same in words
(section "Employer group").

Predicates take (user, obj) where obj is a collective, the group, or anything of the
group (an employer, a need, a job, an agreement…).

- The collective's **coordinators** run the group: its settings, members, sites, job
  families, qualifications and trainings, the pooling runs, the jobs kept and the
  combinations excluded, staff lending and sponsorship, the feasibility report
  (``manage_group``). They see every need and every member's share.
- A **member employer's people** (the members of the collective who represent its
  organisation, ``Membership.organisation``) declare and change their own needs, and see
  their own needs, their shares of the jobs kept and the agreements they are party to
  (``act_for_employer``, ``view_need``, ``view_agreement``) — never another member's.
- Every **member** of the collective sees the group's page, the qualifications table, the
  trainings and the figures, which name no member's needs (``view_group``).
"""

import rules

from maillage.collectives.models import Collective

# The organisations a person represents in a collective (Membership.organisation), read
# once a request: the same question the premises' rules ask.
from maillage.collectives.rules import is_coordinator, is_in_collective, organisations_of


def collective_of(obj):
    if obj is None or isinstance(obj, Collective):
        return obj
    return obj.collective


def employers_of(user, group):
    """The member employers ``user`` acts for in ``group`` (a queryset)."""
    return group.employers.filter(organisation_id__in=organisations_of(user, group.collective))


def _organisations_of_obj(obj):
    """The organisations on whose behalf ``obj`` is held."""
    if hasattr(obj, "organisation_id") and not hasattr(obj, "employer_id"):
        return {obj.organisation_id}  # an Employer
    if hasattr(obj, "employer"):
        return {obj.employer.organisation_id}  # a need, a site
    if hasattr(obj, "lender"):
        return {obj.lender.organisation_id, obj.borrower.organisation_id}
    return set()


@rules.predicate
def coordinates(user, obj):
    return obj is not None and is_coordinator(user, collective_of(obj))


@rules.predicate
def in_collective(user, obj):
    return obj is not None and is_in_collective(user, collective_of(obj))


@rules.predicate
def acts_for(user, obj):
    """Whether ``user`` represents the employer that ``obj`` is (or belongs to)."""
    if obj is None:
        return False
    mine = organisations_of(user, collective_of(obj))
    return bool(mine and _organisations_of_obj(obj) & mine)


@rules.predicate
def acts_for_a_member(user, obj):
    """Whether ``user`` represents at least one member employer of the group."""
    if obj is None:
        return False
    group = obj if not isinstance(obj, Collective) else getattr(obj, "employer_group", None)
    return group is not None and employers_of(user, group).exists()


rules.add_perm("employers.view_group", in_collective)
rules.add_perm("employers.manage_group", coordinates)
rules.add_perm("employers.act_for_employer", coordinates | acts_for)
rules.add_perm("employers.view_need", coordinates | acts_for)
rules.add_perm("employers.change_need", coordinates | acts_for)
rules.add_perm("employers.view_agreement", coordinates | acts_for)
rules.add_perm("employers.declare_needs", coordinates | acts_for_a_member)
