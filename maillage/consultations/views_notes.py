"""Changes to the notes of a group's board: moving, folding duplicates, coding, ticking
several at once, and commitments made from pledges (views_board shows the board)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from maillage.accounts.models import User
from maillage.collectives.models import Membership
from maillage.core.errors import ConflictError, DomainError
from maillage.core.forms import add_domain_error, refusal

from . import services
from .access import get_group
from .forms_synthesis import BulkNotesForm, CommitmentForm, VersionForm, _int
from .models import Note, QuestionKind, Theme
from .views_board import FACILITATE, _board_url, _done, _grid, _refused, _short


@require_POST
def note_move(request, slug, pk, note):
    """Move a note to a theme of the board, or back among the unsorted notes."""
    group = get_group(request, slug, pk, FACILITATE)
    note = get_object_or_404(Note, group=group, pk=note)
    theme_id, version = _int(request.POST.get("theme")), _int(request.POST.get("version"))
    theme = None
    try:
        if version is None:
            raise DomainError(_("The form is incomplete: reload the page and try again."))
        if theme_id is not None:
            # Any theme of the consultation: the service refuses another group's.
            theme = Theme.objects.filter(consultation=group.consultation, pk=theme_id).first()
            if theme is None:
                raise DomainError(_("Choose one of the board's themes."), field="theme")
        note = services.move_note(actor=request.user, note=note, theme=theme, base_version=version)
    except DomainError as exc:
        return _refused(request, group, exc, focus=note.pk)
    if theme is None:
        message = _("“%(note)s” is back among the unsorted notes.") % {"note": _short(note.text)}
    else:
        message = _("“%(note)s” is now in the theme “%(theme)s”.") % {
            "note": _short(note.text),
            "theme": theme.title,
        }
    messages.success(request, message)
    return _done(request, group, f"note-{note.pk}", focus=note.pk)


def note_duplicate(request, slug, pk, note):
    """Fold a note under another note of the group that says the same."""
    group = get_group(request, slug, pk, FACILITATE)
    note = get_object_or_404(Note.objects.select_related("question"), group=group, pk=note)
    if request.method == "POST":
        original_id, version = _int(request.POST.get("original")), _int(request.POST.get("version"))
        try:
            if version is None:
                raise DomainError(_("The form is incomplete: reload the page and try again."))
            original = Note.objects.filter(
                group__consultation=group.consultation, pk=original_id
            ).first()
            if original is None:
                raise DomainError(_("Choose the note that says the same."), field="original")
            note = services.mark_duplicate(
                actor=request.user, note=note, original=original, base_version=version
            )
        except DomainError as exc:
            if request.htmx:
                return _refused(request, group, exc, focus=note.pk)
            messages.error(request, exc.message)
            status = 409 if isinstance(exc, ConflictError) else 400
            note.refresh_from_db()
        else:
            messages.success(
                request,
                _("“%(note)s” is folded under “%(original)s”: they say the same.")
                % {"note": _short(note.text), "original": _short(note.duplicate_of.text)},
            )
            return _done(request, group, f"note-{note.duplicate_of_id}", focus=note.duplicate_of_id)
    else:
        status = 200
    candidates = (
        Note.objects.filter(group=group, hidden=False, duplicate_of=None)
        .exclude(pk=note.pk)
        .select_related("theme")
        .order_by("theme__order", "theme_id", "created_at", "pk")
    )
    return render(
        request,
        "consultations/synthesis/duplicate_form.html",
        {
            "collective": group.consultation.collective,
            "consultation": group.consultation,
            "group": group,
            "note": note,
            "candidates": candidates,
            "chosen": _int(request.POST.get("original")),
        },
        status=status,
    )


@require_POST
def note_unfold(request, slug, pk, note):
    """Take a note folded as a duplicate out again: it is its own card once more."""
    group = get_group(request, slug, pk, FACILITATE)
    note = get_object_or_404(Note, group=group, pk=note)
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("The form is incomplete: reload the page and try again."))
        note = services.unfold_duplicate(
            actor=request.user, note=note, base_version=form.cleaned_data["version"]
        )
    except DomainError as exc:
        return _refused(request, group, exc, focus=note.pk)
    messages.success(request, _("“%(note)s” is its own note again.") % {"note": _short(note.text)})
    return _done(request, group, f"note-{note.pk}", focus=note.pk)


@require_POST
def note_code(request, slug, pk, note):
    """Set a note's code from the grid (or take it off)."""
    group = get_group(request, slug, pk, FACILITATE)
    note = get_object_or_404(Note, group=group, pk=note)
    code_id, version = _int(request.POST.get("code")), _int(request.POST.get("version"))
    code = None
    try:
        if version is None:
            raise DomainError(_("The form is incomplete: reload the page and try again."))
        if code_id is not None:
            code = group.consultation.grid_codes.select_related("parent").filter(pk=code_id).first()
            if code is None:
                raise DomainError(_("Choose a code of the grid."), field="code")
        note = services.code_note(actor=request.user, note=note, code=code, base_version=version)
    except DomainError as exc:
        return _refused(request, group, exc, focus=note.pk)
    if code is None:
        message = _("“%(note)s” has no code any more.") % {"note": _short(note.text)}
    else:
        message = _("“%(note)s” is coded “%(code)s”.") % {"note": _short(note.text), "code": code}
    messages.success(request, message)
    return _done(request, group, f"note-{note.pk}", focus=note.pk)


