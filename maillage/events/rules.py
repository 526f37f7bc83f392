"""Who may do what with events. Predicates take (user, collective) or (user, event).

Anyone reads the published events of a public collective (no rule: the queryset
``Event.objects.public()`` says so). Facilitators and coordinators create events and
programmes; an event's organisers and the collective's coordinators edit it; **only
the event's organisers** see who registered, check people in and handle the waiting
list: registrants' data is shown to the fewest.
"""

import rules

from maillage.collectives.rules import (
    is_coordinator,
    is_facilitator_or_above,
    is_in_collective,
    object_role,
)


def _organises(user, event):
    # The events a person organises, read once per collective and request: a list of
    # the collective's events asks for each of them.
    cache = user.__dict__.setdefault("_maillage_organises", {})
    if event.collective_id not in cache:
        cache[event.collective_id] = set(
            user.organised_events.filter(collective_id=event.collective_id).values_list(
                "pk", flat=True
            )
        )
    return event.pk in cache[event.collective_id]


organises_event = object_role("organises_event", _organises)


@rules.predicate
def coordinates_event(user, event):
    return event is not None and is_coordinator(user, event.collective)


@rules.predicate
def reads_event_collective(user, event):
    return event is not None and is_in_collective(user, event.collective)


rules.add_perm("events.view_events", is_in_collective)
rules.add_perm("events.add_event", is_facilitator_or_above)
rules.add_perm("events.change_programmes", is_facilitator_or_above)
rules.add_perm("events.view_event", reads_event_collective)
rules.add_perm("events.change_event", organises_event | coordinates_event)
rules.add_perm("events.manage_registrations", organises_event)
