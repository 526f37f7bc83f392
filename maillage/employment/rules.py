"""Who may do what with job cafés and recruitment operations. docs/permissions.md says
the same in words (section "Employment").

Predicates take (user, obj) where obj is a collective, a café (``Cafe``) or an
operation. Job seekers' and candidates' data is shown to the fewest:

- **A café's organisers** (the organisers of its event) see and handle its job seekers:
  profiles, CVs, rotations, outcomes, follow-ups (``manage_seekers``). Each view of a
  profile is logged.
- The organisers and the collective's **coordinators** set the café up (rounds, tables,
  recruiters and their offers) and hold its follow-up sessions and obstacles
  (``change_cafe``); coordinators do not see the seekers' profiles.
- **Members** of the collective read the figures, which name nobody (``view_figures``).
- **Recruiters** and **seekers** have no account: a personal link opens their page
  (the views check the link, not a rule); a recruiter sees only the consenting seekers
  of their own café.
- Recruitment operations: coordinators create them and name who follows them
  (``add_operation``, ``change_operation``); the operation's **managers** follow its
  candidates (``manage_candidates``); members read its figures (``view_figures``).
"""

import rules

from maillage.collectives.models import Collective
from maillage.collectives.rules import is_coordinator, is_in_collective, object_role
from maillage.events.rules import organises_event


def collective_of(obj):
    if obj is None or isinstance(obj, Collective):
        return obj
    if hasattr(obj, "event"):
        return obj.event.collective
    return obj.collective


@rules.predicate
def organises_cafe(user, cafe):
    return cafe is not None and hasattr(cafe, "event") and organises_event(user, cafe.event)


@rules.predicate
def coordinates(user, obj):
    return obj is not None and is_coordinator(user, collective_of(obj))


@rules.predicate
def in_collective(user, obj):
    return obj is not None and is_in_collective(user, collective_of(obj))


def _manages(user, operation):
    cache = user.__dict__.setdefault("_maillage_operations", {})
    if operation.collective_id not in cache:
        cache[operation.collective_id] = set(
            user.recruitment_operations.filter(collective_id=operation.collective_id).values_list(
                "pk", flat=True
            )
        )
    return operation.pk in cache[operation.collective_id]


manages_operation = object_role("manages_operation", _manages)

rules.add_perm("employment.manage_seekers", organises_cafe)
rules.add_perm("employment.change_cafe", organises_cafe | coordinates)
rules.add_perm("employment.view_figures", in_collective)
rules.add_perm("employment.add_operation", coordinates)
rules.add_perm("employment.change_operation", coordinates | manages_operation)
rules.add_perm("employment.manage_candidates", manages_operation)
