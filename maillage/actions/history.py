"""How the changes of actions read in the collective's log (audit.history)."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Field, Reference, model_fields, register

from .models import Action, Phase

register(
    ["actions.created", "actions.updated", "actions.status_changed", "actions.shifted"],
    model_fields(
        Action,
        [
            "title",
            "owner",
            "start_date",
            "due_date",
            "status",
            "meeting",
            "project",
            "phase",
            "because_of",
        ],
        title=Field(_("Title")),
        owner=Field(_("Owner")),
        phase=Field(_("Phase")),
        because_of=Field(_("Moved because of")),
        # Rows written before names were recorded hold the meeting's or project's id.
        meeting=Field(_("Meeting"), Reference("meetings.Meeting")),
        project=Field(_("Project"), Reference("projects.Project")),
    ),
)

register(
    ["actions.dependency_added", "actions.dependency_removed"],
    {"depends_on": Field(_("Depends on"))},
)
register(
    ["actions.phase_created", "actions.phase_updated", "actions.phase_deleted"],
    model_fields(
        Phase,
        ["title", "starts_on", "ends_on", "actions"],
        title=Field(_("Title")),
        actions=Field(_("Actions")),
    ),
)
