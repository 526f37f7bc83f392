"""The forms of the rounds, statements and votes (views_rounds, views_votes)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core import dates
from maillage.core.widgets import DateInput

from .models import (
    NOTE_MAX_LENGTH,
    Group,
    Round,
    RoundKind,
    RoundStatus,
    Statement,
    Theme,
)

# ----------------------------------------------------------------------------- forms


class RoundForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    kind = forms.ChoiceField(
        label=gettext_lazy("What participants do"),
        choices=RoundKind.choices,
        widget=forms.RadioSelect,
        initial=RoundKind.AGREE,
    )
    starts_on = dates.DateField(
        label=gettext_lazy("Starts on"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("The round opens by itself that day. Empty: you open it."),
    )
    ends_on = dates.DateField(
        label=gettext_lazy("Ends on"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("The round closes by itself after that day. Empty: you close it."),
    )
    groups = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Groups taking part"),
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: every group takes part."),
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = consultation.groups.all()
        if not consultation.groups.exists():
            del self.fields["groups"]


class RoundStatementsForm(forms.Form):
    statements = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Statements of the round"),
        queryset=Statement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statements"].queryset = consultation.statements.all()


class StatementForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Statement"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One clear sentence that participants can agree or disagree with."),
    )
    theme = forms.ModelChoiceField(
        label=gettext_lazy("Theme it comes from"),
        queryset=Theme.objects.none(),
        required=False,
        empty_label=gettext_lazy("None"),
    )
    rounds = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Add it to the rounds"),
        queryset=Round.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = consultation.themes.select_related("group")
        self.fields["theme"].label_from_instance = _theme_label
        rounds = consultation.rounds.exclude(status=RoundStatus.CLOSED).filter(
            kind__in=[RoundKind.AGREE, RoundKind.RATE]
        )
        self.fields["rounds"].queryset = rounds
        if not rounds.exists():
            del self.fields["rounds"]


class FromThemesForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Themes"),
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one theme.")},
    )
    round = forms.ModelChoiceField(
        label=gettext_lazy("Add the statements to the round"),
        queryset=Round.objects.none(),
        required=False,
        empty_label=gettext_lazy("No round for now"),
        error_messages={
            "invalid_choice": gettext_lazy(
                "Choose a vote round of this consultation that has not opened yet."
            ),
        },
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = (
            consultation.themes.exclude(statement="")
            .select_related("group")
            .prefetch_related("statements")
        )
        self.fields["themes"].label_from_instance = _theme_label
        # The vote rounds being prepared: the statements join one in the same step.
        self.fields["round"].queryset = consultation.rounds.filter(
            status=RoundStatus.PLANNED, kind__in=[RoundKind.AGREE, RoundKind.RATE]
        ).order_by("number")


class VoteForm(forms.Form):
    """One answer of the voting page. The answer and the comment are checked by
    services.cast_vote, so that the person reads its message; the form refuses what
    no text may hold (NUL characters)."""

    statement = forms.IntegerField()
    choice = forms.CharField(required=False)
    rating = forms.CharField(required=False)
    comment = forms.CharField(required=False, strip=False)


def _theme_label(theme):
    where = theme.group.name if theme.group_id else _("shared across groups")
    return f"{theme.title} ({where})"
