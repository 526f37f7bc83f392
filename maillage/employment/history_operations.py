"""How the changes of recruitment operations read in the collective's log (by numbers
and codes: a candidate's name never goes into the log)."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Choice, Date, Field, Number, register

from .models_operations import ChannelKind, RefusalReason, Stage, State

OPERATION = {
    "title": Field(_("Title")),
    "employer": Field(_("Employer")),
    "starts_on": Field(_("Starts on"), Date()),
    "ends_on": Field(_("Ends on"), Date()),
    "target_total": Field(_("Hires planned in all"), Number()),
    "managers": Field(_("Who follows the candidates")),
}
CHANNEL = {
    "kind": Field(_("Kind"), Choice(ChannelKind.choices)),
    "name": Field(_("Name")),
}
STAGE = Field(_("Stage"), Choice(Stage.choices))
STATE = Field(_("State of the application"), Choice(State.choices))

register(["employment.operation_created", "employment.operation_updated"], OPERATION)
register("employment.targets_set", {"targets": Field(_("Hires planned"), Number())})
register(
    ["employment.channel_added", "employment.channel_updated", "employment.channel_removed"],
    CHANNEL,
)
register(
    "employment.candidate_added",
    {"channel": Field(_("Channel"), Number()), "stage": STAGE},
)
register(
    "employment.candidate_moved",
    {"stage": STAGE, "state": STATE, "on": Field(_("On"), Date())},
)
register(
    "employment.candidate_state_changed",
    {"state": STATE, "reason": Field(_("Reason"), Choice(RefusalReason.choices))},
)
register("employment.candidate_erased", {})
