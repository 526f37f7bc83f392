"""Who may read a questionnaire a person handed over with a code: the professionals
of the collective's member structures (active members whose membership names an
organisation) and its coordinators. The questionnaire itself is open to anyone who
may see the collective (views_questionnaire)."""

import rules

from maillage.collectives.models import Membership
from maillage.collectives.rules import is_coordinator


@rules.predicate
def is_professional(user, collective):
    if collective is None or not user.is_authenticated:
        return False
    return (
        Membership.objects.active()
        .filter(user=user, collective=collective, organisation__isnull=False)
        .exists()
    )


rules.add_perm("orientation.read_handover", is_coordinator | is_professional)
