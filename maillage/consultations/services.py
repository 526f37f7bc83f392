"""Every change to consultations: setting up, live notes, themes, rounds and votes.

Each function runs in one transaction and raises DomainError with a message for the
person when the change is refused; changes made by facilitators are recorded in the
collective's audit log. Participants' own notes and votes are not audited one by one
(they are the consultation's data, not a change of its set-up). Permission checks
stay in the views (rules.py and access.py).
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from maillage.audit.services import log_action
from maillage.collectives.rules import in_any
from maillage.core import limits
from maillage.core.errors import ConflictError, DomainError
from maillage.core.typography import one_line

from . import limits as participant_limits
from .models import (
    NOTE_MAX_LENGTH,
    Analysis,
    Commitment,
    Consultation,
    ConsultationStatus,
    GridCode,
    Group,
    Method,
    Mood,
    Note,
    Participant,
    Proposal,
    Question,
    QuestionKind,
    Round,
    RoundKind,
    RoundStatus,
    Statement,
    Theme,
    Vote,
    new_join_code,
)
from .rules import group_collectives

# --------------------------------------------------------------------- method templates


# The questions of each method, in the order they are asked. The texts are
# translated into the language of the person who creates the consultation.
METHOD_QUESTIONS = {
    Method.SPIRAL: [
        (gettext_lazy("What does well-being mean to you?"), QuestionKind.OPEN),
        (gettext_lazy("What does ill-being mean to you?"), QuestionKind.OPEN),
        (
            gettext_lazy("What can you do, yourself, for the well-being of all?"),
            QuestionKind.PLEDGE,
        ),
    ],
    Method.DPA_PC: [
        (gettext_lazy("Who wants to change what, and why?"), QuestionKind.OPEN),
        (gettext_lazy("What do the people concerned think?"), QuestionKind.OPEN),
        (gettext_lazy("What can be tried here and now?"), QuestionKind.PLEDGE),
        (gettext_lazy("What has been tried, and what did we learn?"), QuestionKind.OPEN),
    ],
    Method.PRIDE: [
        (gettext_lazy("What are you proud of in your institution?"), QuestionKind.OPEN),
        (gettext_lazy("What are you proud of in this group?"), QuestionKind.OPEN),
        (gettext_lazy("Why does this group exist?"), QuestionKind.OPEN),
    ],
    Method.EMPTY: [],
}

# The eight families of indicators of the SPIRAL method (Council of Europe).
SPIRAL_GRID = [
    gettext_lazy("Access to the means of living"),
    gettext_lazy("Living environment"),
    gettext_lazy("Relations with and between organisations"),
    gettext_lazy("Personal relations"),
    gettext_lazy("Social balance"),
    gettext_lazy("Personal balance"),
    gettext_lazy("Feelings of well-being or ill-being"),
    gettext_lazy("Attitudes and initiatives"),
]

METHOD_ROUNDS = {
    Method.EMPTY: [(gettext_lazy("Contributions"), RoundKind.CONTRIBUTE)],
}
DEFAULT_ROUNDS = [
    (gettext_lazy("Contributions on sticky notes"), RoundKind.CONTRIBUTE),
    (gettext_lazy("Delphi round: agree or disagree"), RoundKind.AGREE),
]


def _audit(actor, action, obj, consultation, before=None, after=None):
    log_action(
        actor=actor,
        action=action,
        obj=obj,
        collective=consultation.collective,
        before=before,
        after=after,
    )


def _clean_line(value, field, empty_message, max_length):
    value = one_line(value or "")
    if not value:
        raise DomainError(empty_message, field=field)
    if len(value) > max_length:
        raise DomainError(
            _("%(max)s characters at most (this one has %(count)s).")
            % {"max": max_length, "count": len(value)},
            field=field,
        )
    return value


def _clean_note_text(text, field="text"):
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise DomainError(_("The note is empty: write one idea on it."), field=field)
    if len(text) > NOTE_MAX_LENGTH:
        raise DomainError(
            _(
                "A note holds %(max)s characters at most; this one has %(count)s. "
                "Split it into several notes, one idea each."
            )
            % {"max": NOTE_MAX_LENGTH, "count": len(text)},
            field=field,
        )
    return text


# --------------------------------------------------------------------------- setting up


@transaction.atomic
def create_consultation(*, actor, collective, title, method, purpose="", network=None):
    """A consultation in draft, with the questions, grid and rounds of its method."""
    title = _clean_line(title, "title", _("Give the consultation a title."), 200)
    if method not in Method.values:
        raise DomainError(_("Choose one of the methods offered."), field="method")
    if network is not None and not collective.networks.filter(pk=network.pk).exists():
        raise DomainError(_("The collective does not belong to this network."), field="network")
    consultation = Consultation.objects.create(
        collective=collective,
        network=network,
        title=title,
        purpose=(purpose or "").strip(),
        method=method,
        created_by=actor,
    )
    for order, (text, kind) in enumerate(METHOD_QUESTIONS[Method(method)], start=1):
        Question.objects.create(consultation=consultation, order=order, text=str(text), kind=kind)
    if method == Method.SPIRAL:
        for order, label in enumerate(SPIRAL_GRID, start=1):
            GridCode.objects.create(consultation=consultation, label=str(label), order=order)
    for number, (round_title, kind) in enumerate(
        METHOD_ROUNDS.get(Method(method), DEFAULT_ROUNDS), start=1
    ):
        Round.objects.create(
            consultation=consultation, number=number, title=str(round_title), kind=kind
        )
    _audit(
        actor,
        "consultations.created",
        consultation,
        consultation,
        after={"title": title, "method": method},
    )
    return consultation


@transaction.atomic
def update_consultation(*, actor, consultation, title, purpose):
    title = _clean_line(title, "title", _("Give the consultation a title."), 200)
    before = {"title": consultation.title, "purpose": consultation.purpose}
    consultation.title, consultation.purpose = title, (purpose or "").strip()
    consultation.save(update_fields=["title", "purpose"])
    _audit(
        actor,
        "consultations.updated",
        consultation,
        consultation,
        before,
        before
        | {
            "title": title,
            "purpose": consultation.purpose,
        },
    )
    return consultation


@transaction.atomic
def add_question(*, actor, consultation, text, kind=QuestionKind.OPEN):
    text = _clean_line(text, "text", _("Write the question."), 300)
    if kind not in QuestionKind.values:
        raise DomainError(_("Choose a kind of question."), field="kind")
    last = consultation.questions.aggregate(m=Max("order"))["m"] or 0
    question = Question.objects.create(
        consultation=consultation, order=last + 1, text=text, kind=kind
    )
    _audit(actor, "consultations.question_added", question, consultation, after={"text": text})
    return question


@transaction.atomic
def update_question(*, actor, question, text, kind):
    text = _clean_line(text, "text", _("Write the question."), 300)
    if kind not in QuestionKind.values:
        raise DomainError(_("Choose a kind of question."), field="kind")
    before = {"text": question.text, "kind": question.kind}
    question.text, question.kind = text, kind
    question.save(update_fields=["text", "kind"])
    _audit(
        actor,
        "consultations.question_changed",
        question,
        question.consultation,
        before,
        {"text": text, "kind": kind},
    )
    return question


@transaction.atomic
def add_group(*, actor, consultation, name, territory=None, facilitators=()):
    name = _clean_line(name, "name", _("Give the group a name."), 120)
    if consultation.groups.filter(name__iexact=name).exists():
        raise DomainError(_("This consultation already has a group of that name."), field="name")
    if territory is not None:
        network_id = consultation.network_id
        if territory.pk != consultation.collective_id and (
            network_id is None or not territory.networks.filter(pk=network_id).exists()
        ):
            raise DomainError(
                _("The territory must be the collective or a collective of its network."),
                field="territory",
            )
    for _attempt in range(5):
        try:
            with transaction.atomic():
                group = Group.objects.create(
                    consultation=consultation, name=name, territory=territory
                )
            break
        except IntegrityError:  # a join code already in use: draw another one
            continue
    else:  # pragma: no cover - 31**6 codes
        raise DomainError(_("No free join code was found; try again."))
    group.facilitators.set(facilitators)
    _audit(actor, "consultations.group_added", group, consultation, after={"name": name})
    return group


@transaction.atomic
def set_group_facilitators(*, actor, group, facilitators):
    from maillage.collectives.models import Membership

    allowed = set(
        Membership.objects.active()
        .filter(collective=group.consultation.collective)
        .values_list("user_id", flat=True)
    )
    if group.territory_id:
        allowed |= set(
            Membership.objects.active()
            .filter(collective_id=group.territory_id)
            .values_list("user_id", flat=True)
        )
    outside = [person for person in facilitators if person.pk not in allowed]
    if outside:
        raise DomainError(
            _("%(person)s is not a member of the collective.") % {"person": outside[0]},
            field="facilitators",
        )
    _replace_facilitators(actor, group, facilitators)
    return group


def _replace_facilitators(actor, group, facilitators):
    before = sorted(str(p) for p in group.facilitators.all())
    group.facilitators.set(facilitators)
    _audit(
        actor,
        "consultations.group_facilitators",
        group,
        group.consultation,
        {"facilitators": ", ".join(before)},
        {"facilitators": ", ".join(sorted(str(p) for p in facilitators))},
    )


@transaction.atomic
def open_live_session(*, actor, group, hours=4):
    """Open the group's live session with a fresh code, valid for ``hours``."""
    before = {"live": group.live}
    for _attempt in range(5):
        group.join_code = new_join_code()
        group.code_expires_at = timezone.now() + datetime.timedelta(hours=hours)
        group.live = True
        try:
            with transaction.atomic():
                group.save(update_fields=["join_code", "code_expires_at", "live"])
            break
        except IntegrityError:
            continue
    _audit(actor, "consultations.live_opened", group, group.consultation, before, {"live": True})
    return group


