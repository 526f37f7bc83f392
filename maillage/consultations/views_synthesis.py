"""The synthesis workspace: facilitators sort a group's notes into themes, fold
duplicates, code notes, review what the engine proposes and turn pledges into
commitments; those who run the consultation merge the groups' themes into the
synthesis of syntheses.

Every page works without JavaScript: each change is an ordinary form that answers
with a redirect (or the page again with the message). With htmx, a change on the
board answers with the board alone and the messages out of band, and themes.js
adds drag and drop on top of the "Move to" buttons of each note's menu.

The board of a real session holds 60 to 100 notes: each note is a compact card
(its text, its code, one menu), the columns scroll within the board, several notes
are moved or coded at once from the board's toolbar (a form the notes' check boxes
belong to), and a filter by question and by code (the query string, kept by every
change made on the board) narrows what is shown.
"""

from collections import Counter, defaultdict
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from maillage.accounts.models import User
from maillage.collectives.models import Membership
from maillage.core import dates
from maillage.core.errors import ConflictError, DomainError
from maillage.core.forms import add_domain_error, refusal
from maillage.core.widgets import DateInput

from . import services
from .access import get_consultation, get_group
from .models import Analysis, Commitment, Note, Proposal, QuestionKind, Theme

FACILITATE = "consultations.facilitate_group"
RUN = "consultations.change_consultation"
# What the engine proposes for one group (opinion groups belong to vote rounds).
ENGINE_KINDS = {
    Analysis.Kind.THEMES: gettext_lazy("Propose themes"),
    Analysis.Kind.CODES: gettext_lazy("Propose codes"),
}
BOARD = "consultations/synthesis/board.html"
BOARD_ANSWER = "consultations/synthesis/includes/board_answer.html"
ANALYSIS = "consultations/synthesis/includes/analysis.html"


# ------------------------------------------------------------------------------- forms


class ThemeForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    statement = forms.CharField(
        label=gettext_lazy("Synthesis statement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What the notes of this theme say, in one or two sentences."),
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CommitmentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Commitment"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What will be done, in a few words."),
    )
    person = forms.ModelChoiceField(
        label=gettext_lazy("A member of the collective"),
        queryset=User.objects.none(),
        required=False,
        empty_label=gettext_lazy("(nobody from the list)"),
    )
    person_name = forms.CharField(
        label=gettext_lazy("Or a name"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("Someone without an account, or an organisation."),
    )
    due_on = dates.DateField(
        label=gettext_lazy("Due on"),
        widget=DateInput(),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class MergeForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(queryset=Theme.objects.none(), required=False)
    title = forms.CharField(label=gettext_lazy("Title of the common theme"), max_length=200)
    statement = forms.CharField(
        label=gettext_lazy("Synthesis statement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = consultation.themes.filter(group__isnull=False)


# A choice of the board's forms meaning "none": the unsorted notes, or no code.
NONE = "none"


class BoardFilterForm(forms.Form):
    """What the board shows, read from the query string: the notes answering one
    question, and those of one code (a family with its sub-codes) or not coded yet."""

    question = forms.ChoiceField(label=gettext_lazy("Question"), required=False)
    code = forms.ChoiceField(label=gettext_lazy("Code"), required=False)

    def __init__(self, data, *, questions, codes):
        super().__init__(data)
        self.questions = {str(q.pk): q for q in questions}
        self.codes = {str(c.pk): c for c in codes}
        self.fields["question"].choices = [("", _("All questions"))] + [
            (str(q.pk), _("Q%(number)s · %(question)s") % {"number": q.number, "question": q.text})
            for q in questions
        ]
        self.fields["code"].choices = (
            [("", _("All codes")), (NONE, _("Not coded yet"))]
            + [(str(c.pk), str(c)) for c in codes]
            if codes
            else [("", _("All codes"))]
        )

    def chosen(self):
        """(question, code) chosen: None for "all"; the code may be NONE."""
        if not self.is_bound or not self.is_valid():
            return None, None
        question = self.questions.get(self.cleaned_data["question"])
        code = self.cleaned_data["code"]
        return question, NONE if code == NONE else self.codes.get(code)


class BulkNotesForm(forms.Form):
    """The board's toolbar: the ticked notes (of this group's board only) go into one
    column, or get one code of the grid."""

    MOVE, CODE = "move", "code"

    notes = forms.ModelMultipleChoiceField(
        queryset=Note.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Some of these notes are no longer on this board: reload it and tick them again."
            ),
        },
    )
    theme = forms.ChoiceField(label=gettext_lazy("Move the ticked notes to"), required=False)
    code = forms.ChoiceField(label=gettext_lazy("Give them the code"), required=False)
    action = forms.ChoiceField(choices=[(MOVE, MOVE), (CODE, CODE)], required=False)

    def __init__(self, *args, group, themes, codes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notes"].queryset = Note.objects.filter(
            group=group, hidden=False, duplicate_of=None
        )
        self.themes = {str(t.pk): t for t in themes}
        self.codes = {str(c.pk): c for c in codes}
        self.fields["theme"].choices = [
            ("", _("(choose a column)")),
            (NONE, _("Unsorted notes")),
        ] + [(str(t.pk), t.title) for t in themes]
        self.fields["code"].choices = [
            ("", _("(choose a code)")),
            (NONE, _("No code (take it off)")),
        ] + [(str(c.pk), str(c)) for c in codes]

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if not action:
            raise forms.ValidationError(_("Choose what to do with the ticked notes."))
        if not data.get("notes") and "notes" not in self.errors:
            self.add_error("notes", _("Tick at least one note on the board."))
        field, choices = ("theme", self.themes) if action == self.MOVE else ("code", self.codes)
        value = data.get(field)
        if not value:
            if field == "theme":
                self.add_error(field, _("Choose the column the notes go to."))
            else:
                self.add_error(field, _("Choose the code to give them."))
        else:
            data["target"] = None if value == NONE else choices[value]
        return data

    def ticked(self):
        """The ids of the notes ticked, to tick them again when the form comes back."""
        return {_int(value) for value in self.data.getlist("notes")} - {None}


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _short(text):
    return Truncator(text).chars(60)


# ------------------------------------------------------------------------- the board


def _board_url(group, anchor="", query=""):
    url = reverse("consultations:theme_board", args=[group.consultation.collective.slug, group.pk])
    return f"{url}{query}#{anchor}" if anchor else f"{url}{query}"


def _grid(consultation):
    """The grid's codes in reading order: each family, then its sub-codes."""
    codes = list(consultation.grid_codes.select_related("parent"))
    children = defaultdict(list)
    for code in codes:
        children[code.parent_id].append(code)
    ordered = []
    for family in sorted(children[None], key=lambda c: (c.order, c.label)):
        ordered.append(family)
        ordered.extend(sorted(children[family.pk], key=lambda c: (c.order, c.label)))
    return ordered


def _latest_analysis(group, kind):
    proposals = Proposal.objects.select_related("code__parent", "decided_by").prefetch_related(
        "notes"
    )
    return (
        Analysis.objects.filter(group=group, kind=kind)
        .select_related("requested_by")
        .prefetch_related(Prefetch("proposals", queryset=proposals))
        .first()
    )


def _analysis(group, pk):
    proposals = Proposal.objects.select_related("code__parent", "decided_by").prefetch_related(
        "notes"
    )
    return get_object_or_404(
        Analysis.objects.select_related("requested_by").prefetch_related(
            Prefetch("proposals", queryset=proposals)
        ),
        group=group,
        pk=pk,
    )


def _questions(consultation):
    """The consultation's questions, each with its number as the board shows it (Q1…)."""
    questions = list(consultation.questions.all())
    for number, question in enumerate(questions, start=1):
        question.number = number
    return questions


def _filtered(notes, question, code):
    if question is not None:
        notes = notes.filter(question=question)
    if code == NONE:
        notes = notes.filter(code__isnull=True)
    elif code is not None:  # a family stands for its sub-codes too
        notes = notes.filter(Q(code=code) | Q(code__parent=code))
    return notes


def _board_context(request, group, *, full=True, bulk_form=None, **extra):
    """What the board shows: a column of unsorted notes, then one per theme, with the
    notes the filter keeps. A note that says the same as another is folded under it
    rather than shown as a card. The number of queries does not grow with the notes."""
    consultation = group.consultation
    themes = list(group.themes.order_by("order", "pk"))
    questions = _questions(consultation)
    codes = _grid(consultation)
    filters = BoardFilterForm(
        request.GET if {"question", "code"} & set(request.GET) else None,
        questions=questions,
        codes=codes,
    )
    question, code = filters.chosen()
    filtered = question is not None or code is not None
    on_board = Note.objects.filter(group=group, hidden=False, duplicate_of=None)
    notes = list(
        _filtered(on_board, question, code)
        .select_related("code__parent")
        .prefetch_related(
            Prefetch(
                "duplicates",
                queryset=Note.objects.filter(hidden=False).order_by("created_at", "pk"),
                to_attr="visible_duplicates",
            ),
            "commitments",
        )
    )
    numbered = {q.pk: q for q in questions}
    by_theme = defaultdict(list)
    for note in notes:
        note.question = numbered[note.question_id]
        by_theme[note.theme_id].append(note)
    if filtered:
        totals = Counter(on_board.values_list("theme_id", flat=True))
    else:
        totals = Counter({theme: len(shown) for theme, shown in by_theme.items()})
    columns = [
        {"theme": None, "anchor": "unsorted", "notes": by_theme[None], "total": totals[None]}
    ]
    columns += [
        {
            "theme": theme,
            "anchor": f"theme-{theme.pk}",
            "notes": by_theme[theme.pk],
            "total": totals[theme.pk],
        }
        for theme in themes
    ]
    if bulk_form is None:
        bulk_form = BulkNotesForm(group=group, themes=themes, codes=codes)
    context = {
        "collective": consultation.collective,
        "consultation": consultation,
        "group": group,
        "themes": themes,
        "columns": columns,
        "codes": codes,
        "pledge": QuestionKind.PLEDGE,
        "filters": filters,
        "filtered": filtered,
        "query": _as_query(question, code),
        "shown": len(notes),
        "total": sum(totals.values()),
        "bulk_form": bulk_form,
        "ticked": bulk_form.ticked() if bulk_form.is_bound else set(),
    }
    if full:
        context |= {
            "engine": [
                {"kind": kind, "button": button, "analysis": _latest_analysis(group, kind)}
                for kind, button in ENGINE_KINDS.items()
            ],
            "commitments": Commitment.objects.filter(note__group=group).select_related(
                "person", "note"
            ),
            "can_run": request.user.has_perm(RUN, consultation),
        }
    return context | extra


def _done(request, group, anchor, *, focus=None, analysis=None, focus_proposal=None):
    """After a change on the board: with htmx, the board (and the analysis it came
    from) with the messages out of band; otherwise back to the board, filtered as it
    was. ``focus`` is the note (or "bulk", the toolbar) that takes the focus in the
    new board."""
    if request.htmx:
        context = _board_context(
            request,
            group,
            full=False,
            focus=focus,
            analysis=analysis,
            focus_proposal=focus_proposal,
        )
        return render(request, BOARD_ANSWER, context)
    return redirect(_board_url(group, anchor, _query(request, group)))


def _as_query(question, code):
    """A filter as the query string that keeps it ("" for none)."""
    values = {
        "question": question.pk if question else "",
        "code": NONE if code == NONE else code.pk if code else "",
    }
    values = {key: value for key, value in values.items() if value}
    return "?" + urlencode(values) if values else ""


def _query(request, group):
    """The board's filter of this request (a change made on a filtered board), as the
    query string that keeps it, checked by its form."""
    if not {"question", "code"} & set(request.GET):
        return ""
    consultation = group.consultation
    filters = BoardFilterForm(
        request.GET, questions=_questions(consultation), codes=_grid(consultation)
    )
    return _as_query(*filters.chosen())


def _refused(request, group, exc, *, focus=None, bulk_form=None):
    """A refused change: the message, and the board as it is now (nothing typed is
    lost: these forms only choose among what the board shows, and the ticked notes
    stay ticked)."""
    messages.error(request, exc.message)
    if request.htmx:  # htmx swaps successful answers only
        return render(
            request,
            BOARD_ANSWER,
            _board_context(request, group, full=False, focus=focus, bulk_form=bulk_form),
        )
    status = 409 if isinstance(exc, ConflictError) else 400
    context = _board_context(
        request, group, theme_form=ThemeForm(), focus=focus, bulk_form=bulk_form
    )
    return render(request, BOARD, context, status=status)


def board(request, slug, pk):
    """A group's theme board; posting the "New theme" form adds a column."""
    group = get_group(request, slug, pk, FACILITATE)
    form = ThemeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.create_theme(
                actor=request.user,
                group=group,
                title=form.cleaned_data["title"],
                statement=form.cleaned_data["statement"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("The theme “%(title)s” is on the board.") % {"title": theme.title}
            )
            return redirect(_board_url(group, f"theme-{theme.pk}"))
    return render(
        request,
        BOARD,
        _board_context(request, group, theme_form=form),
        status=400 if form.errors else 200,
    )


def _edit_theme(request, theme, *, back_url, context):
    """Edit a theme's title and statement; on a conflict, show the current text and
    keep the person's, as governance texts do."""
    conflict = None
    if request.method == "POST":
        form = ThemeForm(request.POST)
        if form.is_valid():
            try:
                services.update_theme(
                    actor=request.user,
                    theme=theme,
                    title=form.cleaned_data["title"],
                    statement=form.cleaned_data["statement"],
                    base_version=form.cleaned_data["base_version"] or 0,
                )
            except ConflictError as exc:
                # Keep what the person typed, now based on the current version, so
                # that saving again after comparing is possible.
                theme.refresh_from_db()
                conflict = exc
                data = request.POST.copy()
                data["base_version"] = theme.version
                form = ThemeForm(data)
                form.is_valid()
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The theme is saved."))
                return redirect(back_url)
    else:
        form = ThemeForm(
            initial={
                "title": theme.title,
                "statement": theme.statement,
                "base_version": theme.version,
            }
        )
    status = 409 if conflict else 400 if form.errors else 200
    context |= {"form": form, "theme": theme, "conflict": conflict, "back_url": back_url}
    return render(request, "consultations/synthesis/theme_form.html", context, status=status)


def theme_edit(request, slug, pk, theme):
    group = get_group(request, slug, pk, FACILITATE)
    theme = get_object_or_404(Theme, group=group, pk=theme)
    notes = theme.notes.filter(hidden=False, duplicate_of=None).select_related("question")
    return _edit_theme(
        request,
        theme,
        back_url=_board_url(group, f"theme-{theme.pk}"),
        context={
            "collective": group.consultation.collective,
            "consultation": group.consultation,
            "group": group,
            "notes": notes,
        },
    )


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


# ----------------------------------------------------------------- engine proposals


def _analysis_answer(request, group, analysis, *, announce=False):
    context = {
        "collective": group.consultation.collective,
        "consultation": group.consultation,
        "group": group,
        "analysis": analysis,
        "announce": announce,
    }
    return render(request, "consultations/synthesis/includes/analysis_answer.html", context)


@require_POST
def analysis_request(request, slug, pk):
    """Ask the engine for themes or codes; it works in the background."""
    group = get_group(request, slug, pk, FACILITATE)
    kind = request.POST.get("kind")
    analysis = None
    try:
        if kind not in ENGINE_KINDS:
            raise DomainError(_("Choose what the engine should propose: themes or codes."))
        analysis = services.request_analysis(
            actor=request.user, consultation=group.consultation, kind=kind, group=group
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "The engine is at work. Go on sorting the notes meanwhile: its proposals "
                "will appear here; nothing changes until you accept one."
            ),
        )
    if not request.htmx:
        return redirect(_board_url(group, f"engine-{kind}" if kind in ENGINE_KINDS else "engine"))
    if kind in ENGINE_KINDS:
        # The new analysis, or the one already running (it may have finished already).
        analysis = _latest_analysis(group, kind)
    return _analysis_answer(request, group, analysis)


def analysis_progress(request, slug, pk, analysis):
    """Where an analysis is: htmx polls this fragment while it waits or runs."""
    group = get_group(request, slug, pk, FACILITATE)
    analysis = _analysis(group, analysis)
    if request.htmx:
        return _analysis_answer(request, group, analysis, announce=True)
    return render(
        request,
        "consultations/synthesis/analysis.html",
        {
            "collective": group.consultation.collective,
            "consultation": group.consultation,
            "group": group,
            "analysis": analysis,
        },
    )


def _review(request, slug, pk, proposal, accept):
    group = get_group(request, slug, pk, FACILITATE)
    proposal = get_object_or_404(
        Proposal.objects.select_related("code__parent"), group=group, pk=proposal
    )
    try:
        if accept:
            services.accept_proposal(actor=request.user, proposal=proposal)
        else:
            services.reject_proposal(actor=request.user, proposal=proposal)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if not accept:
            message = _("The proposal “%(label)s” is set aside.")
        elif proposal.code_id:
            message = _("The code “%(label)s” is set on the note.")
        else:
            message = _("The theme “%(label)s” is on the board, with its unsorted notes.")
        messages.success(request, message % {"label": proposal.label})
    if not request.htmx:
        return redirect(_board_url(group, f"proposal-{proposal.pk}"))
    return _done(
        request,
        group,
        "",
        analysis=_analysis(group, proposal.analysis_id),
        focus_proposal=proposal.pk,
    )


@require_POST
def proposal_accept(request, slug, pk, proposal):
    return _review(request, slug, pk, proposal, accept=True)


@require_POST
def proposal_reject(request, slug, pk, proposal):
    return _review(request, slug, pk, proposal, accept=False)


# -------------------------------------------------------- the synthesis of syntheses


def _notes_behind(consultation):
    """How many participants' notes stand behind each theme of the consultation:
    its notes and the notes folded under them as saying the same."""
    counts = defaultdict(int)
    visible = Note.objects.filter(group__consultation=consultation, hidden=False)
    for row in (
        visible.filter(duplicate_of=None, theme__isnull=False)
        .values("theme_id")
        .annotate(n=Count("pk"))
    ):
        counts[row["theme_id"]] += row["n"]
    for row in (
        visible.filter(duplicate_of__isnull=False, duplicate_of__theme__isnull=False)
        .values("duplicate_of__theme_id")
        .annotate(n=Count("pk"))
    ):
        counts[row["duplicate_of__theme_id"]] += row["n"]
    return counts


def _synthesis_context(consultation):
    """The groups' themes, and the common themes with their provenance: the groups
    (territories) whose themes they gather, followed through common themes that
    gather other common themes."""
    themes = {
        t.pk: t
        for t in consultation.themes.select_related("group__territory").order_by(
            "group__name", "order", "pk"
        )
    }
    links = Theme.sources.through.objects.filter(from_theme__consultation=consultation)
    sources, merged_into = defaultdict(list), defaultdict(list)
    for link in links.values_list("from_theme_id", "to_theme_id"):
        sources[link[0]].append(link[1])
        merged_into[link[1]].append(link[0])
    counts = _notes_behind(consultation)

    def leaves(pk, seen):
        if pk in seen:
            return set()
        seen.add(pk)
        if themes[pk].group_id is not None:
            return {pk}
        return set().union(*(leaves(source, seen) for source in sources[pk]))

    common = []
    for theme in themes.values():
        if theme.group_id is not None:
            theme.notes_behind = counts[theme.pk]
            theme.merged_titles = [themes[pk].title for pk in merged_into[theme.pk]]
            continue
        origin = [themes[pk] for pk in leaves(theme.pk, set())]
        groups = {t.group_id: t.group for t in origin}
        theme.said_in = sorted(groups.values(), key=lambda g: g.name.lower())
        theme.notes_behind = sum(counts[t.pk] for t in origin)
        theme.source_themes = [themes[pk] for pk in sources[theme.pk]]
        common.append(theme)
    common.sort(key=lambda t: (t.order, t.pk))
    groups = []
    for group in consultation.groups.select_related("territory"):
        group.board_themes = [t for t in themes.values() if t.group_id == group.pk]
        groups.append(group)
    return {"groups": groups, "common": common}


def synthesis(request, slug, pk):
    """The synthesis of syntheses: merge themes of several groups into common ones."""
    consultation = get_consultation(request, slug, pk, RUN)
    form = MergeForm(request.POST if request.method == "POST" else None, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            merged = services.merge_themes(
                actor=request.user,
                consultation=consultation,
                themes=form.cleaned_data["themes"],
                title=form.cleaned_data["title"],
                statement=form.cleaned_data["statement"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("The common theme “%(title)s” is saved.") % {"title": merged.title}
            )
            url = reverse("consultations:synthesis", args=[slug, consultation.pk])
            return redirect(f"{url}#common-{merged.pk}")
    selected = {str(value) for value in (form["themes"].value() or [])}
    context = {
        "collective": consultation.collective,
        "consultation": consultation,
        "form": form,
        "selected": selected,
        **_synthesis_context(consultation),
    }
    return render(
        request,
        "consultations/synthesis/synthesis.html",
        context,
        status=400 if form.errors else 200,
    )


def synthesis_theme_edit(request, slug, pk, theme):
    """Edit a common theme's title and statement."""
    consultation = get_consultation(request, slug, pk, RUN)
    theme = get_object_or_404(Theme, consultation=consultation, group=None, pk=theme)
    url = reverse("consultations:synthesis", args=[slug, consultation.pk])
    return _edit_theme(
        request,
        theme,
        back_url=f"{url}#common-{theme.pk}",
        context={
            "collective": consultation.collective,
            "consultation": consultation,
            "sources": theme.sources.select_related("group"),
        },
    )
