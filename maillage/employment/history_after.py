"""How the changes of this part (outcomes, follow-up sessions, obstacles) read in the
collective's log. Seekers are named by their number only."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Choice, Field, Number, register

from .models import Contract
from .models_after import CHECKPOINTS, ObstacleTheme, OutcomeKind, RecordedBy

register(
    "employment.outcome_recorded",
    {
        "seeker": Field(_("Job seeker (number)"), Number()),
        "checkpoint": Field(_("Months after the café"), Choice([(m, m) for m in CHECKPOINTS])),
        "kind": Field(_("Outcome"), Choice(OutcomeKind)),
        "contract": Field(_("Contract"), Choice(Contract)),
        "recorded_by": Field(_("Recorded by"), Choice(RecordedBy)),
    },
)
register(
    "employment.session_planned",
    {
        "meeting": Field(_("Meeting (number)"), Number()),
        "seekers": Field(_("Job seekers invited"), Number()),
    },
)
register("employment.obstacle_noted", {"theme": Field(_("Theme"), Choice(ObstacleTheme))})
register("employment.obstacle_action", {"action": Field(_("Action (number)"), Number())})
