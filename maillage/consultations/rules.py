"""Who may do what in a consultation (docs/permissions.md has the matrix in words).

Predicates take (user, object) where the object is a Consultation or a Group.
People who join a workshop without an account have no user: what they may see is
decided in access.py from their participant cookie, never from these rules alone.
"""

import rules

from maillage.collectives.rules import (
    cached_holds,
    coordinates_network,
    is_facilitator_or_above,
    is_in_collective,
    is_member_or_above,
    is_public_collective,
    object_role,
)

from .rules_territory import coordinates_a_territory, in_network_collective, runs_group_territory


def _collective(obj):
    consultation = getattr(obj, "consultation", obj)
    return consultation.collective


@rules.predicate
def runs_consultation(user, obj):
    """Facilitators and coordinators of the collective run all its consultations; the
    active coordinators of a network run its network consultations (every territory)."""
    if obj is None:
        return False
    if is_facilitator_or_above(user, _collective(obj)):
        return True
    consultation = getattr(obj, "consultation", obj)
    return consultation.network_id is not None and coordinates_network(user, consultation.network)


def group_collectives(group):
    """The collectives whose members may hold a role in ``group`` or take part in it
    with their account: the consultation's, and for a network consultation the
    territory the group stands for."""
    return (group.consultation.collective, group.territory)


# A group's facilitators: members of the consultation's collective or of the group's
# territory, while they are.
facilitates_group = object_role(
    "facilitates_group",
    cached_holds(
        "_maillage_groups", lambda user, group: group.facilitators.filter(pk=user.pk).exists()
    ),
    collectives=group_collectives,
)


@rules.predicate
def is_collective_member(user, obj):
    return obj is not None and is_member_or_above(user, _collective(obj))


@rules.predicate
def is_collective_reader(user, obj):
    return obj is not None and is_in_collective(user, _collective(obj))


@rules.predicate
def is_public_and_started(user, obj):
    consultation = getattr(obj, "consultation", obj)
    return (
        consultation is not None
        and is_public_collective(user, consultation.collective)
        and not consultation.is_draft
    )


@rules.predicate
def synthesis_published(user, obj):
    consultation = getattr(obj, "consultation", obj)
    return consultation is not None and consultation.synthesis_published


# Taking part with one's account (not with a code): while a member of the
# consultation's collective or of the group's territory.
takes_part = object_role(
    "takes_part",
    lambda user, participant: participant.user_id == user.pk,
    collectives=lambda participant: (
        participant.consultation.collective,
        participant.group.territory,
    ),
)

# A network consultation is also seen by its network's coordinators, by the
# coordinators of the network's collectives (who prepare their territory's groups)
# and, once it has started, by the members of the network's collectives.
rules.add_perm(
    "consultations.view_consultation",
    is_collective_reader
    | is_public_and_started
    | runs_consultation
    | coordinates_a_territory
    | in_network_collective,
)
rules.add_perm("consultations.add_consultation", is_facilitator_or_above)
rules.add_perm("consultations.change_consultation", runs_consultation)
# Adding groups: those who run the consultation; for a network consultation, the
# coordinators of a territory too (for their territory only: services_setup.add_group).
rules.add_perm("consultations.add_group", runs_consultation | coordinates_a_territory)
# A group's setup (facilitators; renaming, deleting): those who run the consultation,
# and the coordinators of the group's territory.
rules.add_perm("consultations.manage_group", runs_consultation | runs_group_territory)
# A group: its facilitators, those who run the consultation, the coordinators of its
# territory.
rules.add_perm(
    "consultations.facilitate_group", runs_consultation | facilitates_group | runs_group_territory
)
# Who wrote what: only the facilitators.
rules.add_perm(
    "consultations.see_authors", runs_consultation | facilitates_group | runs_group_territory
)
# A wall, for people with an account who are not among its participants: only once
# the synthesis is published, and then as the consultation page is.
rules.add_perm(
    "consultations.read_published_wall",
    synthesis_published & (is_collective_reader | is_public_and_started),
)
rules.add_perm("consultations.join_with_account", is_collective_member)
from . import rules_syntheses  # noqa: E402, F401  (the territories' syntheses)
