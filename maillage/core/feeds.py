"""What every calendar and feed writer does with an item it cannot write.

A feed lists many items (meetings, events); one of them that cannot be written, such
as a meeting dated 9999-12-31 stored before forms refused such dates, is left out
and a warning logged, and the feed goes on with the others instead of failing whole.
A file about one item (a meeting's calendar file, an invitation) cannot leave it
out: its writer raises ``CannotWrite`` and the caller says so.
"""

import logging

logger = logging.getLogger(__name__)


class CannotWrite(ValueError):
    """An item no calendar can hold: a date outside the range forms accept, or one that
    cannot be read in its time zone."""


def each_written(items, write, *, what):
    """``(item, write(item))`` for every item that ``write`` can write; the others are
    logged (``what`` names them: "meeting", "event") and left out."""
    for item in items:
        try:
            written = write(item)
        except Exception:
            # Whatever the cause, one item never breaks the whole feed.
            logger.warning(
                "%s %s left out of a feed: it cannot be written.",
                what,
                getattr(item, "pk", None),
                exc_info=True,
            )
            continue
        yield item, written
