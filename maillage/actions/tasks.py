"""The weekly digest of actions (a periodic job), instead of one e-mail per change."""

from django.utils import timezone

DIGEST_WEEKDAY = 0  # Monday
DIGEST_HOUR = 7


def send_weekly_digests(now=None):
    """On Monday from 7:00 (server time), send each person with open actions one
    e-mail listing them; the ``DigestSent`` row makes it once per person and week."""
    from . import services

    now = timezone.localtime(now or timezone.now())
    if now.weekday() != DIGEST_WEEKDAY or now.hour < DIGEST_HOUR:
        return 0
    return services.send_digests(today=now.date())
