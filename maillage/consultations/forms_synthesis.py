"""The forms of the synthesis workspace (views_board, views_notes, views_synthesis)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.accounts.models import User
from maillage.core import dates
from maillage.core.widgets import DateInput

from .models import Analysis, Note, Theme

# ------------------------------------------------------------------------------- forms


class AnalysisRequestForm(forms.Form):
    """What the engine should propose for a group's notes (views_synthesis)."""

    kind = forms.ChoiceField(
        choices=[(Analysis.Kind.THEMES, ""), (Analysis.Kind.CODES, "")],
        error_messages={
            "required": gettext_lazy("Choose what the engine should propose: themes or codes."),
            "invalid_choice": gettext_lazy(
                "Choose what the engine should propose: themes or codes."
            ),
        },
    )
    across_questions = forms.BooleanField(
        label=gettext_lazy("Across questions"),
        help_text=gettext_lazy(
            "By default, themes are proposed within each question. Tick to mix the "
            "answers to different questions."
        ),
        required=False,
    )


class ThemeForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    statement = forms.CharField(
        label=gettext_lazy("Synthesis statement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What the notes of this theme say, in one or two sentences."),
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CommitmentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Commitment"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What will be done, in a few words."),
    )
    person = forms.ModelChoiceField(
        label=gettext_lazy("A member of the collective"),
        queryset=User.objects.none(),
        required=False,
        empty_label=gettext_lazy("(nobody from the list)"),
    )
    person_name = forms.CharField(
        label=gettext_lazy("Or a name"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("Someone without an account, or an organisation."),
    )
    due_on = dates.DateField(
        label=gettext_lazy("Due on"),
        widget=DateInput(),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class MergeForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(queryset=Theme.objects.none(), required=False)
    title = forms.CharField(label=gettext_lazy("Title of the common theme"), max_length=200)
    statement = forms.CharField(
        label=gettext_lazy("Synthesis statement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = consultation.themes.filter(group__isnull=False)


# A choice of the board's forms meaning "none": the unsorted notes, or no code.
NONE = "none"


class BoardFilterForm(forms.Form):
    """What the board shows, read from the query string: the notes answering one
    question, and those of one code (a family with its sub-codes) or not coded yet."""

    question = forms.ChoiceField(label=gettext_lazy("Question"), required=False)
    code = forms.ChoiceField(label=gettext_lazy("Code"), required=False)

    def __init__(self, data, *, questions, codes):
        super().__init__(data)
        self.questions = {str(q.pk): q for q in questions}
        self.codes = {str(c.pk): c for c in codes}
        self.fields["question"].choices = [("", _("All questions"))] + [
            (str(q.pk), _("Q%(number)s · %(question)s") % {"number": q.number, "question": q.text})
            for q in questions
        ]
        self.fields["code"].choices = (
            [("", _("All codes")), (NONE, _("Not coded yet"))]
            + [(str(c.pk), str(c)) for c in codes]
            if codes
            else [("", _("All codes"))]
        )

    def chosen(self):
        """(question, code) chosen: None for "all"; the code may be NONE."""
        if not self.is_bound or not self.is_valid():
            return None, None
        question = self.questions.get(self.cleaned_data["question"])
        code = self.cleaned_data["code"]
        return question, NONE if code == NONE else self.codes.get(code)


class BulkNotesForm(forms.Form):
    """The board's toolbar: the ticked notes (of this group's board only) go into one
    column, or get one code of the grid."""

    MOVE, CODE = "move", "code"

    notes = forms.ModelMultipleChoiceField(
        queryset=Note.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Some of these notes are no longer on this board: reload it and tick them again."
            ),
        },
    )
    theme = forms.ChoiceField(label=gettext_lazy("Move the ticked notes to"), required=False)
    code = forms.ChoiceField(label=gettext_lazy("Give them the code"), required=False)
    action = forms.ChoiceField(choices=[(MOVE, MOVE), (CODE, CODE)], required=False)

    def __init__(self, *args, group, themes, codes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notes"].queryset = Note.objects.filter(
            group=group, hidden=False, duplicate_of=None
        )
        self.themes = {str(t.pk): t for t in themes}
        self.codes = {str(c.pk): c for c in codes}
        self.fields["theme"].choices = [
            ("", _("(choose a column)")),
            (NONE, _("Unsorted notes")),
        ] + [(str(t.pk), t.title) for t in themes]
        self.fields["code"].choices = [
            ("", _("(choose a code)")),
            (NONE, _("No code (take it off)")),
        ] + [(str(c.pk), str(c)) for c in codes]

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if not action:
            raise forms.ValidationError(_("Choose what to do with the ticked notes."))
        if not data.get("notes") and "notes" not in self.errors:
            self.add_error("notes", _("Tick at least one note on the board."))
        field, choices = ("theme", self.themes) if action == self.MOVE else ("code", self.codes)
        value = data.get(field)
        if not value:
            if field == "theme":
                self.add_error(field, _("Choose the column the notes go to."))
            else:
                self.add_error(field, _("Choose the code to give them."))
        else:
            data["target"] = None if value == NONE else choices[value]
        return data

    def ticked(self):
        """The ids of the notes ticked, to tick them again when the form comes back."""
        return {_int(value) for value in self.data.getlist("notes")} - {None}


class VersionForm(forms.Form):
    """A change on the board made from a button: the version of the note or theme the
    facilitator saw (a change made since by someone else is refused)."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ThemeMoveForm(forms.Form):
    UP, DOWN = "up", "down"
    direction = forms.ChoiceField(
        choices=[(UP, gettext_lazy("Move up")), (DOWN, gettext_lazy("Move down"))],
        error_messages={"required": gettext_lazy("Choose to move the theme up or down.")},
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