@transaction.atomic
def close_live_session(*, actor, group):
    group.live = False
    group.code_expires_at = timezone.now()
    group.save(update_fields=["live", "code_expires_at"])
    _audit(
        actor,
        "consultations.live_closed",
        group,
        group.consultation,
        {"live": True},
        {"live": False},
    )
    return group


@transaction.atomic
def add_grid_code(*, actor, consultation, label, parent=None):
    label = _clean_line(label, "label", _("Give the code a label."), 120)
    if parent is not None and (parent.consultation_id != consultation.pk or parent.parent_id):
        raise DomainError(_("A sub-code belongs under a family of this grid."), field="parent")
    if consultation.grid_codes.filter(parent=parent, label__iexact=label).exists():
        raise DomainError(_("The grid already has this code here."), field="label")
    last = consultation.grid_codes.filter(parent=parent).aggregate(m=Max("order"))["m"] or 0
    code = GridCode.objects.create(
        consultation=consultation, parent=parent, label=label, order=last + 1
    )
    _audit(actor, "consultations.code_added", code, consultation, after={"label": str(code)})
    return code


@transaction.atomic
def rename_grid_code(*, actor, code, label):
    label = _clean_line(label, "label", _("Give the code a label."), 120)
    siblings = code.consultation.grid_codes.filter(parent_id=code.parent_id).exclude(pk=code.pk)
    if siblings.filter(label__iexact=label).exists():
        raise DomainError(_("The grid already has this code here."), field="label")
    before = {"label": code.label}
    code.label = label
    code.save(update_fields=["label"])
    _audit(actor, "consultations.code_renamed", code, code.consultation, before, {"label": label})
    return code


