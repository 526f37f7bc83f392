"""Forms of the bank reconciliation (views_bank.py). They shape what was typed; the
services (services_bank) decide and say why they refuse."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from maillage.core.typography import amount

from . import statements

REASON_MAX = 300


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Bank statement"),
        help_text=_(
            "The camt.053 file (XML) your bank's e-banking exports, or a CSV export with a "
            "date, an amount, and if possible the name, the reference and the message of "
            "each transfer. At most 20 MB."
        ),
        error_messages={
            "required": _("Choose the statement file to import."),
            "empty": _("The file is empty."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.csv,.txt,text/xml,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > statements.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 20 MB: export the statement in shorter periods.")
            )
        return upload


def gift_label(gift):
    """How a promised gift reads among the suggestions of a line."""
    donor = gift.donor.name if gift.donor is not None and gift.donor.erased_at is None else ""
    parts = [
        amount(gift.amount, gift.currency, cents=True),
        donor or str(_("anonymous")),
        gift.reference or str(_("no reference")),
        str(_("promised on %(date)s"))
        % {"date": date_format(gift.pledged_at.date(), "SHORT_DATE_FORMAT")},
    ]
    if gift.campaign_id:
        parts.append(gift.campaign.title)
    return " · ".join(parts)


class MatchForm(forms.Form):
    gift = forms.TypedChoiceField(
        label=_("Promised gift"),
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose one of the promised gifts listed.")},
    )
    reference = forms.CharField(
        label=_("Or the payment reference of another promised gift"),
        max_length=40,
        required=False,
    )

    def __init__(self, *args, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gift"].choices = [(gift.pk, gift_label(gift)) for gift in suggestions]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("gift") and not cleaned.get("reference"):
            raise forms.ValidationError(
                _("Choose the promised gift this money pays, or type its payment reference.")
            )
        return cleaned


class IgnoreForm(forms.Form):
    reason = forms.CharField(
        label=_("What is this money?"),
        help_text=_("For example: refund of bank fees, a grant from the Département."),
        max_length=REASON_MAX,
        error_messages={
            "required": _("Say what this money is, for example “refund of bank fees”.")
        },
    )
