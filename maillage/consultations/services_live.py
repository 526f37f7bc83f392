"""Taking part live: joining a group with its code, notes on the wall, notes copied from
paper, their moderation, and the mood check."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.audit.services import log_action
from maillage.collectives.rules import in_any
from maillage.core import limits
from maillage.core.changes import clean_line, lock_at_version
from maillage.core.errors import DomainError
from maillage.core.typography import one_line

from . import limits as participant_limits
from .models import (
    NOTE_MAX_LENGTH,
    Consultation,
    Group,
    Mood,
    Note,
    Participant,
    RoundKind,
)
from .rules import group_collectives


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


def _note_by_key(participant, client_key):
    if client_key is None:
        return None
    return Note.objects.filter(participant=participant, client_key=client_key).first()


@transaction.atomic
def post_note(*, participant, question, text, client_key=None):
    """A participant's note on the wall of their group, during a contribution round.

    ``client_key`` (the UUID of the form that sent it) makes sending it again
    harmless: the note this participant already posted with that key is returned
    unchanged, even if the text sent again differs (the first sending wins, as with a
    payment API) and even if the round closed since; a note posted at the same moment
    with the same key finds the one that won. Only the participant's own notes are
    looked at: another participant's key makes them a note of their own."""
    posted = _note_by_key(participant, client_key)
    if posted is not None:
        return posted
    text = _clean_note_text(text)
    group = participant.group
    if question.consultation_id != group.consultation_id:
        raise DomainError(_("This question belongs to another consultation."), field="question")
    _check_code(group)
    round_ = group.consultation.active_round()
    if round_ is None or round_.kind != RoundKind.CONTRIBUTE:
        raise DomainError(_("Notes are not taken at the moment: the contribution round is closed."))
    try:
        with transaction.atomic():
            return Note.objects.create(
                group=group,
                question=question,
                participant=participant,
                text=text,
                client_key=client_key,
            )
    except IntegrityError:  # the same form sent twice at once: the first one's note
        posted = _note_by_key(participant, client_key)
        if posted is None:
            raise
        return posted


@transaction.atomic
def enter_paper_notes(*, actor, group, question, lines, client_key=None):
    """Notes copied from paper by a facilitator, one per non-empty line.

    Every line is checked before anything is saved, so a mistake on one line loses
    none of the others: the person gets them back with the message.

    ``client_key`` (the UUID of the form) makes sending the same page again harmless:
    the notes ``actor`` entered on this group's wall with that key are returned
    unchanged, even if the lines sent again differ (the first sending wins). One
    sending makes several notes, so no constraint can hold the key: the group's row,
    locked, makes the same key sent at the same moment wait for the first one.
    """
    if client_key is not None:
        Group.objects.select_for_update().filter(pk=group.pk).first()
        entered = list(
            Note.objects.filter(group=group, entered_by=actor, client_key=client_key).order_by("pk")
        )
        if entered:
            return entered
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
        [
            Note(group=group, question=question, entered_by=actor, text=text, client_key=client_key)
            for text in texts
        ]
    )
    log_action(
        actor=actor,
        action="consultations.paper_notes",
        obj=group,
        after={"notes": len(notes), "question": question.text},
    )
    return notes


def _locked_note(note, base_version):
    return lock_at_version(
        Note.objects.select_related("group__consultation"),
        note.pk,
        base_version,
        message=_(
            "Someone changed this note while you were looking at it. "
            "Nothing was changed: here it is as it is now; do it again if needed."
        ),
    )


@transaction.atomic
def hide_note(*, actor, note, reason, base_version=None):
    reason = clean_line(
        reason, field="reason", max_length=300, empty_message=_("Say why the note is hidden.")
    )
    note = _locked_note(note, base_version)
    note.hidden, note.hidden_reason, note.hidden_by = True, reason, actor
    note.version += 1
    note.save(update_fields=["hidden", "hidden_reason", "hidden_by", "version"])
    log_action(actor=actor, action="consultations.note_hidden", obj=note, after={"reason": reason})
    return note


@transaction.atomic
def show_note(*, actor, note):
    note = _locked_note(note, None)
    note.hidden = False
    note.version += 1
    note.save(update_fields=["hidden", "version"])
    log_action(
        actor=actor,
        action="consultations.note_shown",
        obj=note,
        before={"reason": note.hidden_reason},
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
    log_action(
        actor=actor,
        action="consultations.note_corrected",
        obj=note,
        before=before,
        after={"text": text},
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
