"""Grants' services: a call's whole life, the rubric, conflicts and scores, the results
on a known example, the decision, disbursements and reports; every refusal says why and
changes nothing; the ledger is checked after each money service."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone, translation

from maillage.audit.models import AuditEvent
from maillage.core.errors import DomainError
from maillage.fund import ledger
from maillage.fund import services_grants as grants
from maillage.fund import services_grants_decisions as decisions
from maillage.fund.models import (
    Application,
    ApplicationStatus,
    CallStatus,
    Conflict,
    Disbursement,
    GrantCall,
    GrantDecision,
    GrantReport,
    Line,
    Score,
)
from maillage.meetings.models import Decision

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _in_english():
    """The messages are asserted in English (their French is in the .po file)."""
    with translation.override("en"):
        yield


def _ok(foundation):
    result = ledger.check(foundation)
    assert result.ok, result.problems


def _scores(fund, member, social, feasible):
    utility, feasibility = fund.criteria
    grants.score(
        actor=member,
        application=fund.application,
        values={utility: social, feasibility: feasible},
        comments={utility: "Clair."},
    )


def _new_call(fund, **extra):
    w = fund.world
    fields = {
        "actor": w.coordinator,
        "foundation": fund.foundation,
        "title": "Coup de pouce printemps",
        "description": "Pour démarrer une activité.",
        "opens_on": TODAY() - timedelta(days=1),
        "closes_on": TODAY() + timedelta(days=20),
        "budget": "5000",
        "currency": "EUR",
        "max_amount": "1000",
        "committee": [w.member, w.coordinator],
    }
    return grants.create_call(**(fields | extra))


def _grant(fund, amount="1000"):
    return decisions.decide(
        actor=fund.world.coordinator,
        application=fund.application,
        outcome="granted",
        amount=amount,
        reasons="Projet solide.",
    )


def test_a_call_from_draft_to_paid_grant(fund, django_capture_on_commit_callbacks):
    w = fund.world
    call = _new_call(fund)
    assert call.status == CallStatus.DRAFT
    assert set(call.committee.all()) == {w.member, w.coordinator}
    grants.add_criterion(actor=w.coordinator, call=call, label="Impact", weight=3, max_score=10)
    grants.open_call(actor=w.coordinator, call=call)
    application = grants.apply(
        actor=w.observer,
        call=call,
        title="Épicerie solidaire",
        summary="Une épicerie de quartier.",
        budget_use="Étagères et caisse.",
        amount="800,50",
    )
    assert application.amount == Decimal("800.50")
    grants.close_call(actor=w.coordinator, call=call)
    grants.score(actor=w.member, application=application, values={call.criteria.get().pk: 7})
    with django_capture_on_commit_callbacks(execute=True):
        decisions.decide(
            actor=w.coordinator, application=application, outcome="granted", amount="800"
        )
    _ok(fund.foundation)
    application.refresh_from_db()
    call.refresh_from_db()
    assert application.status == ApplicationStatus.GRANTED
    assert call.status == CallStatus.DECIDED  # nothing else waits for a decision
    assert ledger.figures(fund.foundation, call=call).granted == Decimal("800.00")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [w.observer.email]
    assert "800" in mail.outbox[0].body
    assert f"/fondation/candidatures/{application.pk}/" in mail.outbox[0].body
    assert mail.outbox[0].body.startswith("Bonjour")  # in the applicant's language
    decisions.disburse(actor=w.facilitator, application=application, amount="500", paid_on=TODAY())
    _ok(fund.foundation)
    decisions.disburse(actor=w.facilitator, application=application, amount="300", paid_on=TODAY())
    _ok(fund.foundation)
    figures = ledger.figures(fund.foundation, call=call)
    assert (figures.granted, figures.disbursed) == (Decimal("800.00"), Decimal("800.00"))
    report = decisions.submit_report(
        actor=w.observer, application=application, kind="final", text="Ouverte.", spent="800"
    )
    decisions.accept_report(actor=w.coordinator, report=report)
    report.refresh_from_db()
    assert report.accepted_at is not None
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "fund.call_created",
        "fund.call_opened",
        "fund.application_submitted",
        "fund.call_closed",
        "fund.application_scored",
        "fund.application_decided",
        "fund.grant_disbursed",
        "fund.report_submitted",
        "fund.report_accepted",
    } <= actions
    # The log holds codes and amounts, never a person's name.
    for event in AuditEvent.objects.filter(action__startswith="fund."):
        assert w.observer.display_name not in str(event.after)


def test_results_on_a_known_example(fund):
    w = fund.world
    _scores(fund, w.member, 4, 3)
    _scores(fund, w.coordinator, 5, 5)
    (row,) = grants.results(fund.call)
    assert [mean for _c, mean in row.means] == [Decimal("4.50"), Decimal("4.00")]
    # (2 × 4.5/5 + 1 × 4/5) / 3 × 100 = 86.7
    assert row.total == Decimal("86.7")
    assert (row.scorers, row.conflicted, row.rank) == (2, 0, 1)


def test_ranking_and_a_conflict_sets_scores_aside(fund):
    w = fund.world
    second = Application.objects.create(
        call=fund.call,
        foundation=fund.foundation,
        applicant=w.facilitator,
        title="Jardin d'insertion",
        summary="Maraîchage.",
        budget_use="Semences.",
        amount=Decimal("900"),
        submitted_at=timezone.now(),
    )
    third = Application.objects.create(
        call=fund.call,
        foundation=fund.foundation,
        applicant=w.member,
        title="Sans note",
        summary="—",
        budget_use="—",
        amount=Decimal("100"),
        submitted_at=timezone.now(),
    )
    _scores(fund, w.member, 2, 2)
    _scores(fund, w.coordinator, 5, 5)
    utility, feasibility = fund.criteria
    grants.score(actor=w.member, application=second, values={utility: 5, feasibility: 5})
    # The coordinator realises a link after scoring: the score stays, set aside.
    grants.declare_conflict(actor=w.coordinator, application=fund.application, reason="Voisin")
    assert Score.objects.filter(application=fund.application, member=w.coordinator).count() == 2
    rows = grants.results(fund.call)
    assert [row.application for row in rows] == [second, fund.application, third]
    assert [row.rank for row in rows] == [1, 2, None]
    first = rows[1]
    assert (first.total, first.scorers, first.conflicted) == (Decimal("40.0"), 1, 1)
    assert rows[2].total is None


def test_scoring_refusals_change_nothing(fund):
    w = fund.world
    utility, feasibility = fund.criteria
    cases = [
        (w.member, {utility: 6, feasibility: 3}, "from 0 to 5"),
        (w.member, {utility: -1, feasibility: 3}, "from 0 to 5"),
        (w.member, {utility: 2}, "from 0 to 5"),
        (w.facilitator, {utility: 2, feasibility: 3}, "Only the call's committee"),
    ]
    for actor, values, message in cases:
        with pytest.raises(DomainError, match=message):
            grants.score(actor=actor, application=fund.application, values=values)
    grants.declare_conflict(actor=w.member, application=fund.application, reason="Ma cousine")
    with pytest.raises(DomainError, match="conflict of interest"):
        grants.score(
            actor=w.member, application=fund.application, values={utility: 3, feasibility: 3}
        )
    assert not Score.objects.exists()


def test_a_member_changes_their_scores_until_the_decision(fund):
    w = fund.world
    _scores(fund, w.member, 1, 1)
    _scores(fund, w.member, 3, 4)
    assert sorted(Score.objects.values_list("value", flat=True)) == [3, 4]
    _grant(fund)
    with pytest.raises(DomainError, match="before the decision"):
        _scores(fund, w.member, 5, 5)
    assert sorted(Score.objects.values_list("value", flat=True)) == [3, 4]


def test_applying_is_refused_with_reasons(fund):
    w = fund.world
    call = _new_call(fund)
    grants.add_criterion(actor=w.coordinator, call=call, label="Impact")
    fields = {"title": "Atelier", "summary": "Un atelier.", "budget_use": "Outils."}
    with pytest.raises(DomainError, match="not open"):
        grants.apply(actor=w.observer, call=call, amount="100", **fields)  # still a draft
    grants.open_call(actor=w.coordinator, call=call)
    with pytest.raises(DomainError, match="at most 1,000.00 EUR") as error:
        grants.apply(actor=w.observer, call=call, amount="1500", **fields)
    assert error.value.field == "amount"
    with pytest.raises(DomainError, match="more than zero"):
        grants.apply(actor=w.observer, call=call, amount="-5", **fields)
    with pytest.raises(DomainError, match="projects that you pilot"):
        grants.apply(
            actor=w.observer, call=call, amount="100", project=fund.board.project, **fields
        )
    first = grants.apply(actor=w.observer, call=call, amount="100", **fields)
    with pytest.raises(DomainError, match="already applied"):
        grants.apply(actor=w.observer, call=call, amount="200", **fields)
    grants.withdraw_application(actor=w.observer, application=first)
    grants.apply(actor=w.observer, call=call, amount="200", **fields)  # again, once withdrawn
    grants.close_call(actor=w.coordinator, call=call)
    with pytest.raises(DomainError, match="not open"):
        grants.apply(actor=w.member, call=call, amount="100", **fields)
    assert Application.objects.filter(call=call).count() == 2


def test_a_call_past_its_closing_day_closes_by_itself(fund):
    w = fund.world
    call = _new_call(fund, closes_on=TODAY())
    grants.add_criterion(actor=w.coordinator, call=call, label="Impact")
    grants.open_call(actor=w.coordinator, call=call)
    assert grants.close_due_calls(timezone.now()) == 0
    assert grants.close_due_calls(timezone.now() + timedelta(days=1)) == 1
    call.refresh_from_db()
    assert call.status == CallStatus.REVIEW


def test_opening_needs_a_rubric_and_a_committee(fund):
    w = fund.world
    call = _new_call(fund, committee=[])
    with pytest.raises(DomainError, match="at least one criterion"):
        grants.open_call(actor=w.coordinator, call=call)
    grants.add_criterion(actor=w.coordinator, call=call, label="Impact")
    with pytest.raises(DomainError, match="committee"):
        grants.open_call(actor=w.coordinator, call=call)
    call.refresh_from_db()
    assert call.status == CallStatus.DRAFT
    with pytest.raises(DomainError, match="members of the collective"):
        grants.change_call(
            actor=w.coordinator,
            call=call,
            version=call.version,
            title=call.title,
            description=call.description,
            opens_on=call.opens_on,
            closes_on=call.closes_on,
            budget="5000",
            committee=[w.outsider],
        )
    assert not call.committee.exists()


def test_the_rubric_is_fixed_once_someone_scored(fund):
    w = fund.world
    call = _new_call(fund)
    criterion = grants.add_criterion(actor=w.coordinator, call=call, label="Impact")
    grants.change_criterion(
        actor=w.coordinator, criterion=criterion, label="Impact local", weight=2, max_score=4
    )
    criterion.refresh_from_db()
    assert (criterion.label, criterion.weight, criterion.max_score) == ("Impact local", 2, 4)
    with pytest.raises(DomainError, match="whole number from 1 to 10"):
        grants.add_criterion(actor=w.coordinator, call=call, label="Poids", weight=0)
    with pytest.raises(DomainError, match="draft or open"):
        grants.add_criterion(actor=w.coordinator, call=fund.call, label="Nouveau")  # in review
    GrantCall.objects.filter(pk=fund.call.pk).update(status=CallStatus.OPEN)
    Score.objects.create(
        application=fund.application,
        criterion=fund.criteria[0],
        member=w.member,
        value=3,
        scored_at=timezone.now(),
    )
    with pytest.raises(DomainError, match="already scored"):
        grants.remove_criterion(actor=w.coordinator, criterion=fund.criteria[1])
    assert fund.call.criteria.count() == 2
    grants.remove_criterion(actor=w.coordinator, criterion=criterion)
    assert not call.criteria.exists()


def test_deciding_twice_is_refused(fund):
    _grant(fund)
    lines = Line.objects.count()
    with pytest.raises(DomainError, match="already decided"):
        decisions.decide(
            actor=fund.world.coordinator,
            application=fund.application,
            outcome="declined",
            reasons="Non.",
        )
    assert GrantDecision.objects.count() == 1
    assert Line.objects.count() == lines
    _ok(fund.foundation)


def test_granting_more_than_asked_or_the_budget_is_refused(fund):
    w = fund.world
    with pytest.raises(DomainError, match="1,200.00 EUR asked"):
        _grant(fund, amount="1300")
    GrantCall.objects.filter(pk=fund.call.pk).update(budget=Decimal("1000.00"))
    with pytest.raises(DomainError, match="Only 1,000.00 EUR are left") as error:
        _grant(fund, amount="1100")
    assert error.value.field == "amount"
    with pytest.raises(DomainError, match="reasons"):
        decisions.decide(actor=w.coordinator, application=fund.application, outcome="declined")
    assert not GrantDecision.objects.exists()
    fund.application.refresh_from_db()
    assert fund.application.status == ApplicationStatus.SUBMITTED
    _ok(fund.foundation)


def test_a_decision_may_record_a_meetings_decision(fund):
    w = fund.world
    theirs = Decision.objects.create(collective=w.other, text="Autre", created_by=w.outsider)
    with pytest.raises(DomainError, match="this collective's meetings"):
        decisions.decide(
            actor=w.coordinator,
            application=fund.application,
            outcome="granted",
            amount="500",
            meeting_decision=theirs,
        )
    ours = Decision.objects.create(
        collective=w.collective, text="Le comité accorde 500 €", created_by=w.coordinator
    )
    decision = decisions.decide(
        actor=w.coordinator,
        application=fund.application,
        outcome="granted",
        amount="500",
        meeting_decision=ours,
    )
    assert decision.meeting_decision == ours
    _ok(fund.foundation)


def test_a_declined_application_is_told_and_has_no_reports(
    fund, django_capture_on_commit_callbacks
):
    w = fund.world
    with django_capture_on_commit_callbacks(execute=True):
        decisions.decide(
            actor=w.coordinator,
            application=fund.application,
            outcome="declined",
            reasons="Le budget est épuisé.",
        )
    assert "Le budget est épuisé." in mail.outbox[0].body
    assert ledger.figures(fund.foundation).granted == Decimal("0.00")
    with pytest.raises(DomainError, match="Only a granted application has reports"):
        decisions.submit_report(
            actor=w.observer, application=fund.application, kind="interim", text="x", spent="0"
        )
    with pytest.raises(DomainError, match="Only a granted application is paid"):
        decisions.disburse(
            actor=w.facilitator, application=fund.application, amount="10", paid_on=TODAY()
        )
    assert not GrantReport.objects.exists()
    assert not Disbursement.objects.exists()
    _ok(fund.foundation)


def test_disbursing_more_than_granted_is_refused(fund):
    w = fund.world
    _grant(fund, amount="1000")
    _ok(fund.foundation)
    decisions.disburse(
        actor=w.facilitator, application=fund.application, amount="600", paid_on=TODAY()
    )
    lines = Line.objects.count()
    with pytest.raises(DomainError, match="Only 400.00 EUR of the grant are left") as error:
        decisions.disburse(
            actor=w.facilitator, application=fund.application, amount="400.01", paid_on=TODAY()
        )
    assert error.value.field == "amount"
    assert Disbursement.objects.count() == 1
    assert Line.objects.count() == lines
    _ok(fund.foundation)


def test_reports_only_by_the_applicant_and_one_final(fund):
    w = fund.world
    _grant(fund)
    with pytest.raises(DomainError, match="Only the applicant"):
        decisions.submit_report(
            actor=w.member, application=fund.application, kind="interim", text="x", spent="0"
        )
    decisions.submit_report(
        actor=w.observer, application=fund.application, kind="interim", text="Début", spent="0"
    )
    decisions.submit_report(
        actor=w.observer, application=fund.application, kind="final", text="Fin", spent="950"
    )
    with pytest.raises(DomainError, match="final report is in"):
        decisions.submit_report(
            actor=w.observer, application=fund.application, kind="interim", text="x", spent="1"
        )
    assert GrantReport.objects.count() == 2


def test_withdrawing_is_for_the_applicant_before_the_decision(fund):
    w = fund.world
    with pytest.raises(DomainError, match="Only the applicant"):
        grants.withdraw_application(actor=w.member, application=fund.application)
    grants.withdraw_application(actor=w.observer, application=fund.application)
    with pytest.raises(DomainError, match="already"):
        grants.withdraw_application(actor=w.observer, application=fund.application)
    assert grants.results(fund.call) == []


def test_declaring_a_conflict_twice_or_off_the_committee_is_refused(fund):
    w = fund.world
    grants.declare_conflict(actor=w.member, application=fund.application, reason="Associée")
    with pytest.raises(DomainError, match="already declared"):
        grants.declare_conflict(actor=w.member, application=fund.application, reason="Encore")
    with pytest.raises(DomainError, match="committee"):
        grants.declare_conflict(actor=w.observer, application=fund.application, reason="Moi")
    with pytest.raises(DomainError, match="what links you"):
        grants.declare_conflict(actor=w.coordinator, application=fund.application, reason=" ")
    assert Conflict.objects.count() == 1
