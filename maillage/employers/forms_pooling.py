"""Forms of the pooling pages. They shape what was typed; the services
(services_pooling) decide and say why they refuse."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Week
from .services_pooling import TIME_LIMIT_MAX, TIME_LIMIT_MIN

COST_ERRORS = {
    "invalid": _("Give an amount, for example 22.50."),
    "min_value": _("Give a positive hourly cost."),
    "max_digits": _("Give an hourly cost below 100,000."),
    "max_whole_digits": _("Give an hourly cost below 100,000."),
    "max_decimal_places": _("Give the amount to the cent at most."),
}


class RunForm(forms.Form):
    week = forms.ChoiceField(
        label=_("Kind of week"),
        choices=Week.choices,
        initial=Week.TERM,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a term-time week or a holiday week.")},
    )
    time_limit = forms.IntegerField(
        label=_("Time the planner may take (seconds)"),
        min_value=TIME_LIMIT_MIN,
        max_value=TIME_LIMIT_MAX,
        initial=20,
        help_text=_("Between 5 and 60 seconds; more time can find better jobs."),
        error_messages={
            "invalid": _("Give a whole number of seconds."),
            "min_value": _("The time limit is between 5 and 60 seconds."),
            "max_value": _("The time limit is between 5 and 60 seconds."),
        },
    )


class KeepForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the job"),
        max_length=200,
        required=False,
        help_text=_("Left empty: its main job family and its qualification."),
    )
    hourly_cost = forms.DecimalField(
        label=_("Cost of an hour of this job"),
        max_digits=7,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        help_text=_("Left empty: the group's hourly cost."),
        error_messages=COST_ERRORS,
    )


class NeedChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _("No. %(number)s — %(member)s, %(family)s, %(site)s") % {
            "number": obj.pk,
            "member": obj.employer.organisation.name,
            "family": obj.family.name,
            "site": obj.site.name,
        }


class ExcludeForm(forms.Form):
    needs = NeedChoiceField(
        label=_("Needs the planner must not put together"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick two or more needs never to put them in one job, or one to leave it out "
            "of the pooling."
        ),
        error_messages={
            "required": _("Tick at least one need."),
            "invalid_choice": _("Tick needs of this job."),
            "invalid_pk_value": _("Tick needs of this job."),
        },
    )
    reason = forms.CharField(label=_("Why (optional)"), max_length=300, required=False)

    def __init__(self, *args, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = needs


class JobForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title of the job"), max_length=200)
    hourly_cost = forms.DecimalField(
        label=_("Cost of an hour of this job"),
        max_digits=7,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={**COST_ERRORS, "required": _("Give a positive hourly cost.")},
    )
    holder_qualification = forms.ModelChoiceField(
        label=_("Qualification of the person hired"),
        queryset=None,
        required=False,
        empty_label=_("(not known yet)"),
        help_text=_("The training the job needs follows from it."),
        error_messages={"invalid_choice": _("Choose a qualification of the group.")},
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder_qualification"].queryset = group.qualifications.all()


class ConfirmForm(forms.Form):
    """A button that confirms (ending a job, removing an exclusion)."""
