"""How the foundation's grants read in the collective's log (audit.history): statuses,
amounts, dates and counts; never an applicant's or a committee member's name."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Choice, Date, Field, Money, Reference, register
from maillage.audit.models import ACTION_LABELS

from .models import ApplicationStatus, CallStatus, GrantReport

CALL = {
    "title": Field(_("Title")),
    "budget": Field(_("Budget"), Money()),
    "max_amount": Field(_("Most per application"), Money()),
    "opens_on": Field(_("Opens on"), Date()),
    "closes_on": Field(_("Closes on"), Date()),
    "committee": Field(_("Members of the committee")),
    "status": Field(_("Status"), Choice(CallStatus.choices)),
}
CRITERION = {
    "criterion": Field(_("Criterion"), Reference("fund.Criterion", "label")),
    "weight": Field(_("Weight")),
    "max_score": Field(_("Highest score")),
}
APPLICATION = {
    "call": Field(_("Call for applications"), Reference("fund.GrantCall", "title")),
    "amount": Field(_("Amount"), Money()),
    "project": Field(_("Project"), Reference("projects.Project", "title")),
    "status": Field(_("Status"), Choice(ApplicationStatus.choices)),
    "scores": Field(_("Scores (per criterion)")),
    "scores_set_aside": Field(_("Scores set aside")),
    "meeting_decision": Field(_("Meeting's decision"), Reference("meetings.Decision", "text")),
    "paid_on": Field(_("Paid on"), Date()),
    "kind": Field(_("Report"), Choice(GrantReport.Kind.choices)),
    "spent": Field(_("Amount spent"), Money()),
}

register(["fund.call_created", "fund.call_changed", "fund.call_opened", "fund.call_closed"], CALL)
register(["fund.criterion_added", "fund.criterion_changed", "fund.criterion_removed"], CRITERION)
register(
    [
        "fund.application_submitted",
        "fund.application_withdrawn",
        "fund.conflict_declared",
        "fund.application_scored",
        "fund.application_decided",
        "fund.grant_disbursed",
        "fund.report_submitted",
        "fund.report_accepted",
    ],
    APPLICATION,
)

ACTION_LABELS.update(
    {
        "fund.call_created": _("Call for applications created"),
        "fund.call_changed": _("Call for applications changed"),
        "fund.call_opened": _("Call for applications opened"),
        "fund.call_closed": _("Call for applications closed"),
        "fund.criterion_added": _("Criterion added to the rubric"),
        "fund.criterion_changed": _("Criterion of the rubric changed"),
        "fund.criterion_removed": _("Criterion removed from the rubric"),
        "fund.application_submitted": _("Grant application submitted"),
        "fund.application_withdrawn": _("Grant application withdrawn"),
        "fund.conflict_declared": _("Conflict of interest declared"),
        "fund.application_scored": _("Grant application scored"),
        "fund.application_decided": _("Grant application decided"),
        "fund.grant_disbursed": _("Grant paid"),
        "fund.report_submitted": _("Grant report submitted"),
        "fund.report_accepted": _("Grant report accepted"),
    }
)