# ------------------------------------------------------------------------------ rounds


@transaction.atomic
def add_round(*, actor, consultation, title, kind, starts_on=None, ends_on=None, groups=()):
    title = _clean_line(title, "title", _("Give the round a title."), 200)
    if kind not in RoundKind.values:
        raise DomainError(_("Choose what participants do in this round."), field="kind")
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError(_("The round cannot end before it starts."), field="ends_on")
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
    _audit(actor, "consultations.round_added", round_, consultation, after={"title": title})
    return round_


@transaction.atomic
def open_round(*, actor, round_):
    """Open a round; the round open before it closes. A vote round needs statements."""
    consultation = Consultation.objects.select_for_update().get(pk=round_.consultation_id)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if consultation.status == ConsultationStatus.CLOSED:
        raise DomainError(_("The consultation is closed."))
    if round_.status == RoundStatus.CLOSED:
        raise DomainError(_("This round is closed; add a new round instead."))
    if round_.is_vote and not round_.statements.exists():
        raise DomainError(_("Choose the statements of this round before opening it."))
    for other in consultation.rounds.filter(status=RoundStatus.OPEN).exclude(pk=round_.pk):
        other.status = RoundStatus.CLOSED
        other.save(update_fields=["status"])
    round_.status = RoundStatus.OPEN
    round_.save(update_fields=["status"])
    if consultation.status == ConsultationStatus.DRAFT:
        consultation.status = ConsultationStatus.OPEN
        consultation.save(update_fields=["status"])
    _audit(actor, "consultations.round_opened", round_, consultation, after={"round": str(round_)})
    return round_


