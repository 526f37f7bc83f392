"""The forms of the territories' syntheses (views_territory)."""

from django import forms
from django.utils.translation import gettext_lazy

from .models import Theme


class GatherForm(forms.Form):
    """Themes gathered into one: of a territory's groups for its synthesis, of the
    territories' published syntheses for the network's."""

    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Some of these themes can no longer be chosen: reload the page and tick them again."
            ),
        },
    )
    title = forms.CharField(label=gettext_lazy("Title of the theme"), max_length=200)
    statement = forms.CharField(
        label=gettext_lazy("Synthesis statement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes
