"""The audit log in words: a label for each field a change records, and its value as people read it.

Services record what changed as structured summaries (``AuditEvent.before`` and
``after``: field → value, in JSON). They become words only when shown, in the reader's
language: each app's ``history.py`` registers, for the actions it records, a label and
a formatter per field (``register``); the audit app imports those modules when it is
ready. Dates are written for the reader's language, amounts in its number format,
choices by their label. Formatters also read the forms older rows stored ("None",
"True", "25000.00 EUR", "['fr', 'en']", the id of a meeting), so every row reads.

``tests/test_history.py`` fails on a recorded field without a label or a value without
words, and the whole test suite checks every change it records (``problems``).
"""

import ast
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, number_format, time_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

# What older rows stored for "nothing".
BLANK = (None, "", "None")


class Change(NamedTuple):
    """One line of a history: the field's label, and its value before and after (or None)."""

    label: str
    before: str | None
    after: str | None


# ----------------------------------------------------------------------------- values


class Show:
    """Plain text."""

    def __call__(self, value):
        return str(value)

    def knows(self, value):
        """Whether ``value`` has words (False: it would be shown as it is stored)."""
        return True


class YesNo(Show):
    TRUE, FALSE = (True, "True", "true"), (False, "False", "false")

    def __call__(self, value):
        if value in self.TRUE:
            return _("yes")
        if value in self.FALSE:
            return _("no")
        return str(value)

    def knows(self, value):
        return value in self.TRUE or value in self.FALSE


def _decimal(value):
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _number(number):
    places = 0 if number == number.to_integral_value() else 2
    return number_format(number, decimal_pos=places, force_grouping=True)


class Number(Show):
    def __call__(self, value):
        number = _decimal(value)
        return str(value) if number is None else _number(number)

    def knows(self, value):
        return _decimal(value) is not None


class Percent(Number):
    def __call__(self, value):
        number = _decimal(value)
        if number is None:
            return str(value)
        return pgettext("history", "%(percent)s%%") % {"percent": _number(number)}


class Money(Show):
    """An amount and its currency, stored as "25000.00 EUR"."""

    PATTERN = re.compile(r"^\s*(-?[0-9]+(?:\.[0-9]+)?)\s*([A-Z]{3})?\s*$")

    def __call__(self, value):
        match = self.PATTERN.match(str(value))
        if not match:
            return str(value)
        amount, currency = _number(Decimal(match[1])), match[2] or ""
        if currency == "EUR":
            return pgettext("money", "€%(amount)s") % {"amount": amount}
        if currency == "CHF":
            return pgettext("money", "CHF %(amount)s") % {"amount": amount}
        return f"{amount} {currency}".strip()

    def knows(self, value):
        return bool(self.PATTERN.match(str(value)))


class Date(Show):
    def parse(self, value):
        try:
            return dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return None

    def __call__(self, value):
        day = self.parse(value)
        return str(value) if day is None else date_format(day, "DATE_FORMAT")

    def knows(self, value):
        return self.parse(value) is not None


class DateTime(Show):
    """A moment, shown in the reader's time zone."""

    def parse(self, value):
        try:
            moment = dt.datetime.fromisoformat(str(value))
        except ValueError:
            return None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return timezone.localtime(moment)

    def __call__(self, value):
        moment = self.parse(value)
        return str(value) if moment is None else date_format(moment, "DATETIME_FORMAT")

    def knows(self, value):
        return self.parse(value) is not None


class Time(Show):
    def parse(self, value):
        try:
            return dt.time.fromisoformat(str(value))
        except ValueError:
            return None

    def __call__(self, value):
        moment = self.parse(value)
        return str(value) if moment is None else time_format(moment, "TIME_FORMAT")

    def knows(self, value):
        return self.parse(value) is not None


class Choice(Show):
    """One of a field's choices, shown by its label."""

    def __init__(self, choices):
        self.choices = choices

    def labels(self):
        choices = self.choices.choices if hasattr(self.choices, "choices") else self.choices
        return {str(value): label for value, label in choices}

    def __call__(self, value):
        return str(self.labels().get(str(value), value))

    def knows(self, value):
        return str(value) in self.labels()


class Choices(Choice):
    """Several choices, stored as a list (or, in older rows, as the list's text)."""

    def values(self, value):
        if isinstance(value, str):
            try:
                value = ast.literal_eval(value)
            except (ValueError, SyntaxError):
                return None
        return list(value) if isinstance(value, list | tuple) else None

    def __call__(self, value):
        values = self.values(value)
        if values is None:
            return str(value)
        labels = self.labels()
        return ", ".join(str(labels.get(str(v), v)) for v in values)

    def knows(self, value):
        values = self.values(value)
        return values is not None and all(str(v) in self.labels() for v in values)