@transaction.atomic
def close_round(*, actor, round_):
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status != RoundStatus.OPEN:
        raise DomainError(_("This round is not open."))
    round_.status = RoundStatus.CLOSED
    round_.save(update_fields=["status"])
    _audit(
        actor,
        "consultations.round_closed",
        round_,
        round_.consultation,
        after={"round": str(round_)},
    )
    return round_


@transaction.atomic
def add_statement(*, actor, consultation, text, theme=None, rounds=()):
    """A statement to send back to participants, added between rounds."""
    text = _clean_line(text, "text", _("Write the statement."), NOTE_MAX_LENGTH)
    if theme is not None and theme.consultation_id != consultation.pk:
        raise DomainError(_("This theme belongs to another consultation."), field="theme")
    last = consultation.statements.aggregate(m=Max("order"))["m"] or 0
    statement = Statement.objects.create(
        consultation=consultation, text=text, theme=theme, order=last + 1, created_by=actor
    )
    for round_ in rounds:
        if round_.status == RoundStatus.CLOSED:
            raise DomainError(_("A closed round cannot take new statements."))
        round_.statements.add(statement)
    _audit(actor, "consultations.statement_added", statement, consultation, after={"text": text})
    return statement


@transaction.atomic
def set_round_statements(*, actor, round_, statements):
    if round_.status == RoundStatus.CLOSED:
        raise DomainError(_("A closed round cannot take new statements."))
    if any(s.consultation_id != round_.consultation_id for s in statements):
        raise DomainError(_("These statements belong to another consultation."))
    round_.statements.set(statements)
    _audit(
        actor,
        "consultations.round_statements",
        round_,
        round_.consultation,
        after={"statements": len(statements)},
    )
    return round_


@transaction.atomic
def close_consultation(*, actor, consultation, conclusions):
    conclusions = (conclusions or "").strip()
    if not conclusions:
        raise DomainError(_("Write the conclusions before closing."), field="conclusions")
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    consultation.rounds.filter(status=RoundStatus.OPEN).update(status=RoundStatus.CLOSED)
    consultation.status = ConsultationStatus.CLOSED
    consultation.conclusions = conclusions
    consultation.save(update_fields=["status", "conclusions"])
    _audit(
        actor,
        "consultations.closed",
        consultation,
        consultation,
        after={"conclusions": conclusions},
    )
    return consultation


@transaction.atomic
def publish_synthesis(*, actor, consultation):
    consultation.synthesis_published_at = timezone.now()
    consultation.save(update_fields=["synthesis_published_at"])
    _audit(actor, "consultations.synthesis_published", consultation, consultation)
    return consultation


# ------------------------------------------------------------------- taking part live


def _check_code(group, now=None):
    now = now or timezone.now()
    if not group.live or (group.code_expires_at and group.code_expires_at <= now):
        raise DomainError(
            _("This session code has expired: ask the facilitator for the current one."),
            field="code",
            code="expired",
        )


def find_group_by_code(code, address=""):
    """The group whose live session this code opens, or a DomainError.

    Wrong codes are counted per network address (``address``): past
    JOIN_CODE_FAILURES_PER_IP in a window of JOIN_CODE_WINDOW_MINUTES, every code
    from that address is refused until the window ends, the right one too, so that
    codes cannot be guessed by trying them all."""
    seconds = settings.JOIN_CODE_WINDOW_MINUTES * 60
    if address:
        usage = limits.peek("join-code-failures", address, seconds=seconds)
        if usage.count >= settings.JOIN_CODE_FAILURES_PER_IP:
            minutes = usage.minutes_left()
            raise DomainError(
                ngettext(
                    "Too many wrong codes were typed from your network connection. Wait "
                    "%(minutes)s minute, then type the code again.",
                    "Too many wrong codes were typed from your network connection. Wait "
                    "%(minutes)s minutes, then type the code again.",
                    minutes,
                )
                % {"minutes": minutes},
                field="code",
                code="throttled",
            )
    code = "".join((code or "").split()).upper()
    if not code:
        raise DomainError(_("Type the code shown on the screen."), field="code")
    group = Group.objects.select_related("consultation__collective").filter(join_code=code).first()
    if group is None:
        if address:
            limits.hit("join-code-failures", address, seconds=seconds)
        raise DomainError(
            _("No session has this code. Check it on the screen: it has 6 letters and digits."),
            field="code",
            code="unknown",
        )
    _check_code(group)
    return group


