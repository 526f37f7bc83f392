"""Personal API tokens.

A token belongs to one person, who creates and revokes it. It is shown once, when it is
made; only its SHA-256 digest is stored (a token is 32 random bytes: no password
hashing is needed against guessing, and a digest is found by an index). It reads, or
reads and writes, within the collectives it names; everywhere else it is as good as no
token (public content only). What it may read or do is then decided by the same rules
as the pages, for its owner.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TokenQuerySet(models.QuerySet):
    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at=None).filter(
            models.Q(expires_at=None) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    # The first characters after "mlg_", shown in the list so that its owner knows which is which.
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    can_write = models.BooleanField(_("may change data"), default=False)
    collectives = models.ManyToManyField(
        "collectives.Collective", related_name="+", verbose_name=_("collectives")
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires on"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"mlg_{self.prefix}…"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_expired(self):
        return self.expires_at is not None and self.expires_at <= timezone.now()
