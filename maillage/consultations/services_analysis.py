"""What the synthesis engine proposes: queued analyses, and the proposals a facilitator
accepts or rejects."""

from django.db import transaction
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.errors import DomainError

from .models import (
    Analysis,
    Proposal,
)
from .services_themes import code_note, create_theme, move_note

# ------------------------------------------------------------------- engine proposals


@transaction.atomic
def request_analysis(*, actor, consultation, kind, group=None, round_=None, across_questions=False):
    """Queue an analysis by the synthesis engine; tasks.py runs it. Themes are
    proposed within each question unless ``across_questions`` (kept in its result)."""
    from .tasks import run_analysis

    if kind not in Analysis.Kind.values:
        raise DomainError(_("Unknown analysis."))
    running = consultation.analyses.filter(
        kind=kind, group=group, round=round_, status__in=["queued", "running"]
    )
    if running.exists():
        raise DomainError(_("This analysis is already running; its results will appear here."))
    analysis = Analysis.objects.create(
        consultation=consultation,
        group=group,
        round=round_,
        kind=kind,
        requested_by=actor,
        result={"across_questions": True} if across_questions else {},
    )
    transaction.on_commit(lambda: run_analysis.enqueue(analysis.pk))
    return analysis


@transaction.atomic
def accept_proposal(*, actor, proposal):
    """Apply what the engine proposed: a new theme with the proposed notes still
    unsorted, or the proposed code on a note."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.is_pending:
        raise DomainError(_("This proposal was already reviewed."))
    consultation = proposal.group.consultation
    if proposal.code_id:
        for note in proposal.notes.all():
            code_note(actor=actor, note=note, code=proposal.code)
    else:
        theme = create_theme(actor=actor, group=proposal.group, title=proposal.label)
        # Notes hidden or folded as duplicates since the proposal stay where they are.
        for note in proposal.notes.filter(theme=None, hidden=False, duplicate_of=None):
            move_note(actor=actor, note=note, theme=theme, base_version=None)
    proposal.status, proposal.decided_by = Proposal.Status.ACCEPTED, actor
    proposal.save(update_fields=["status", "decided_by"])
    log_action(
        actor=actor,
        action="consultations.proposal_accepted",
        obj=proposal,
        collective=consultation.collective,
        after={"label": proposal.label},
    )
    return proposal


@transaction.atomic
def reject_proposal(*, actor, proposal):
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.is_pending:
        raise DomainError(_("This proposal was already reviewed."))
    proposal.status, proposal.decided_by = Proposal.Status.REJECTED, actor
    proposal.save(update_fields=["status", "decided_by"])
    log_action(
        actor=actor,
        action="consultations.proposal_rejected",
        obj=proposal,
        collective=proposal.group.consultation.collective,
        after={"label": proposal.label},
    )
    return proposal
