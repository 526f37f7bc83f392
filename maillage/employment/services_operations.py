"""Recruitment operations: the operation itself, its monthly target curve, its sourcing
channels and its candidates' pipeline (sourced → information session → training → hired
→ still employed at 3 months → at 6 months) with les-emplois' states of an application.

Each change runs in one transaction, locks the row it changes, records itself in the
audit log (by primary keys: a candidate's name never goes into the log) and, for a
candidate, in its history (``CandidateStep``). A candidate's form carries the version it
was opened at: a change made in between refuses the form with a clear message.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.collectives.forms import active_members
from maillage.core.changes import clean_line, lock_at_version
from maillage.core.errors import DomainError

from .models import Contract
from .models_operations import (
    Candidate,
    CandidateStep,
    Channel,
    ChannelKind,
    Operation,
    OperationTarget,
    RefusalReason,
    Stage,
    State,
)

STAGES = list(Stage.values)
# The date each stage records.
STAGE_DATE = {
    Stage.SOURCED: "sourced_on",
    Stage.INFORMATION: "information_on",
    Stage.TRAINING: "training_on",
    Stage.HIRED: "hired_on",
    Stage.EMPLOYED_3: "employed_3_on",
    Stage.EMPLOYED_6: "employed_6_on",
}
# Stages whose date is required (the figures count hires and their months by it).
DATED_STAGES = {Stage.HIRED, Stage.EMPLOYED_3, Stage.EMPLOYED_6}
# States after which the pipeline stops until the state changes again.
CLOSED_STATES = {State.REFUSED, State.CANCELLED, State.OBSOLETE}
MESSAGE_MAX = 2000
TOTAL_MAX = 100_000
MONTHLY_MAX = 10_000
ERASED_NAME = "—"


def months_between(starts_on, ends_on):
    """The first days of the months from ``starts_on``'s to ``ends_on``'s, included."""
    month = starts_on.replace(day=1)
    last = ends_on.replace(day=1)
    months = []
    while month <= last:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


# ------------------------------------------------------------------- the operation


def _operation_fields(
    collective, *, title, employer, employer_name, contract, starts_on, ends_on, target_total
):
    title = clean_line(
        title, field="title", max_length=200, empty_message=_("Give the operation a title.")
    )
    if employer is not None and not collective.organisations.filter(pk=employer.pk).exists():
        raise DomainError(
            _("Choose an organisation of the collective, or type the employer's name."),
            field="employer",
        )
    employer_name = clean_line(employer_name, field="employer_name", max_length=200)
    if not employer_name and employer is not None:
        employer_name = employer.name
    if not employer_name:
        raise DomainError(
            _("Choose an organisation of the collective, or type the employer's name."),
            field="employer_name",
        )
    if contract and contract not in Contract.values:
        raise DomainError(_("Choose a kind of contract from the list."), field="contract")
    if starts_on is None or ends_on is None:
        raise DomainError(_("Give the operation's first and last days."), field="starts_on")
    if ends_on < starts_on:
        raise DomainError(_("The operation cannot end before it starts."), field="ends_on")
    if target_total is None or not 0 < target_total <= TOTAL_MAX:
        raise DomainError(
            _("Give the number of hires planned, between 1 and %(max)s.") % {"max": TOTAL_MAX},
            field="target_total",
        )
    return {
        "title": title,
        "employer": employer,
        "employer_name": employer_name,
        "contract": contract or "",
        "starts_on": starts_on,
        "ends_on": ends_on,
        "target_total": target_total,
    }


def _check_managers(collective, managers):
    managers = list(managers or ())
    allowed = set(
        active_members(collective)
        .filter(pk__in=[m.pk for m in managers])
        .values_list("pk", flat=True)
    )
    if any(person.pk not in allowed for person in managers):
        raise DomainError(_("Choose a member of the collective."), field="managers")
    return managers


def _summary(operation):
    return {
        "title": operation.title,
        "employer": operation.employer_name,
        "starts_on": operation.starts_on,
        "ends_on": operation.ends_on,
        "target_total": operation.target_total,
    }


@transaction.atomic
def create_operation(
    *,
    actor,
    collective,
    title,
    employer=None,
    employer_name="",
    description="",
    contract="",
    starts_on,
    ends_on,
    target_total,
    managers=(),
):
    """A new recruitment operation of ``collective``, followed by ``managers``."""
    fields = _operation_fields(
        collective,
        title=title,
        employer=employer,
        employer_name=employer_name,
        contract=contract,
        starts_on=starts_on,
        ends_on=ends_on,
        target_total=target_total,
    )
    managers = _check_managers(collective, managers)
    operation = Operation.objects.create(
        collective=collective,
        description=(description or "").strip(),
        created_by=actor,
        **fields,
    )
    operation.managers.set(managers)
    log_action(
        actor=actor,
        action="employment.operation_created",
        obj=operation,
        after={**_summary(operation), "managers": sorted(m.pk for m in managers)},
    )
    return operation


@transaction.atomic
def update_operation(
    *,
    actor,
    operation,
    title,
    employer=None,
    employer_name="",
    description="",
    contract="",
    starts_on,
    ends_on,
    target_total,
    managers=(),
):
    """Change the operation; targets of months it no longer covers are removed."""
    locked = Operation.objects.select_for_update().get(pk=operation.pk)
    fields = _operation_fields(
        locked.collective,
        title=title,
        employer=employer,
        employer_name=employer_name,
        contract=contract,
        starts_on=starts_on,
        ends_on=ends_on,
        target_total=target_total,
    )
    managers = _check_managers(locked.collective, managers)
    before = {**_summary(locked), "managers": sorted(locked.managers.values_list("pk", flat=True))}
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.description = (description or "").strip()
    locked.save()
    locked.managers.set(managers)
    months = months_between(locked.starts_on, locked.ends_on)
    locked.targets.exclude(month__in=months).delete()
    log_action(
        actor=actor,
        action="employment.operation_updated",
        obj=locked,
        before=before,
        after={**_summary(locked), "managers": sorted(m.pk for m in managers)},
    )
    return locked


# ------------------------------------------------------------------- the target curve


def spread_targets(first_wave, first_wave_by, monthly_low, monthly_high, total, starts_on, ends_on):
    """A proposed curve, as [(first day of month, hires)] from ``starts_on``'s month to
    ``ends_on``'s: ``first_wave`` hires shared among the months up to ``first_wave_by``'s
    (included), then the rest of ``total`` spread evenly over the following months, each
    month between ``monthly_low`` and ``monthly_high`` (the last months get nothing
    once the total is reached; when the total cannot be reached at ``monthly_high`` a
    month, every month gets ``monthly_high``). The coordinator edits it before saving."""
    months = months_between(starts_on, ends_on)
    if not months:
        return []
    cut = first_wave_by.replace(day=1)
    wave = [m for m in months if m <= cut] or months[:1]
    rest = months[len(wave) :]
    first_wave = max(0, min(first_wave, total))
    plan = {}
    share, extra = divmod(first_wave, len(wave))
    for index, month in enumerate(wave):
        plan[month] = share + (1 if index < extra else 0)
    remaining = total - first_wave
    if rest and remaining > 0:
        low, high = sorted((max(0, monthly_low), max(0, monthly_high)))
        share, extra = divmod(remaining, len(rest))
        if low <= share and (share < high or (share == high and extra == 0)):
            for index, month in enumerate(rest):
                plan[month] = share + (1 if index < extra else 0)
        elif share < low:  # fewer than ``low`` a month would do: ``low`` until the total
            for month in rest:
                plan[month] = min(low, remaining)
                remaining -= plan[month]
        else:  # the total is out of reach: the most a month allows
            for month in rest:
                plan[month] = high
    for month in rest:
        plan.setdefault(month, 0)
    return [(month, plan[month]) for month in months]


@transaction.atomic
def set_targets(*, actor, operation, targets):
    """The monthly targets: ``targets`` maps each month (its first day) of the operation to
    the hires planned that month; the months left out are planned at zero."""
    locked = Operation.objects.select_for_update().get(pk=operation.pk)
    months = months_between(locked.starts_on, locked.ends_on)
    cleaned = {}
    for month, hires in targets.items():
        month = month.replace(day=1)
        if month not in months:
            raise DomainError(_("A target lies outside the operation's months."))
        if hires is None or not 0 <= hires <= MONTHLY_MAX:
            raise DomainError(
                _("Give each month's hires as a whole number between 0 and %(max)s.")
                % {"max": MONTHLY_MAX}
            )
        cleaned[month] = hires
    before = {m.isoformat(): h for m, h in locked.targets.values_list("month", "hires")}
    locked.targets.all().delete()
    OperationTarget.objects.bulk_create(
        OperationTarget(operation=locked, month=month, hires=hires)
        for month, hires in sorted(cleaned.items())
        if hires
    )
    log_action(
        actor=actor,
        action="employment.targets_set",
        obj=locked,
        before={"targets": sum(before.values())},
        after={"targets": sum(cleaned.values())},
    )
    return locked


# ------------------------------------------------------------------------ channels


def _channel_fields(kind, name, contact_email):
    if kind not in ChannelKind.values:
        raise DomainError(_("Choose the kind of channel from the list."), field="kind")
    name = clean_line(
        name, field="name", max_length=200, empty_message=_("Give the channel a name.")
    )
    return {"kind": kind, "name": name, "contact_email": (contact_email or "").strip()}


def _channel_taken():
    return DomainError(_("This operation already has a channel of that name."), field="name")


@transaction.atomic
def add_channel(*, actor, operation, kind, name, contact_email=""):
    locked = Operation.objects.select_for_update().get(pk=operation.pk)
    fields = _channel_fields(kind, name, contact_email)
    if locked.channels.filter(name__iexact=fields["name"]).exists():
        raise _channel_taken()
    try:
        with transaction.atomic():
            channel = Channel.objects.create(operation=locked, **fields)
    except IntegrityError as exc:
        raise _channel_taken() from exc
    log_action(
        actor=actor,
        action="employment.channel_added",
        obj=channel,
        collective=locked.collective,
        after={"kind": channel.kind, "name": channel.name},
    )
    return channel


@transaction.atomic
def update_channel(*, actor, channel, kind, name, contact_email=""):
    """Rename a channel, or change its kind or contact."""
    locked = Channel.objects.select_for_update().select_related("operation").get(pk=channel.pk)
    fields = _channel_fields(kind, name, contact_email)
    if (
        Channel.objects.filter(operation_id=locked.operation_id, name__iexact=fields["name"])
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise _channel_taken()
    before = {"kind": locked.kind, "name": locked.name}
    for field, value in fields.items():
        setattr(locked, field, value)
    locked.save()
    log_action(
        actor=actor,
        action="employment.channel_updated",
        obj=locked,
        collective=locked.operation.collective,
        before=before,
        after={"kind": locked.kind, "name": locked.name},
    )
    return locked


@transaction.atomic
def remove_channel(*, actor, channel):
    """Remove a channel; its candidates stay, without a channel."""
    locked = Channel.objects.select_for_update().select_related("operation").get(pk=channel.pk)
    log_action(
        actor=actor,
        action="employment.channel_removed",
        obj=locked,
        collective=locked.operation.collective,
        before={"kind": locked.kind, "name": locked.name},
    )
    locked.delete()


# ---------------------------------------------------------------------- candidates


def _step(candidate, actor, on):
    CandidateStep.objects.create(
        candidate=candidate,
        stage=candidate.stage,
        state=candidate.state,
        refusal_reason=candidate.refusal_reason,
        on=on,
        by=actor if actor is not None and actor.is_authenticated else None,
    )


def _lock_candidate(candidate, base_version):
    return lock_at_version(
        Candidate.objects.select_related("operation__collective"),
        candidate.pk,
        base_version,
        message=_(
            "Someone changed this candidate while you were on the page. Nothing was "
            "saved: check where the candidate is now, then make your change again."
        ),
    )


@transaction.atomic
def add_candidate(
    *, actor, operation, name, email="", phone="", channel=None, sourced_on=None, today=None
):
    """A candidate sourced on ``sourced_on`` (today by default), through ``channel``."""
    name = clean_line(
        name, field="name", max_length=120, empty_message=_("Give the candidate's name.")
    )
    phone = clean_line(phone, field="phone", max_length=40)
    if channel is not None and channel.operation_id != operation.pk:
        raise DomainError(_("Choose one of the operation's channels."), field="channel")
    email = (email or "").strip()
    sourced_on = sourced_on or today or timezone.localdate()
    # The operation's lock makes a form sent twice add one candidate.
    Operation.objects.select_for_update().filter(pk=operation.pk).first()
    if Candidate.objects.filter(
        operation=operation,
        name__iexact=name,
        email__iexact=email,
        sourced_on=sourced_on,
        erased_at__isnull=True,
    ).exists():
        raise DomainError(
            _("This candidate is already in the operation, with the same date."), field="name"
        )
    candidate = Candidate.objects.create(
        operation=operation,
        channel=channel,
        name=name,
        email=email,
        phone=phone,
        sourced_on=sourced_on,
    )
    _step(candidate, actor, candidate.sourced_on)
    log_action(
        actor=actor,
        action="employment.candidate_added",
        obj=candidate,
        collective=operation.collective,
        after={"channel": channel.pk if channel else None, "stage": candidate.stage},
    )
    return candidate


@transaction.atomic
def move_candidate(*, actor, candidate, stage, on, base_version=None):
    """Move a candidate forward along the pipeline to ``stage``, reached on ``on``
    (required from hiring on). Hiring accepts the application."""
    if stage not in STAGES:
        raise DomainError(_("Choose a stage from the list."), field="stage")
    locked = _lock_candidate(candidate, base_version)
    if locked.erased_at is not None:
        raise DomainError(_("This candidate's data was erased: the pipeline is closed."))
    if locked.state in CLOSED_STATES:
        raise DomainError(
            _("This application is closed (%(state)s): change its state first.")
            % {"state": locked.get_state_display()},
            field="stage",
        )
    if STAGES.index(stage) <= STAGES.index(locked.stage):
        raise DomainError(_("The candidate is already at this stage or beyond it."), field="stage")
    if stage in (Stage.EMPLOYED_3, Stage.EMPLOYED_6) and locked.hired_on is None:
        raise DomainError(_("Record the hiring first, with its date."), field="stage")
    if on is None and stage == Stage.HIRED:
        raise DomainError(_("Give the date of hiring."), field="on")
    if on is None and stage in DATED_STAGES:
        raise DomainError(_("Give the date of this stage."), field="on")
    if on is not None and on < locked.sourced_on:
        raise DomainError(
            _("This date is before the candidate was sourced (%(date)s).")
            % {"date": locked.sourced_on.strftime("%d/%m/%Y")},
            field="on",
        )
    before = {"stage": locked.stage, "state": locked.state}
    locked.stage = stage
    setattr(locked, STAGE_DATE[stage], on)
    if stage == Stage.HIRED and locked.state != State.ACCEPTED:
        locked.state = State.ACCEPTED
    locked.version += 1
    locked.save()
    _step(locked, actor, on or timezone.localdate())
    log_action(
        actor=actor,
        action="employment.candidate_moved",
        obj=locked,
        collective=locked.operation.collective,
        before=before,
        after={"stage": locked.stage, "state": locked.state, "on": on},
    )
    return locked


@transaction.atomic
def change_state(*, actor, candidate, state, reason="", message="", on=None, base_version=None):
    """Change the state of the application (les-emplois' vocabulary). A refusal needs
    its coded reason; its message is what the channel that sent the candidate reads."""
    if state not in State.values:
        raise DomainError(_("Choose a state from the list."), field="state")
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise DomainError(
            _("%(max)s characters at most (this one has %(count)s).")
            % {"max": MESSAGE_MAX, "count": len(message)},
            field="message",
        )
    if state == State.REFUSED:
        if reason not in RefusalReason.values:
            raise DomainError(_("Choose the reason for the refusal."), field="reason")
        if reason == RefusalReason.OTHER and not message:
            raise DomainError(
                _("Say in a few words why the application is declined."), field="message"
            )
    else:
        reason, message = "", ""
    locked = _lock_candidate(candidate, base_version)
    if locked.erased_at is not None:
        raise DomainError(_("This candidate's data was erased: the pipeline is closed."))
    if locked.state == state and locked.refusal_reason == reason:
        raise DomainError(_("The application is already in this state."), field="state")
    before = {"state": locked.state, "reason": locked.refusal_reason}
    locked.state = state
    locked.refusal_reason = reason
    locked.refusal_message = message
    locked.version += 1
    locked.save()
    day = on or timezone.localdate()
    _step(locked, actor, day)
    log_action(
        actor=actor,
        action="employment.candidate_state_changed",
        obj=locked,
        collective=locked.operation.collective,
        before=before,
        after={"state": state, "reason": reason},
    )
    return locked


@transaction.atomic
def erase_candidate(*, actor, candidate, base_version=None, now=None):
    """Erase what identifies the candidate (name, contact, the refusal's message);
    the channel, stages, states, reasons and dates stay for the figures."""
    locked = _lock_candidate(candidate, base_version)
    if locked.erased_at is not None:
        raise DomainError(_("This candidate's data is already erased."))
    locked.name = ERASED_NAME
    locked.email = ""
    locked.phone = ""
    locked.refusal_message = ""
    locked.erased_at = now or timezone.now()
    locked.version += 1
    locked.save()
    log_action(
        actor=actor,
        action="employment.candidate_erased",
        obj=locked,
        collective=locked.operation.collective,
    )
    return locked
