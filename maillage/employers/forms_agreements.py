"""Forms of staff lending and skills sponsorship. They shape what was typed; the
services (services_agreements) decide and say why they refuse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.collectives.models import Organisation
from maillage.core.dates import DateField
from maillage.core.widgets import DateInput

from .models import Employer, OfferStatus

DATE_ERRORS = {"invalid": _("Enter a date, for example 2026-03-31.")}
NUMBER_ERRORS = {"invalid": _("Give a number, for example 17.5.")}


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.organisation.name


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _members(group):
    return (
        Employer.objects.filter(group=group, left_on__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def _member_field(label, **extra):
    return MemberChoiceField(
        label=label,
        queryset=Employer.objects.none(),
        error_messages={
            "required": _("Choose a member employer of the group."),
            "invalid_choice": _("Choose a member employer of the group."),
        },
        **extra,
    )


class LendingForm(forms.Form):
    lender = _member_field(_("Lending member (the employer)"))
    borrower = _member_field(_("Borrowing member"))
    post = forms.CharField(label=_("Post lent"), max_length=200)
    starts_on = DateField(label=_("From"), widget=DateInput(), error_messages=DATE_ERRORS)
    ends_on = DateField(label=_("To"), widget=DateInput(), error_messages=DATE_ERRORS)
    hours_per_week = forms.DecimalField(
        label=_("Hours a week"),
        max_digits=4,
        decimal_places=1,
        localize=True,
        error_messages=NUMBER_ERRORS,
    )
    hourly_cost = forms.DecimalField(
        label=_("Wages and charges an hour (€)"),
        max_digits=7,
        decimal_places=2,
        localize=True,
        error_messages=NUMBER_ERRORS,
        help_text=_(
            "What the hour costs the lender: the borrower pays back exactly this, nothing more."
        ),
    )
    support = forms.CharField(
        label=_("Support (a municipality, a fund…)"), max_length=300, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, group, lenders=None, lending=None, **kwargs):
        if lending is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "lender": lending.lender_id,
                "borrower": lending.borrower_id,
                "post": lending.post,
                "starts_on": lending.starts_on,
                "ends_on": lending.ends_on,
                "hours_per_week": lending.hours_per_week,
                "hourly_cost": lending.hourly_cost,
                "support": lending.support,
                "version": lending.version,
            }
        super().__init__(*args, **kwargs)
        members = _members(group)
        self.fields["lender"].queryset = lenders if lenders is not None else members
        self.fields["borrower"].queryset = members

    def service_fields(self):
        data = self.cleaned_data
        return {
            name: data.get(name)
            for name in (
                "lender",
                "borrower",
                "post",
                "starts_on",
                "ends_on",
                "hours_per_week",
                "hourly_cost",
            )
        } | {"support": data.get("support", "")}


class VersionForm(forms.Form):
    """A confirmation (signing an agreement) carrying the version it was shown at."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EndLendingForm(VersionForm):
    ends_on = DateField(
        label=_("Last day"),
        widget=DateInput(),
        required=False,
        error_messages=DATE_ERRORS,
        help_text=_("Leave empty to end it on its planned last day."),
    )


class SponsorshipForm(forms.Form):
    sponsor = OrganisationChoiceField(
        label=_("Sponsor (an organisation of the collective)"),
        queryset=Organisation.objects.none(),
        error_messages={
            "required": _("Choose an organisation of the collective."),
            "invalid_choice": _("Choose an organisation of the collective."),
        },
    )
    skill = forms.CharField(label=_("Skill offered"), max_length=200)
    hours = forms.IntegerField(
        label=_("Hours offered"),
        min_value=1,
        error_messages={
            "invalid": _("Give a whole number of hours."),
            "min_value": _("Give at least one hour."),
        },
    )
    starts_on = DateField(label=_("From"), widget=DateInput(), error_messages=DATE_ERRORS)
    ends_on = DateField(
        label=_("To"), widget=DateInput(), required=False, error_messages=DATE_ERRORS
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, group, offer=None, **kwargs):
        if offer is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "sponsor": offer.sponsor_id,
                "skill": offer.skill,
                "hours": offer.hours,
                "starts_on": offer.starts_on,
                "ends_on": offer.ends_on,
                "description": offer.description,
            }
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = group.collective.organisations.order_by("name")

    def service_fields(self):
        data = self.cleaned_data
        return {
            "sponsor": data["sponsor"],
            "skill": data["skill"],
            "hours": data["hours"],
            "starts_on": data["starts_on"],
            "ends_on": data.get("ends_on"),
            "description": data.get("description", ""),
        }


class AssignForm(forms.Form):
    beneficiary = MemberChoiceField(
        label=_("Member it goes to"),
        queryset=Employer.objects.none(),
        required=False,
        empty_label=_("(nobody yet: the offer stays open)"),
        error_messages={"invalid_choice": _("Choose a member employer of the group.")},
    )

    def __init__(self, *args, group, offer=None, **kwargs):
        if offer is not None and "initial" not in kwargs:
            kwargs["initial"] = {"beneficiary": offer.beneficiary_id}
        super().__init__(*args, **kwargs)
        self.fields["beneficiary"].queryset = _members(group)


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("How the offer ends"),
        choices=[
            (OfferStatus.DONE, _("Done: the member had the hours")),
            (OfferStatus.WITHDRAWN, _("Withdrawn")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how the offer ends: done or withdrawn."),
            "invalid_choice": _("Choose how the offer ends: done or withdrawn."),
        },
    )
