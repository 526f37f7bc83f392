"""Governance texts (raison d'être, vision, charter…): read as the text's page reads them.

A public collective's texts are open to anyone, a private one's to its members
(``governance.view_texts``); who saved the current version is shown, as on the page,
to those who read the versions (``governance.view_history``: the collective's members).
"""

from rest_framework import serializers

from maillage.governance.models import GovernanceText

from .base import ReadOnly


class TextSerializer(serializers.ModelSerializer):
    updated_by = serializers.SerializerMethodField(
        help_text="Who saved the current version: shown to the collective's members only, "
        "as on the text's page."
    )

    class Meta:
        model = GovernanceText
        fields = ["id", "kind", "title", "body", "version", "updated_at", "updated_by"]
        extra_kwargs = {
            "version": {"help_text": "The number of the current version (1 for the first)."},
            "body": {"help_text": "The current text."},
        }

    def get_updated_by(self, text) -> str | None:
        if not self.context.get("history"):
            return None
        return text.updated_by.display_name


class TextViews(ReadOnly):
    """The collective's governance texts, current version (as each text's page)."""

    serializer_class = TextSerializer
    queryset = GovernanceText.objects.select_related("updated_by")
    perms = {"default": "governance.view_texts"}
    filterset_fields = ["kind"]
    ordering_fields = ["kind", "title", "updated_at"]
    ordering = ["kind", "title", "pk"]

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not self.fake:
            context["history"] = self.actor.has_perm("governance.view_history", self.collective)
        return context


ROUTES = [
    (r"collectives/(?P<slug>[-a-zA-Z0-9_]+)/governance-texts", TextViews, "governance-text"),
]
