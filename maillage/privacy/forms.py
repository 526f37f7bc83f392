from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class AddressForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person"),
        max_length=254,
        help_text=_("The address they wrote from. It is not kept: only a keyed trace of it."),
    )
