"""Grants: a call for applications, its rubric and committee, the applications, the
committee's conflicts of interest and scores, the decision, the disbursements and the
grantee's reports.

A call's life: DRAFT (the coordinators write it, its rubric and its committee) → OPEN
(people apply between ``opens_on`` and ``closes_on``) → REVIEW (closed by hand or by
``close_due_calls`` the day after ``closes_on``; the committee scores) → DECIDED (once no
application waits for a decision).

Conflicts of interest: a committee member may declare one at any time before the
decision, even after scoring (one often sees a link only while reading). The scores they
gave stay recorded, so nothing is silently erased, but ``results`` leaves them out, and
they can no longer score that application.

Each change runs in one transaction, locks the rows it changes, posts its movements in
the ledger (granted: general +g / grants −g; disbursed: grants +d / bank −d) and records
itself in the collective's log by codes, amounts and dates, never a person's name.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.collectives.models import Membership
from maillage.core.changes import clean_line, lock_at_version
from maillage.core.errors import DomainError

from .models import (
    Application,
    ApplicationStatus,
    CallStatus,
    Conflict,
    Criterion,
    GrantCall,
    GrantDecision,
    Outcome,
    Score,
)
from .money import cents_sum, check_amount, check_currency, from_cents, parse_amount, shown
from .results_grants import Result, results  # noqa: F401 - the review's results, read here too

TITLE_MAX = 200
TEXT_MAX = 10000
REASON_MAX = 300
WEIGHT_MAX = 10
MAX_SCORE_MAX = 100


def _today(now=None):
    return timezone.localdate(now or timezone.now())


def _text(value, *, field, empty_message, max_length=TEXT_MAX):
    value = (value or "").strip()
    if not value:
        raise DomainError(empty_message, field=field)
    if len(value) > max_length:
        raise DomainError(
            _("%(max)s characters at most (this one has %(count)s).")
            % {"max": max_length, "count": len(value)},
            field=field,
        )
    return value


# ------------------------------------------------------------------ the call


def _check_call_fields(foundation, *, title, description, opens_on, closes_on, budget, max_amount):
    fields = {
        "title": clean_line(
            title,
            field="title",
            max_length=TITLE_MAX,
            empty_message=_("Give the call a title."),
        ),
        "description": _text(
            description,
            field="description",
            empty_message=_("Say who may apply, and for what."),
        ),
        "budget": check_amount(budget, field="budget"),
        "max_amount": None,
    }
    if opens_on is None or closes_on is None:
        raise DomainError(
            _("Give the day the call opens and the day it closes."),
            field="opens_on" if opens_on is None else "closes_on",
        )
    if closes_on < opens_on:
        raise DomainError(_("The call cannot close before it opens."), field="closes_on")
    fields["opens_on"], fields["closes_on"] = opens_on, closes_on
    if max_amount not in (None, ""):
        fields["max_amount"] = check_amount(max_amount, field="max_amount")
        if fields["max_amount"] > fields["budget"]:
            raise DomainError(
                _("The most per application cannot be more than the call's budget."),
                field="max_amount",
            )
    return fields


def _check_committee(foundation, committee):
    people = list(committee or [])
    members = Membership.objects.member_ids(foundation.collective)
    outsider = next((person for person in people if person.pk not in members), None)
    if outsider is not None:
        raise DomainError(
            _("The committee is made of members of the collective only."), field="committee"
        )
    return people


def granted_total(call):
    """What the call has granted so far."""
    return from_cents(
        GrantDecision.objects.filter(application__call=call, outcome=Outcome.GRANTED).aggregate(
            s=cents_sum("amount")
        )["s"]
    )


def _call_state(call):
    return {
        "title": call.title,
        "budget": f"{call.budget} {call.currency}",
        "max_amount": f"{call.max_amount} {call.currency}" if call.max_amount else "",
        "opens_on": call.opens_on.isoformat(),
        "closes_on": call.closes_on.isoformat(),
        "committee": call.committee.count(),
    }


def create_call(
    *,
    actor,
    foundation,
    title,
    description,
    opens_on,
    closes_on,
    budget,
    currency,
    max_amount=None,
    committee=(),
):
    """A new call, as a draft."""
    fields = _check_call_fields(
        foundation,
        title=title,
        description=description,
        opens_on=opens_on,
        closes_on=closes_on,
        budget=budget,
        max_amount=max_amount,
    )
    currency = check_currency(currency)
    people = _check_committee(foundation, committee)
    with transaction.atomic():
        call = GrantCall.objects.create(foundation=foundation, currency=currency, **fields)
        call.committee.set(people)
        log_action(actor=actor, action="fund.call_created", obj=call, after=_call_state(call))
    return call


def change_call(
    *,
    actor,
    call,
    version,
    title,
    description,
    opens_on,
    closes_on,
    budget,
    max_amount=None,
    committee=(),
):
    """The call's text, dates, budget and committee, while no decision was taken."""
    fields = _check_call_fields(
        call.foundation,
        title=title,
        description=description,
        opens_on=opens_on,
        closes_on=closes_on,
        budget=budget,
        max_amount=max_amount,
    )
    people = _check_committee(call.foundation, committee)
    with transaction.atomic():
        call = lock_at_version(GrantCall, call.pk, version)
        if call.status == CallStatus.DECIDED:
            raise DomainError(_("The call is decided: it can no longer be changed."))
        granted = granted_total(call)
        if fields["budget"] < granted:
            raise DomainError(
                _("%(granted)s %(currency)s are already granted: the budget cannot be less.")
                % {"granted": shown(granted), "currency": call.currency},
                field="budget",
            )
        if not people and call.status != CallStatus.DRAFT:
            raise DomainError(
                _("An open call needs a committee: choose at least one member."),
                field="committee",
            )
        before = _call_state(call)
        for name, value in fields.items():
            setattr(call, name, value)
        call.version += 1
        call.save()
        call.committee.set(people)
        log_action(
            actor=actor,
            action="fund.call_changed",
            obj=call,
            before=before,
            after=_call_state(call),
        )
    return call


