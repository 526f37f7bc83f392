"""The public questionnaire's forms: one answer at a time, and what the person may ask
for on the result page (a PDF, an e-mail, a hand-over code, saying whether it fits).
Each carries the signed state of the answers (flow_questionnaire)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from maillage.eligibility.facts import INTEGER

from .flow_questionnaire import (
    DATE,
    MULTI,
    PERSON,
    SELECT,
    AnswerRefused,
    StateError,
    load_state,
    to_answer,
)
from .models_results import FeedbackAnswer

NEXT, BACK, SKIP = "next", "back", "skip"

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read out loud safely


class StateForm(forms.Form):
    """The answers so far, signed (a hidden field)."""

    state = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, collective, **kwargs):
        self.collective = collective
        super().__init__(*args, **kwargs)

    def clean_state(self):
        try:
            return load_state(self.collective, self.cleaned_data["state"])
        except StateError:
            raise forms.ValidationError(
                _("Your answers could not be read back (the page is too old). Please start again."),
                code="state",
            ) from None


class StepForm(StateForm):
    """Where the person is and what they pressed: next, back, "I don't know", or a
    language (the same question again in it)."""

    q = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    go = forms.ChoiceField(choices=[(NEXT, NEXT), (BACK, BACK), (SKIP, SKIP)], required=False)
    language = forms.ChoiceField(choices=settings.LANGUAGES, required=False)

    def clean_go(self):
        return self.cleaned_data.get("go") or NEXT


class AnswerForm(forms.Form):
    """The answer to one question (its fields are made from the question)."""

    def __init__(self, *args, question, language, go=NEXT, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.language = language
        self.go = go
        label = question.text(language)
        help_text = question.help_text(language)
        kind = question.kind
        if kind in (INTEGER, PERSON):
            self.fields["answer"] = forms.IntegerField(
                label=label if kind == INTEGER else _("Age"),
                help_text=help_text if kind == INTEGER else "",
                required=False,
                min_value=question.min,
                max_value=question.max,
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "autocomplete": "off", "size": 6}
                ),
                error_messages={
                    "invalid": _("Type a whole number, with digits only: for example 34."),
                    "min_value": _("Type a number of %(limit_value)s or more."),
                    "max_value": _("Type a number of %(limit_value)s or less."),
                },
            )
        elif kind == MULTI:
            self.fields["answer"] = forms.MultipleChoiceField(
                label=label,
                help_text=help_text,
                required=False,
                choices=question.choices(language),
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": _("Choose among the answers shown.")},
            )
        elif kind == SELECT:
            self.fields["answer"] = forms.ChoiceField(
                label=label,
                help_text=help_text,
                required=False,
                choices=[("", "—"), *question.choices(language)],
                error_messages={"invalid_choice": _("Choose one of the answers shown.")},
            )
        else:
            choices = question.choices(language)
            if kind == DATE:
                choices = [*choices, (DATE, _("On this date:"))]
            self.fields["answer"] = forms.ChoiceField(
                label=label,
                help_text=help_text,
                required=False,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Choose one of the answers shown.")},
            )
        if kind == DATE:
            self.fields["day"] = forms.CharField(
                label=_("Date (day.month.year)"),
                help_text=_("For example: 31.12.2015."),
                required=False,
                max_length=20,
                widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
            )
        if kind == PERSON:
            self.fields["name"] = forms.CharField(
                label=_("First name (if you like)"),
                help_text=_("It is only used to ask the questions about this person."),
                required=False,
                max_length=40,
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )

    def _given(self, data):
        answer = data.get("answer")
        typed = (data.get("day") or "").strip()
        if self.question.kind == DATE and typed and answer in (None, "", DATE):
            return typed
        if self.question.kind == DATE and answer == DATE:
            return None
        return answer

    def _missing_message(self):
        if self.question.kind in (INTEGER, PERSON):
            if self.question.skippable:
                return _("Type a number, or press “I don't know”.")
            return _("Type a number.")
        if self.question.kind == DATE:
            return _("Choose an answer, or type a date.")
        if self.question.skippable:
            return _("Choose an answer, or press “I don't know”.")
        return _("Choose an answer.")

    def clean(self):
        data = super().clean()
        if self.go == SKIP and self.question.skippable:
            self.errors.pop("answer", None)
            data["value"] = self.question.skip_value
            return data
        if self.errors:
            return data
        given = self._given(data)
        if given in (None, "", []):
            if self.go != BACK:
                self.add_error("answer", self._missing_message())
            return data
        value = to_answer(self.question, given)
        if self.question.kind == PERSON:
            value = {"age": value, "name": " ".join((data.get("name") or "").split())}
        if self.question.check is not None:
            try:
                value = self.question.check(value, self.language)
            except AnswerRefused as refused:
                field = "day" if self.question.kind == DATE and "day" in data else "answer"
                if self.go != BACK:
                    self.add_error(field, refused.message)
                return data
        data["value"] = value
        return data

    def value(self):
        """The answer to keep (after is_valid()); missing when nothing usable was given."""
        return self.cleaned_data.get("value", MISSING)


MISSING = object()


def answer_form(question, language, data=None, *, go=NEXT, initial=None):
    return AnswerForm(data, question=question, language=language, go=go, initial=initial)


class EmailForm(StateForm):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We use it once to send this result, and we do not keep it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Type your e-mail address."),
            "invalid": _("This e-mail address is not complete. For example: name@example.org."),
        },
    )


class FeedbackForm(StateForm):
    answer = forms.ChoiceField(
        label=_("Does this result match your situation?"),
        choices=FeedbackAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an answer.")},
    )


class CodeForm(forms.Form):
    """A professional types the code a person handed over."""

    code = forms.CharField(
        label=_("Code"),
        help_text=_("8 letters and digits, for example ABCD-2345."),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": _("Type the code the person gave you.")},
    )

    def clean_code(self):
        code = "".join(ch for ch in self.cleaned_data["code"].upper() if ch.isalnum())
        if len(code) != 8 or any(ch not in CODE_ALPHABET for ch in code):
            raise forms.ValidationError(
                _("A code has 8 letters and digits, for example ABCD-2345."), code="format"
            )
        return code
