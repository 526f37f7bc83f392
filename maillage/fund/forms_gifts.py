"""Forms of gifts: the donor's gift form (no account), and the treasurers' forms (a
transfer received by hand, a cancellation or refund, cash or a cheque at an event, the
list's filters). Amounts are read by the services (money.check_amount), which say what
is wrong with them."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.dates import DateField
from maillage.core.widgets import DateInput

from .models import Campaign, CampaignStatus, Currency, GiftStatus, Method

DATE_ERRORS = {"invalid": _("Enter a date, for example 2026-03-31.")}
SHOWN_CHOICES = [
    ("anonymous", _("Anonymous: my name is not shown")),
    ("shown", _("Show my name (not the amount) on the campaign's page")),
]


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class GiveForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The payment details and your receipt are sent there."),
        error_messages={"invalid": _("Enter an e-mail address, for example name@example.org.")},
    )
    amount = forms.CharField(
        label=_("Amount"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    project = ProjectChoiceField(
        label=_("The project you support"),
        queryset=None,
        required=False,
        empty_label=_("All the campaign's projects"),
    )
    shown = forms.ChoiceField(
        label=_("On the campaign's page"),
        choices=SHOWN_CHOICES,
        initial="anonymous",
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("A message (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
        help_text=_("Shown on the campaign's page when you show your name."),
    )
    wants_receipt = forms.BooleanField(label=_("I would like a receipt"), required=False)
    address = forms.CharField(
        label=_("Your postal address (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Needed for a tax receipt."),
    )
    method = forms.ChoiceField(
        label=_("How you give"),
        choices=[(Method.TRANSFER, _("Bank transfer (payment details and QR code next)"))],
        initial=Method.TRANSFER,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, projects, provider=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wants_receipt"].initial = True
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        if len(projects) > 1:
            self.fields["project"].queryset = projects
        else:
            del self.fields["project"]
        if provider:
            self.fields["method"].choices = [
                *self.fields["method"].choices,
                (Method.PROVIDER, Method.PROVIDER.label),
            ]

    def service_fields(self):
        data = dict(self.cleaned_data)
        data["shown"] = data.get("shown") == "shown"
        return data


class ReceiveForm(forms.Form):
    received_on = DateField(label=_("Received on"), widget=DateInput(), error_messages=DATE_ERRORS)
    amount = forms.CharField(
        label=_("Amount received"),
        max_length=30,
        required=False,
        help_text=_("Leave empty when it is the amount promised."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class CashForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How"),
        choices=[(Method.CASH, Method.CASH.label), (Method.CHEQUE, Method.CHEQUE.label)],
        widget=forms.RadioSelect,
        initial=Method.CASH,
    )
    amount = forms.CharField(label=_("Amount"), max_length=30)
    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=Currency,
        help_text=_("A campaign's gifts are in its currency."),
    )
    received_on = DateField(label=_("Received on"), widget=DateInput(), error_messages=DATE_ERRORS)
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=_("None (general funds)"),
    )
    event = forms.ModelChoiceField(
        label=_("At the event"), queryset=None, required=False, empty_label=_("None")
    )
    name = forms.CharField(
        label=_("Donor's name (optional)"),
        max_length=200,
        required=False,
        help_text=_("Without a name the gift stays anonymous and gets no receipt."),
    )
    email = forms.EmailField(label=_("Donor's e-mail address (optional)"), required=False)
    address = forms.CharField(
        label=_("Donor's postal address (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    shown = forms.BooleanField(label=_("The donor agrees to have their name shown"), required=False)

    def __init__(self, *args, foundation, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()
        self.fields["campaign"].queryset = Campaign.objects.filter(
            foundation=foundation, status=CampaignStatus.OPEN
        )
        self.fields["event"].queryset = events


class GiftFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + list(GiftStatus.choices), required=False
    )
    method = forms.ChoiceField(
        label=_("How"), choices=[("", _("All"))] + list(Method.choices), required=False
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=None, required=False, empty_label=_("All")
    )

    def __init__(self, *args, foundation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = foundation.campaigns.order_by("-starts_on", "pk")
