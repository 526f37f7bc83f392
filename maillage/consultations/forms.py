from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.collectives.forms import PeopleChoiceField

from .models import CODE_LENGTH, Method, QuestionKind


class ConsultationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why this consultation, and what will be done with its results."),
    )


class NewConsultationForm(ConsultationForm):
    method = forms.ChoiceField(
        label=_("Start from a method"),
        choices=Method.choices,
        widget=forms.RadioSelect,
        initial=Method.SPIRAL,
        help_text=_("Its questions, grid and rounds can be changed afterwards."),
    )
    across_network = forms.BooleanField(
        label=_("Several territories of the collective's network take part"), required=False
    )
    field_order = ["title", "purpose", "method", "across_network"]


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name of the group or territory"), max_length=120)
    territory = forms.ModelChoiceField(
        label=_("Territory"), queryset=None, required=False, empty_label=_("None")
    )

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        if not territories.exists():
            del self.fields["territory"]


class GroupNameForm(forms.Form):
    name = forms.CharField(label=_("Name of the group or territory"), max_length=120)


class FacilitatorsForm(forms.Form):
    facilitators = PeopleChoiceField(
        label=_("Facilitators of the group"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = people


class GridCodeForm(forms.Form):
    label = forms.CharField(label=_("Code"), max_length=120)
    parent = forms.ModelChoiceField(
        label=_("Under the family"),
        queryset=None,
        required=False,
        empty_label=_("None: a new family"),
    )

    def __init__(self, *args, families, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = families


class RenameCodeForm(forms.Form):
    label = forms.CharField(label=_("Code"), max_length=120)


class CloseForm(forms.Form):
    conclusions = forms.CharField(
        label=_("Conclusions"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the consultation concluded, and what happens next."),
    )


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Session code"),
        max_length=CODE_LENGTH + 4,
        help_text=_("The 6 letters and digits shown on the screen."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    display_name = forms.CharField(
        label=_("Your name on the wall (optional)"),
        max_length=80,
        required=False,
        help_text=_("Only the facilitators see it; other participants never see who wrote a note."),
    )
