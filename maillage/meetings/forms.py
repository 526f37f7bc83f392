"""Forms of the meeting pages. They only read and shape what was typed: every rule
about meetings is checked by services.py, whose message the view puts on the form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import User
from maillage.actions.forms import OwnersForm
from maillage.collectives.forms import (
    PeopleChoiceField,
    PersonChoiceField,
    active_members,
    offer_members,
)
from maillage.core import dates
from maillage.core.widgets import DateInput, TimeInput
from maillage.core.zones import DEFAULT_TIME_ZONE, time_zone_choices

from .models import (
    AgendaItem,
    Agreement,
    Attendance,
    Decision,
    DecisionStatus,
    Invitee,
    ItemStatus,
    MeetingKind,
    Rsvp,
)


def _rows(count):
    return forms.Textarea(attrs={"rows": count})


# ---------------------------------------------------------------------------- meeting


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    purpose = forms.CharField(label=_("Purpose of the meeting"), required=False, widget=_rows(3))
    objectives = forms.CharField(
        label=_("Objectives"), required=False, widget=_rows(4), help_text=_("One per line.")
    )
    format = forms.CharField(
        label=_("Format"),
        required=False,
        widget=_rows(2),
        help_text=_("For example: plenary, then workshops in small groups."),
    )
    date = dates.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        initial=DEFAULT_TIME_ZONE,
        help_text=_("The date and times above are in this time zone."),
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("For example: Maison des associations."),
    )
    room = forms.CharField(label=_("Room"), max_length=120, required=False)
    address = forms.CharField(label=_("Address"), required=False, widget=_rows(2))
    access = forms.CharField(
        label=_("How to get there"),
        required=False,
        widget=_rows(2),
        help_text=_("For example: tram 12, stop Plainpalais."),
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("For a meeting held online or in both ways."),
    )
    facilitators = PeopleChoiceField(
        label=_("Facilitators"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    secretary = PersonChoiceField(
        label=_("In charge of the minutes"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
    )
    consultation = forms.ModelChoiceField(
        label=_("Workshop (consultation)"),
        queryset=None,
        required=False,
        empty_label=_("No workshop"),
        help_text=_("A consultation of the collective held during this meeting."),
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # The fields copied as they are between the meeting and the form.
    MEETING_TEXT = (
        "kind",
        "title",
        "purpose",
        "objectives",
        "format",
        "time_zone",
        "place",
        "room",
        "address",
        "access",
        "online_url",
    )

    def __init__(self, *args, collective, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        offer_members(self.fields["facilitators"], collective)
        offer_members(self.fields["secretary"], collective)
        self.fields["consultation"].queryset = collective.consultations.order_by("-pk")
        if not editing:
            del self.fields["base_version"]

    @classmethod
    def initial_for(cls, meeting):
        start, end = meeting.local_start, meeting.local_end
        initial = {name: getattr(meeting, name) for name in cls.MEETING_TEXT}
        return initial | {
            "date": start.date(),
            "start_time": start.time().replace(second=0, microsecond=0),
            "end_time": end.time().replace(second=0, microsecond=0),
            "facilitators": list(meeting.facilitators.all()),
            "secretary": meeting.secretary,
            "consultation": meeting.consultation,
            "base_version": meeting.version,
        }


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("Sent to the invited people with the cancellation."),
    )


class NextMeetingForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Empty: the same title as this meeting."),
    )
    date = dates.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput())


# ------------------------------------------------------------------ invitations and RSVP


class AnswerForm(forms.Form):
    rsvp = forms.ChoiceField(
        label=_("Will you come?"),
        choices=[
            (Rsvp.COMING, Rsvp.COMING.label),
            (Rsvp.EXCUSED, Rsvp.EXCUSED.label),
            (Rsvp.REPRESENTED, _("Represented by someone else")),
        ],
        widget=forms.RadioSelect,
    )
    represented_by = forms.CharField(
        label=_("Represented by"),
        max_length=200,
        required=False,
        help_text=_("For example: Jeanne Martin, also a member of the committee."),
    )
    comment = forms.CharField(label=_("Comment"), max_length=300, required=False)

    @classmethod
    def initial_for(cls, invitee):
        return {
            "rsvp": invitee.rsvp if invitee.rsvp != Rsvp.PENDING else None,
            "represented_by": invitee.represented_by,
            "comment": invitee.rsvp_comment,
        }


class InviteMemberForm(forms.Form):
    user = PersonChoiceField(label=_("Member"), queryset=User.objects.none())

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        invited = meeting.invitees.exclude(user=None).values("user_id")
        self.fields["user"].queryset = active_members(meeting.collective).exclude(pk__in=invited)


class GuestForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("The invitation is sent to this address."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        required=False,
        empty_label=_("Not listed, or none"),
    )
    organisation_name = forms.CharField(
        label=_("Organisation (if not listed)"), max_length=200, required=False
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = meeting.collective.organisations.order_by("name")


# Attendance marks offered on the day; "not recorded" is what is left unticked.
MARKS = [
    (Attendance.PRESENT, Attendance.PRESENT.label),
    (Attendance.EXCUSED, Attendance.EXCUSED.label),
    (Attendance.ABSENT, Attendance.ABSENT.label),
    (Attendance.REPRESENTED, Attendance.REPRESENTED.label),
]
FROM_RSVP = {
    Rsvp.COMING: Attendance.PRESENT,
    Rsvp.EXCUSED: Attendance.EXCUSED,
    Rsvp.REPRESENTED: Attendance.REPRESENTED,
}


def prefilled_mark(invitee):
    """The recorded attendance, or what the person's answer suggests."""
    if invitee.attendance != Attendance.UNKNOWN:
        return invitee.attendance
    return FROM_RSVP.get(invitee.rsvp)


