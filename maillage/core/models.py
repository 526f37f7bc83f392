from django.db import models


class LimitCounter(models.Model):
    """How many times something was done in one window of time, for a rate limit
    (core.limits). The key is a keyed hash of what is counted (an action, a network
    or e-mail address, the window), never the address itself."""

    key = models.CharField(max_length=64, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key[:8]}…: {self.count}"