def open_call(*, actor, call, now=None):
    with transaction.atomic():
        call = GrantCall.objects.select_for_update().get(pk=call.pk)
        if call.status != CallStatus.DRAFT:
            raise DomainError(_("Only a draft call can be opened."))
        if not call.criteria.exists():
            raise DomainError(_("Add at least one criterion to the rubric before opening."))
        if not call.committee.exists():
            raise DomainError(_("Choose the committee before opening the call."))
        if call.closes_on < _today(now):
            raise DomainError(
                _("The call's closing day is past: change its dates first."), field="closes_on"
            )
        call.status = CallStatus.OPEN
        call.version += 1
        call.save(update_fields=["status", "version"])
        log_action(
            actor=actor,
            action="fund.call_opened",
            obj=call,
            before={"status": CallStatus.DRAFT},
            after={"status": call.status},
        )
    return call


def close_call(*, actor, call):
    """OPEN → REVIEW: no more applications, the committee scores."""
    with transaction.atomic():
        call = GrantCall.objects.select_for_update().get(pk=call.pk)
        if call.status != CallStatus.OPEN:
            raise DomainError(_("Only an open call can be closed."))
        call.status = CallStatus.REVIEW
        call.version += 1
        call.save(update_fields=["status", "version"])
        log_action(
            actor=actor,
            action="fund.call_closed",
            obj=call,
            before={"status": CallStatus.OPEN},
            after={"status": call.status},
        )
    return call


def close_due_calls(now=None):
    """Close every open call whose closing day is past (a daily task); their number."""
    today = _today(now)
    closed = 0
    for pk in GrantCall.objects.filter(status=CallStatus.OPEN, closes_on__lt=today).values_list(
        "pk", flat=True
    ):
        try:
            close_call(actor=None, call=GrantCall(pk=pk))
        except DomainError:
            continue  # closed by someone in between
        closed += 1
    return closed


# ------------------------------------------------------------------ the rubric


def _check_rubric_open(call):
    if call.status not in (CallStatus.DRAFT, CallStatus.OPEN):
        raise DomainError(_("The rubric can change only while the call is a draft or open."))
    if Score.objects.filter(criterion__call=call).exists():
        raise DomainError(_("Someone has already scored: the rubric can no longer change."))


