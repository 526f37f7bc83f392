"""Who may do what with referrals. docs/permissions.md ("Orientation") says the same in
words.

- Send a referral (predicates on the collective): its coordinators, and active members
  (member role or above) whose membership names an organisation: the professionals of
  the network's member structures.
- See a referral, its document and its history: its sender (while an active member),
  the people of the receiving structure (active members whose membership names the
  structure's organisation) and the collective's coordinators. No one else.
- Accept, refuse, close: the people of the receiving structure and the coordinators.
  Cancel: the sender.
- The lists and the counts: coordinators (everything), the people of a structure (what
  their structures received, and the counts of their structures' offers), senders (what
  they sent).

``ReferralQuerySet.visible_to`` is the same rule as a query; the views read every
referral through it.
"""

import rules

from maillage.collectives.rules import (
    is_coordinator,
    is_member_or_above,
    object_role,
    organisations_of,
)


@rules.predicate
def coordinates_referral(user, referral):
    return referral is not None and is_coordinator(user, referral.collective)


@rules.predicate
def receives_referral(user, referral):
    """One of the people of the offer's structure."""
    if referral is None:
        return False
    structure = referral.offer.structure
    return structure.organisation_id is not None and structure.organisation_id in organisations_of(
        user, structure.collective
    )


def _sent(user, referral):
    return referral.sender_id == user.pk


sends_referral = object_role("sends_referral", _sent)


@rules.predicate
def represents_an_organisation(user, collective):
    return bool(organisations_of(user, collective))


@rules.predicate
def is_structure_person(user, collective):
    """Whether ``user`` represents, in ``collective``, the organisation of one of its
    catalogue's structures."""
    orgs = organisations_of(user, collective)
    return bool(orgs) and collective.structures.filter(organisation_id__in=orgs).exists()


can_send = is_coordinator | (is_member_or_above & represents_an_organisation)

rules.add_perm("orientation.send_referral", can_send)
rules.add_perm("orientation.view_referrals", can_send | is_structure_person)
rules.add_perm("orientation.view_referral_counts", is_coordinator | is_structure_person)
rules.add_perm(
    "orientation.view_referral", sends_referral | receives_referral | coordinates_referral
)
rules.add_perm("orientation.decide_referral", receives_referral | coordinates_referral)
rules.add_perm("orientation.cancel_referral", sends_referral)