@transaction.atomic
def join_group(*, group, user=None, display_name="", origin=None):
    """A participant in ``group``: a new one, or the person's existing participation
    when they already joined this consultation with their account.

    A participant without an account is marked with their ``origin`` (a
    consultations.limits.Origin), and refused past the limits on joins from one
    network address or device."""
    _check_code(group)
    display_name = one_line(display_name or "")[:80]
    # Members take part with their account; anyone else, with the code, like a visitor
    # without an account (their participation then follows the code, not an account).
    if user is not None and user.is_authenticated and in_any(user, group_collectives(group)):
        existing = Participant.objects.filter(consultation=group.consultation, user=user).first()
        if existing:
            return existing
        try:
            with transaction.atomic():
                return Participant.objects.create(
                    consultation=group.consultation, group=group, user=user
                )
        except IntegrityError:  # joined at the same moment from another tab
            return Participant.objects.get(consultation=group.consultation, user=user)
    # One join at a time per consultation, so that the limits count every other one.
    Consultation.objects.select_for_update().filter(pk=group.consultation_id).first()
    participant_limits.check_join(group.consultation, origin)
    origin = origin or participant_limits.Origin()
    return Participant.objects.create(
        consultation=group.consultation,
        group=group,
        display_name=display_name,
        ip_hash=origin.ip_hash,
        device_hash=origin.device_hash,
    )


@transaction.atomic
def post_note(*, participant, question, text):
    """A participant's note on the wall of their group, during a contribution round."""
    text = _clean_note_text(text)
    group = participant.group
    if question.consultation_id != group.consultation_id:
        raise DomainError(_("This question belongs to another consultation."), field="question")
    _check_code(group)
    round_ = group.consultation.active_round()
    if round_ is None or round_.kind != RoundKind.CONTRIBUTE:
        raise DomainError(_("Notes are not taken at the moment: the contribution round is closed."))
    return Note.objects.create(group=group, question=question, participant=participant, text=text)


@transaction.atomic
def enter_paper_notes(*, actor, group, question, lines):
    """Notes copied from paper by a facilitator, one per non-empty line.

    Every line is checked before anything is saved, so a mistake on one line loses
    none of the others: the person gets them back with the message.
    """
    if question.consultation_id != group.consultation_id:
        raise DomainError(_("This question belongs to another consultation."), field="question")
    texts = [line.strip() for line in (lines or "").replace("\r\n", "\n").split("\n")]
    texts = [t for t in texts if t]
    if not texts:
        raise DomainError(_("Type at least one note, one per line."), field="lines")
    for number, text in enumerate(texts, start=1):
        if len(text) > NOTE_MAX_LENGTH:
            raise DomainError(
                _("Line %(number)s has %(count)s characters; a note holds %(max)s at most.")
                % {"number": number, "count": len(text), "max": NOTE_MAX_LENGTH},
                field="lines",
            )
    notes = Note.objects.bulk_create(
        [Note(group=group, question=question, entered_by=actor, text=text) for text in texts]
    )
    _audit(
        actor,
        "consultations.paper_notes",
        group,
        group.consultation,
        after={"notes": len(notes), "question": question.text},
    )
    return notes


def _locked_note(note, base_version):
    locked = Note.objects.select_for_update().select_related("group__consultation").get(pk=note.pk)
    if base_version is not None and locked.version != base_version:
        raise ConflictError(
            _(
                "Someone changed this note while you were looking at it. "
                "Nothing was changed: here it is as it is now; do it again if needed."
            ),
            code="conflict",
        )
    return locked


@transaction.atomic
def hide_note(*, actor, note, reason, base_version=None):
    reason = _clean_line(reason, "reason", _("Say why the note is hidden."), 300)
    note = _locked_note(note, base_version)
    note.hidden, note.hidden_reason, note.hidden_by = True, reason, actor
    note.version += 1
    note.save(update_fields=["hidden", "hidden_reason", "hidden_by", "version"])
    _audit(
        actor,
        "consultations.note_hidden",
        note,
        note.group.consultation,
        after={"reason": reason},
    )
    return note


