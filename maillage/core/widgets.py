"""The browser's own pickers for dates and times, used by every form of the project.

Their values are written in the formats these inputs exchange (``2026-03-31``,
``18:30``, ``2026-03-31T18:30``) whatever the reader's language; the form fields that
read them are ``maillage.core.dates``' (dates between 1900 and 2100).
"""

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class DateTimeLocalInput(forms.DateTimeInput):
    """A date and a time without a zone: the form says in which zone it is read."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)
