"""How the pooling changes read in the collective's log (audit.history): runs, jobs kept,
completed, changed and ended, combinations excluded. Needs are recorded by number."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Choice, Field, Money, Number, YesNo, register

from .models import Week

NEEDS = Field(_("Needs (numbers)"))
RUN = Field(_("Pooling run"), Number())
JOB = {
    "title": Field(_("Title")),
    "hourly_cost": Field(_("Hourly cost"), Money()),
    "qualification": Field(_("Qualification")),
    "holder_qualification": Field(_("Qualification of the person hired"), empty="—"),
}

register(
    "employers.run_started",
    {
        "week": Field(_("Week"), Choice(Week.choices)),
        "time_limit": Field(_("Time limit (seconds)"), Number()),
    },
)
register("employers.job_kept", {**JOB, "run": RUN, "needs": NEEDS})
register("employers.job_completed", {"run": RUN, "needs": NEEDS})
register("employers.job_changed", JOB)
register("employers.job_ended", {"ended": Field(_("Ended"), YesNo())})
register(
    ["employers.exclusion_added", "employers.exclusion_removed"],
    {"needs": NEEDS, "reason": Field(_("Why"))},
)
