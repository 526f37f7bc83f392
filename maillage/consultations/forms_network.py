"""The form that creates a network consultation from the network's page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.collectives.models import Collective

from .forms import ConsultationForm
from .models import Method


class NetworkConsultationForm(ConsultationForm):
    collective = forms.ModelChoiceField(
        label=_("Hosted by"),
        queryset=Collective.objects.none(),
        empty_label=None,
        help_text=_("One of the network's collectives you belong to: its page shows it."),
        error_messages={"invalid_choice": _("Choose one of the collectives offered.")},
    )
    method = forms.ChoiceField(
        label=_("Start from a method"),
        choices=Method.choices,
        widget=forms.RadioSelect,
        initial=Method.SPIRAL,
        help_text=_("Its questions, grid and rounds can be changed afterwards."),
    )
    field_order = ["title", "purpose", "collective", "method"]

    def __init__(self, *args, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collective"].queryset = hosts
