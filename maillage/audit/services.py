from .models import AuditEvent

SUMMARY_LENGTH = 300


def _summarise(values):
    summary = {}
    for key, value in (values or {}).items():
        if value is None or isinstance(value, bool | int | float):
            summary[key] = value
        else:
            text = str(value)
            summary[key] = text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"
    return summary


def log_action(*, actor, action, obj, collective=None, before=None, after=None):
    """Record a change. Call it inside the transaction of the change it records."""
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
