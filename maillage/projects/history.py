"""How the changes of work streams and projects read in their history (audit.history)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.audit.history import (
    Choice,
    Date,
    Field,
    Money,
    Percent,
    model_field,
    model_fields,
    register,
)

from .models import Milestone, Need, NeedKind, Project, WorkStream
from .services import PROJECT_FIELDS

register(
    ["projects.work_stream_created", "projects.work_stream_updated"],
    model_fields(WorkStream, ["title", "status"]),
)
register(
    [
        "projects.project_created",
        "projects.project_updated",
        "projects.status_changed",
        "projects.progress_set",
    ],
    model_fields(
        Project,
        [*PROJECT_FIELDS, "status", "pilots", "work_stream", "progress"],
        progress=Field(_("Progress"), Percent(), empty=_("from the milestones")),
    ),
)
MILESTONE = {
    "milestone": Field(_("Milestone")),
    "due_on": Field(_("Due date"), Date()),
    "reached_on": model_field(Milestone, "reached_on"),
}
register(
    ["projects.milestone_added", "projects.milestone_reached", "projects.milestone_archived"],
    MILESTONE,
)
register(["projects.link_added", "projects.link_archived"], {"link": Field(_("Link"))})
register(
    "projects.need_added",
    {
        "need": Field(pgettext_lazy("of a project", "Need"), Choice(NeedKind)),
        "description": model_field(Need, "description"),
        "amount": Field(_("Amount"), Money()),
    },
)
register(
    "projects.need_closed",
    {
        "need": Field(pgettext_lazy("of a project", "Need")),
        "met": Field(
            pgettext_lazy("of a need", "Outcome"),
            Choice([(True, pgettext_lazy("need", "met")), (False, _("given up"))]),
        ),
    },
)
register(
    ["projects.volunteer_signed_up", "projects.volunteer_withdrew"],
    {
        "need": Field(pgettext_lazy("of a project", "Need")),
        "volunteer": Field(_("Volunteer")),
    },
)
