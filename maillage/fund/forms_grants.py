"""Forms of the grants: they shape what was typed; the services (services_grants,
services_grants_decisions) decide and say why they refuse. Amounts are text, read by
money.check_amount (so "1 500,50" and "1'500.50" are understood)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from maillage.collectives.models import Membership
from maillage.core.dates import DateField
from maillage.core.widgets import DateInput
from maillage.projects.models import Project

from .models import Currency, GrantReport, Outcome

DATE_ERRORS = {"invalid": _("Enter a date, for example 2026-03-31.")}


def _amount(label, **extra):
    return forms.CharField(
        label=label,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **extra,
    )


def _text(label, rows=4, **extra):
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), max_length=10000, **extra
    )


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name or str(obj)


class CallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = _text(_("Who may apply, for what"), rows=6)
    opens_on = DateField(label=_("Opens on"), widget=DateInput(), error_messages=DATE_ERRORS)
    closes_on = DateField(
        label=_("Closes on (last day to apply)"), widget=DateInput(), error_messages=DATE_ERRORS
    )
    budget = _amount(_("Budget"))
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    max_amount = _amount(
        _("Most per application"),
        required=False,
        help_text=_("Leave empty when an application may ask up to the whole budget."),
    )
    committee = PersonChoiceField(
        label=_("Committee (members who score the applications)"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, foundation, call=None, **kwargs):
        if call is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": call.title,
                "description": call.description,
                "opens_on": call.opens_on,
                "closes_on": call.closes_on,
                "budget": call.budget,
                "currency": call.currency,
                "max_amount": call.max_amount or "",
                "committee": list(call.committee.values_list("pk", flat=True)),
                "version": call.version,
            }
        super().__init__(*args, **kwargs)
        members = Membership.objects.member_ids(foundation.collective)
        self.fields["committee"].queryset = (
            get_user_model().objects.filter(pk__in=members).order_by("display_name", "pk")
        )
        if call is not None:
            # A call's currency is that of its budget: fixed once the call exists.
            del self.fields["currency"]

    def service_fields(self):
        data = self.cleaned_data
        return {
            name: data.get(name)
            for name in ("title", "description", "opens_on", "closes_on", "budget", "max_amount")
        } | {"committee": list(data.get("committee") or [])}


class CriterionForm(forms.Form):
    label = forms.CharField(label=_("Criterion"), max_length=200)
    help = _text(_("What to look at"), rows=3, required=False)
    weight = forms.CharField(
        label=_("Weight"),
        initial=1,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("A criterion of weight 2 counts twice as much as one of weight 1."),
    )
    max_score = forms.CharField(
        label=_("Highest score"),
        initial=5,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("The committee scores from 0 to this number."),
    )


class ApplicationForm(forms.Form):
    title = forms.CharField(label=_("Title of your project"), max_length=200)
    summary = _text(_("Your project in a few lines"))
    budget_use = _text(_("What the money is for"))
    amount = _amount(_("Amount asked"))
    project = forms.ModelChoiceField(
        label=_("One of the collective's projects you pilot (optional)"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=_("(none)"),
        error_messages={"invalid_choice": _("Choose one of the projects you pilot, or none.")},
    )

    def __init__(self, *args, foundation, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(
            collective=foundation.collective, pilots=user
        ).order_by("title")
        if not self.fields["project"].queryset.exists():
            del self.fields["project"]

    def service_fields(self):
        data = self.cleaned_data
        return {name: data.get(name) for name in ("title", "summary", "budget_use", "amount")} | {
            "project": data.get("project")
        }


class ScoreForm(forms.Form):
    """One field per criterion of the call (and a comment each)."""

    def __init__(self, *args, criteria, scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        scores = scores or {}
        for criterion in self.criteria:
            given = scores.get(criterion.pk)
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=_("%(criterion)s (0 to %(max)s)")
                % {"criterion": criterion.label, "max": criterion.max_score},
                help_text=criterion.help,
                initial=given.value if given else None,
                min_value=0,
                max_value=criterion.max_score,
                widget=forms.NumberInput(attrs={"min": 0, "max": criterion.max_score}),
                error_messages={
                    "required": _("Give a score from 0 to %(max)s.") % {"max": criterion.max_score},
                    "invalid": _("Give a whole number."),
                    "min_value": _("The lowest score is 0."),
                    "max_value": _("The highest score is %(max)s.") % {"max": criterion.max_score},
                },
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.label},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=given.comment if given else "",
                max_length=10000,
            )

    def rows(self):
        return [
            (self[f"criterion_{criterion.pk}"], self[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def service_fields(self):
        data = self.cleaned_data
        return {
            "values": {c.pk: data.get(f"criterion_{c.pk}") for c in self.criteria},
            "comments": {c.pk: data.get(f"comment_{c.pk}", "") for c in self.criteria},
        }


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("What links you to this application"),
        max_length=300,
        help_text=_("Once declared, you no longer score it; a score you gave is set aside."),
    )


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose: granted or declined.")},
    )
    amount = _amount(_("Amount granted"), required=False)
    reasons = _text(
        _("Reasons"),
        required=False,
        help_text=_("Sent to the applicant; required when the application is declined."),
    )
    meeting_decision = forms.ModelChoiceField(
        label=_("The meeting's decision it records (optional)"),
        queryset=None,
        required=False,
        empty_label=_("(none)"),
    )

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting_decision"].queryset = decisions


class DisburseForm(forms.Form):
    amount = _amount(_("Amount paid"))
    paid_on = DateField(label=_("Paid on"), widget=DateInput(), error_messages=DATE_ERRORS)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Report"), choices=GrantReport.Kind.choices, widget=forms.RadioSelect
    )
    text = _text(_("What was done, what it brought"), rows=8)
    spent = _amount(_("Amount spent so far"))
