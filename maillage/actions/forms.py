from django import forms
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import User
from maillage.collectives.models import Membership
from maillage.core import dates

from .models import ActionStatus


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def members_of(collective, *also):
    """The people an action of the collective may be given to: its active members
    (and ``also`` these people, e.g. an owner who has left since)."""
    members = Membership.objects.active().filter(collective=collective).values("user_id")
    return User.objects.filter(Q(pk__in=members) | Q(pk__in=[p.pk for p in also])).order_by(
        "display_name", "pk"
    )


def meeting_label(meeting):
    day = formats.date_format(meeting.local_start, "SHORT_DATE_FORMAT")
    return f"{meeting.title} ({day})"


class ActionForm(forms.Form):
    title = forms.CharField(
        label=_("What is to be done"),
        max_length=300,
        error_messages={"required": _("Say what is to be done.")},
    )
    owner = forms.ModelChoiceField(
        label=_("Who"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
        help_text=_("A member of the collective."),
        error_messages={"invalid_choice": _("Choose a member of the collective.")},
    )
    due_date = dates.DateField(
        label=_("Due date"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter a date, for example 2026-03-31.")},
    )
    description = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, collective, current_owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Someone who left keeps their action until it is given to another member.
        also = [current_owner] if current_owner is not None else []
        self.fields["owner"].queryset = members_of(collective, *also)


class NewActionForm(ActionForm):
    meeting = forms.ModelChoiceField(
        label=_("Decided at the meeting"),
        queryset=None,
        required=False,
        empty_label=_("No meeting"),
    )

    def __init__(self, *args, collective, **kwargs):
        super().__init__(*args, collective=collective, **kwargs)
        self.fields["meeting"].queryset = collective.meetings.order_by("-starts_at")
        self.fields["meeting"].label_from_instance = meeting_label


class EditActionForm(ActionForm):
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)
    base_version = forms.IntegerField(min_value=0)


# What the list shows; "open" is to do and in progress together.
SHOW_OPEN, SHOW_ALL = "open", "all"


class FilterForm(forms.Form):
    """The filters of a collective's list, read from the query string (no JavaScript)."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (SHOW_OPEN, _("Open (to do or in progress)")),
            (ActionStatus.DONE, _("Done")),
            (ActionStatus.DROPPED, _("Dropped")),
            (SHOW_ALL, _("All")),
        ],
        initial=SHOW_OPEN,
    )
    owner = forms.ModelChoiceField(
        label=_("Who"), queryset=User.objects.none(), required=False, empty_label=_("Everyone")
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=None, required=False, empty_label=_("All meetings")
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, collective, **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
        members = Membership.objects.active().filter(collective=collective).values("user_id")
        owners = collective.actions.filter(owner__isnull=False).values("owner_id")
        self.fields["owner"].queryset = User.objects.filter(
            Q(pk__in=members) | Q(pk__in=owners)
        ).order_by("display_name", "pk")
        self.fields["meeting"].queryset = collective.meetings.filter(
            actions__isnull=False
        ).distinct()
        self.fields["meeting"].label_from_instance = meeting_label

    def value(self, name, default=None):
        """A filter's value when valid, ``default`` otherwise (a wrong value is ignored)."""
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return default
        return self.cleaned_data.get(name) or default

    def filter(self, actions, today):
        self.is_valid()  # fields with a wrong value are left out of cleaned_data
        status = self.value("status", SHOW_OPEN)
        if status == SHOW_OPEN:
            actions = actions.open()
        elif status != SHOW_ALL:
            actions = actions.filter(status=status)
        if owner := self.value("owner"):
            actions = actions.filter(owner=owner)
        if meeting := self.value("meeting"):
            actions = actions.filter(meeting=meeting)
        if self.value("overdue"):
            actions = actions.overdue(today)
        return actions


class CommentForm(forms.Form):
    # Not required and no max_length here: the service explains refusals.
    text = forms.CharField(
        label=_("Your comment"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
        help_text=_("At most 2,000 characters. Every member of the collective can read it."),
    )
