from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from maillage.collectives.models import Collective

from .services import LIFETIMES


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("What the token is for, e.g. “our website's agenda”."),
    )
    collectives = forms.ModelMultipleChoiceField(
        label=_("Collectives it reaches"),
        queryset=Collective.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Elsewhere it reads only what anyone may read."),
    )
    can_write = forms.BooleanField(
        label=_("It may change data (create actions, book rooms, register people…)"),
        required=False,
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collectives"].queryset = Collective.objects.of_member(user).order_by("name")
        # Built here, in the language of the person reading the form.
        self.fields["days"].choices = [("", _("until revoked"))] + [
            (d, ngettext("%(days)s day", "%(days)s days", d) % {"days": d}) for d in LIFETIMES
        ]
