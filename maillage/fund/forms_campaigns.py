"""Forms of the foundation's settings and its campaigns. They shape what was typed; the
services (services_campaigns) decide and say why they refuse."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from maillage.collectives.models import Membership
from maillage.core.dates import DateField
from maillage.core.typography import amount
from maillage.core.widgets import DateInput

from .models import Currency, FrenchStatus, FundingMode, Provider
from .services_campaigns import funding_needs

DATE_ERRORS = {"invalid": _("Enter a date, for example 2026-03-31.")}


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class FoundationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Its object, as the receipts state it."),
    )
    address = forms.CharField(
        label=_("Postal address"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name or obj.email


class SettingsForm(FoundationForm):
    public = forms.BooleanField(
        label=_("Campaigns, calls and transparency page public"),
        required=False,
        help_text=_(
            "Anyone can then read the open campaigns, give, read the open calls and the "
            "transparency page, even if the collective is private. Nothing else of the "
            "collective is shown."
        ),
    )
    fr_receipts = forms.BooleanField(label=_("Issues French tax receipts"), required=False)
    fr_status = forms.ChoiceField(label=_("Status for French receipts"), choices=FrenchStatus)
    ch_certificates = forms.BooleanField(
        label=_("Issues Swiss donation certificates"), required=False
    )
    ch_exemption = forms.CharField(
        label=_("Swiss tax exemption"),
        max_length=300,
        required=False,
        help_text=_("The decision that exempts it, for example its date and canton."),
    )
    signatory = forms.CharField(
        label=_("Who signs the receipts"),
        max_length=200,
        required=False,
        help_text=_("Name and role."),
    )
    creditor_name = forms.CharField(label=_("Account holder"), max_length=70, required=False)
    creditor_address = forms.CharField(
        label=_("Account holder's address"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Street and number, then postcode and town, on separate lines."),
    )
    iban_chf = forms.CharField(
        label=_("IBAN for francs"),
        max_length=40,
        required=False,
        help_text=_("A QR-IBAN or an IBAN of a Swiss account: the Swiss QR-bill is made from it."),
    )
    iban_eur = forms.CharField(
        label=_("IBAN for euros"),
        max_length=40,
        required=False,
        help_text=_("The GiroCode (EPC QR code) is made from it."),
    )
    bic_eur = forms.CharField(label=_("BIC for euros"), max_length=11, required=False)
    treasurers = PersonChoiceField(
        label=_("Treasurers"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of the collective who keep the money."),
    )
    provider = forms.ChoiceField(label=_("Payment provider"), choices=Provider, required=False)
    provider_key = forms.CharField(
        label=_("Provider's API key"),
        max_length=200,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the key already given."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, foundation, **kwargs):
        if "initial" not in kwargs:
            kwargs["initial"] = {
                **{
                    name: getattr(foundation, name)
                    for name in (
                        "name",
                        "purpose",
                        "address",
                        "public",
                        "fr_receipts",
                        "fr_status",
                        "ch_certificates",
                        "ch_exemption",
                        "signatory",
                        "creditor_name",
                        "creditor_address",
                        "iban_chf",
                        "iban_eur",
                        "bic_eur",
                        "provider",
                        "version",
                    )
                },
                "treasurers": list(foundation.treasurers.values_list("pk", flat=True)),
            }
        super().__init__(*args, **kwargs)
        members = Membership.objects.active().filter(collective=foundation.collective)
        self.fields["treasurers"].queryset = (
            get_user_model()
            .objects.filter(pk__in=members.values("user_id"))
            .order_by("display_name", "pk")
        )

    def service_fields(self):
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["provider_key"] = data.get("provider_key") or None
        return data


class NeedChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.project.title} — {obj.description[:80]} ({amount(obj.amount, obj.currency)})"


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    needs = NeedChoiceField(
        label=_("Funding needs of the projects' board"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The projects the gifts go to. Their needs are in the campaign's currency."),
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency)
    goal = forms.CharField(
        label=_("Goal"),
        max_length=30,
        required=False,
        help_text=_("Leave empty for the sum of the needs."),
    )
    starts_on = DateField(label=_("Starts on"), widget=DateInput(), error_messages=DATE_ERRORS)
    ends_on = DateField(label=_("Ends on"), widget=DateInput(), error_messages=DATE_ERRORS)
    mode = forms.ChoiceField(
        label=_("When the goal is missed"), choices=FundingMode, widget=forms.RadioSelect
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, foundation, campaign=None, **kwargs):
        if campaign is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": campaign.title,
                "description": campaign.description,
                "needs": list(campaign.campaign_needs.values_list("need_id", flat=True)),
                "currency": campaign.currency,
                "goal": campaign.goal,
                "starts_on": campaign.starts_on,
                "ends_on": campaign.ends_on,
                "mode": campaign.mode,
                "version": campaign.version,
            }
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = funding_needs(foundation)
        if campaign is not None:
            # The currency never changes; the needs and mode only while a draft.
            del self.fields["currency"]
            if campaign.status != "draft":
                del self.fields["needs"]
                del self.fields["mode"]
                self.fields["starts_on"].disabled = True

    def service_fields(self):
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class CloseForm(VersionForm):
    early = forms.BooleanField(
        label=_("Close it now, before its last day"),
        required=False,
    )


class NewsForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=None,
        error_messages={
            "required": _("Choose one of the campaign's projects."),
            "invalid_choice": _("Choose one of the campaign's projects."),
        },
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        if len(projects) == 1:
            self.fields["project"].initial = projects[0].pk
