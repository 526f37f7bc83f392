"""A statement of a closed Delphi round becomes a decision (the trace, note → result).

The decision is of a meeting of the consultation's collective, or of the collective
without a meeting (a decision by consultation). It keeps the statement, the round and
the round's figures at the moment of deciding, as the round's results compute them
(``consultations.results.round_results``): they stay as they were.
Re-exported by ``meetings.services``.
"""

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.consultations.models import Round, RoundKind, Statement
from maillage.consultations.results import round_results
from maillage.core.errors import DomainError

from .models import Decision, DecisionStatus, whole_percent
from .services_common import check_not_frozen


def _where(decision):
    """Where a statement was decided, in words."""
    if decision.meeting_id is None:
        day = timezone.localtime(decision.created_at)
        return _("a decision by consultation of %(date)s") % {
            "date": formats.date_format(day, "SHORT_DATE_FORMAT")
        }
    meeting = decision.meeting
    return _("a decision of the meeting “%(meeting)s” of %(date)s") % {
        "meeting": meeting.title,
        "date": formats.date_format(meeting.local_start, "SHORT_DATE_FORMAT"),
    }


def already_decided(statement):
    """The message saying where ``statement`` was decided."""
    decision = Decision.objects.select_related("meeting").get(statement=statement)
    return _("This statement is already %(where)s.") % {"where": _where(decision)}


def check_round_closed(round_):
    """Refused unless ``round_`` is a closed vote round."""
    if not round_.is_closed or not round_.is_vote:
        raise DomainError(
            _("A statement becomes a decision once its vote round is closed."), code="open"
        )


def check_not_decided(statement):
    """Refused, saying where, when ``statement`` is already a decision."""
    if Decision.objects.filter(statement=statement).exists():
        raise DomainError(already_decided(statement), field="statement", code="decided")


def figures_of(round_, statement):
    """(share agreeing, consensus, votes) of ``statement`` in the closed ``round_``, as
    its results page gives them; for a rating round the share is that rating 7–9."""
    results = round_results(round_, with_opinions=False, only=[statement.pk])
    found = next((f for f in results.statements if f.statement.pk == statement.pk), None)
    if found is None:
        return None, None, 0
    if round_.kind == RoundKind.RATE:
        share = found.rating["share_high"] if found.votes else None
    else:
        share = found.shares.get("agree") if found.votes else None
    consensus = any(f.statement.pk == statement.pk for f in results.consensus)
    return share, consensus, found.votes


@transaction.atomic
def decide_from_statement(
    *,
    actor,
    round_,
    statement,
    meeting=None,
    item=None,
    text="",
    status=DecisionStatus.ADOPTED,
):
    """The decision ``statement`` of the closed vote round ``round_`` becomes: of
    ``meeting`` (of the consultation's collective; on its agenda ``item`` if given), or
    a decision by consultation when ``meeting`` is None. ``text`` defaults to the
    statement's."""
    round_ = Round.objects.select_related("consultation").get(pk=round_.pk)
    consultation = round_.consultation
    check_round_closed(round_)
    # Locked: two people deciding the same statement at once get one decision.
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.consultation_id != consultation.pk:
        raise DomainError(_("This statement belongs to another consultation."), field="statement")
    if not round_.statements.filter(pk=statement.pk).exists():
        raise DomainError(_("This statement was not in this round."), field="statement")
    check_not_decided(statement)
    if meeting is not None:
        if meeting.collective_id != consultation.collective_id:
            raise DomainError(_("This meeting belongs to another collective."), field="meeting")
        if meeting.is_cancelled:
            raise DomainError(_("This meeting is cancelled."), field="meeting")
        check_not_frozen(meeting)
        if item is not None and item.meeting_id != meeting.pk:
            raise DomainError(_("This item belongs to another meeting."), field="item")
    else:
        item = None
    if status not in DecisionStatus.values:
        raise DomainError(_("Choose the decision's status."), field="status")
    text = (text or "").strip() or statement.text
    share, consensus, votes = figures_of(round_, statement)
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                collective_id=consultation.collective_id,
                meeting=meeting,
                item=item,
                text=text,
                status=status,
                statement=statement,
                round=round_,
                agree_share=share,
                consensus=consensus,
                votes=votes,
                created_by=actor,
            )
    except IntegrityError:
        raise DomainError(already_decided(statement), field="statement", code="decided") from None
    log_action(
        actor=actor,
        action="meetings.decision_from_statement",
        obj=decision,
        after={
            "text": text,
            "status": status,
            "statement": statement.text,
            "round": str(round_),
            "meeting": str(meeting) if meeting else None,
            "agree_share": whole_percent(share),
            "consensus": consensus,
            "votes": votes,
        },
    )
    return decision