@transaction.atomic
def show_note(*, actor, note):
    note = _locked_note(note, None)
    note.hidden = False
    note.version += 1
    note.save(update_fields=["hidden", "version"])
    _audit(
        actor,
        "consultations.note_shown",
        note,
        note.group.consultation,
        {"reason": note.hidden_reason},
    )
    return note


@transaction.atomic
def correct_note(*, actor, note, text, base_version=None):
    """Correct an obvious typo; the participant's original words are kept."""
    text = _clean_note_text(text)
    note = _locked_note(note, base_version)
    if text == note.text:
        raise DomainError(_("Nothing has changed."), field="text", code="unchanged")
    before = {"text": note.text}
    if not note.original_text:
        note.original_text = note.text
    note.text, note.corrected_by = text, actor
    note.version += 1
    note.save(update_fields=["text", "original_text", "corrected_by", "version"])
    _audit(
        actor, "consultations.note_corrected", note, note.group.consultation, before, {"text": text}
    )
    return note


@transaction.atomic
def record_mood(*, participant, moment, value):
    if moment not in Mood.Moment.values:
        raise DomainError(_("Choose the start or the end of the session."), field="moment")
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = None
    if value not in Mood.Weather.values:
        raise DomainError(_("Choose one of the five weathers."), field="value")
    mood, _created = Mood.objects.update_or_create(
        participant=participant, moment=moment, defaults={"value": value}
    )
    return mood


# ---------------------------------------------------------------------------- synthesis


@transaction.atomic
def create_theme(*, actor, group, title, statement=""):
    title = _clean_line(title, "title", _("Give the theme a title."), 200)
    last = group.themes.aggregate(m=Max("order"))["m"] or 0
    theme = Theme.objects.create(
        consultation=group.consultation,
        group=group,
        title=title,
        statement=(statement or "").strip(),
        order=last + 1,
        created_by=actor,
    )
    _audit(actor, "consultations.theme_created", theme, group.consultation, after={"title": title})
    return theme


@transaction.atomic
def update_theme(*, actor, theme, title, statement, base_version):
    title = _clean_line(title, "title", _("Give the theme a title."), 200)
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    if theme.version != base_version:
        raise ConflictError(
            _(
                "Someone changed this theme while you were editing it. Your text is kept "
                "below; compare it with the current one and save again."
            ),
            code="conflict",
        )
    before = {"title": theme.title, "statement": theme.statement}
    theme.title, theme.statement = title, (statement or "").strip()
    theme.version += 1
    theme.save(update_fields=["title", "statement", "version"])
    _audit(
        actor,
        "consultations.theme_changed",
        theme,
        theme.consultation,
        before,
        {
            "title": title,
            "statement": theme.statement,
        },
    )
    return theme


@transaction.atomic
def move_note(*, actor, note, theme, base_version):
    """Put a note into a theme of its group (or back among the unsorted notes when
    ``theme`` is None). ``base_version`` is the note's version the facilitator saw:
    if someone moved or changed it since, nothing happens and ConflictError says so."""
    note = _locked_note(note, base_version)
    if theme is not None and theme.group_id != note.group_id:
        raise DomainError(_("A note can only go into a theme of its own group."), field="theme")
    if note.theme_id == (theme.pk if theme else None):
        return note
    before = {"theme": str(note.theme) if note.theme_id else ""}
    note.theme = theme
    note.version += 1
    note.save(update_fields=["theme", "version"])
    # Its duplicates say the same: they go with it.
    note.duplicates.update(theme=theme, version=F("version") + 1)
    _audit(
        actor,
        "consultations.note_moved",
        note,
        note.group.consultation,
        before,
        {"theme": str(theme) if theme else ""},
    )
    return note


@transaction.atomic
def mark_duplicate(*, actor, note, original, base_version=None):
    """Merge a duplicate: the note stays (its words are kept) and points to the
    note that says the same; it follows that note into its theme."""
    note = _locked_note(note, base_version)
    original = Note.objects.get(pk=original.pk)  # its theme as it is now
    if original.pk == note.pk or original.group_id != note.group_id:
        raise DomainError(_("Choose another note of the same group."), field="original")
    while original.duplicate_of_id:  # point at the first note of the chain
        original = original.duplicate_of
    if original.pk == note.pk:
        raise DomainError(_("Choose another note of the same group."), field="original")
    note.duplicate_of = original
    note.theme_id = original.theme_id
    note.version += 1
    note.save(update_fields=["duplicate_of", "theme", "version"])
    note.duplicates.update(
        duplicate_of=original, theme_id=original.theme_id, version=F("version") + 1
    )
    _audit(
        actor,
        "consultations.note_duplicate",
        note,
        note.group.consultation,
        after={"same_as": str(original)},
    )
    return note


