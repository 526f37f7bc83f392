"""A territory's synthesis in a network consultation. Importable from
``consultations.models``.

Each territory (a member collective of the network whose groups take part) gathers
its groups' themes into its own themes (``Theme`` rows with no group and the
territory), written by its coordinators. Once they publish it, the others of the
network read it and the synthesis of syntheses of the whole network may draw on it;
only published syntheses feed the network's."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Consultation


class TerritorySynthesis(models.Model):
    """Whether a territory's synthesis is published: a row per territory that has
    published once; ``published_at`` is empty again when it is withdrawn."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="territory_syntheses"
    )
    territory = models.ForeignKey(
        "collectives.Collective",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("territory"),
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["consultation", "territory__name"]
        verbose_name = _("territory synthesis")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "territory"], name="consultations_one_territory_synthesis"
            )
        ]

    def __str__(self):
        return str(self.territory)

    @property
    def is_published(self):
        return self.published_at is not None
