"""Grants after the review: the decision (granted or declined, final, possibly a
meeting's decision), the disbursements and the grantee's reports.

The money services post to the ledger (granted: general +g / grants −g; disbursed:
grants +d / bank −d, both with the call and the project as dimensions), so the ledger
is balanced and equal to the records after each of them. The applicant is e-mailed the
decision once the transaction is committed.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.errors import DomainError
from maillage.core.tasks import send_email
from maillage.meetings.models import Decision

from . import ledger
from .models import (
    Account,
    Application,
    ApplicationStatus,
    CallStatus,
    Disbursement,
    GrantCall,
    GrantDecision,
    GrantReport,
    MovementKind,
    Outcome,
)
from .money import ZERO, cents_sum, check_amount, from_cents, parse_amount, shown
from .services_grants import TEXT_MAX, _text, granted_total


def budget_left(call):
    return call.budget - granted_total(call)


def disbursed_total(decision):
    return from_cents(decision.disbursements.aggregate(s=cents_sum("amount"))["s"])


def _dims(application):
    return {"call": application.call, "project": application.project}


def decide(
    *, actor, application, outcome, amount=None, reasons="", meeting_decision=None, now=None
):
    """The coordinators' decision on ``application``: GRANTED with an amount at most what
    was asked and what is left of the budget, or DECLINED with reasons. Final."""
    now = now or timezone.now()
    if outcome not in Outcome.values:
        raise DomainError(_("Choose: granted or declined."), field="outcome")
    reasons = (reasons or "").strip()[:TEXT_MAX]
    if outcome == Outcome.GRANTED:
        amount = check_amount(amount)
    else:
        amount = None
        reasons = _text(
            reasons,
            field="reasons",
            empty_message=_("Give the applicant the reasons of the refusal."),
        )
    with transaction.atomic():
        call = GrantCall.objects.select_for_update().get(pk=application.call_id)
        application = Application.objects.select_for_update().get(pk=application.pk)
        if GrantDecision.objects.filter(application=application).exists():
            raise DomainError(_("This application is already decided; a decision is final."))
        if application.status != ApplicationStatus.SUBMITTED:
            raise DomainError(_("This application was withdrawn: there is nothing to decide."))
        if call.status != CallStatus.REVIEW:
            raise DomainError(_("Close the call to applications before deciding."))
        if (
            meeting_decision is not None
            and meeting_decision.collective_id != call.foundation.collective_id
        ):
            raise DomainError(
                _("Choose a decision of this collective's meetings."), field="meeting_decision"
            )
        if amount is not None:
            if amount > application.amount:
                raise DomainError(
                    _("The grant cannot be more than the %(asked)s %(currency)s asked.")
                    % {"asked": shown(application.amount), "currency": call.currency},
                    field="amount",
                )
            left = budget_left(call)
            if amount > left:
                raise DomainError(
                    _("Only %(left)s %(currency)s are left of the call's budget.")
                    % {"left": shown(left), "currency": call.currency},
                    field="amount",
                )
        decision = GrantDecision.objects.create(
            application=application,
            foundation=call.foundation,
            outcome=outcome,
            amount=amount,
            reasons=reasons,
            meeting_decision=meeting_decision,
            decided_at=now,
            decided_by=actor,
        )
        if amount is not None:
            ledger.post(
                foundation=call.foundation,
                kind=MovementKind.GRANTED,
                currency=call.currency,
                lines=[
                    (Account.GENERAL, amount, _dims(application)),
                    (Account.GRANTS, -amount, _dims(application)),
                ],
                actor=actor,
                occurred_at=now,
                grant=decision,
            )
        application.status = outcome  # the same codes: granted, declined
        application.version += 1
        application.save(update_fields=["status", "version"])
        if not call.applications.filter(status=ApplicationStatus.SUBMITTED).exists():
            call.status = CallStatus.DECIDED
            call.version += 1
            call.save(update_fields=["status", "version"])
        log_action(
            actor=actor,
            action="fund.application_decided",
            obj=application,
            before={"status": ApplicationStatus.SUBMITTED},
            after={
                "status": outcome,
                "amount": f"{amount} {call.currency}" if amount is not None else "",
                "meeting_decision": meeting_decision.pk if meeting_decision else None,
            },
        )
        transaction.on_commit(lambda: _mail_decision(decision.pk))
    return decision


def _mail_decision(decision_pk):
    decision = GrantDecision.objects.select_related(
        "application__applicant", "application__call__foundation__collective"
    ).get(pk=decision_pk)
    application = decision.application
    person = application.applicant
    if not person.email:
        return
    call = application.call
    url = settings.SITE_URL + reverse(
        "fund:application", args=[call.foundation.collective.slug, application.pk]
    )
    with translation.override(getattr(person, "language", None) or None):
        if decision.outcome == Outcome.GRANTED:
            subject = _("Your application “%(title)s” is granted") % {"title": application.title}
            body = _(
                "Hello,\n\nThe foundation grants %(amount)s %(currency)s to your application "
                "“%(title)s” (call “%(call)s”).\n\n%(reasons)s\n\nYour application: %(url)s\n"
            )
        else:
            subject = _("Your application “%(title)s” is declined") % {"title": application.title}
            body = _(
                "Hello,\n\nThe foundation declines your application “%(title)s” (call "
                "“%(call)s”).\n\n%(reasons)s\n\nYour application: %(url)s\n"
            )
        body = body % {
            "amount": shown(decision.amount) if decision.amount is not None else "",
            "currency": call.currency,
            "title": application.title,
            "call": call.title,
            "reasons": decision.reasons,
            "url": url,
        }
    send_email.enqueue(subject=str(subject), body=str(body), to=[person.email])


def disburse(*, actor, application, amount, paid_on, note="", now=None):
    """Money paid to the grantee: at most what was granted and not yet paid."""
    now = now or timezone.now()
    amount = check_amount(amount)
    if paid_on is None:
        raise DomainError(_("Give the day the money was paid."), field="paid_on")
    note = (note or "").strip()[:300]
    with transaction.atomic():
        decision = (
            GrantDecision.objects.select_for_update(of=("self",))
            .filter(application=application, outcome=Outcome.GRANTED)
            .select_related("application__call", "application__project")
            .first()
        )
        if decision is None:
            raise DomainError(_("Only a granted application is paid."))
        left = decision.amount - disbursed_total(decision)
        if amount > left:
            raise DomainError(
                _("Only %(left)s %(currency)s of the grant are left to pay.")
                % {"left": shown(left), "currency": decision.application.call.currency},
                field="amount",
            )
        paid = Disbursement.objects.create(
            decision=decision,
            foundation=decision.foundation,
            amount=amount,
            paid_on=paid_on,
            note=note,
            recorded_by=actor,
            recorded_at=now,
        )
        dims = _dims(decision.application)
        ledger.post(
            foundation=decision.foundation,
            kind=MovementKind.DISBURSED,
            currency=decision.application.call.currency,
            lines=[(Account.GRANTS, amount, dims), (Account.BANK, -amount, dims)],
            actor=actor,
            occurred_at=now,
            grant=decision,
            disbursement=paid,
        )
        log_action(
            actor=actor,
            action="fund.grant_disbursed",
            obj=decision.application,
            after={
                "amount": f"{amount} {decision.application.call.currency}",
                "paid_on": paid_on.isoformat(),
            },
        )
    return paid


def submit_report(*, actor, application, kind, text, spent, now=None):
    """The grantee's interim or final report: what was done, the amount spent."""
    if kind not in GrantReport.Kind.values:
        raise DomainError(_("Choose an interim or a final report."), field="kind")
    text = _text(text, field="text", empty_message=_("Say what was done and what it brought."))
    spent_amount = parse_amount(spent)
    if spent_amount is not None and spent_amount == 0:
        spent_amount = ZERO
    else:
        spent_amount = check_amount(spent, field="spent")
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.applicant_id != actor.pk:
            raise DomainError(_("Only the applicant reports on a grant."))
        if application.status != ApplicationStatus.GRANTED:
            raise DomainError(_("Only a granted application has reports."))
        if application.reports.filter(kind=GrantReport.Kind.FINAL).exists():
            raise DomainError(_("The final report is in: the grant's reporting is over."))
        report = GrantReport.objects.create(
            application=application,
            kind=kind,
            text=text,
            spent=spent_amount,
            submitted_at=now or timezone.now(),
        )
        log_action(
            actor=actor,
            action="fund.report_submitted",
            obj=application,
            after={"kind": kind, "spent": f"{spent_amount} {application.call.currency}"},
        )
    return report


def accept_report(*, actor, report, now=None):
    with transaction.atomic():
        report = GrantReport.objects.select_for_update().get(pk=report.pk)
        if report.accepted_at is not None:
            raise DomainError(_("This report is accepted already."))
        report.accepted_at = now or timezone.now()
        report.save(update_fields=["accepted_at"])
        log_action(
            actor=actor,
            action="fund.report_accepted",
            obj=report.application,
            after={"kind": report.kind},
        )
    return report


def meeting_decisions(collective):
    """The collective's decisions a grant decision may record (the latest first)."""
    return Decision.objects.filter(collective=collective).order_by("-created_at", "-pk")