@transaction.atomic
def code_note(*, actor, note, code, base_version=None):
    note = _locked_note(note, base_version)
    if code is not None and code.consultation_id != note.group.consultation_id:
        raise DomainError(_("This code belongs to another grid."), field="code")
    before = {"code": str(note.code) if note.code_id else ""}
    note.code = code
    note.version += 1
    note.save(update_fields=["code", "version"])
    _audit(
        actor,
        "consultations.note_coded",
        note,
        note.group.consultation,
        before,
        {"code": str(code) if code else ""},
    )
    return note


def _board_notes(group, notes):
    """The notes of ``group``'s board among ``notes``, locked; refused if one of them
    is not a card of that board (another group's, or one folded under another note)."""
    pks = {note.pk for note in notes}
    if not pks:
        raise DomainError(_("Tick at least one note."), field="notes")
    locked = list(
        Note.objects.select_for_update()
        .filter(pk__in=pks, group=group, duplicate_of=None)
        .order_by("pk")
    )
    if len(locked) != len(pks):
        raise DomainError(
            _("Some of these notes are no longer on this board: reload it and tick them again."),
            field="notes",
        )
    return locked


@transaction.atomic
def move_notes(*, actor, group, notes, theme):
    """Put several notes of a group's board into one theme at once (or back among the
    unsorted notes when ``theme`` is None); the notes folded under them go along.
    Notes already there stay as they are. Returns how many notes moved."""
    if theme is not None and theme.group_id != group.pk:
        raise DomainError(_("A note can only go into a theme of its own group."), field="theme")
    target = theme.pk if theme is not None else None
    moving = [note.pk for note in _board_notes(group, notes) if note.theme_id != target]
    if moving:
        Note.objects.filter(pk__in=moving).update(theme=theme, version=F("version") + 1)
        Note.objects.filter(duplicate_of__in=moving).update(theme=theme, version=F("version") + 1)
        _audit(
            actor,
            "consultations.notes_moved",
            group,
            group.consultation,
            after={"notes": len(moving), "theme": str(theme) if theme else ""},
        )
    return len(moving)


@transaction.atomic
def code_notes(*, actor, group, notes, code):
    """Give several notes of a group's board the same code of the grid at once (or take
    their code off when ``code`` is None). Returns how many notes changed."""
    if code is not None and code.consultation_id != group.consultation_id:
        raise DomainError(_("This code belongs to another grid."), field="code")
    target = code.pk if code is not None else None
    coding = [note.pk for note in _board_notes(group, notes) if note.code_id != target]
    if coding:
        Note.objects.filter(pk__in=coding).update(code=code, version=F("version") + 1)
        _audit(
            actor,
            "consultations.notes_coded",
            group,
            group.consultation,
            after={"notes": len(coding), "code": str(code) if code else ""},
        )
    return len(coding)


@transaction.atomic
def merge_themes(*, actor, consultation, themes, title, statement=""):
    """A theme of the synthesis of syntheses, from themes of several groups; it
    keeps which groups (territories) they come from."""
    title = _clean_line(title, "title", _("Give the theme a title."), 200)
    themes = list(themes)
    if len(themes) < 2:
        raise DomainError(_("Choose at least two themes to merge."), field="themes")
    if any(t.consultation_id != consultation.pk for t in themes):
        raise DomainError(_("These themes belong to another consultation."), field="themes")
    last = consultation.themes.filter(group=None).aggregate(m=Max("order"))["m"] or 0
    merged = Theme.objects.create(
        consultation=consultation,
        group=None,
        title=title,
        statement=(statement or "").strip(),
        order=last + 1,
        created_by=actor,
    )
    merged.sources.set(themes)
    _audit(
        actor,
        "consultations.themes_merged",
        merged,
        consultation,
        after={
            "title": title,
            "sources": ", ".join(t.title for t in themes),
        },
    )
    return merged


