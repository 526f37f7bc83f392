"""Forms of standing orders and round-up programmes. Amounts are taken as typed: the
services (services_recurring) read them and say what is wrong."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from maillage.core.dates import DateField
from maillage.core.widgets import DateInput

from .forms_matching import DATE_ERRORS, NamedChoiceField
from .models import Campaign, CampaignStatus, Currency


class CampaignField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.currency})"


class MonthlyForm(forms.Form):
    amount = forms.CharField(
        label=_("Amount a month"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    campaign = CampaignField(
        label=_("Campaign"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=_("The foundation's general funds"),
    )
    name = forms.CharField(
        label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The bank details of the standing order and its page are sent there."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = forms.CharField(
        label=_("Postal address"),
        required=False,
        help_text=_("For the yearly receipt."),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    starts_on = DateField(
        label=_("First month"),
        widget=DateInput(),
        required=False,
        error_messages=DATE_ERRORS,
        help_text=_("Leave empty to start this month."),
    )
    shown = forms.BooleanField(
        label=_("Show my name among the donors of the campaign"), required=False
    )

    def __init__(self, *args, foundation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(
            foundation=foundation, status=CampaignStatus.OPEN
        ).order_by("-starts_on", "pk")


class RoundUpForm(forms.Form):
    organisation = NamedChoiceField(
        label=_("Employer"),
        queryset=None,
        error_messages={
            "required": _("Choose the employer among the collective's organisations."),
            "invalid_choice": _("Choose the employer among the collective's organisations."),
        },
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    campaign = CampaignField(
        label=_("Campaign"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=_("The foundation's general funds"),
    )

    def __init__(self, *args, foundation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = foundation.collective.organisations.order_by("name")
        self.fields["campaign"].queryset = Campaign.objects.filter(
            foundation=foundation, status=CampaignStatus.OPEN
        ).order_by("-starts_on", "pk")


def months_for(programme, today=None, count=12):
    """The months a total may be reported for: this one and the 11 before, since the
    programme started."""
    today = today or timezone.localdate()
    first = date(programme.starts_on.year, programme.starts_on.month, 1)
    month = date(today.year, today.month, 1)
    months = []
    while month >= first and len(months) < count:
        months.append(month)
        month = (
            date(month.year - 1, 12, 1)
            if month.month == 1
            else date(month.year, month.month - 1, 1)
        )
    return months


class RoundUpReportForm(forms.Form):
    month = forms.TypedChoiceField(
        label=_("Month of the payroll"),
        coerce=date.fromisoformat,
        error_messages={"invalid_choice": _("Choose one of the months listed.")},
    )
    total = forms.CharField(
        label=_("Rounded-up total"),
        max_length=30,
        help_text=_("The sum of the month's round-ups, as the payroll shows it."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    participants = forms.IntegerField(
        label=_("People taking part"),
        required=False,
        min_value=0,
        max_value=100_000,
        help_text=_("Optional: how many people rounded up this month."),
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [
            (month.isoformat(), date_format(month, "YEAR_MONTH_FORMAT"))
            for month in months_for(programme)
        ]
