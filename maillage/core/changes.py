"""What every app's services share when they change something.

- ``clean_line``: a one-line text as people typed it, refused with a translated message
  when empty or too long;
- ``lock_at_version``: the row re-read under its lock, refused when someone changed it
  since the form was opened (optimistic locking on a ``version`` column);
- ``collective_of``: the collective an object belongs to, for the audit log.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from .errors import ConflictError, DomainError
from .typography import one_line


def clean_line(value, *, field=None, max_length=None, empty_message=None):
    """``value`` on one line (see ``typography.one_line``). With ``empty_message`` an empty
    value is refused with it; with ``max_length`` a longer value is refused."""
    value = one_line(value or "")
    if not value and empty_message is not None:
        raise DomainError(empty_message, field=field)
    if max_length is not None and len(value) > max_length:
        raise DomainError(
            _("%(max)s characters at most (this one has %(count)s).")
            % {"max": max_length, "count": len(value)},
            field=field,
        )
    return value


def lock_at_version(queryset, pk, base_version, *, message=None, of=("self",)):
    """The row ``pk`` of ``queryset`` (a model or queryset), locked for the rest of the
    transaction. When ``base_version`` is given and the row's ``version`` differs,
    ``ConflictError`` with ``message`` (someone saved a change in between); a callable
    ``message`` is given the row, to say who changed it or how. Outside a transaction
    the lock would end at once: that is a programming error."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_at_version() must run inside transaction.atomic().")
    manager = getattr(queryset, "_default_manager", None)
    rows = manager.all() if manager is not None else queryset
    row = rows.select_for_update(of=of).get(pk=pk)
    if base_version is not None and row.version != base_version:
        if callable(message):
            message = message(row)
        raise ConflictError(
            message
            or _(
                "Someone changed this while you were editing it. Your changes are not "
                "saved: check what is there now and make them again."
            ),
            code="conflict",
        )
    return row


# The links followed, in order, from an object towards its collective.
_PARENTS = (
    "foundation",
    "meeting",
    "consultation",
    "event",
    "project",
    "action",
    "decision",
    "minutes",
    "item",
    "question",
    "group",
    "analysis",
    "round",
    "statement",
    "note",
)


def collective_of(obj):
    """The collective ``obj`` belongs to, following the usual paths (the object itself, its
    ``collective``, or its meeting's, consultation's, event's, project's… collective);
    None when it belongs to none (an account)."""
    seen = 0
    while obj is not None and seen < 6:
        if obj._meta.label_lower == "collectives.collective":  # core imports no domain app
            return obj
        if getattr(obj, "collective_id", None) is not None:
            return obj.collective
        for parent in _PARENTS:
            if getattr(obj, f"{parent}_id", None) is not None:  # an empty link leads nowhere
                obj = getattr(obj, parent)
                break
        else:
            return None
        seen += 1
    return None
