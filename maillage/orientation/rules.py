"""Who may do what with a collective's orientation catalogue. docs/permissions.md says
the same in words (section "Orientation").

Predicates take (user, obj) where obj is a collective, a structure, or an offer.

- Anyone reads the published offers of a PUBLIC collective's catalogue; a private
  collective's catalogue is read by its members only (``view_catalogue``).
- The collective's coordinators manage the whole catalogue: structures, every offer,
  import and export (``manage_catalogue``).
- The people of a structure (active members whose ``Membership.organisation`` is the
  structure's organisation) and the coordinators edit that structure and its offers, and
  mark them checked (``edit_structure``, on a structure or an offer).
- Referrals add their permissions in ``rules_referrals.py`` (imported at the bottom).
"""

import rules

from maillage.collectives.models import Collective
from maillage.collectives.rules import is_coordinator, is_in_collective, organisations_of


def collective_of(obj):
    """The collective of ``obj``: a collective, a structure or an offer."""
    if obj is None or isinstance(obj, Collective):
        return obj
    return obj.collective


def structure_of(obj):
    """The structure of ``obj`` (a structure, or an offer), None for a collective."""
    if obj is None or isinstance(obj, Collective):
        return None
    return obj if hasattr(obj, "organisation_id") else obj.structure


@rules.predicate
def public_catalogue(user, obj):
    collective = collective_of(obj)
    return collective is not None and collective.is_public


@rules.predicate
def in_catalogue_collective(user, obj):
    return obj is not None and is_in_collective(user, collective_of(obj))


@rules.predicate
def coordinates_catalogue(user, obj):
    return obj is not None and is_coordinator(user, collective_of(obj))


@rules.predicate
def of_the_structure(user, obj):
    """Whether ``user`` is one of the people of the structure of ``obj``: an active member
    of its collective whose membership names the structure's organisation."""
    structure = structure_of(obj)
    if structure is None or structure.organisation_id is None:
        return False
    return structure.organisation_id in organisations_of(user, collective_of(obj))


@rules.predicate
def of_a_structure(user, obj):
    """Whether ``user`` is one of the people of at least one structure of the catalogue."""
    collective = collective_of(obj)
    orgs = organisations_of(user, collective)
    if not orgs:
        return False
    return collective.structures.filter(organisation_id__in=orgs).exists()


rules.add_perm("orientation.view_catalogue", public_catalogue | in_catalogue_collective)
rules.add_perm("orientation.manage_catalogue", coordinates_catalogue)
rules.add_perm("orientation.edit_structure", coordinates_catalogue | of_the_structure)
# The management list: coordinators, and the people of a structure (their own only).
rules.add_perm("orientation.view_structures", coordinates_catalogue | of_a_structure)

from . import rules_referrals  # noqa: E402, F401