def _criterion_fields(label, help, weight, max_score):
    weight = _small_number(weight, field="weight", maximum=WEIGHT_MAX)
    max_score = _small_number(max_score, field="max_score", maximum=MAX_SCORE_MAX)
    label = clean_line(
        label, field="label", max_length=TITLE_MAX, empty_message=_("Name the criterion.")
    )
    return {"label": label, "help": (help or "").strip(), "weight": weight, "max_score": max_score}


def _small_number(value, *, field, maximum):
    number = parse_amount(value)
    if number is None or number != number.to_integral_value() or not 1 <= number <= maximum:
        raise DomainError(
            _("Give a whole number from 1 to %(maximum)s.") % {"maximum": maximum}, field=field
        )
    return int(number)


def add_criterion(*, actor, call, label, help="", weight=1, max_score=5):
    fields = _criterion_fields(label, help, weight, max_score)
    with transaction.atomic():
        call = GrantCall.objects.select_for_update().get(pk=call.pk)
        _check_rubric_open(call)
        position = call.criteria.order_by("-position").values_list("position", flat=True)[:1]
        fields["position"] = (position[0] if position else 0) + 1
        criterion = Criterion.objects.create(call=call, **fields)
        log_action(
            actor=actor,
            action="fund.criterion_added",
            obj=call,
            after={
                "criterion": criterion.pk,
                "weight": criterion.weight,
                "max_score": criterion.max_score,
            },
        )
    return criterion


def change_criterion(*, actor, criterion, label, help="", weight=1, max_score=5):
    fields = _criterion_fields(label, help, weight, max_score)
    with transaction.atomic():
        call = GrantCall.objects.select_for_update().get(pk=criterion.call_id)
        _check_rubric_open(call)
        criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
        before = {"weight": criterion.weight, "max_score": criterion.max_score}
        for name, value in fields.items():
            setattr(criterion, name, value)
        criterion.save()
        log_action(
            actor=actor,
            action="fund.criterion_changed",
            obj=call,
            before={"criterion": criterion.pk, **before},
            after={
                "criterion": criterion.pk,
                "weight": criterion.weight,
                "max_score": criterion.max_score,
            },
        )
    return criterion


def remove_criterion(*, actor, criterion):
    with transaction.atomic():
        call = GrantCall.objects.select_for_update().get(pk=criterion.call_id)
        _check_rubric_open(call)
        if call.status == CallStatus.OPEN and call.criteria.count() == 1:
            raise DomainError(_("An open call keeps at least one criterion."))
        log_action(
            actor=actor,
            action="fund.criterion_removed",
            obj=call,
            before={"criterion": criterion.pk},
        )
        Criterion.objects.filter(pk=criterion.pk).delete()


# ------------------------------------------------------------------ applications


def apply(*, actor, call, title, summary, budget_use, amount, project=None, now=None):
    """``actor`` applies to ``call`` (the view checked ``fund.apply``)."""
    now = now or timezone.now()
    fields = {
        "title": clean_line(
            title,
            field="title",
            max_length=TITLE_MAX,
            empty_message=_("Give your project a title."),
        ),
        "summary": _text(
            summary, field="summary", empty_message=_("Describe your project in a few lines.")
        ),
        "budget_use": _text(
            budget_use, field="budget_use", empty_message=_("Say what the money is for.")
        ),
    }
    amount = check_amount(amount)
    with transaction.atomic():
        call = GrantCall.objects.select_for_update().get(pk=call.pk)
        today = _today(now)
        if call.status != CallStatus.OPEN or not call.opens_on <= today <= call.closes_on:
            raise DomainError(
                _("This call is not open to applications (it runs from %(start)s to %(end)s).")
                % {
                    "start": call.opens_on.strftime("%d/%m/%Y"),
                    "end": call.closes_on.strftime("%d/%m/%Y"),
                }
            )
        if call.max_amount is not None and amount > call.max_amount:
            raise DomainError(
                _("This call gives at most %(max)s %(currency)s per application: ask for less.")
                % {"max": shown(call.max_amount), "currency": call.currency},
                field="amount",
            )
        if project is not None and (
            project.collective_id != call.foundation.collective_id
            or not project.pilots.filter(pk=actor.pk).exists()
        ):
            raise DomainError(
                _("Choose one of the collective's projects that you pilot, or none."),
                field="project",
            )
        if (
            Application.objects.filter(call=call, applicant=actor)
            .exclude(status=ApplicationStatus.WITHDRAWN)
            .exists()
        ):
            raise DomainError(
                _(
                    "You have already applied to this call. Withdraw that application "
                    "first to apply again."
                )
            )
        application = Application.objects.create(
            call=call,
            foundation=call.foundation,
            applicant=actor,
            project=project,
            amount=amount,
            submitted_at=now,
            **fields,
        )
        log_action(
            actor=actor,
            action="fund.application_submitted",
            obj=application,
            after={
                "call": call.pk,
                "amount": f"{amount} {call.currency}",
                "project": project.pk if project else None,
            },
        )
    return application


