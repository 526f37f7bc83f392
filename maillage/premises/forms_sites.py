"""Forms of the sites pages. They read what was typed; the rules (half-days in order, a
valid IBAN, never more desks reserved than the pool has...) are the services', whose
messages the views put on the forms."""

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from maillage.core import dates
from maillage.core.widgets import DateInput, TimeInput
from maillage.core.zones import DEFAULT_TIME_ZONE, time_zone_choices

from .models import Currency, OverQuota, SpaceKind

DATE_ERRORS = {"invalid": _("Enter a date, for example 2026-03-31.")}
TIME_ERRORS = {"invalid": _("Enter a time, for example 18:30.")}
NUMBER_ERRORS = {"min_value": _("Enter a number of zero or more.")}
PHOTO_MAX_BYTES = 2 * 1024 * 1024


def weekday_choices():
    return [(str(number), name) for number, name in WEEKDAYS.items()]


def _rows(count):
    return forms.Textarea(attrs={"rows": count})


def _time(label, required=True):
    return forms.TimeField(
        label=label, required=required, widget=TimeInput(), error_messages=TIME_ERRORS
    )


class SiteForm(forms.Form):
    base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name in the address"),
        max_length=80,
        help_text=_("Letters, digits and hyphens, for example maison-des-cooperatives."),
    )
    address = forms.CharField(label=_("Address"), required=False, widget=_rows(3))
    surface_m2 = forms.DecimalField(
        label=_("Surface (m²)"), required=False, max_digits=8, decimal_places=1
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=time_zone_choices, initial=DEFAULT_TIME_ZONE
    )
    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=Currency.choices,
        initial=Currency.CHF,
        error_messages={
            "invalid_choice": _(
                "The currency %(value)s is not one Maillage handles: choose CHF or EUR."
            )
        },
    )
    open_weekdays = forms.MultipleChoiceField(
        label=_("Opening days"),
        choices=weekday_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one opening day.")},
    )
    morning_starts = _time(_("Morning starts at"))
    morning_ends = _time(_("Morning ends at"))
    afternoon_starts = _time(_("Afternoon starts at"))
    afternoon_ends = _time(_("Afternoon ends at"))
    evening_starts = _time(_("Evening starts at"), required=False)
    evening_ends = _time(_("Evening ends at"), required=False)
    over_quota = forms.ChoiceField(
        label=_("A booking beyond a tenant's quota is"),
        choices=OverQuota.choices,
        widget=forms.RadioSelect,
        initial=OverQuota.CHARGE,
    )
    hold_hours = forms.IntegerField(
        label=_("A hold expires after (hours)"),
        min_value=1,
        initial=48,
        error_messages={"min_value": _("A hold lasts at least one hour.")},
    )
    cancellation_hours = forms.IntegerField(
        label=_("Free cancellation until (hours before)"),
        min_value=0,
        initial=48,
        error_messages=NUMBER_ERRORS,
    )
    late_cancellation_charged = forms.BooleanField(
        label=_("A late cancellation is charged"), required=False, initial=True
    )
    public_requests = forms.BooleanField(
        label=_("People without an account may ask for a room"),
        required=False,
        help_text=_("On the collective's public page, when the collective is public."),
    )
    iban = forms.CharField(label=_("IBAN for payments"), max_length=40, required=False)
    creditor_name = forms.CharField(label=_("Creditor's name"), max_length=70, required=False)
    creditor_address = forms.CharField(
        label=_("Creditor's address"), required=False, widget=_rows(3)
    )

    def clean_open_weekdays(self):
        return [int(day) for day in self.cleaned_data["open_weekdays"]]

    @classmethod
    def initial_for(cls, site):
        initial = {name: getattr(site, name) for name in cls.base_fields if name != "base_version"}
        initial["open_weekdays"] = [str(day) for day in site.open_weekdays]
        initial["base_version"] = site.version
        return initial

    def site_fields(self):
        return {key: value for key, value in self.cleaned_data.items() if key != "base_version"}


class ClosedPeriodForm(forms.Form):
    starts_on = dates.DateField(label=_("From"), widget=DateInput(), error_messages=DATE_ERRORS)
    ends_on = dates.DateField(
        label=_("To (included)"), widget=DateInput(), error_messages=DATE_ERRORS
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=200, help_text=_("For example: Christmas holidays.")
    )


class SpaceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SpaceKind.choices)
    surface_m2 = forms.DecimalField(label=_("Surface (m²)"), max_digits=7, decimal_places=1)
    capacity = forms.IntegerField(
        label=_("People"), initial=0, min_value=0, error_messages=NUMBER_ERRORS
    )
    desks = forms.IntegerField(
        label=_("Desks"),
        initial=0,
        min_value=0,
        error_messages=NUMBER_ERRORS,
        help_text=_("For a pool of coworking desks."),
    )
    equipment = forms.CharField(label=_("Equipment"), required=False, widget=_rows(3))
    step_free = forms.BooleanField(label=_("Step-free access"), required=False, initial=True)
    accessibility = forms.CharField(
        label=_("Accessibility"),
        required=False,
        widget=_rows(2),
        help_text=_("A hearing loop, an accessible toilet, the way in..."),
    )
    description = forms.CharField(label=_("Description"), required=False, widget=_rows(3))
    photo = forms.ImageField(
        label=_("Photo"),
        required=False,
        help_text=_("An image (JPEG, PNG or WebP), 2 MB at most."),
        error_messages={"invalid_image": _("This file is not an image: choose a photo.")},
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)
    photo_description = forms.CharField(
        label=_("Description of the photo"),
        max_length=200,
        required=False,
        help_text=_("What the photo shows, read to people who cannot see it."),
    )
    available_from = dates.DateField(
        label=_("Available from"),
        required=False,
        widget=DateInput(),
        error_messages=DATE_ERRORS,
        help_text=_("For a space still to come: it cannot be booked before."),
    )
    position = forms.IntegerField(
        label=_("Order on the page"), initial=0, min_value=0, error_messages=NUMBER_ERRORS
    )

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["remove_photo"]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and getattr(photo, "size", 0) > PHOTO_MAX_BYTES:
            raise forms.ValidationError(_("The photo is too large: 2 MB at most."))
        return photo

    @classmethod
    def initial_for(cls, space):
        return {
            name: getattr(space, name)
            for name in cls.base_fields
            if name not in ("photo", "remove_photo")
        }

    def space_fields(self):
        data = dict(self.cleaned_data)
        data.pop("remove_photo", None)
        return data


class ReservedDesksForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose an organisation of the collective.")},
    )
    count = forms.IntegerField(
        label=_("Desks reserved"),
        min_value=0,
        error_messages=NUMBER_ERRORS,
        help_text=_("0 takes the reservation away."),
    )

    def __init__(self, *args, collective, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = collective.organisations.order_by("name")


class PriceCategoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    outside = forms.BooleanField(
        label=_("Outside rate"),
        required=False,
        help_text=_(
            "Charged to people without a tenancy and for bookings beyond a tenant's quota."
        ),
    )


class HolidaysForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "min_value": _("Enter a year between 2000 and 2100."),
            "max_value": _("Enter a year between 2000 and 2100."),
        },
    )
    subdivision = forms.ChoiceField(
        label=_("Canton or region"),
        required=False,
        help_text=_("Its own public holidays are added to the country's."),
        error_messages={"invalid_choice": _("Choose a canton or region from the list.")},
    )

    def __init__(self, *args, subdivisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subdivision"].choices = [("", _("The country's only"))] + [
            (code, code) for code in subdivisions
        ]
