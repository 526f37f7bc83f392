"""Forms of the public pages: the agenda's filters and the registration form.

The registration form only shapes what was typed; services.register decides (and
says why it refuses). Its question fields are named ``question_<pk>``, the field
names services.clean_answers gives its refusals, so a refusal lands on its field.
"""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core import dates
from maillage.core.forms import ClientKeyField
from maillage.core.widgets import DateInput

from .models import EventKind, QuestionKind

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
HONEYPOT = "website"


class AgendaFilterForm(forms.Form):
    """Filters of the agenda, sent with GET so that they work without JavaScript."""

    theme = forms.ChoiceField(label=_("Theme"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *EventKind.choices]
    )
    start = dates.DateField(label=_("From"), required=False, widget=DateInput())
    end = dates.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("All themes"))] + [(t, t) for t in themes]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date must not be before the start date."))
        return cleaned

    def filter(self, events):
        """``events`` narrowed by the valid filters (invalid ones are shown and ignored)."""
        data = self.cleaned_data if self.is_bound else {}
        if data.get("theme"):
            events = events.filter(theme=data["theme"])
        if data.get("kind"):
            events = events.filter(kind=data["kind"])
        if data.get("start"):
            events = events.filter(ends_at__gte=_day_start(data["start"]))
        if data.get("end"):
            events = events.filter(starts_at__lt=_day_start(data["end"] + timedelta(days=1)))
        return events


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


class RegistrationForm(forms.Form):
    client_key = ClientKeyField()
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        error_messages={"required": _("Give your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.CharField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send the confirmation and your personal link there."),
        error_messages={"required": _("Give your e-mail address.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # Left empty by people; robots that fill every field give themselves away.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[f"question_{question.pk}"] = _question_field(question)

    @property
    def question_names(self):
        return [name for name in self.fields if name.startswith("question_")]

    def clean(self):
        cleaned = super().clean()
        errors = self.errors.pop("client_key", None)
        if errors:  # said above the form: a hidden field has no place for it
            self.add_error(None, errors)
        return cleaned

    def is_spam(self):
        return bool((self.data.get(HONEYPOT) or "").strip())

    def answers(self):
        """The answers for services.register: {str(question pk): value}."""
        return {
            name.removeprefix("question_"): self.cleaned_data.get(name) or ""
            for name in self.question_names
        }

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT]


def _question_field(question):
    required = {"required": _("Please answer “%(question)s”.") % {"question": question.label}}
    common = {"label": question.label, "required": question.required, "error_messages": required}
    if question.kind == QuestionKind.CHOICE:
        choices = [(choice, choice) for choice in question.choice_list]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.YES_NO:
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    return forms.CharField(max_length=1000, **common)
