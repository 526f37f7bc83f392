"""Forms of the bookings' pages. They read what was typed; the rules (closed days,
taken half-days, full pools, quotas, the series' cap...) are the services', whose
messages the views put on the forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.collectives.models import Organisation
from maillage.collectives.rules import organisations_of
from maillage.core.dates import DateField
from maillage.core.forms import ClientKeyForm
from maillage.core.widgets import DateInput

from . import halfdays
from .grid import spaces_of
from .services_bookings import MAX_EVERY_WEEKS, date_format_weekday

DATE_ERRORS = {"invalid": _("Enter a date, for example 2026-03-31.")}
SLOT_ERRORS = {"invalid_choice": _("The site is not open at that time of day.")}


def organisations_for(user, site):
    """The organisations ``user`` may book for at ``site``: those they represent, or
    every organisation of the collective for its coordinators."""
    collective = site.collective
    if user.has_perm("premises.manage_premises", site):
        return collective.organisations.order_by("name")
    return Organisation.objects.filter(pk__in=organisations_of(user, collective)).order_by("name")


class _BookingFields(forms.Form):
    space = forms.ModelChoiceField(label=_("Space"), queryset=None, empty_label=None)
    organisation = forms.ModelChoiceField(
        label=_("For"),
        queryset=None,
        required=False,
        empty_label=_("Myself"),
        help_text=_("A booking for your organisation counts in its tenancy's quota."),
    )
    desks = forms.IntegerField(
        label=_("Desks"),
        min_value=1,
        max_value=500,
        initial=1,
        required=False,
        help_text=_("For a coworking space only: how many desks."),
    )
    people = forms.IntegerField(label=_("People"), min_value=1, max_value=10000, initial=1)
    purpose = forms.CharField(label=_("What for"), max_length=300, required=False)

    def __init__(self, *args, site, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site
        spaces = spaces_of(site)
        self.fields["space"].queryset = site.spaces.filter(pk__in=[s.pk for s in spaces])
        self.fields["space"].label_from_instance = lambda space: space.name
        self.fields["organisation"].queryset = organisations_for(user, site)
        if not any(space.is_desk_pool for space in spaces):
            del self.fields["desks"]

    def slot_choices(self):
        return [(half.slot, half.label) for half in halfdays.slots(self.site)]


class BookingForm(ClientKeyForm, _BookingFields):
    day = DateField(label=_("Date"), widget=DateInput(), error_messages=DATE_ERRORS)
    slot = forms.ChoiceField(
        label=_("Half-day"), choices=(), widget=forms.RadioSelect, error_messages=SLOT_ERRORS
    )
    whole_day = forms.BooleanField(label=_("The whole day"), required=False)
    # "day": the person came from the grid's one-day view (a phone) and goes back to it.
    back = forms.ChoiceField(
        choices=[("", ""), ("day", "day")], required=False, widget=forms.HiddenInput
    )

    field_order = ["space", "day", "slot", "whole_day", "organisation", "desks", "people"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = self.slot_choices()

    def slots(self):
        if self.cleaned_data.get("whole_day"):
            return [slot for slot, _label in self.slot_choices()]
        return [self.cleaned_data["slot"]]


class SeriesForm(_BookingFields):
    starts_on = DateField(label=_("From"), widget=DateInput(), error_messages=DATE_ERRORS)
    ends_on = DateField(label=_("Until (included)"), widget=DateInput(), error_messages=DATE_ERRORS)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days of the week"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    every = forms.IntegerField(
        label=_("Every how many weeks"),
        min_value=1,
        max_value=MAX_EVERY_WEEKS,
        initial=1,
        help_text=_("1: every week; 2: every other week."),
    )
    slots = forms.MultipleChoiceField(
        label=_("Half-days"), widget=forms.CheckboxSelectMultiple, error_messages=SLOT_ERRORS
    )

    field_order = ["space", "starts_on", "ends_on", "weekdays", "every", "slots"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slots"].choices = self.slot_choices()
        self.fields["weekdays"].choices = [
            (weekday, date_format_weekday(weekday)) for weekday in sorted(self.site.open_weekdays)
        ]


class RangeForm(forms.Form):
    starts_on = DateField(label=_("From"), widget=DateInput(), error_messages=DATE_ERRORS)
    ends_on = DateField(label=_("Until (included)"), widget=DateInput(), error_messages=DATE_ERRORS)


class RestForm(forms.Form):
    from_day = DateField(label=_("From"), widget=DateInput(), error_messages=DATE_ERRORS)