@require_POST
def notes_bulk(request, slug, pk):
    """The board's toolbar: move the ticked notes into one column, or give them one
    code, in one change. A refusal shows the board again with the notes still ticked."""
    group = get_group(request, slug, pk, FACILITATE)
    form = BulkNotesForm(
        request.POST,
        group=group,
        themes=group.themes.order_by("order", "pk"),
        codes=_grid(group.consultation),
    )
    try:
        if not form.is_valid():
            raise refusal(form)
        notes, target = form.cleaned_data["notes"], form.cleaned_data["target"]
        if form.cleaned_data["action"] == form.MOVE:
            count = services.move_notes(actor=request.user, group=group, notes=notes, theme=target)
        else:
            count = services.code_notes(actor=request.user, group=group, notes=notes, code=target)
    except DomainError as exc:
        if exc.field is not None and not form.has_error(exc.field):
            add_domain_error(form, exc)
        return _refused(request, group, exc, focus="bulk", bulk_form=form)
    messages.success(request, _bulk_message(form.cleaned_data["action"], count, target))
    return _done(request, group, "board", focus="bulk")


def _bulk_message(action, count, target):
    """What a change of the toolbar did, for the person who made it."""
    if action == BulkNotesForm.MOVE:
        if not count:
            return _("The ticked notes were already in this column.")
        if target is None:
            message = ngettext(
                "%(n)s note is back among the unsorted notes.",
                "%(n)s notes are back among the unsorted notes.",
                count,
            )
        else:
            message = ngettext(
                "%(n)s note is now in the theme “%(target)s”.",
                "%(n)s notes are now in the theme “%(target)s”.",
                count,
            )
    elif not count:
        return _("The ticked notes already had this code.")
    elif target is None:
        message = ngettext(
            "%(n)s note has no code any more.", "%(n)s notes have no code any more.", count
        )
    else:
        message = ngettext(
            "%(n)s note is coded “%(target)s”.", "%(n)s notes are coded “%(target)s”.", count
        )
    return message % {"n": count, "target": str(target) if target else ""}


def _people(group):
    """Who may commit by name from the list: the members of the collective, and of
    the territory the group stands for."""
    collectives = {group.consultation.collective_id, group.territory_id} - {None}
    members = Membership.objects.active().filter(collective_id__in=collectives)
    return User.objects.filter(pk__in=members.values("user_id")).order_by("display_name")


def note_commitment(request, slug, pk, note):
    """Turn a pledge ("what can you do") into a commitment with a person and a date."""
    group = get_group(request, slug, pk, FACILITATE)
    note = get_object_or_404(Note.objects.select_related("question"), group=group, pk=note)
    people = _people(group)
    if request.method == "POST":
        form = CommitmentForm(request.POST, people=people)
        if form.is_valid():
            try:
                services.make_commitment(
                    actor=request.user,
                    note=note,
                    text=form.cleaned_data["text"],
                    due_on=form.cleaned_data["due_on"],
                    person=form.cleaned_data["person"],
                    person_name=form.cleaned_data["person_name"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The commitment is recorded."))
                return redirect(_board_url(group, "commitments"))
    else:
        form = CommitmentForm(initial={"text": note.text[:300]}, people=people)
    return render(
        request,
        "consultations/synthesis/commitment_form.html",
        {
            "collective": group.consultation.collective,
            "consultation": group.consultation,
            "group": group,
            "note": note,
            "is_pledge": note.question.kind == QuestionKind.PLEDGE,
            "form": form,
            "commitments": note.commitments.select_related("person"),
        },
        status=400 if form.errors else 200,
    )
