from django import forms
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import User
from maillage.collectives.forms import PeopleChoiceField, offer_members
from maillage.collectives.models import Membership, Organisation
from maillage.core import dates
from maillage.core.typography import one_line
from maillage.core.widgets import DateInput

from .models import ActionStatus


def owner_ids(collective):
    """The people who own actions of the collective (members or not any more)."""
    from .models import ActionOwner

    return ActionOwner.objects.filter(action__collective=collective, user__isnull=False).values(
        "user_id"
    )


def split_names(text):
    """The names typed in one field, separated by commas or line breaks."""
    parts = (part for line in (text or "").splitlines() for part in line.split(","))
    return [one_line(part) for part in parts if part.strip()]


class OwnersForm(forms.Form):
    """The owners of an action: members, organisations of the collective and others
    named in words. Call ``offer_owners`` in ``__init__``; ``chosen_owners()`` gives
    them, in order, for the actions services."""

    owners = PeopleChoiceField(
        label=_("Who"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of the collective."),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations in charge"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose organisations of the collective."),
            "invalid_pk_value": _("Choose organisations of the collective."),
        },
    )
    other_owners = forms.CharField(
        label=_("Other owners"),
        max_length=1000,
        required=False,
        help_text=_("Guests or anyone else, by name; separate the names with commas."),
    )

    def offer_owners(self, collective, action=None):
        """Offer the collective's members and organisations, and the action's current
        owners (who may have left since: they stay until they are unticked)."""
        current = action.owner_list if action is not None else []
        offer_members(
            self.fields["owners"], collective, also=[o.user for o in current if o.user_id]
        )
        organisations = Organisation.objects.filter(
            Q(pk__in=collective.organisations.values("pk"))
            | Q(pk__in=[o.organisation_id for o in current if o.organisation_id])
        ).order_by("name", "pk")
        listed = list(organisations)
        if listed:
            field = self.fields["organisations"]
            field.queryset = organisations
            field.widget.choices = [(o.pk, field.label_from_instance(o)) for o in listed]
        else:
            del self.fields["organisations"]

    @staticmethod
    def initial_owners(action):
        owners = action.owner_list
        return {
            "owners": [o.user for o in owners if o.user_id],
            "organisations": [o.organisation for o in owners if o.organisation_id],
            "other_owners": ", ".join(o.name for o in owners if o.is_guest),
        }

    def chosen_owners(self):
        """Members (by name), then organisations, then the others as typed."""
        data = self.cleaned_data
        people = sorted(data.get("owners") or [], key=lambda p: (p.display_name.casefold(), p.pk))
        organisations = list(data.get("organisations") or [])
        return [*people, *organisations, *split_names(data.get("other_owners"))]


def meeting_label(meeting):
    day = formats.date_format(meeting.local_start, "SHORT_DATE_FORMAT")
    return f"{meeting.title} ({day})"


class ActionForm(OwnersForm):
    title = forms.CharField(
        label=_("What is to be done"),
        max_length=300,
        error_messages={"required": _("Say what is to be done.")},
    )
    start_date = dates.DateField(
        label=_("Start date"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "When the work begins, for a task that takes time; leave it empty for a deadline."
        ),
    )
    due_date = dates.DateField(label=_("Due date"), required=False, widget=DateInput())
    phase = forms.ModelChoiceField(
        label=_("Phase"),
        queryset=None,
        required=False,
        empty_label=_("No phase"),
        help_text=_("A phase of a project or of a consultation; in a project, one of its phases."),
        error_messages={"invalid_choice": _("Choose one of the phases offered.")},
    )
    description = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    field_order = ["title", "owners", "organisations", "other_owners", "start_date", "due_date"]

    def __init__(self, *args, collective, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Someone who left keeps their action until they are unticked.
        self.offer_owners(collective, action)
        if not offer_phases(self.fields["phase"], collective):
            del self.fields["phase"]


def phase_label(phase):
    """ "Phase — Project" or "Phase — Consultation"."""
    owner = phase.project or phase.consultation
    return f"{phase.title} — {owner.title}"


def offer_phases(field, collective):
    """The phases of the collective's projects and consultations, each project's or
    consultation's together and in order (the field is removed when there are none)."""
    phases = collective.phases.select_related("project", "consultation").order_by(
        "project__title", "consultation__title", "project_id", "consultation_id", "position", "pk"
    )
    field.queryset = phases
    field.label_from_instance = phase_label
    # Read once, to know whether there are any and to offer them.
    listed = list(phases)
    field.widget.choices = [("", field.empty_label)] + [(p.pk, phase_label(p)) for p in listed]
    return bool(listed)


def projects_for(collective, user):
    """The projects an action may be put in by ``user``: every open project of the
    collective for its coordinators, the projects they pilot for others."""
    from maillage.collectives.rules import is_coordinator

    # Through the collective: actions sit below projects and import nothing of theirs.
    projects = collective.projects.filter(archived_at=None, work_stream__archived_at=None).order_by(
        "title", "pk"
    )
    if user is None or not user.is_authenticated:
        return projects.none()
    if not is_coordinator(user, collective):
        projects = projects.filter(pilots=user)
    return projects


def project_field():
    return forms.ModelChoiceField(
        label=_("In the project"),
        queryset=None,
        required=False,
        empty_label=_("No project"),
    )


class NewActionForm(ActionForm):
    meeting = forms.ModelChoiceField(
        label=_("Decided at the meeting"),
        queryset=None,
        required=False,
        empty_label=_("No meeting"),
    )
    project = project_field()
    # A decision by consultation (taken without a meeting) that the action carries out.
    decision = forms.ModelChoiceField(
        label=_("Carries out the decision by consultation"),
        queryset=None,
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args, collective, user=None, **kwargs):
        super().__init__(*args, collective=collective, **kwargs)
        self.fields["meeting"].queryset = collective.meetings.order_by("-starts_at")
        self.fields["meeting"].label_from_instance = meeting_label
        decisions = collective.decisions.filter(meeting=None).order_by("-created_at")
        self.fields["decision"].queryset = decisions
        self.fields["decision"].label_from_instance = decision_label
        if not decisions.exists():
            del self.fields["decision"]
        self.fields["project"].queryset = projects_for(collective, user)
        if not self.fields["project"].queryset.exists():
            del self.fields["project"]


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
        self.fields["owner"].queryset = User.objects.filter(
            Q(pk__in=members) | Q(pk__in=owner_ids(collective))
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
            actions = actions.owned_by(owner)
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


def decision_label(decision):
    where = meeting_label(decision.meeting) if decision.meeting else _("by consultation")
    return f"{one_line(decision.text)[:80]} – {where}"


class CommitmentActionForm(forms.Form):
    """A pledge made an action (actions.services.action_from_commitment): in which project
    and carrying out which decision (a meeting's, or one by consultation), if any."""

    project = project_field()
    decision = forms.ModelChoiceField(
        label=_("From the decision"),
        queryset=None,
        required=False,
        empty_label=_("None in particular"),
    )

    def __init__(self, *args, collective, consultation, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects_for(collective, user)
        # The decisions on this consultation's statements (through the collective: actions
        # sit below meetings and import nothing of theirs).
        self.fields["decision"].queryset = (
            collective.decisions.filter(statement__consultation=consultation)
            .select_related("meeting")
            .order_by("-created_at", "pk")
        )
        self.fields["decision"].label_from_instance = decision_label
