"""Leaving an e-mail address to be told when a round opens: on the join page, or later
from the wall (views_contact). The consent is the box's label, and the text stored is
that label, as shown."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core.errors import DomainError

from .forms import JoinForm
from .models_contact import ParticipantContact
from .services_contact import EMAIL_MAX_LENGTH, clean_contact_email, consent_text


def _email_field(required):
    return forms.CharField(
        label=gettext_lazy("Your e-mail address"),
        required=required,
        # Checked in clean(), by the service's rule, with a message saying why.
        widget=forms.EmailInput(attrs={"autocomplete": "email", "maxlength": EMAIL_MAX_LENGTH}),
        error_messages={"required": gettext_lazy("Type your e-mail address.")},
    )


class ContactFields(forms.Form):
    """An address and the consent to keep it: both, or (where optional) neither."""

    contact_required = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"] = _email_field(self.contact_required)
        self.fields["consent"] = forms.BooleanField(label=consent_text(), required=False)

    @property
    def consent_shown(self):
        """The consent exactly as the box shows it."""
        return str(self.fields["consent"].label)

    def clean(self):
        cleaned = super().clean()
        email = (cleaned.get("email") or "").strip()
        if "email" in self.errors:
            return cleaned
        if not email and not cleaned.get("consent") and not self.contact_required:
            return cleaned
        try:
            cleaned["email"] = clean_contact_email(email)
        except DomainError as exc:
            self.add_error("email", exc.message)
        if not cleaned.get("consent"):
            self.add_error(
                "consent",
                _("Tick the box to agree: your address is kept only with your agreement."),
            )
        return cleaned


class ContactForm(ContactFields):
    """On the wall (or its own page): leave an address."""


class JoinContactForm(ContactFields, JoinForm):
    """Joining with a code, and optionally leaving an address at the same time."""

    contact_required = False

    def __init__(self, *args, with_contact=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_contact:
            self.fields["email"].label = _("Your e-mail address (optional)")
            self.fields["email"].help_text = _(
                "To be told when a new round opens, weeks or months from now, on any device."
            )
        else:  # members are told through their account
            del self.fields["email"], self.fields["consent"]

    def clean(self):
        if "email" not in self.fields:
            return forms.Form.clean(self)
        return super().clean()

    @property
    def leaves_contact(self):
        return bool(self.is_valid() and self.cleaned_data.get("email"))


def wall_contact(participant, form=None, *, consultation):
    """What the wall shows a participant without an account about being reached again:
    whether they left an address (never the address), the form to leave one while the
    consultation is under way, and the disclosure of their return link."""
    if participant is None or participant.user_id is not None:
        return {"come_back": False}
    reachable = ParticipantContact.objects.filter(participant=participant).reachable().exists()
    return {
        "come_back": True,
        "reachable": reachable,
        "can_leave_contact": not consultation.is_closed,
        "contact_form": form or ContactForm(auto_id="contact_%s"),
    }
