"""The planning's forms: an action's dates, its dependencies, and phases."""

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.core import dates
from maillage.core.widgets import DateInput

from .models import OPEN_STATUSES, PhaseKind


class DatesForm(forms.Form):
    """Moving an action by typing its dates (the Gantt chart's bars post here too)."""

    start_date = dates.DateField(label=_("Start date"), required=False, widget=DateInput())
    due_date = dates.DateField(label=_("Due date"), required=False, widget=DateInput())
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "dates-%s")
        super().__init__(*args, **kwargs)

    @classmethod
    def of(cls, action):
        return cls(
            initial={
                "start_date": action.start_date,
                "due_date": action.due_date,
                "base_version": action.version,
            }
        )


class DependencyForm(forms.Form):
    """An action this one waits for: the collective's other open actions, those of the
    same project first."""

    before = forms.TypedChoiceField(
        label=_("Starts once this one has ended"),
        coerce=int,
        error_messages={
            "required": _("Choose the action it depends on."),
            "invalid_choice": _("Choose one of the actions offered."),
        },
    )

    def __init__(self, *args, action, **kwargs):
        kwargs.setdefault("auto_id", "dependency-%s")
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["before"].choices = dependency_choices(action)

    @property
    def offers_any(self):
        return len(self.fields["before"].choices) > 1


def dependency_choices(action):
    """The choices, grouped: the action's project first, then the other actions."""
    candidates = (
        action.collective.actions.filter(status__in=OPEN_STATUSES)
        .exclude(pk=action.pk)
        .exclude(pk__in=action.depends_on.values("pk"))
        .order_by("title", "pk")
        .values_list("pk", "title", "project_id")
    )
    same, others = [], []
    for pk, title, project_id in candidates:
        if action.project_id and project_id == action.project_id:
            same.append((pk, title))
        else:
            others.append((pk, title))
    choices = [("", _("Choose an action"))]
    if same:
        choices.append((action.project.title, same))
        if others:
            choices.append((_("Other actions of the collective"), others))
    elif others:
        choices.append((_("Actions of the collective"), others))
    return choices


class PhaseForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the phase a title.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=PhaseKind.choices, initial=PhaseKind.STAGE)
    starts_on = dates.DateField(label=_("Starts on"), required=False, widget=DateInput())
    ends_on = dates.DateField(label=_("Ends on"), required=False, widget=DateInput())

    @classmethod
    def of(cls, phase, **kwargs):
        return cls(
            initial={
                "title": phase.title,
                "kind": phase.kind,
                "starts_on": phase.starts_on,
                "ends_on": phase.ends_on,
            },
            **kwargs,
        )
