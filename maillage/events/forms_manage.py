"""Forms of the organisers' pages. They read and shape what was typed (dates and times
are read in the event's time zone); every rule is the services', whose messages the
views put on the forms."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.accounts.models import User
from maillage.collectives.forms import PeopleChoiceField, offer_members
from maillage.core import dates
from maillage.core.content import MarkdownField
from maillage.core.widgets import DateInput, DateTimeLocalInput, TimeInput
from maillage.core.zones import (
    DEFAULT_TIME_ZONE,
    local_datetime,
    time_zone_choices,
    wall_clock,
    zone_or_default,
)

from .models import EventKind, EventLanguage, LinkKind, QuestionKind

DATE_ERRORS = {"invalid": _("Enter a date, for example 2026-03-31.")}
TIME_ERRORS = {"invalid": _("Enter a time, for example 18:30.")}


def _rows(count):
    return forms.Textarea(attrs={"rows": count})


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind of event"), choices=EventKind.choices)
    theme = forms.CharField(
        label=_("Theme"),
        max_length=120,
        required=False,
        help_text=_("For example the week's theme in a programme."),
    )
    description = MarkdownField(
        label=_("Description"),
        required=False,
        widget=_rows(6),
        help_text=_("Markdown: **bold**, lists, links."),
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=None, required=False, empty_label=_("No programme")
    )
    organisers = PeopleChoiceField(
        label=_("Organisers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only they see the registrations, check people in and keep the list."),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose organisations of the collective.")},
    )
    start_date = dates.DateField(label=_("Date"), widget=DateInput(), error_messages=DATE_ERRORS)
    start_time = forms.TimeField(
        label=_("Starts at"), widget=TimeInput(), error_messages=TIME_ERRORS
    )
    end_date = dates.DateField(
        label=_("End date"),
        required=False,
        widget=DateInput(),
        error_messages=DATE_ERRORS,
        help_text=_("Leave empty when the event ends on the day it starts."),
    )
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput(), error_messages=TIME_ERRORS)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        initial=DEFAULT_TIME_ZONE,
        help_text=_("Dates and times on this page are in this time zone."),
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("For example: Maison des associations."),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    access = forms.CharField(
        label=_("Getting there"),
        required=False,
        widget=_rows(2),
        help_text=_("Public transport, accessibility."),
    )
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    language = forms.ChoiceField(
        label=_("Language"), choices=EventLanguage.choices, initial=EventLanguage.FR
    )
    price = forms.DecimalField(
        label=_("Price"),
        required=False,
        max_digits=8,
        decimal_places=2,
        help_text=_("Leave empty when the event is free. No payment is taken here."),
    )
    currency = forms.ChoiceField(
        label=_("Currency"), required=False, choices=[("", "—"), ("CHF", "CHF"), ("EUR", "EUR")]
    )
    price_note = forms.CharField(
        label=_("About the price"),
        max_length=200,
        required=False,
        help_text=_("For example: reduced price for job seekers and students."),
    )
    capacity = forms.IntegerField(
        label=_("Seats"),
        required=False,
        help_text=_("Leave empty for no limit. When it is full, people join a waiting list."),
    )
    registration_opens_at = dates.DateTimeField(
        label=pgettext_lazy("event field", "Registrations open"),
        required=False,
        widget=DateTimeLocalInput(),
        help_text=_("Leave empty to open them as soon as the event is published."),
    )
    registration_closes_at = dates.DateTimeField(
        label=_("Registrations close"),
        required=False,
        widget=DateTimeLocalInput(),
        help_text=_("Leave empty to take registrations until the event ends."),
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # Copied as they are between the event and the form.
    TEXT = (
        "title",
        "kind",
        "theme",
        "description",
        "time_zone",
        "place",
        "address",
        "access",
        "online_url",
        "language",
        "price",
        "currency",
        "price_note",
    )
    # A service's field name -> this form's.
    FIELDS = {"starts_at": "start_date", "ends_at": "end_time"}

    def __init__(self, *args, collective, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        offer_members(self.fields["organisers"], collective)
        self.fields["partners"].queryset = collective.organisations.order_by("name")
        self.fields["programme"].queryset = collective.programmes.order_by("-starts_on", "pk")
        if not editing:
            del self.fields["base_version"]

    @classmethod
    def initial_for(cls, event):
        start, end = event.local_start, event.local_end
        local = {}
        for name in ("registration_opens_at", "registration_closes_at"):
            value = getattr(event, name)
            local[name] = wall_clock(value, event.zone)
        return (
            {name: getattr(event, name) for name in cls.TEXT}
            | local
            | {
                "programme": event.programme_id,
                "organisers": list(event.organisers.all()),
                "partners": list(event.partners.all()),
                "start_date": start.date(),
                "start_time": start.time().replace(second=0, microsecond=0),
                "end_date": end.date() if end.date() != start.date() else None,
                "end_time": end.time().replace(second=0, microsecond=0),
                "capacity": event.capacity,
                "base_version": event.version,
            }
        )

    def clean(self):
        data = super().clean()
        zone = zone_or_default(data.get("time_zone"))
        day, start, end = data.get("start_date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            data["starts_at"] = local_datetime(day, start, zone)
            data["ends_at"] = local_datetime(data.get("end_date") or day, end, zone)
        for name in ("registration_opens_at", "registration_closes_at"):
            value = data.get(name)
            if value:
                # Read in the site's time zone by Django: what was typed, in the event's.
                typed = timezone.make_naive(value) if timezone.is_aware(value) else value
                data[name] = typed.replace(tzinfo=zone)
        return data

    def event_fields(self):
        """What the services take, from the cleaned data."""
        data = self.cleaned_data
        return {name: data.get(name) for name in self.TEXT} | {
            "starts_at": data.get("starts_at"),
            "ends_at": data.get("ends_at"),
            "registration_opens_at": data.get("registration_opens_at"),
            "registration_closes_at": data.get("registration_closes_at"),
        }


class SpeakerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    role = forms.CharField(label=_("Role"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "speaker")
        super().__init__(*args, **kwargs)


class QuestionForm(forms.Form):
    label = forms.CharField(label=_("Question"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of answer"),
        choices=QuestionKind.choices,
        initial=QuestionKind.TEXT,
        widget=forms.RadioSelect,
    )
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=_rows(3),
        help_text=_("For a choice: one per line."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "question")
        super().__init__(*args, **kwargs)


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("Seats"), required=False, help_text=_("Leave empty for no limit.")
    )


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    email = forms.CharField(
        label=_("E-mail address (optional)"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "walk-in")
        super().__init__(*args, **kwargs)


class ReportForm(forms.Form):
    report = MarkdownField(
        label=pgettext_lazy("event", "Report"),
        required=False,
        widget=_rows(12),
        help_text=_("Markdown: **bold**, lists, links. Published on the event's page."),
    )


class LinkForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=LinkKind.choices, required=False, initial=LinkKind.VIDEO
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    url = forms.URLField(label=_("Address"), required=False, assume_scheme="https")

    def clean(self):
        data = super().clean()
        title, url = data.get("title"), data.get("url")
        if title and not url and "url" not in self.errors:
            self.add_error("url", _("Give the address of the link."))
        if url and not title:
            self.add_error("title", _("Give the link a title."))
        return data

    def link(self):
        data = self.cleaned_data
        if data.get("title") and data.get("url"):
            return (data["kind"] or LinkKind.VIDEO, data["title"], data["url"])
        return None


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    slug = forms.SlugField(
        label=_("Short name in the address"),
        max_length=80,
        help_text=_("Letters, digits and hyphens, for example: mois-innovation-sociale."),
    )
    description = MarkdownField(
        label=_("Description"),
        required=False,
        widget=_rows(5),
        help_text=_("Markdown: **bold**, lists, links."),
    )
    starts_on = dates.DateField(
        label=_("Starts on"), required=False, widget=DateInput(), error_messages=DATE_ERRORS
    )
    ends_on = dates.DateField(
        label=_("Ends on"), required=False, widget=DateInput(), error_messages=DATE_ERRORS
    )


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), max_length=120, required=False)