@transaction.atomic
def make_commitment(*, actor, note, text, due_on, person=None, person_name=""):
    if note.question.kind != QuestionKind.PLEDGE:
        raise DomainError(_("Only notes answering a “what can you do” question are pledges."))
    text = _clean_line(text, "text", _("Say what will be done."), 300)
    person_name = one_line(person_name or "")[:120]
    if person is None and not person_name:
        raise DomainError(_("Say who commits: a member, or a name."), field="person")
    if due_on is None:
        raise DomainError(_("Give a date."), field="due_on")
    if due_on < timezone.localdate():
        raise DomainError(_("The date is already past."), field="due_on")
    commitment = Commitment.objects.create(
        note=note,
        text=text,
        person=person,
        person_name=person_name,
        due_on=due_on,
        created_by=actor,
    )
    _audit(
        actor,
        "consultations.commitment_made",
        commitment,
        note.group.consultation,
        after={
            "text": text,
            "due_on": due_on.isoformat(),
        },
    )
    return commitment


# -------------------------------------------------------------------------------- votes


def _round_for_vote(participant, round_):
    if round_.consultation_id != participant.consultation_id:
        raise DomainError(_("This round belongs to another consultation."))
    if round_.status != RoundStatus.OPEN:
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


# ------------------------------------------------------------------- engine proposals


@transaction.atomic
def request_analysis(*, actor, consultation, kind, group=None, round_=None):
    """Queue an analysis by the synthesis engine; tasks.py runs it."""
    from .tasks import run_analysis

    if kind not in Analysis.Kind.values:
        raise DomainError(_("Unknown analysis."))
    running = consultation.analyses.filter(
        kind=kind, group=group, round=round_, status__in=["queued", "running"]
    )
    if running.exists():
        raise DomainError(_("This analysis is already running; its results will appear here."))
    analysis = Analysis.objects.create(
        consultation=consultation, group=group, round=round_, kind=kind, requested_by=actor
    )
    transaction.on_commit(lambda: run_analysis.enqueue(analysis.pk))
    return analysis


@transaction.atomic
def accept_proposal(*, actor, proposal):
    """Apply what the engine proposed: a new theme with the proposed notes still
    unsorted, or the proposed code on a note."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PENDING:
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
    _audit(
        actor,
        "consultations.proposal_accepted",
        proposal,
        consultation,
        after={"label": proposal.label},
    )
    return proposal


@transaction.atomic
def reject_proposal(*, actor, proposal):
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PENDING:
        raise DomainError(_("This proposal was already reviewed."))
    proposal.status, proposal.decided_by = Proposal.Status.REJECTED, actor
    proposal.save(update_fields=["status", "decided_by"])
    _audit(
        actor,
        "consultations.proposal_rejected",
        proposal,
        proposal.group.consultation,
        after={"label": proposal.label},
    )
    return proposal


# --- rounds (added)


@transaction.atomic
def add_statements_from_themes(*, actor, consultation, themes, round_=None):
    """Statements made from the synthesis statements of these themes, added to
    ``round_`` when given. A theme that already has a statement with the same text
    gets no second one (that statement joins the round). All or nothing: a theme
    without a synthesis statement, or with one too long, is refused by name."""
    themes = list(themes)
    if not themes:
        raise DomainError(_("Choose at least one theme."), field="themes")
    if round_ is not None:
        if round_.consultation_id != consultation.pk:
            raise DomainError(_("This round belongs to another consultation."), field="round")
        if round_.status == RoundStatus.CLOSED:
            raise DomainError(_("A closed round cannot take new statements."), field="round")
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
        _audit(
            actor,
            "consultations.round_statements",
            round_,
            consultation,
            after={"statements": round_.statements.count()},
        )
    return created


# ------------------------------------------------------------------------ memberships


def release_roles(*, actor, membership):
    """Called when ``membership`` ends (collectives.services.end_membership, in its
    transaction): the person stops facilitating the groups of consultations still
    under way in that collective or territory, unless they remain a member of the
    group's other collective. Closed consultations keep who facilitated them."""
    user, collective = membership.user, membership.collective
    groups = (
        Group.objects.filter(facilitators=user)
        .filter(Q(consultation__collective=collective) | Q(territory=collective))
        .exclude(consultation__status=ConsultationStatus.CLOSED)
        .select_related("consultation__collective", "territory")
    )
    for group in groups:
        if not in_any(user, group_collectives(group)):
            _replace_facilitators(actor, group, group.facilitators.exclude(pk=user.pk))
