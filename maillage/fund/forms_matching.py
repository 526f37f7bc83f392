"""Forms of matching funds and funders' payments. Amounts and ratios are taken as
typed ("1 000,50"): the services (services_matching, services_gifts) read them and say
what is wrong."""

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.core.dates import DateField
from maillage.core.widgets import DateInput

from .models import Campaign, Currency

DATE_ERRORS = {"invalid": _("Enter a date, for example 2026-03-31.")}


class NamedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class CampaignsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.currency})"


def _amount(label, required=True, help_text=""):
    return forms.CharField(
        label=label,
        max_length=30,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class MatchingFundForm(forms.Form):
    funder = NamedChoiceField(
        label=_("Funder"),
        queryset=None,
        error_messages={
            "required": _("Choose the funder among the collective's organisations."),
            "invalid_choice": _("Choose the funder among the collective's organisations."),
        },
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    ratio = forms.CharField(
        label=_("Ratio"),
        max_length=10,
        initial="1",
        help_text=_("1 doubles each gift, 0.5 adds half of it; at most 10."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    total = _amount(_("Total committed"))
    cap_per_gift = _amount(_("Cap per gift"), False, _("Leave empty for no cap."))
    cap_per_donor = _amount(_("Cap per donor"), False, _("Leave empty for no cap."))
    cap_per_project = _amount(_("Cap per project"), False, _("Leave empty for no cap."))
    campaigns = CampaignsField(
        label=_("Campaigns it matches"),
        queryset=Campaign.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = DateField(label=_("From"), widget=DateInput(), error_messages=DATE_ERRORS)
    ends_on = DateField(
        label=_("Until"),
        widget=DateInput(),
        required=False,
        error_messages=DATE_ERRORS,
        help_text=_("Leave empty to match until the total runs out."),
    )

    def __init__(self, *args, foundation, fund=None, **kwargs):
        if fund is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "funder": fund.funder_id,
                "name": fund.name,
                "ratio": fund.ratio.normalize(),
                "currency": fund.currency,
                "total": fund.total,
                "cap_per_gift": fund.cap_per_gift or "",
                "cap_per_donor": fund.cap_per_donor or "",
                "cap_per_project": fund.cap_per_project or "",
                "campaigns": list(fund.campaigns.values_list("pk", flat=True)),
                "starts_on": fund.starts_on,
                "ends_on": fund.ends_on,
            }
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = foundation.collective.organisations.order_by("name")
        self.fields["campaigns"].queryset = Campaign.objects.filter(foundation=foundation).order_by(
            "-starts_on", "pk"
        )

    def service_fields(self):
        data = dict(self.cleaned_data)
        data["campaigns"] = list(data["campaigns"])
        return data


class FunderPaymentForm(forms.Form):
    amount = _amount(_("Amount received"))
    received_on = DateField(label=_("Received on"), widget=DateInput(), error_messages=DATE_ERRORS)


class ConfirmForm(forms.Form):
    """A POST with nothing to type: ending a fund, a standing order, a programme."""
