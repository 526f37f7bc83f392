"""Who may do what with shared premises. docs/permissions.md has the same in words.

Predicates take (user, obj) where obj is a collective, a site, or anything with a
``site`` (a space, a booking, a tenancy, a statement...).

- Coordinators of the collective manage everything: sites, spaces, prices, tenancies,
  requests from outside, statements (they mark them paid).
- Members (and facilitators) see the week grid and book for themselves or their
  organisation.
- A tenant's statements are read by the coordinators and by the members who represent
  the tenant's organisation in the collective (``Membership.organisation``), never by
  another organisation's people.
- Outsiders and anonymous visitors reach only the public request page of a public
  collective's site that accepts requests (no rule: the view's queryset says so).
"""

import rules

from maillage.collectives.models import Collective
from maillage.collectives.rules import is_coordinator, is_member_or_above, organisations_of


def collective_of(obj):
    """The collective that ``obj`` (a collective, a site, or an object of a site) is of."""
    if obj is None or isinstance(obj, Collective):
        return obj
    if hasattr(obj, "collective"):
        return obj.collective
    return obj.site.collective


@rules.predicate
def coordinates_premises(user, obj):
    return obj is not None and is_coordinator(user, collective_of(obj))


@rules.predicate
def member_of_premises(user, obj):
    return obj is not None and is_member_or_above(user, collective_of(obj))


@rules.predicate
def represents_organisation(user, obj):
    """Whether ``user`` represents ``obj.organisation`` in the collective of ``obj``."""
    if obj is None or getattr(obj, "organisation_id", None) is None:
        return False
    return obj.organisation_id in organisations_of(user, collective_of(obj))


rules.add_perm("premises.manage_premises", coordinates_premises)
rules.add_perm("premises.view_premises", member_of_premises)
rules.add_perm("premises.book", member_of_premises)
rules.add_perm("premises.view_tenancy", coordinates_premises | represents_organisation)
rules.add_perm("premises.view_statement", coordinates_premises | represents_organisation)
from . import rules_bookings  # noqa: E402, F401 - the bookings' permissions
