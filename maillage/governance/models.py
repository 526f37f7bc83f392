from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class TextKind(models.TextChoices):
    RAISON_DETRE = "raison_detre", _("Raison d'être")
    VISION = "vision", _("Vision")
    MISSION = "mission", _("Mission")
    VALUES = "values", _("Values")
    CHARTER = "charter", _("Charter")
    FREE = "free", _("Other text")


KIND_ORDER = {kind: index for index, kind in enumerate(TextKind.values)}


class GovernanceText(models.Model):
    """A text that says who the collective is. Every edit adds a version; none is lost.

    ``version`` is the number of the current version; an edit must say which
    version it started from, so two people saving at once cannot overwrite each other.
    """

    collective = models.ForeignKey(
        "collectives.Collective", on_delete=models.CASCADE, related_name="governance_texts"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TextKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["collective", "kind", "title"]
        verbose_name = _("governance text")
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "kind"],
                condition=~Q(kind="free"),
                name="governance_one_text_per_kind",
                violation_error_message=_("The collective already has a text of this kind."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:text", args=[self.collective.slug, self.pk])

    def current_version(self):
        return self.versions.filter(number=self.version).first()


class GovernanceTextVersion(models.Model):
    text = models.ForeignKey(GovernanceText, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    comment = models.CharField(_("what changed"), max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["text", "-number"]
        verbose_name = _("version")
        constraints = [
            models.UniqueConstraint(fields=["text", "number"], name="governance_version_unique")
        ]

    def __str__(self):
        return f"{self.title} v{self.number}"
