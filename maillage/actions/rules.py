"""Who may do what with actions. Predicates take (user, action) or (user, collective)."""

import rules

from maillage.collectives.comments import may_archive_comment
from maillage.collectives.rules import (
    is_facilitator_or_above,
    is_in_collective,
    is_member_or_above,
    object_role,
)

# A person owns an action when they are one of its owners (ActionOwner with their
# account); an organisation or a guest named as owner gives nobody a right.
owns_action = object_role("owns_action", lambda user, action: action.is_owned_by(user))


@rules.predicate
def runs_action_collective(user, action):
    return action is not None and is_facilitator_or_above(user, action.collective)


@rules.predicate
def reads_action_collective(user, action):
    return action is not None and is_in_collective(user, action.collective)


rules.add_perm("actions.view_actions", is_in_collective)
rules.add_perm("actions.add_action", is_facilitator_or_above)
rules.add_perm("actions.view_action", reads_action_collective)
# An owner moves their own action along; those who run the collective change any.
rules.add_perm("actions.change_action", runs_action_collective | owns_action)


@rules.predicate
def comments_in_collective(user, action):
    return action is not None and is_member_or_above(user, action.collective)


# Members and above comment on an action; observers read.
rules.add_perm("actions.comment", reads_action_collective & comments_in_collective)
rules.add_perm("actions.archive_comment", may_archive_comment)


# A plan (Gantt chart) shows actions and their owners: the collective's business. A
# consultation's plan is also seen by whoever runs the consultation (a network's
# coordinators, who may belong to another collective).
@rules.predicate
def reads_consultation_plan(user, consultation):
    if consultation is None:
        return False
    if user.has_perm("consultations.change_consultation", consultation):
        return True
    return user.has_perm("consultations.view_consultation", consultation) and is_in_collective(
        user, consultation.collective
    )


@rules.predicate
def plans_phases_of(user, owner):
    """``owner``: a project (its pilots and the collective's coordinators) or a
    consultation (whoever runs it)."""
    if owner is None:
        return False
    if owner._meta.label == "projects.Project":
        return user.has_perm("projects.change_project", owner)
    return user.has_perm("consultations.change_consultation", owner)


rules.add_perm("actions.view_consultation_plan", reads_consultation_plan)
# Phases of a project or of a consultation (obj: the project or the consultation).
rules.add_perm("actions.change_phases", plans_phases_of)
