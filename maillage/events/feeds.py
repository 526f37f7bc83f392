"""The Atom feed of a public collective's upcoming events (events, never people)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from maillage.collectives.access import get_public_collective
from maillage.core.feeds import each_written
from maillage.core.typography import elide

from .models import Event

# A feed readers poll: enough events for months ahead.
FEED_SIZE = 100


class CollectiveEventsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_public_collective(slug)

    def title(self, collective):
        return elide(_("Events of %(collective)s") % {"collective": collective.name})

    def subtitle(self, collective):
        return elide(
            _("The upcoming public events of %(collective)s.") % {"collective": collective.name}
        )

    def link(self, collective):
        return reverse("events:agenda", args=[collective.slug])

    def feed_url(self, collective):
        return reverse("events:atom_feed", args=[collective.slug])

    def items(self, collective):
        events = list(
            Event.objects.public()
            .upcoming()
            .filter(collective=collective)
            .order_by("starts_at", "pk")[:FEED_SIZE]
        )
        for event in events:
            event.collective = collective  # spares a query per link
        # An event that cannot be written is left out (and logged), not the whole feed.
        return [event for event, _parts in each_written(events, self._item_parts, what="event")]

    # What the feed writes of each item: tried before, so that one that fails is left out.
    ITEM_PARTS = (
        "item_title",
        "item_description",
        "item_link",
        "item_guid",
        "item_pubdate",
        "item_updateddate",
    )

    def _item_parts(self, event):
        event.calendar_times()  # its dates, as in the calendar feed
        return [getattr(self, name)(event) for name in self.ITEM_PARTS]

    def item_title(self, event):
        title = event.title
        if event.is_cancelled:
            title = _("Cancelled: %(title)s") % {"title": title}
        return title

    def item_description(self, event):
        """HTML, as Atom's ``summary type="html"`` says: the facts, escaped, then the
        description as sanitised when it was saved, never the text as it was typed (feed
        readers would run its scripts and follow its ``javascript:`` links)."""
        start = timezone.localtime(event.starts_at, event.zone)
        when = date_format(start, "DATETIME_FORMAT")
        parts = [f"{when} ({event.time_zone})", event.get_kind_display()]
        if event.theme:
            parts.append(event.theme)
        where = ", ".join(part for part in (event.place, event.address) if part)
        if where:
            parts.append(where)
        elif event.online_url:
            parts.append(_("Online"))
        text = " · ".join(str(part) for part in parts)
        # description_html is sanitised by core.content.render when the event is saved.
        return format_html("<p>{}</p>{}", text, mark_safe(event.description_html))  # noqa: S308

    def item_link(self, event):
        return event.get_absolute_url()

    def item_guid(self, event):
        return f"urn:uuid:{event.ical_uid.split('@')[0]}"

    item_guid_is_permalink = False

    def item_pubdate(self, event):
        return event.created_at

    def item_updateddate(self, event):
        return event.updated_at
