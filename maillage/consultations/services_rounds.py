"""Rounds and statements: adding, opening and closing rounds, the statements sent back
to participants, and their votes."""

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError
from maillage.core.typography import one_line

from . import limits as participant_limits
from . import services_contact
from .models import (
    NOTE_MAX_LENGTH,
    Consultation,
    ConsultationStatus,
    Round,
    RoundKind,
    RoundStatus,
    Statement,
    Vote,
)

# ------------------------------------------------------------------------------ rounds


def _clean_round(title, kind, starts_on, ends_on):
    """A round's title on one line, once its kind and dates are checked (adding or
    changing a round)."""
    title = clean_line(
        title, field="title", max_length=200, empty_message=_("Give the round a title.")
    )
    if kind not in RoundKind.values:
        raise DomainError(_("Choose what participants do in this round."), field="kind")
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError(_("The round cannot end before it starts."), field="ends_on")
    return title


@transaction.atomic
def add_round(*, actor, consultation, title, kind, starts_on=None, ends_on=None, groups=()):
    title = _clean_round(title, kind, starts_on, ends_on)
    last = consultation.rounds.aggregate(m=Max("number"))["m"] or 0
    round_ = Round.objects.create(
        consultation=consultation,
        number=last + 1,
        title=title,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    round_.groups.set(groups)
    log_action(actor=actor, action="consultations.round_added", obj=round_, after={"title": title})
    return round_


@transaction.atomic
def update_round(*, actor, round_, title, kind, starts_on=None, ends_on=None, groups=()):
    """Change a round before it opens: its title, what participants do, its dates and
    the groups taking part. Once open (or closed), it stays as participants saw it."""
    title = _clean_round(title, kind, starts_on, ends_on)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if not round_.is_planned:
        raise DomainError(
            _("This round has already opened: it can no longer be changed."), code="started"
        )
    if any(g.consultation_id != round_.consultation_id for g in groups):
        raise DomainError(_("These groups belong to another consultation."), field="groups")
    before = {
        "title": round_.title,
        "kind": round_.kind,
        "starts_on": round_.starts_on,
        "ends_on": round_.ends_on,
    }
    round_.title, round_.kind = title, kind
    round_.starts_on, round_.ends_on = starts_on, ends_on
    round_.save(update_fields=["title", "kind", "starts_on", "ends_on"])
    round_.groups.set(groups)
    log_action(
        actor=actor,
        action="consultations.round_changed",
        obj=round_,
        before=before,
        after={"title": title, "kind": kind, "starts_on": starts_on, "ends_on": ends_on},
    )
    return round_


@transaction.atomic
def open_round(*, actor, round_):
    """Open a round; the round open before it closes. A vote round needs statements."""
    consultation = Consultation.objects.select_for_update().get(pk=round_.consultation_id)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if consultation.is_closed:
        raise DomainError(_("The consultation is closed."))
    if round_.is_closed:
        raise DomainError(_("This round is closed; add a new round instead."))
    if round_.is_vote and not round_.statements.exists():
        raise DomainError(_("Choose the statements of this round before opening it."))
    for other in consultation.rounds.filter(status=RoundStatus.OPEN).exclude(pk=round_.pk):
        other.status = RoundStatus.CLOSED
        other.save(update_fields=["status"])
    round_.status = RoundStatus.OPEN
    round_.save(update_fields=["status"])
    if consultation.is_draft:
        consultation.status = ConsultationStatus.OPEN
        consultation.save(update_fields=["status"])
    log_action(
        actor=actor, action="consultations.round_opened", obj=round_, after={"round": str(round_)}
    )
    services_contact.round_opened(round_)  # tells those who can be reached, after commit
    return round_


@transaction.atomic
def close_round(*, actor, round_):
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if not round_.is_open:
        raise DomainError(_("This round is not open."))
    round_.status = RoundStatus.CLOSED
    round_.save(update_fields=["status"])
    log_action(
        actor=actor, action="consultations.round_closed", obj=round_, after={"round": str(round_)}
    )
    return round_


@transaction.atomic
def add_statement(*, actor, consultation, text, theme=None, rounds=()):
    """A statement to send back to participants, added between rounds."""
    text = clean_line(
        text, field="text", max_length=NOTE_MAX_LENGTH, empty_message=_("Write the statement.")
    )
    if theme is not None and theme.consultation_id != consultation.pk:
        raise DomainError(_("This theme belongs to another consultation."), field="theme")
    last = consultation.statements.aggregate(m=Max("order"))["m"] or 0
    statement = Statement.objects.create(
        consultation=consultation, text=text, theme=theme, order=last + 1, created_by=actor
    )
    for round_ in rounds:
        if round_.is_closed:
            raise DomainError(_("A closed round cannot take new statements."))
        round_.statements.add(statement)
    log_action(
        actor=actor, action="consultations.statement_added", obj=statement, after={"text": text}
    )
    return statement


@transaction.atomic
def set_round_statements(*, actor, round_, statements):
    if round_.is_closed:
        raise DomainError(_("A closed round cannot take new statements."))
    if any(s.consultation_id != round_.consultation_id for s in statements):
        raise DomainError(_("These statements belong to another consultation."))
    round_.statements.set(statements)
    log_action(
        actor=actor,
        action="consultations.round_statements",
        obj=round_,
        after={"statements": len(statements)},
    )
    return round_


# ------------------------------------------------------- statements from themes


@transaction.atomic
def add_statements_from_themes(*, actor, consultation, themes, round_=None):
    """Statements made from the synthesis statements of these themes, added in the
    same step to ``round_`` when given: a vote round of this consultation being
    prepared (planned, not opened yet). A theme that already has a statement with the
    same text gets no second one (that statement joins the round). All or nothing: a
    theme without a synthesis statement, or with one too long, is refused by name."""
    themes = list(themes)
    if not themes:
        raise DomainError(_("Choose at least one theme."), field="themes")
    if round_ is not None:
        if round_.consultation_id != consultation.pk:
            raise DomainError(_("This round belongs to another consultation."), field="round")
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.is_closed:
            raise DomainError(_("A closed round cannot take new statements."), field="round")
        if round_.is_open:
            raise DomainError(
                _(
                    "The round “%(round)s” is already open: statements made from the themes "
                    "go to a round being prepared, not opened yet."
                )
                % {"round": round_.title},
                field="round",
            )
        if not round_.is_vote:
            raise DomainError(_("This round takes no votes."), field="round")
    created, reused = [], []
    for theme in themes:
        if theme.consultation_id != consultation.pk:
            raise DomainError(_("This theme belongs to another consultation."), field="themes")
        text = one_line(theme.statement or "")
        if not text:
            raise DomainError(
                _("The theme “%(theme)s” has no synthesis statement yet.") % {"theme": theme.title},
                field="themes",
            )
        if len(text) > NOTE_MAX_LENGTH:
            raise DomainError(
                _(
                    "The synthesis statement of “%(theme)s” has %(count)s characters; a "
                    "statement holds %(max)s at most. Shorten it first."
                )
                % {"theme": theme.title, "count": len(text), "max": NOTE_MAX_LENGTH},
                field="themes",
            )
        existing = theme.statements.filter(text=text).first()
        if existing is not None:
            reused.append(existing)
            continue
        created.append(
            add_statement(
                actor=actor,
                consultation=consultation,
                text=text,
                theme=theme,
                rounds=[round_] if round_ is not None else (),
            )
        )
    if round_ is not None and reused:
        round_.statements.add(*reused)
        log_action(
            actor=actor,
            action="consultations.round_statements",
            obj=round_,
            after={"statements": round_.statements.count()},
        )
    return created


# -------------------------------------------------------------------------------- votes


def _round_for_vote(participant, round_):
    if round_.consultation_id != participant.consultation_id:
        raise DomainError(_("This round belongs to another consultation."))
    if not round_.is_open:
        raise DomainError(
            _("This round is closed: votes are no longer taken. Your earlier answers are kept."),
            code="closed",
        )
    if not round_.is_vote:
        raise DomainError(_("This round takes no votes."))
    groups = list(round_.groups.values_list("pk", flat=True))
    if groups and participant.group_id not in groups:
        raise DomainError(_("Your group does not take part in this round."))


@transaction.atomic
def cast_vote(*, participant, round_, statement, choice=None, rating=None, comment="", origin=None):
    """Record or change a participant's answer on a statement.

    One answer per participant, statement and round: the database refuses a second
    row, so two submissions at the same moment leave exactly one answer (the last).
    A participant without an account is marked with their ``origin`` (a
    consultations.limits.Origin); their first answer in the round is refused past the
    limits on voters from one network address or device."""
    round_ = Round.objects.select_related("consultation").get(pk=round_.pk)
    _round_for_vote(participant, round_)
    if not round_.statements.filter(pk=statement.pk).exists():
        raise DomainError(_("This statement is not in this round."))
    comment = one_line(comment or "")
    if len(comment) > NOTE_MAX_LENGTH:
        raise DomainError(
            _("A comment holds %(max)s characters at most.") % {"max": NOTE_MAX_LENGTH},
            field="comment",
        )
    values = {"choice": None, "rating": None}
    if round_.kind == RoundKind.AGREE:
        try:
            choice = int(choice)
        except (TypeError, ValueError):
            choice = None
        if choice not in Vote.Choice.values:
            raise DomainError(_("Choose agree, disagree or pass."), field="choice")
        values["choice"] = choice
    else:
        try:
            rating = int(rating)
        except (TypeError, ValueError):
            rating = None
        if rating is None or not 1 <= rating <= 9:
            raise DomainError(_("Choose a rating from 1 to 9."), field="rating")
        values["rating"] = rating
    values |= {"comment": comment, "updated_at": timezone.now()}
    if origin is not None and participant.user_id is None:
        participant_limits.check_voter(round_, participant, origin)
        values |= {"ip_hash": origin.ip_hash, "device_hash": origin.device_hash}
    try:
        with transaction.atomic():
            vote, _created = Vote.objects.update_or_create(
                round=round_, statement=statement, participant=participant, defaults=values
            )
    except IntegrityError:  # the same answer sent twice at once: keep one, updated
        Vote.objects.filter(round=round_, statement=statement, participant=participant).update(
            **values
        )
        vote = Vote.objects.get(round=round_, statement=statement, participant=participant)
    return vote


# ------------------------------------------------------------------ rounds on their dates


def open_and_close_due_rounds(now=None):
    """The periodic job (registered in apps.py): a round still open after its end date
    closes; a planned round whose start date has come opens (the latest of a
    consultation's when several are due), through close_round and open_round like the
    buttons, so the log says the same. Safe to run twice: a round changes once. A
    round that cannot open yet (a vote round without statements) stays planned; its
    page says why when a facilitator opens it by hand. Returns what changed."""
    today = timezone.localdate(now)
    closed = opened = 0
    ending = Round.objects.filter(status=RoundStatus.OPEN, ends_on__lt=today)
    for round_ in ending.order_by("pk"):
        try:
            close_round(actor=None, round_=round_)
        except DomainError:  # closed meanwhile by a facilitator
            continue
        closed += 1
    due = (
        Round.objects.filter(status=RoundStatus.PLANNED, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .exclude(consultation__status=ConsultationStatus.CLOSED)
        .order_by("consultation_id", "-number")
    )
    seen = set()
    for round_ in due:
        if round_.consultation_id in seen:
            continue
        later = Round.objects.filter(
            consultation_id=round_.consultation_id, number__gt=round_.number
        )
        if later.exclude(status=RoundStatus.PLANNED).exists():  # rounds go in order
            continue
        try:
            open_round(actor=None, round_=round_)
        except DomainError:  # not ready (no statements yet): a later round may be
            continue
        seen.add(round_.consultation_id)
        opened += 1
    return {"opened": opened, "closed": closed}
