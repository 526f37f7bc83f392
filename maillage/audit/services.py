import datetime as dt

from maillage.core.changes import collective_of

from .models import AuditEvent

SUMMARY_LENGTH = 300


def _summary(value):
    """A value as the log keeps it (JSON): numbers, yes/no and lists as they are, dates and
    times in ISO 8601, anything else as its text, cut at SUMMARY_LENGTH. How each field
    reads to people is said in the apps' ``history.py`` (audit.history)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple):
        return [_summary(item) for item in value]
    if isinstance(value, dt.date | dt.time):  # a datetime is a date
        return value.isoformat()
    text = str(value)
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"


def _summarise(values):
    return {key: _summary(value) for key, value in (values or {}).items()}


_FIND = object()


def log_actions(*, actor, action, changes, collective):
    """Record the same ``action`` on many objects at once (one INSERT for all): ``changes``
    is a list of ``(obj, after)``. For a change made in bulk (a bank statement's gifts
    received together); otherwise as ``log_action``."""
    return AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor if actor is not None and actor.is_authenticated else None,
                collective=collective,
                action=action,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                before=_summarise(None),
                after=_summarise(after),
            )
            for obj, after in changes
        ],
        batch_size=500,
    )


def log_action(*, actor, action, obj, collective=_FIND, before=None, after=None):
    """Record a change. Call it inside the transaction of the change it records.

    The collective is found from ``obj`` (``core.changes.collective_of``) unless given
    (``None`` for a change outside any collective). ``before`` and ``after`` map field
    names to values (not text written for people): each field an action records has a
    label in its app's ``history.py``."""
    if collective is _FIND:
        collective = collective_of(obj)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        collective=collective,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=_summarise(before),
        after=_summarise(after),
    )
