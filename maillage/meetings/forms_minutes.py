"""Forms of the minutes page: a proposed change, the subject a link opens it on, the
answer to a proposal, the approval. Like forms.py, they only read and shape what was
typed; the rules are services.py's."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core.typography import one_line

from .models import AmendmentTarget, ItemStatus


def _short(text, length=80):
    text = one_line(text)
    return text if len(text) <= length else text[: length - 1] + "…"


class AmendmentForm(forms.Form):
    """A comment on the minutes, or a new text for one item's notes or one decision."""

    subject = forms.ChoiceField(label=gettext_lazy("About"))
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    proposed_text = forms.CharField(
        label=gettext_lazy("Text you propose"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "For an item's notes or a decision: the whole new text, as it should read. "
            "Leave it empty for a comment on the minutes in general."
        ),
    )

    def __init__(self, *args, meeting, **kwargs):
        # Ids of its own: the approval form on the same page has a "comment" too.
        kwargs.setdefault("auto_id", "amend_%s")
        super().__init__(*args, **kwargs)
        self.items = {
            item.pk: item
            for item in meeting.items.filter(status=ItemStatus.ACCEPTED).order_by("position", "pk")
        }
        self.decisions = {d.pk: d for d in meeting.decisions.order_by("created_at", "pk")}
        choices = [(AmendmentTarget.GENERAL.value, AmendmentTarget.GENERAL.label)]
        if self.items:
            choices.append(
                (
                    _("An agenda item's notes"),
                    [
                        (f"item-{pk}", f"{number}. {item.title}")
                        for number, (pk, item) in enumerate(self.items.items(), start=1)
                    ],
                )
            )
        if self.decisions:
            choices.append(
                (
                    _("A decision"),
                    [(f"decision-{pk}", _short(d.text)) for pk, d in self.decisions.items()],
                )
            )
        self.fields["subject"].choices = choices

    def target(self):
        """(target, item, decision) of the chosen subject."""
        kind, _sep, pk = self.cleaned_data["subject"].partition("-")
        if kind == "item":
            return AmendmentTarget.ITEM, self.items[int(pk)], None
        if kind == "decision":
            return AmendmentTarget.DECISION, None, self.decisions[int(pk)]
        return AmendmentTarget.GENERAL, None, None

    def current_text(self, subject):
        """The text a proposal on ``subject`` would replace, to start from."""
        kind, _sep, pk = subject.partition("-")
        if not pk.isdigit():
            return None
        if kind == "item" and int(pk) in self.items:
            return self.items[int(pk)].notes
        if kind == "decision" and int(pk) in self.decisions:
            return self.decisions[int(pk)].text
        return None


class SubjectForm(forms.Form):
    sur = forms.CharField(required=False, max_length=40)


class DecideForm(forms.Form):
    """Accepting or refusing a proposed change; a refusal's reason is checked by
    services.decide_amendment, so that the person reads its message."""

    answer = forms.ChoiceField(choices=[("accept", "accept"), ("refuse", "refuse")])
    reason = forms.CharField(required=False, strip=False)


class ApproveForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "approve_%s")
        super().__init__(*args, **kwargs)

    comment = forms.CharField(
        label=gettext_lazy("What changed (optional)"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Kept with the approved version, for example: “names corrected”."),
    )
