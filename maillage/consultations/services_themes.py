"""The synthesis board: themes, notes sorted into them, duplicates, codes of the grid,
the synthesis of syntheses and the commitments made from pledges."""

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.changes import clean_line, lock_at_version
from maillage.core.errors import DomainError
from maillage.core.typography import one_line

from .models import (
    Commitment,
    Note,
    QuestionKind,
    Theme,
)
from .services_live import _locked_note

# ---------------------------------------------------------------------------- synthesis


@transaction.atomic
def create_theme(*, actor, group, title, statement=""):
    title = clean_line(
        title, field="title", max_length=200, empty_message=_("Give the theme a title.")
    )
    last = group.themes.aggregate(m=Max("order"))["m"] or 0
    theme = Theme.objects.create(
        consultation=group.consultation,
        group=group,
        title=title,
        statement=(statement or "").strip(),
        order=last + 1,
        created_by=actor,
    )
    log_action(actor=actor, action="consultations.theme_created", obj=theme, after={"title": title})
    return theme


@transaction.atomic
def update_theme(*, actor, theme, title, statement, base_version):
    title = clean_line(
        title, field="title", max_length=200, empty_message=_("Give the theme a title.")
    )
    theme = lock_at_version(
        Theme,
        theme.pk,
        base_version,
        message=_(
            "Someone changed this theme while you were editing it. Your text is kept "
            "below; compare it with the current one and save again."
        ),
    )
    before = {"title": theme.title, "statement": theme.statement}
    theme.title, theme.statement = title, (statement or "").strip()
    theme.version += 1
    theme.save(update_fields=["title", "statement", "version"])
    log_action(
        actor=actor,
        action="consultations.theme_changed",
        obj=theme,
        before=before,
        after={
            "title": title,
            "statement": theme.statement,
        },
    )
    return theme


@transaction.atomic
def delete_theme(*, actor, theme, base_version=None):
    """Delete a theme: its notes go back among the unsorted notes (their words, codes
    and duplicates stay), statements made from it keep their text."""
    theme = lock_at_version(
        Theme,
        theme.pk,
        base_version,
        message=_(
            "Someone changed this theme while you were looking at it. Nothing was deleted: "
            "check it as it is now and delete it again if needed."
        ),
    )
    notes = Note.objects.filter(theme=theme).update(theme=None, version=F("version") + 1)
    log_action(
        actor=actor,
        action="consultations.theme_deleted",
        obj=theme,
        before={"title": theme.title, "statement": theme.statement},
        after={"notes": notes},
    )
    theme.delete()
    return notes


@transaction.atomic
def move_theme(*, actor, theme, up):
    """Move a theme one place up (``up``) or down among the themes of its board (of its
    group, or of the synthesis of syntheses). The first stays first when moved up."""
    # The whole board is locked (the theme among its siblings): two moves at once queue.
    siblings = list(
        Theme.objects.select_for_update()
        .filter(consultation_id=theme.consultation_id, group_id=theme.group_id)
        .order_by("order", "pk")
    )
    index = next(i for i, t in enumerate(siblings) if t.pk == theme.pk)
    theme = siblings[index]
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return theme
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.order != position:
            sibling.order = position
            sibling.version += 1
            sibling.save(update_fields=["order", "version"])
    log_action(
        actor=actor,
        action="consultations.theme_moved",
        obj=theme,
        before={"position": index + 1},
        after={"position": other + 1},
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
    log_action(
        actor=actor,
        action="consultations.note_moved",
        obj=note,
        before=before,
        after={"theme": str(theme) if theme else ""},
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
    log_action(
        actor=actor,
        action="consultations.note_duplicate",
        obj=note,
        after={"same_as": str(original)},
    )
    return note


@transaction.atomic
def unfold_duplicate(*, actor, note, base_version=None):
    """Take a note folded as a duplicate out again: it is its own card once more, in
    the theme where it is now."""
    note = _locked_note(note, base_version)
    if note.duplicate_of_id is None:
        raise DomainError(_("This note is not folded under another one."), code="unchanged")
    original = note.duplicate_of
    note.duplicate_of = None
    note.version += 1
    note.save(update_fields=["duplicate_of", "version"])
    log_action(
        actor=actor,
        action="consultations.note_unfolded",
        obj=note,
        before={"same_as": str(original)},
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
    log_action(
        actor=actor,
        action="consultations.note_coded",
        obj=note,
        before=before,
        after={"code": str(code) if code else ""},
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
        log_action(
            actor=actor,
            action="consultations.notes_moved",
            obj=group,
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
        log_action(
            actor=actor,
            action="consultations.notes_coded",
            obj=group,
            after={"notes": len(coding), "code": str(code) if code else ""},
        )
    return len(coding)


@transaction.atomic
def merge_themes(*, actor, consultation, themes, title, statement=""):
    """A theme of the synthesis of syntheses, from themes of several groups; it
    keeps which groups (territories) they come from."""
    title = clean_line(
        title, field="title", max_length=200, empty_message=_("Give the theme a title.")
    )
    themes = list(themes)
    if len(themes) < 2:
        raise DomainError(_("Choose at least two themes to merge."), field="themes")
    if any(t.consultation_id != consultation.pk for t in themes):
        raise DomainError(_("These themes belong to another consultation."), field="themes")
    return gathered_theme(
        actor=actor, consultation=consultation, themes=themes, title=title, statement=statement
    )


def gathered_theme(*, actor, consultation, themes, title, statement="", territory=None):
    """A theme with no group that gathers ``themes`` (its ``sources``): of the network's
    synthesis of syntheses, or of ``territory``'s synthesis (logged there). Called
    inside the transaction of a service that checked the themes."""
    last = consultation.themes.filter(group=None).aggregate(m=Max("order"))["m"] or 0
    theme = Theme.objects.create(
        consultation=consultation,
        group=None,
        territory=territory,
        title=title,
        statement=(statement or "").strip(),
        order=last + 1,
        created_by=actor,
    )
    theme.sources.set(themes)
    where = {"collective": territory} if territory is not None else {}
    log_action(
        actor=actor,
        action="consultations.themes_merged",
        obj=theme,
        after={"title": title, "sources": ", ".join(t.title for t in themes)},
        **where,
    )
    return theme


@transaction.atomic
def make_commitment(*, actor, note, text, due_on, person=None, person_name=""):
    if note.question.kind != QuestionKind.PLEDGE:
        raise DomainError(_("Only notes answering a “what can you do” question are pledges."))
    text = clean_line(text, field="text", max_length=300, empty_message=_("Say what will be done."))
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
    log_action(
        actor=actor,
        action="consultations.commitment_made",
        obj=commitment,
        after={
            "text": text,
            "due_on": due_on.isoformat(),
        },
    )
    return commitment
