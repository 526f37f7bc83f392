"""How the changes of actions read in the collective's log (audit.history)."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Field, Reference, model_fields, register

from .models import Action

register(
    ["actions.created", "actions.updated", "actions.status_changed"],
    model_fields(
        Action,
        ["title", "owner", "due_date", "status", "meeting", "project"],
        title=Field(_("Title")),
        owner=Field(_("Owner")),
        # Rows written before names were recorded hold the meeting's or project's id.
        meeting=Field(_("Meeting"), Reference("meetings.Meeting")),
        project=Field(_("Project"), Reference("projects.Project")),
    ),
)
