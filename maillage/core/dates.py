"""The dates Maillage accepts: from 1 January 1900 to 31 December 2100.

Every date, date-and-time and split date/time field of every form is one of the
fields below (a consistency test holds it), so that a date typed by mistake, 9999-12-31
or 1800-01-01, is refused with a message on its field instead of being stored: such a
date cannot be turned into another time zone or written in a calendar file, and the
pages, feeds and e-mails that show it would fail. Model fields are left as they are.

Rows stored before this rule (or by hand) can still hold such a date: the calendar
and feed writers leave them out (``LocalTimes.calendar_times`` in
``maillage.core.zones``, ``maillage.core.feeds``).
"""

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2100, 12, 31)

OUT_OF_RANGE = "date_out_of_range"


def in_range(value):
    """Whether a date, or a datetime's day (in its own zone), lies between FIRST_DAY and
    LAST_DAY."""
    if isinstance(value, datetime):
        value = value.date()
    return FIRST_DAY <= value <= LAST_DAY


def validate_in_range(value):
    """The validator of every date field (None, an empty optional field, passes)."""
    if value is not None and not in_range(value):
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            code=OUT_OF_RANGE,
            params={"first": FIRST_DAY.year, "last": LAST_DAY.year},
        )


class _Bounded:
    """Refuses a value outside the range and tells the browser's date picker about it."""

    default_validators = [validate_in_range]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        kind = widget.attrs.get("type") or getattr(widget, "input_type", "")
        if kind == "date":
            attrs |= {"min": FIRST_DAY.isoformat(), "max": LAST_DAY.isoformat()}
        elif kind == "datetime-local":
            attrs |= {"min": f"{FIRST_DAY}T00:00", "max": f"{LAST_DAY}T23:59"}
        return attrs


class DateField(_Bounded, forms.DateField):
    # What every date field of Maillage says of a date it cannot read.
    default_error_messages = {"invalid": _("Enter a date, for example 2026-03-31.")}


class DateTimeField(_Bounded, forms.DateTimeField):
    pass


class SplitDateTimeField(_Bounded, forms.SplitDateTimeField):
    pass


def has_bounds(field):
    """Whether a form field refuses dates outside the range (for the consistency test)."""
    return validate_in_range in field.validators
