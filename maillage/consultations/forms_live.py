"""The forms of a live session (views_live, views_screen)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core.forms import ClientKeyForm

from .models import NOTE_MAX_LENGTH, Mood, Question

# ------------------------------------------------------------------------------- forms


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
