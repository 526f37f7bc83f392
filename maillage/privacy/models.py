"""Each person's data in their own hands: the exports built for them, and the record of
the requests a collective's coordinators answered for people without an account.

An export is one JSON document kept in the database (the nodes share no disk) and
deleted ``PRIVACY_EXPORT_DAYS`` after it is built. Its link carries ``key``; a person's
own export is read only by its owner, logged in; an export a coordinator sent to an
address is read with its key alone (that person has no account).

A request answered keeps no address in clear: ``email_digest`` is a keyed hash, enough
to see that the same address asked before, not to find the person.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_key():
    return secrets.token_urlsafe(32)


class ExportStatus(models.TextChoices):
    BUILDING = "building", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class DataExportQuerySet(models.QuerySet):
    def current(self, now=None):
        return self.filter(expires_at__gt=now or timezone.now())

    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())


class DataExport(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="data_exports",
    )
    # Set when a coordinator sent this export to an address: it holds that collective's rows only.
    collective = models.ForeignKey(
        "collectives.Collective",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    key = models.CharField(max_length=64, unique=True, default=new_key, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.BUILDING
    )
    document = models.JSONField(null=True, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("available until"))

    objects = DataExportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("data export")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="building", user__isnull=False),
                name="privacy_one_export_building_per_person",
                violation_error_message=_("Your data is already being prepared."),
            )
        ]

    def __str__(self):
        return f"export {self.pk} ({self.status})"

    def get_absolute_url(self):
        if self.user_id is not None:
            return reverse("privacy:download", args=[self.key])
        return reverse("privacy:download_by_key", args=[self.key])

    @property
    def is_ready(self):
        return self.status == ExportStatus.READY


class RequestKind(models.TextChoices):
    EXPORT = "export", _("Data sent to the address")
    ERASURE = "erasure", _("Data erased")
    ACCOUNT_DELETED = "account_deleted", _("Account deleted by its owner")


class PrivacyRequest(models.Model):
    """A request about a person's data, answered: by a coordinator for an address (in
    one collective), or by a person deleting their own account (no collective)."""

    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    collective = models.ForeignKey(
        "collectives.Collective",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="privacy_requests",
    )
    email_digest = models.CharField(max_length=64, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered on"), default=timezone.now)
    rows = models.PositiveIntegerField(_("rows"), default=0)

    class Meta:
        ordering = ["-answered_at", "-pk"]
        verbose_name = _("personal data request")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.answered_at:%Y-%m-%d})"
