"""How the changes of events read in the collective's log (audit.history)."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Field, Number, model_field, model_fields, register

from .models import Event
from .services import EVENT_FIELDS

register(["events.programme_created", "events.event_created"], {"title": Field(_("Title"))})
register(
    "events.event_updated",
    model_fields(Event, [*EVENT_FIELDS, "programme", "organisers"], title=Field(_("Title"))),
)
register("events.speaker_added", {"speaker": Field(_("Speaker"))})
register("events.question_added", {"question": Field(_("Question"))})
register(
    "events.capacity_changed",
    {
        "capacity": model_field(Event, "capacity", empty=_("no limit")),
        "promoted": Field(_("Given a seat from the waiting list"), Number()),
    },
)
