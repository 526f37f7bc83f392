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

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from maillage.core.errors import ConflictError, DomainError
from maillage.core.forms import add_domain_error

from . import services
from .access import get_group
from .forms_synthesis import (
    NONE,
    BoardFilterForm,
    BulkNotesForm,
    ThemeForm,
    ThemeMoveForm,
    VersionForm,
)
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
                {
                    "kind": kind,
                    "button": button,
                    "analysis": _latest_analysis(group, kind),
                    "per_question": kind == Analysis.Kind.THEMES,
                }
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


def edit_theme(
    request,
    theme,
    *,
    back_url,
    context,
    save=services.update_theme,
    template="consultations/synthesis/theme_form.html",
):
    """Edit a theme's title and statement through ``save`` (a service taking actor,
    theme, title, statement and base_version); on a conflict, show the current text
    and keep the person's, as governance texts do. A territory's synthesis edits its
    themes here too (views_territory)."""
    conflict = None
    if request.method == "POST":
        form = ThemeForm(request.POST)
        if form.is_valid():
            try:
                save(
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
    return render(request, template, context, status=status)


def theme_edit(request, slug, pk, theme):
    group = get_group(request, slug, pk, FACILITATE)
    theme = get_object_or_404(Theme, group=group, pk=theme)
    notes = theme.notes.filter(hidden=False, duplicate_of=None).select_related("question")
    return edit_theme(
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


# ----------------------------------------------------------- deleting and ordering themes


@require_POST
def theme_delete(request, slug, pk, theme):
    """Delete a theme of the board; its notes go back among the unsorted notes."""
    group = get_group(request, slug, pk, FACILITATE)
    theme = get_object_or_404(Theme, group=group, pk=theme)
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("The form is incomplete: reload the page and try again."))
        count = services.delete_theme(
            actor=request.user, theme=theme, base_version=form.cleaned_data["version"]
        )
    except DomainError as exc:
        return _refused(request, group, exc)
    messages.success(
        request,
        ngettext(
            "The theme “%(title)s” is deleted; its note is back among the unsorted notes.",
            "The theme “%(title)s” is deleted; its %(count)s notes are back among the "
            "unsorted notes.",
            count,
        )
        % {"title": theme.title, "count": count},
    )
    return _done(request, group, "unsorted")


@require_POST
def theme_move(request, slug, pk, theme):
    """Move a theme's column one place up (left) or down (right) on the board."""
    group = get_group(request, slug, pk, FACILITATE)
    theme = get_object_or_404(Theme, group=group, pk=theme)
    form = ThemeMoveForm(request.POST)
    if not form.is_valid():
        return _refused(request, group, DomainError(form.errors["direction"][0]))
    services.move_theme(
        actor=request.user, theme=theme, up=form.cleaned_data["direction"] == ThemeMoveForm.UP
    )
    messages.success(request, _("The theme “%(title)s” has moved.") % {"title": theme.title})
    return _done(request, group, f"theme-{theme.pk}")
