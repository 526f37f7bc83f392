from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TextKind


class TextForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Plain text; leave an empty line between paragraphs."),
    )
    comment = forms.CharField(label=_("What changed (optional)"), max_length=300, required=False)
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NewTextForm(TextForm):
    kind = forms.ChoiceField(label=_("Kind of text"), choices=TextKind.choices)
    field_order = ["kind", "title", "body", "comment"]

    def __init__(self, *args, taken_kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (value, label)
            for value, label in TextKind.choices
            if value == TextKind.FREE or value not in taken_kinds
        ]
