"""Forms of the board, of a project's page and of the kanban's filters.

Forms only read what was typed; the rules (pilots in the collective, dates, amounts,
currencies) are the services' and their messages are shown on the forms.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import User
from maillage.actions.forms import OwnersForm, owner_ids
from maillage.collectives.forms import PeopleChoiceField, offer_members
from maillage.collectives.models import Membership, Organisation
from maillage.core import dates
from maillage.core.content import MarkdownField
from maillage.core.typography import labelled
from maillage.core.widgets import DateInput

from .models import (
    Currency,
    LinkKind,
    NeedKind,
    Project,
    ProjectStatus,
    WorkStream,
    WorkStreamStatus,
)


class WorkStreamForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    purpose = forms.CharField(
        label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EditWorkStreamForm(WorkStreamForm):
    status = forms.ChoiceField(label=_("Status"), choices=WorkStreamStatus.choices)


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    work_stream = forms.ModelChoiceField(
        label=_("Work stream"),
        queryset=None,
        error_messages={"required": _("Choose a work stream.")},
    )
    content = MarkdownField(
        label=_("Content"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: **bold**, lists, links."),
    )
    pilots = PeopleChoiceField(
        label=_("Pilots"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Members of the collective; hold Ctrl (or Cmd) to choose several."),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose organisations of the collective.")},
    )
    phase = forms.CharField(label=_("Phase"), max_length=120, required=False)
    starts_on = dates.DateField(
        label=_("Starts on"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter a date, for example 2026-03-31.")},
    )
    ends_on = dates.DateField(
        label=_("Ends on"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter a date, for example 2026-03-31.")},
    )
    public = forms.BooleanField(
        label=_("Show it on the public results page"),
        required=False,
        help_text=_(
            "When the collective is public, anyone can read the project's title, content, "
            "status, progress, milestones and partner organisations; never the people."
        ),
    )

    def __init__(self, *args, collective, pilots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_stream"].queryset = collective.work_streams.filter(archived_at=None)
        # Pilots who have left are accepted, for the service to say why they cannot stay.
        offer_members(self.fields["pilots"], collective, also=pilots)
        self.fields["partners"].queryset = collective.organisations.order_by("name")


class NewProjectForm(ProjectForm):
    status = forms.ChoiceField(
        label=_("Status"), choices=ProjectStatus.choices, initial=ProjectStatus.IDEA
    )


class EditProjectForm(ProjectForm):
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices)
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


class ProgressForm(forms.Form):
    progress = forms.CharField(
        label=_("Progress (%)"),
        max_length=10,
        required=False,
        help_text=_("Leave empty to follow the milestones reached."),
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200, required=False)
    due_on = dates.DateField(
        label=_("Date"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter a date, for example 2026-03-31.")},
    )


class NeedForm(forms.Form):
    kind = forms.CharField(label=_("Kind"), widget=forms.Select(choices=NeedKind.choices))
    description = forms.CharField(
        label=_("What for"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    # Kept as text: services.parse_amount reads "12 000" or "12'000.50" and explains refusals.
    amount = forms.CharField(label=_("Amount (for funding)"), max_length=40, required=False)
    # A plain select, so that a forged value reaches the service and its message.
    currency = forms.CharField(
        label=_("Currency"),
        required=False,
        max_length=10,
        widget=forms.Select(choices=[("", "—"), *Currency.choices]),
    )
    approached = forms.CharField(
        label=_("Who was approached"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Funders or partners already asked."),
    )


class VolunteerForm(forms.Form):
    message = forms.CharField(label=_("Message to the pilots"), max_length=300, required=False)


class ProjectActionForm(OwnersForm):
    title = forms.CharField(
        label=_("What is to be done"),
        max_length=300,
        error_messages={"required": _("Say what is to be done.")},
    )
    due_date = dates.DateField(
        label=_("Due date"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter a date, for example 2026-03-31.")},
    )
    decision = forms.ModelChoiceField(
        label=_("From a meeting decision"),
        queryset=None,
        required=False,
        empty_label=_("No decision"),
        error_messages={"invalid_choice": _("Choose a decision of this collective's meetings.")},
    )

    field_order = ["title", "owners", "organisations", "other_owners", "due_date"]

    def __init__(self, *args, collective, **kwargs):
        kwargs.setdefault("prefix", "action")
        super().__init__(*args, **kwargs)
        self.offer_owners(collective)
        from maillage.meetings.models import Decision

        self.fields["decision"].queryset = (
            Decision.objects.filter(meeting__collective=collective)
            .select_related("meeting")
            .order_by("-meeting__starts_at", "pk")
        )
        self.fields["decision"].label_from_instance = lambda d: labelled(
            d.meeting.title, d.text[:80]
        )


class BoardFilterForm(forms.Form):
    """The board's filters, read from the query string (no JavaScript)."""

    stream = forms.ModelChoiceField(
        label=_("Work stream"),
        queryset=WorkStream.objects.none(),
        required=False,
        empty_label=_("All work streams"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *ProjectStatus.choices],
    )
    pilot = forms.ModelChoiceField(
        label=_("Pilot"), queryset=User.objects.none(), required=False, empty_label=_("Everyone")
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All organisations"),
    )
    overdue = forms.BooleanField(label=_("With overdue actions only"), required=False)

    def __init__(self, *args, collective, **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
        members = Membership.objects.active().filter(collective=collective).values("user_id")
        pilots = collective.projects.values("pilots")
        self.fields["pilot"].queryset = User.objects.filter(
            Q(pk__in=members) | Q(pk__in=pilots)
        ).order_by("display_name", "pk")
        self.fields["organisation"].queryset = collective.organisations.order_by("name")
        self.fields["stream"].queryset = collective.work_streams.filter(archived_at=None)

    def value(self, name, default=None):
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return default
        return self.cleaned_data.get(name) or default


class CommentForm(forms.Form):
    # Not required and no max_length here: services.clean_comment_text explains refusals.
    text = forms.CharField(
        label=_("Your comment"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
        help_text=_("At most 2,000 characters. Every member of the collective can read it."),
    )


class LinkForm(forms.Form):
    # Plain text fields, so that services.add_link explains what is wrong.
    kind = forms.CharField(label=_("Kind"), widget=forms.Select(choices=LinkKind.choices))
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    url = forms.CharField(
        label=_("Web address"),
        required=False,
        max_length=500,
        widget=forms.URLInput(),
        help_text=_("In full, e.g. https://example.org/report.pdf"),
    )


# The kanban's filters, kept when a move comes back to the board.
FILTERS = ("project", "owner", "work_stream")


class KanbanFilterForm(forms.Form):
    """The board's filters, read from the query string; a wrong value is ignored."""

    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=_("All projects"),
    )
    owner = forms.ModelChoiceField(
        label=_("Who"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Everyone"),
    )
    work_stream = forms.ModelChoiceField(
        label=_("Work stream"),
        queryset=None,
        required=False,
        empty_label=_("All work streams"),
    )

    def __init__(self, *args, collective, **kwargs):
        kwargs.setdefault("auto_id", "kanban-%s")
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(
            collective=collective, archived_at__isnull=True
        ).order_by("title", "pk")
        members = Membership.objects.active().filter(collective=collective).values("user_id")
        self.fields["owner"].queryset = User.objects.filter(
            Q(pk__in=members) | Q(pk__in=owner_ids(collective))
        ).order_by("display_name", "pk")
        self.fields["work_stream"].queryset = collective.work_streams.filter(
            archived_at__isnull=True
        )

    def value(self, name):
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return None
        return self.cleaned_data.get(name)

    def filter(self, actions):
        self.is_valid()  # wrong values are left out of cleaned_data
        if project := self.value("project"):
            actions = actions.filter(project=project)
        if owner := self.value("owner"):
            actions = actions.owned_by(owner)
        if work_stream := self.value("work_stream"):
            actions = actions.filter(project__work_stream=work_stream)
        return actions

    @property
    def active(self):
        return any(self.value(name) for name in FILTERS)
