"""The forms of a live session (views_live, views_screen)."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import NOTE_MAX_LENGTH, Mood, Question

# ------------------------------------------------------------------------------- forms


class ClientKeyField(forms.UUIDField):
    """The key of one sending of a form, hidden: a fresh UUID each time the form is
    shown empty; the one sent when it is shown again with an error (a fresh one when
    that one was malformed). The service finds what a key already made, so a form sent
    twice makes one note."""

    widget = forms.HiddenInput
    default_error_messages = {
        "invalid": gettext_lazy(
            "This form was damaged on its way and nothing was saved. Send it again."
        )
    }

    def __init__(self, **kwargs):
        super().__init__(required=False, initial=uuid.uuid4, **kwargs)

    def bound_data(self, data, initial):
        try:
            return self.to_python(data) or initial
        except ValidationError:
            return initial


class ClientKeyForm(forms.Form):
    """A form with its ``client_key``; a malformed key is said above the form (a
    hidden field has no place to show its error)."""

    client_key = ClientKeyField()

    def clean(self):
        cleaned = super().clean()
        errors = self.errors.pop("client_key", None)
        if errors:
            self.add_error(None, errors)
        return cleaned


class NoteForm(ClientKeyForm):
    question = forms.ModelChoiceField(
        label=gettext_lazy("Question"), queryset=Question.objects.none(), empty_label=None
    )
    # Checked by services.post_note, so that the person reads its message.
    text = forms.CharField(
        label=gettext_lazy("Your note"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX_LENGTH}),
    )

    def __init__(self, *args, consultation, **kwargs):
        kwargs.setdefault("auto_id", "note_%s")
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = consultation.questions.all()
        self.fields["text"].help_text = _(
            "One idea per note, %(max)s characters at most. Nobody but the facilitators "
            "sees who wrote it."
        ) % {"max": NOTE_MAX_LENGTH}


class PaperForm(ClientKeyForm):
    question = forms.ModelChoiceField(
        label=gettext_lazy("Question"), queryset=Question.objects.none(), empty_label=None
    )
    lines = forms.CharField(
        label=gettext_lazy("Notes, one per line"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = consultation.questions.all()
        self.fields["lines"].help_text = _(
            "Copy each paper note on its own line, %(max)s characters at most; "
            "empty lines are skipped."
        ) % {"max": NOTE_MAX_LENGTH}


class ModerationForm(forms.Form):
    """Hiding a note (with its reason) or correcting it (with its new text); both are
    checked by the services, so that the person reads their message. The form refuses
    what no text may hold (NUL characters)."""

    base_version = forms.IntegerField(required=False)
    reason = forms.CharField(required=False, strip=False)
    text = forms.CharField(required=False, strip=False)


class MoodForm(forms.Form):
    # Both checked by services.record_mood.
    moment = forms.ChoiceField(
        label=gettext_lazy("When"),
        choices=Mood.Moment.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    value = forms.TypedChoiceField(
        label=gettext_lazy("Your weather"),
        choices=Mood.Weather.choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