class AttendanceForm(forms.Form):
    """Per invited person: a radio group named ``mark_<invitee id>``, who represents
    them (``proxy_<id>``) and how French minutes write it (``agreement_<id>``)."""

    def __init__(self, *args, invitees, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for invitee in invitees:
            name = f"mark_{invitee.pk}"
            self.fields[name] = forms.ChoiceField(
                label=invitee.name,
                choices=MARKS,
                required=False,
                widget=forms.RadioSelect,
                initial=prefilled_mark(invitee),
            )
            self.fields[f"proxy_{invitee.pk}"] = forms.CharField(
                label=_("Represented by"),
                max_length=Invitee._meta.get_field("represented_by").max_length,
                required=False,
                initial=invitee.represented_by,
                help_text=_("For example: M. Dunand. Only for someone represented."),
            )
            self.fields[f"agreement_{invitee.pk}"] = forms.ChoiceField(
                label=_("Written in French minutes"),
                choices=Agreement.choices,
                required=False,
                initial=invitee.agreement,
            )
            self.rows.append((invitee, name))

    def bound_rows(self):
        """(invitee, marks, who represents them, agreement) for each row."""
        return [
            (invitee, self[name], self[f"proxy_{invitee.pk}"], self[f"agreement_{invitee.pk}"])
            for invitee, name in self.rows
        ]

    def marks(self):
        """Invitee id → mark, for the people with a mark ticked."""
        return {
            invitee.pk: self.cleaned_data[name]
            for invitee, name in self.rows
            if self.cleaned_data.get(name)
        }

    def proxies(self):
        """Invitee id → (who represents them, agreement), for every row."""
        return {
            invitee.pk: (
                self.cleaned_data.get(f"proxy_{invitee.pk}", ""),
                self.cleaned_data.get(f"agreement_{invitee.pk}", ""),
            )
            for invitee, _name in self.rows
        }


class WalkInForm(GuestForm):
    email = forms.EmailField(label=_("E-mail address"), required=False)
    field_order = ["name", "organisation", "organisation_name", "email"]


# ---------------------------------------------------------------------------- agenda


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Item"), max_length=200)
    theme = forms.CharField(label=_("Theme"), max_length=120, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=_rows(3))
    presenter = forms.CharField(
        label=_("Put forward by"),
        max_length=200,
        required=False,
        help_text=_("A name or an organisation."),
    )
    starts_at = forms.TimeField(label=_("From"), required=False, widget=TimeInput())
    ends_at = forms.TimeField(label=_("To"), required=False, widget=TimeInput())

    def __init__(self, *args, proposal=False, **kwargs):
        super().__init__(*args, **kwargs)
        if proposal:
            # A member proposes the subject; those who plan the meeting set its time.
            for name in ("presenter", "starts_at", "ends_at"):
                del self.fields[name]


class ItemEditForm(ItemForm):
    notes = forms.CharField(
        label=AgendaItem._meta.get_field("notes").verbose_name,
        required=False,
        widget=_rows(10),
        help_text=_("What was said, the solutions found: this text goes into the minutes."),
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, with_notes=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_notes:
            del self.fields["notes"]

    @staticmethod
    def initial_for(item):
        names = ("title", "theme", "description", "presenter", "starts_at", "ends_at", "notes")
        return {name: getattr(item, name) for name in names} | {"base_version": item.version}


class NotesForm(forms.Form):
    """An item's notes typed on the meeting's page during the meeting, saved as they are
    typed. ``base_version`` is the version they were typed on; ``seen_version``, sent by
    the button shown after a conflict, is the version of the other text the person read."""

    notes = forms.CharField(
        label=AgendaItem._meta.get_field("notes").verbose_name,
        required=False,
        widget=_rows(5),
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def version(self):
        """The version the text is saved over."""
        return self.cleaned_data["seen_version"] or self.cleaned_data["base_version"]


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=2000, widget=_rows(2))


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=_rows(3))
    status = forms.ChoiceField(
        label=_("Status"), choices=DecisionStatus.choices, initial=DecisionStatus.ADOPTED
    )
    item = forms.ModelChoiceField(
        label=_("Agenda item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("None in particular"),
    )

    def __init__(self, *args, meeting, with_item=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.exclude(status=ItemStatus.DECLINED)
        if not with_item:
            del self.fields["item"]


class ActionForm(OwnersForm):
    title = forms.CharField(label=_("What is to be done"), max_length=300)
    due_date = dates.DateField(label=_("Due date"), required=False, widget=DateInput())
    decision = forms.ModelChoiceField(
        label=_("From the decision"),
        queryset=Decision.objects.none(),
        required=False,
        empty_label=_("None in particular"),
    )
    description = forms.CharField(label=_("Details"), required=False, widget=_rows(3))

    field_order = ["title", "owners", "organisations", "other_owners", "due_date"]

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_owners(meeting.collective)
        self.fields["decision"].queryset = meeting.decisions.all()


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Details"), required=False, widget=_rows(2))
    date = dates.DateField(label=_("Date"), required=False, widget=DateInput())
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")


class NextStepsForm(forms.Form):
    next_steps = forms.CharField(label=_("Next steps"), required=False, widget=_rows(4))
    annexes = forms.CharField(
        label=_("Annexes"),
        required=False,
        widget=_rows(3),
        help_text=_("One per line: a title, or a title and a link."),
    )


# ------------------------------------------------------------------------- calendars


class FeedForm(forms.Form):
    """Which calendar to make or replace: the person's own (no collective) or one
    collective's, by its slug."""

    collective = forms.SlugField(required=False)
    renew = forms.BooleanField(required=False)
