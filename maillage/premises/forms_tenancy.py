"""Forms of the tenancy pages: the needs table, the decision, a tenancy's changes. The
rules are the services'; the views put their messages on these forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.core import dates
from maillage.core.widgets import DateInput

from .forms_sites import DATE_ERRORS, NUMBER_ERRORS, weekday_choices
from .models import Space, TenancyKind


def _rows(count):
    return forms.Textarea(attrs={"rows": count})


def _weekdays():
    return forms.MultipleChoiceField(
        label=_("Days of the week"),
        choices=weekday_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a part-time tenancy: the days the organisation comes."),
    )


class _Weekdays:
    def clean_weekdays(self):
        return [int(day) for day in self.cleaned_data["weekdays"]]


class ApplicationForm(_Weekdays, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose an organisation you represent.")},
    )
    kind = forms.ChoiceField(
        label=_("Tenancy wanted"), choices=TenancyKind.choices, widget=forms.RadioSelect
    )
    spaces = forms.ModelMultipleChoiceField(
        label=_("Spaces wanted"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose spaces of this site.")},
    )
    desks = forms.IntegerField(
        label=_("Desks wanted"), initial=0, min_value=0, error_messages=NUMBER_ERRORS
    )
    days_per_week = forms.DecimalField(
        label=_("Days a week"),
        initial=5,
        min_value=0,
        max_value=7,
        max_digits=2,
        decimal_places=1,
        error_messages={
            "min_value": _("A week has between 0 and 7 days."),
            "max_value": _("A week has between 0 and 7 days."),
        },
    )
    weekdays = _weekdays()
    starts_on = dates.DateField(label=_("From"), widget=DateInput(), error_messages=DATE_ERRORS)
    people = forms.IntegerField(
        label=_("People"), initial=1, min_value=0, error_messages=NUMBER_ERRORS
    )
    equipment = forms.CharField(label=_("Equipment needed"), required=False, widget=_rows(3))
    budget = forms.DecimalField(
        label=_("Monthly budget"),
        required=False,
        max_digits=10,
        decimal_places=2,
        help_text=_("In the site's currency."),
    )
    activity = forms.CharField(
        label=_("Activity and link with the charter"), required=False, widget=_rows(5)
    )
    agrees_to_charter = forms.BooleanField(
        label=_("The organisation agrees to the collective's charter"), required=False
    )

    def __init__(self, *args, site, organisations, charter=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["spaces"].queryset = Space.objects.filter(
            site=site, archived_at__isnull=True
        ).order_by("position", "name")
        if charter is None or not site.collective.requires_charter_agreement:
            del self.fields["agrees_to_charter"]


class TenancyFields(_Weekdays, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TenancyKind.choices)
    weekdays = _weekdays()
    starts_on = dates.DateField(label=_("From"), widget=DateInput(), error_messages=DATE_ERRORS)
    ends_on = dates.DateField(
        label=_("Until"), required=False, widget=DateInput(), error_messages=DATE_ERRORS
    )
    category = forms.ModelChoiceField(
        label=_("Price category"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose a price category of this site.")},
    )
    quota_half_days = forms.IntegerField(
        label=_("Half-days a month on the rooms"),
        initial=0,
        min_value=0,
        error_messages=NUMBER_ERRORS,
    )
    spaces = forms.ModelMultipleChoiceField(
        label=_("Spaces rented"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose spaces of this site.")},
    )
    desks = forms.IntegerField(
        label=_("Desks rented"), initial=0, min_value=0, error_messages=NUMBER_ERRORS
    )

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = site.price_categories.all()
        self.fields["spaces"].queryset = Space.objects.filter(
            site=site, archived_at__isnull=True
        ).order_by("position", "name")

    @classmethod
    def initial_for(cls, application):
        return {
            "kind": application.kind,
            "weekdays": [str(day) for day in application.weekdays],
            "starts_on": application.starts_on,
            "spaces": list(application.spaces.all()),
            "desks": application.desks,
        }


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=_rows(3),
        error_messages={"required": _("Say why the application is refused.")},
    )


class TenancyEditForm(forms.Form):
    base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    quota_half_days = forms.IntegerField(
        label=_("Half-days a month on the rooms"), min_value=0, error_messages=NUMBER_ERRORS
    )
    category = forms.ModelChoiceField(
        label=_("Price category"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose a price category of this site.")},
    )
    ends_on = dates.DateField(
        label=_("Until"), required=False, widget=DateInput(), error_messages=DATE_ERRORS
    )

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = site.price_categories.all()


class EndTenancyForm(forms.Form):
    ends_on = dates.DateField(
        label=_("Last day of the tenancy"), widget=DateInput(), error_messages=DATE_ERRORS
    )