@dataclass(frozen=True)
class Reference(Show):
    """Another row, stored by its name; older rows stored its id, looked up when shown."""

    model: str  # "app_label.ModelName"
    attribute: str = "title"

    def names(self, ids):
        model = apps.get_model(self.model)
        return dict(model.objects.filter(pk__in=ids).values_list("pk", self.attribute))

    def __call__(self, value, names=None):
        if isinstance(value, int) and not isinstance(value, bool):
            names = self.names([value]) if names is None else names
            return str(names.get(value, "—"))
        return str(value)


TEXT = Show()


# ----------------------------------------------------------------------------- fields


@dataclass(frozen=True)
class Field:
    """How one recorded field reads: its label, how its values are shown, and what a
    blank value reads as (None: nothing is shown)."""

    label: object
    show: Show = TEXT
    empty: object = None

    def display(self, value, names=None):
        if value in BLANK:
            return None if self.empty is None else str(self.empty)
        if isinstance(self.show, Reference):
            return self.show(value, names)
        return self.show(value)


def shows_for(model_field):
    """The formatter a model field's values need."""
    if model_field.choices:
        return Choice(model_field.choices)
    if isinstance(model_field, models.BooleanField):
        return YesNo()
    if isinstance(model_field, models.DateTimeField):
        return DateTime()
    if isinstance(model_field, models.DateField):
        return Date()
    if isinstance(model_field, models.TimeField):
        return Time()
    if isinstance(model_field, models.IntegerField | models.DecimalField):
        return Number()
    return TEXT


def model_field(model, name, label=None, show=None, empty=None):
    """A recorded field named after a model's field: its verbose name as the label, and
    the formatter its kind needs (a choice's label, a date in the reader's language…)."""
    field = model._meta.get_field(name)
    return Field(
        label=label if label is not None else capfirst(field.verbose_name),
        show=show if show is not None else shows_for(field),
        empty=empty,
    )


def model_fields(model, names, **overrides):
    """``model_field`` for each name; ``overrides`` maps a name to a ready Field."""
    return {name: overrides.get(name) or model_field(model, name) for name in names}


# --------------------------------------------------------------------------- registry

_FIELDS: dict[str, dict[str, Field]] = {}


def register(actions, fields):
    """Say how the fields recorded by these actions read (``fields``: key → Field)."""
    for action in [actions] if isinstance(actions, str) else actions:
        _FIELDS.setdefault(action, {}).update(fields)


def registered():
    """Every action's fields, as registered: {action: {key: Field}}."""
    return {action: dict(fields) for action, fields in _FIELDS.items()}


def field(action, key):
    """The registered Field, or None."""
    return _FIELDS.get(action, {}).get(key)


def _field_or_guess(action, key):
    # A key nobody registered (a test fails on it) is still shown as words.
    return field(action, key) or Field(label=capfirst(key.replace("_", " ")))


def describe(events):
    """Give each event its ``readable_changes``: the lines of its history, in words, in
    the active language. Ids stored by older rows are looked up once per model."""
    events = list(events)
    wanted = defaultdict(set)
    for event in events:
        for key, before, after in event.changes():
            show = _field_or_guess(event.action, key).show
            if isinstance(show, Reference):
                wanted[show] |= {v for v in (before, after) if type(v) is int}
    names = {show: show.names(ids) for show, ids in wanted.items()}
    for event in events:
        lines = []
        for key, before, after in event.changes():
            entry = _field_or_guess(event.action, key)
            table = names.get(entry.show) if isinstance(entry.show, Reference) else None
            shown = (
                entry.display(before, table) if key in event.before else None,
                entry.display(after, table) if key in event.after else None,
            )
            if shown != (None, None):
                lines.append(Change(str(entry.label), *shown))
        event.readable_changes = lines
    return events


def problems(event):
    """What would not read as words in this event: a field without a label, a value
    without words. Empty for every event the services record (the tests check it)."""
    from .models import ACTION_LABELS

    found = []
    if event.action not in ACTION_LABELS:
        found.append(f"{event.action}: no label for the action")
    for side in (event.before or {}, event.after or {}):
        for key, value in side.items():
            entry = field(event.action, key)
            if entry is None:
                found.append(f"{event.action}: no label for {key!r}")
            elif value not in BLANK and not entry.show.knows(value):
                found.append(f"{event.action}: no words for {key}={value!r}")
    return found
