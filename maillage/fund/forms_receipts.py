"""Forms of the receipts and the donors' pages. They shape what was typed; the services
(services_receipts, services_donors) decide and say why they refuse."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import DonorKind


class IssueForm(forms.Form):
    """A receipt for one gift, found by its number or its payment reference."""

    gift = forms.CharField(
        label=_("Gift's number or payment reference"),
        max_length=40,
        error_messages={"required": _("Give the gift's number or its payment reference.")},
    )


class YearForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year of the gifts"),
        min_value=2000,
        error_messages={
            "required": _("Give the year of the gifts."),
            "invalid": _("Give a year, for example 2026."),
            "min_value": _("Choose a year between 2000 and this year."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].max_value = timezone.localdate().year


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        max_length=300,
        help_text=_("The cancellation states it, for example: wrong address."),
        error_messages={
            "required": _("Say why the receipt is cancelled: the cancellation states it.")
        },
    )


class DonorForm(forms.Form):
    name = forms.CharField(
        label=_("Name, or the organisation's name"),
        max_length=200,
        error_messages={"required": _("Write the donor's name.")},
    )
    address = forms.CharField(
        label=_("Postal address"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A receipt needs it."),
    )
    kind = forms.ChoiceField(label=_("Donor"), choices=DonorKind.choices)


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("The donor asked to be erased, and I understand this cannot be undone."),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )


class DonorSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or e-mail address"), required=False, max_length=100)
