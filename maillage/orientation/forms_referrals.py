"""Forms of referrals: sending one, refusing one. They shape what was typed; the
services decide and say why they refuse (services_referrals)."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .models_referrals import RefusalReason


def consent_text(offer):
    """The words the person agrees to, recorded with the referral as they were shown."""
    days = settings.ORIENTATION_REFERRAL_RETENTION_DAYS
    return ngettext(
        "The person agrees that their name, contact details, what they need and the "
        "document attached are sent to %(structure)s for the offer “%(offer)s”. They are "
        "seen only by the sender, the people of that structure and the network's "
        "coordinators, and erased %(days)s day after the referral is answered or cancelled.",
        "The person agrees that their name, contact details, what they need and the "
        "document attached are sent to %(structure)s for the offer “%(offer)s”. They are "
        "seen only by the sender, the people of that structure and the network's "
        "coordinators, and erased %(days)s days after the referral is answered or cancelled.",
        days,
    ) % {"structure": offer.structure.name, "offer": offer.name, "days": days}


class StructureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SendForm(forms.Form):
    sender_structure = StructureChoiceField(
        label=_("Sent on behalf of"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the structures you work for.")},
    )
    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        error_messages={"required": _("Give the first name.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        error_messages={"required": _("Give the last name.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_("A phone number or an e-mail address, or both."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "tel"}),
    )
    email = forms.CharField(
        label=_("E-mail address"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    language = forms.ChoiceField(
        label=_("Language the person reads"), choices=settings.LANGUAGES, initial="fr"
    )
    need = forms.CharField(
        label=_("What the person needs, in a few lines"),
        max_length=1000,
        error_messages={"required": _("Say in a few lines what the person needs.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    document = forms.FileField(
        label=_("A document (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    notify_person = forms.BooleanField(
        label=_("The person wants to be told by e-mail when the structure answers"),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("The person agrees, as written above"),
        error_messages={
            "required": _("The person's consent is needed: ask them, then tick the box.")
        },
    )

    def __init__(self, *args, structures, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language
        self.fields["document"].help_text = gettext("PDF, JPEG or PNG, %(limit)s at most.") % {
            "limit": filesizeformat(settings.ORIENTATION_REFERRAL_MAX_BYTES)
        }
        if structures.exists():
            self.fields["sender_structure"].queryset = structures
            self.fields["sender_structure"].initial = structures.first()
        else:
            del self.fields["sender_structure"]


class RefuseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", _("Choose a reason")), *RefusalReason.choices],
        error_messages={"required": _("Choose the reason for the refusal.")},
    )
    comment = forms.CharField(
        label=_("Comment for the sender (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
