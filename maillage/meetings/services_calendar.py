"""Private calendar addresses (feeds) of a person."""

from django.db import transaction

from maillage.audit.services import log_action

from .models import (
    CalendarFeed,
)

# ------------------------------------------------------------------------- calendars


@transaction.atomic
def calendar_feed(*, user, collective=None, renew=False):
    """The person's private calendar address (all their meetings, or one collective's).

    ``renew`` replaces the key: the old address stops working at once."""
    feed = CalendarFeed.objects.filter(user=user, collective=collective).first()
    if feed is not None and renew:
        feed.delete()
        feed = None
    if feed is None:
        feed = CalendarFeed.objects.create(user=user, collective=collective)
        log_action(
            actor=user,
            action="meetings.feed_created",
            obj=feed,
            collective=collective,
            after={"renewed": renew},
        )
    return feed
