"""How the changes of the day's rounds read in the collective's log: counts and
meeting numbers, never a job seeker's name."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Choice, Field, register

from .models import MeetingOutcome

register(
    "employment.rotations_planned",
    {
        "plan_from": Field(_("Planned from round")),
        "plan_total": Field(_("Total weight of the wishes met")),
        "meetings": Field(_("Meetings planned")),
        "replaced": Field(_("Meetings replaced")),
        "seekers": Field(_("Job seekers in the plan")),
        "recruiters": Field(_("Recruiters in the plan")),
    },
)
register(
    "employment.meeting_outcome_recorded",
    {
        "meeting": Field(_("Meeting number")),
        "outcome": Field(_("Outcome"), Choice(MeetingOutcome)),
        "recorded_by": Field(
            _("Recorded by"),
            Choice([("recruiter", _("the recruiter")), ("organiser", _("an organiser"))]),
        ),
    },
)