def withdraw_application(*, actor, application):
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.applicant_id != actor.pk:
            raise DomainError(_("Only the applicant can withdraw an application."))
        if application.status != ApplicationStatus.SUBMITTED:
            raise DomainError(_("This application is decided or withdrawn already."))
        application.status = ApplicationStatus.WITHDRAWN
        application.version += 1
        application.save(update_fields=["status", "version"])
        log_action(
            actor=actor,
            action="fund.application_withdrawn",
            obj=application,
            before={"status": ApplicationStatus.SUBMITTED},
            after={"status": application.status},
        )
    return application


# ------------------------------------------------------------------ the committee


def _check_committee_member(actor, call):
    if not call.committee.filter(pk=actor.pk).exists():
        raise DomainError(_("Only the call's committee scores its applications."))


def declare_conflict(*, actor, application, reason, now=None):
    """``actor`` (on the committee) will not score ``application``; scores they gave it
    are kept but left out of the results."""
    reason = clean_line(
        reason,
        field="reason",
        max_length=REASON_MAX,
        empty_message=_("Say in a few words what links you to this application."),
    )
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        _check_committee_member(actor, application.call)
        if application.status != ApplicationStatus.SUBMITTED:
            raise DomainError(_("This application is decided or withdrawn already."))
        if Conflict.objects.filter(application=application, member=actor).exists():
            raise DomainError(_("You have already declared a conflict of interest here."))
        conflict = Conflict.objects.create(
            application=application, member=actor, reason=reason, declared_at=now or timezone.now()
        )
        set_aside = Score.objects.filter(application=application, member=actor).count()
        log_action(
            actor=actor,
            action="fund.conflict_declared",
            obj=application,
            after={"scores_set_aside": set_aside},
        )
    return conflict


def score(*, actor, application, values, comments=None, now=None):
    """``actor``'s scores of ``application``: ``values`` maps each criterion of the call
    (or its pk) to a whole number from 0 to its highest score; ``comments`` likewise to a
    text. A member changes their scores until the decision."""
    now = now or timezone.now()
    comments = {getattr(key, "pk", key): value for key, value in (comments or {}).items()}
    values = {getattr(key, "pk", key): value for key, value in values.items()}
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        call = application.call
        _check_committee_member(actor, call)
        if Conflict.objects.filter(application=application, member=actor).exists():
            raise DomainError(
                _("You declared a conflict of interest on this application: you do not score it.")
            )
        if call.status != CallStatus.REVIEW or application.status != ApplicationStatus.SUBMITTED:
            raise DomainError(
                _("Scores are given while the call is being reviewed, before the decision.")
            )
        criteria = list(call.criteria.all())
        before, after = {}, {}
        for criterion in criteria:
            number = parse_amount(values.get(criterion.pk))
            if (
                number is None
                or number != number.to_integral_value()
                or not 0 <= number <= criterion.max_score
            ):
                raise DomainError(
                    _("Score “%(criterion)s” with a whole number from 0 to %(max)s.")
                    % {"criterion": criterion.label, "max": criterion.max_score},
                    field=f"criterion_{criterion.pk}",
                )
            row, made = Score.objects.select_for_update().get_or_create(
                application=application,
                criterion=criterion,
                member=actor,
                defaults={"value": int(number), "scored_at": now},
            )
            if not made:
                before[str(criterion.pk)] = row.value
            row.value = int(number)
            row.comment = (comments.get(criterion.pk) or "").strip()[:TEXT_MAX]
            row.scored_at = now
            row.save()
            after[str(criterion.pk)] = row.value
        log_action(
            actor=actor,
            action="fund.application_scored",
            obj=application,
            before={"scores": before} if before else None,
            after={"scores": after},
        )
    return application
