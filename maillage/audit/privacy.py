"""The log and a person (core/personal.py). Entries stay after an account is deleted:
they are the collectives' history. Their actor stays linked to the account, which then
reads "deleted person"; the person's names and address are taken out of the entries'
summaries (``object_repr``, ``before``, ``after``) wherever they appear, including
entries about others' actions (a role given to them, their registration). This eraser
runs after the apps' own (order 900), so that it also knows the names they found."""

import json

from django.db.models import Q, TextField
from django.db.models.functions import Cast

from maillage.core import personal

from .models import AuditEvent


def export(person):
    if person.user is None:
        return {}
    events = person.within(AuditEvent.objects.filter(actor=person.user)).select_related(
        "collective"
    )
    return (
        {
            "changes_made": [
                {
                    "when": e.created_at.isoformat(),
                    "collective": e.collective.name if e.collective else None,
                    "action": e.action,
                    "object": e.object_repr,
                    "before": e.before,
                    "after": e.after,
                }
                for e in events.order_by("created_at", "pk")
            ]
        }
        if events
        else {}
    )


def _values(person):
    return sorted({*person.names, person.email} - {""}, key=len, reverse=True)


def _mentioning(person):
    """Entries whose summaries may hold one of the person's names or address (JSON may
    store accents escaped: both spellings are looked for)."""
    condition = Q(pk__in=[])
    for value in _values(person):
        escaped = json.dumps(value)[1:-1]
        for spelling in {value, escaped}:
            condition |= (
                Q(object_repr__contains=spelling)
                | Q(_before__contains=spelling)
                | Q(_after__contains=spelling)
            )
    events = AuditEvent.objects.annotate(
        _before=Cast("before", TextField()), _after=Cast("after", TextField())
    ).filter(condition)
    return person.within(events)


def _scrub(value, person):
    if isinstance(value, str):
        return personal.scrub(value, person)
    if isinstance(value, list):
        return [_scrub(item, person) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, person) for key, item in value.items()}
    return value


def erase(person):
    if not _values(person):
        return {}
    scrubbed = 0
    ids = list(_mentioning(person).values_list("pk", flat=True))
    for event in AuditEvent.objects.filter(pk__in=ids).select_for_update():
        fields = {
            "object_repr": _scrub(event.object_repr, person),
            "before": _scrub(event.before, person),
            "after": _scrub(event.after, person),
        }
        changed = [name for name, value in fields.items() if value != getattr(event, name)]
        if changed:
            for name in changed:
                setattr(event, name, fields[name])
            event.save(update_fields=changed)
            scrubbed += 1
    return {"log_entries_scrubbed": scrubbed}


personal.register("audit", export=export, erase=erase, order=900)
