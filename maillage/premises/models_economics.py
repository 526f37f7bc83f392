"""The economic model's scenarios (economics.py computes them). A scenario keeps every
version saved: saving makes a new version, the older ones stay readable and
comparable. ``Scenario.version`` counts the versions, so that two people editing the
same scenario cannot overwrite each other (the second is told, nothing is lost)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scenario(models.Model):
    site = models.ForeignKey("premises.Site", on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(_("name"), max_length=120)
    # The number of the latest version (optimistic locking).
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="premises_scenario_name")
        ]

    def __str__(self):
        return self.name

    @property
    def collective(self):
        return self.site.collective

    def current(self):
        return self.versions.order_by("-number").first()


class ScenarioVersion(models.Model):
    """The inputs of a scenario as saved once (JSON, numbers as strings)."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    inputs = models.JSONField()
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("scenario version")
        verbose_name_plural = _("scenario versions")
        ordering = ["scenario", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "number"], name="premises_scenario_version_once"
            )
        ]

    def __str__(self):
        return f"{self.scenario} v{self.number}"

    @property
    def site(self):
        return self.scenario.site
