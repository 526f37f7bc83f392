from django.db import models
from django.utils.translation import gettext_lazy as _


class OpenDataFile(models.Model):
    """A public collective's open data: the ZIP of CSV and JSON (build.py), kept in the
    database so that every node of the site serves the same file without a shared disk.

    ``built_at``: when this content was built (the README's date); ``checked_at``: when
    it was last compared with the data (the periodic job rebuilds what is due by this
    date, and writes new bytes only when the fingerprint changed)."""

    collective = models.OneToOneField(
        "collectives.Collective", on_delete=models.CASCADE, related_name="open_data"
    )
    built_at = models.DateTimeField(_("built at"))
    checked_at = models.DateTimeField(_("checked at"))
    fingerprint = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    content = models.BinaryField()

    class Meta:
        verbose_name = _("open data file")
        verbose_name_plural = _("open data files")

    def __str__(self):
        return f"{self.collective} ({self.built_at:%Y-%m-%d})"
