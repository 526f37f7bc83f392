"""Forms of the pages after the café: an outcome (organiser, recruiter by link, seeker
by link), a follow-up session, an obstacle and the action it becomes. They shape what
was typed; services_after.py keeps the rules and the view shows its refusals."""

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.actions.forms import OwnersForm
from maillage.core import dates
from maillage.core.widgets import DateInput, TimeInput

from .models import Contract
from .models_after import ObstacleTheme, OutcomeKind


def checkpoint_choices():
    return [
        (0, _("At the café")),
        (1, _("1 month after")),
        (3, _("3 months after")),
        (6, _("6 months after")),
    ]


class OutcomeForm(forms.Form):
    """Where a person stands. The organiser chooses the checkpoint and the recruiter;
    a recruiter or the seeker answer for the checkpoint of the day."""

    checkpoint = forms.TypedChoiceField(
        label=_("When"), choices=checkpoint_choices, coerce=int, initial=0
    )
    kind = forms.ChoiceField(
        label=_("Where does the person stand?"),
        choices=OutcomeKind.choices,
        widget=forms.RadioSelect,
    )
    contract = forms.ChoiceField(
        label=_("Type of contract"),
        choices=[("", _("—"))] + list(Contract.choices),
        required=False,
        help_text=_("Required when hired."),
    )
    hours = forms.DecimalField(
        label=_("Hours a week"),
        required=False,
        min_value=1,
        max_value=80,
        decimal_places=1,
        max_digits=4,
        help_text=_("Optional."),
    )
    recruiter = forms.ModelChoiceField(
        label=_("With which recruiter"),
        queryset=None,
        required=False,
        empty_label=_("None, or another one"),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, cafe, who="organiser", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recruiter"].queryset = cafe.recruiters.order_by("name", "pk")
        if who != "organiser":
            del self.fields["checkpoint"]
        if who == "recruiter":
            del self.fields["recruiter"]
        if who == "seeker":
            self.fields["kind"].label = _("Where are you now?")
            self.fields["recruiter"].label = _("With one of the café's recruiters?")
            self.fields["note"].label = _("Anything to add (optional)")

    def clean(self):
        data = super().clean()
        if data.get("kind") == OutcomeKind.HIRED and not data.get("contract"):
            self.add_error("contract", _("Give the type of contract."))
        return data

    @staticmethod
    def initial_for(outcome):
        if outcome is None:
            return {}
        return {
            "checkpoint": outcome.checkpoint,
            "kind": outcome.kind,
            "contract": outcome.contract,
            "hours": outcome.hours,
            "recruiter": outcome.recruiter_id,
            "note": outcome.note,
            "version": outcome.version,
        }


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    date = dates.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    purpose = forms.CharField(
        label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    invite_members = forms.BooleanField(
        label=_("Invite the collective's members too"),
        required=False,
        help_text=_("Members who listen and open their networks."),
    )
    send_now = forms.BooleanField(
        label=_("Send the invitations now"),
        required=False,
        help_text=_("Otherwise, send them from the meeting's page."),
    )


class ObstacleForm(forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), choices=ObstacleTheme.choices)
    text = forms.CharField(
        label=_("What was heard"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Name nobody: describe the obstacle, not the person."),
    )
    session = forms.ModelChoiceField(
        label=_("Heard at"), queryset=None, required=False, empty_label=_("The café itself")
    )

    def __init__(self, *args, cafe, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = cafe.sessions.select_related("meeting")
        self.fields["session"].label_from_instance = lambda session: session.meeting.title


class ObstacleActionForm(OwnersForm):
    title = forms.CharField(label=_("Action"), max_length=200)
    due_date = dates.DateField(label=_("Due date"), required=False, widget=DateInput())

    field_order = ["title", "owners", "organisations", "other_owners", "due_date"]

    def __init__(self, *args, collective, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_owners(collective)
