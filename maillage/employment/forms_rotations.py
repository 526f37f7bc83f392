"""The forms of the day's rounds: planning from a round, and a meeting's outcome."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MeetingOutcome


class PlanForm(forms.Form):
    """Plan the rounds, or re-plan from round N (numbered from 1 here): earlier rounds
    are kept as they happened."""

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_round"] = forms.IntegerField(
            label=_("Plan from round"),
            min_value=1,
            max_value=rounds,
            help_text=_("Rounds before this one are kept as they are."),
        )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=MeetingOutcome.choices)
