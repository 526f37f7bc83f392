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
