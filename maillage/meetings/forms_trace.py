"""The form that makes a statement of a closed round a decision (services_trace)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.actions.forms import meeting_label

from .models import DecisionStatus, MeetingStatus, MinutesStatus


class DecisionFromStatementForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Decided at the meeting"),
        queryset=None,
        required=False,
        empty_label=_("No meeting: a decision by consultation"),
        help_text=_("A meeting of the collective whose minutes are not approved yet."),
    )
    text = forms.CharField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The statement's words, which you may complete."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=DecisionStatus.choices, initial=DecisionStatus.ADOPTED
    )

    def __init__(self, *args, collective, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            collective.meetings.filter(status=MeetingStatus.PLANNED)
            .exclude(minutes__status=MinutesStatus.APPROVED)
            .order_by("-starts_at", "pk")
        )
        self.fields["meeting"].label_from_instance = meeting_label
