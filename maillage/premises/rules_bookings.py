"""Who may do what with a booking or a series of bookings (see rules.py).

- A booking or a series is cancelled, and a series read, by the person who booked it
  (while a member), by the members who represent its organisation, and by the
  coordinators.
- On the week grid, members read which organisation booked a half-day; the name of
  the person who booked, and what someone without an account left, only the
  coordinators (``premises.see_booker``).
"""

import rules

from .rules import coordinates_premises, member_of_premises, represents_organisation


@rules.predicate
def booked_it(user, obj):
    """Whether ``user`` made the booking or the series ``obj``."""
    return obj is not None and user.is_authenticated and obj.booked_by_id == user.pk


may_handle = coordinates_premises | (member_of_premises & (booked_it | represents_organisation))

rules.add_perm("premises.cancel_booking", may_handle)
rules.add_perm("premises.view_series", may_handle)
rules.add_perm("premises.see_booker", coordinates_premises)
