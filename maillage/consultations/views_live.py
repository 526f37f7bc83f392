"""A group's live session: its wall of notes kept up to date by polling, the
facilitators' moderation, the projection screen with the join code, notes typed
from paper, and the mood check ("météo de l'humeur").

Participants without an account reach the wall with their cookie
(access.participant_for). Only the group's facilitators (perm
"consultations.see_authors") learn who wrote a note.
"""

import functools
from itertools import groupby
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from maillage.core.errors import ConflictError, DomainError
from maillage.core.forms import refusal

from . import access, services
from .forms_contact import wall_contact
from .forms_live import ModerationForm, MoodForm, NoteForm
from .models import Mood, Note, RoundKind

NOTES_TEMPLATE = "consultations/live/includes/notes.html"
WALL_CACHE_SECONDS = 30

WEATHER_ICONS = {
    Mood.Weather.STORM: "⛈",
    Mood.Weather.RAIN: "🌧",
    Mood.Weather.CLOUDS: "☁",
    Mood.Weather.SUN_AND_CLOUDS: "⛅",
    Mood.Weather.SUN: "☀",
}


# ------------------------------------------------------------------------------ access


def wall_reader(view):
    """The view gets the group if the person may read its wall (access.can_read_wall).

    404 when the consultation is out of sight; the login page for a visitor without an
    account who takes no part in the consultation; 403 for everyone else."""

    @login_not_required
    @functools.wraps(view)
    def wrapper(request, slug, pk, *args, **kwargs):
        group = access.get_group(request, slug, pk, perm=None)
        if not access.can_read_wall(request, group):
            if (
                not request.user.is_authenticated
                and access.participant_for(request, group.consultation) is None
            ):
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        return view(request, group, *args, **kwargs)

    return wrapper


def _participant_in(request, group):
    participant = access.participant_for(request, group.consultation)
    return participant if participant is not None and participant.group_id == group.pk else None


def _session_open(group):
    return group.live and (group.code_expires_at is None or group.code_expires_at > timezone.now())


def _number(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# ------------------------------------------------------------------------------- notes


def _notes(group, *, moderator, authors):
    """The group's notes in the order they were written, loading only what is shown."""
    notes = Note.objects.filter(group=group).order_by("pk")
    fields = ["id", "question", "text", "original_text", "hidden"]
    if moderator:
        fields += ["hidden_reason", "version"]
    else:
        notes = notes.filter(hidden=False)
    if authors:
        notes = notes.select_related("participant__user", "entered_by")
        fields += [
            "participant__display_name",
            "participant__user__display_name",
            "participant__user__email",
            "entered_by__display_name",
            "entered_by__email",
        ]
    return notes.only(*fields)


def _wall_state(group):
    """The last note's id and the number of changes made to the group's notes
    (every change of a note raises its version by one): a new note moves the first,
    hiding, showing or correcting one moves the second."""
    return _state_of(group.pk)


def _sections(questions, notes):
    by_question = {question.pk: [] for question in questions}
    for note in notes:
        by_question.setdefault(note.question_id, []).append(note)
    return [(question, by_question[question.pk]) for question in questions]


def _viewer(request, group):
    user = request.user
    return {
        "moderator": user.has_perm("consultations.facilitate_group", group),
        "sees_authors": user.has_perm("consultations.see_authors", group),
    }


def _notes_region(request, group, viewer, state, *, full=False):
    """The rendered notes of the wall as they are at ``state`` (last note, changes).

    Everyone but the facilitators sees the same notes, without names or forms: that
    version is rendered once per state and language and kept a few seconds, so that
    300 participants fetching the whole wall after a note was hidden cost one
    rendering. The key holds the group's join code, drawn at random, so that it
    never names another group's wall (ids come back in a rolled-back test database).
    """
    last, changes = state
    key = None
    if not viewer["moderator"] and not viewer["sees_authors"]:
        parts = (group.pk, group.join_code, last, changes, get_language(), int(full))
        key = "consultations:wall:" + ":".join(map(str, parts))
        html = cache.get(key)
        if html is not None:
            return mark_safe(html)  # noqa: S308 - what render_to_string gave below
    notes = _notes(group, moderator=viewer["moderator"], authors=viewer["sees_authors"])
    questions = group.consultation.questions.order_by("order", "pk")
    context = {
        "group": group,
        "collective": group.consultation.collective,
        "sections": _sections(questions, notes.filter(pk__lte=last)),
        "full": full,
        **viewer,
    }
    if key is None:  # the facilitators' forms hold their CSRF token
        return render_to_string(NOTES_TEMPLATE, context, request)
    html = render_to_string(NOTES_TEMPLATE, context)
    cache.set(key, html, WALL_CACHE_SECONDS)
    return html


# -------------------------------------------------------------------------------- wall


@wall_reader
def wall(request, group):
    return _render_wall(request, group)


def _render_wall(request, group, *, note_form=None, mood_form=None, status=200):
    consultation = group.consultation
    viewer = _viewer(request, group)
    participant = _participant_in(request, group)
    context = {
        "collective": consultation.collective,
        "consultation": consultation,
        "group": group,
        "participant": participant,
        "session_open": _session_open(group),
        **viewer,
    }
    last, changes = _wall_state(group)
    context.update(
        after=last,
        changes=changes,
        notes_region=_notes_region(request, group, viewer, (last, changes)),
    )
    if participant is not None:
        round_ = consultation.active_round()
        context["contributing"] = round_ is not None and round_.kind == RoundKind.CONTRIBUTE
        context["vote_round"] = round_ if round_ is not None and round_.is_vote else None
        if context["contributing"] and context["session_open"]:
            context["note_form"] = note_form or NoteForm(
                consultation=consultation, initial={"question": request.GET.get("question")}
            )
        context.update(_mood_form_context(participant, mood_form))
        context.update(wall_contact(participant, consultation=consultation))  # views_contact
    if viewer["moderator"]:
        context["mood_chart"] = _mood_chart(group)
    return render(request, "consultations/live/wall.html", context, status=status)


def _state_of(group_pk):
    """See _wall_state; one SQL statement, without the ORM's query building, since
    polling runs it for every participant every 2 seconds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT MAX(id), COUNT(id), SUM(version) FROM consultations_note WHERE group_id = %s",
            [group_pk],
        )
        last, count, versions = cursor.fetchone()
    return last or 0, (versions or 0) - (count or 0)


@never_cache
@login_not_required
@require_http_methods(["GET", "POST"])
def wall_notes(request, slug, pk):
    """The polled fragment. Participants without an account all get the same answer
    for the same (wall state, last note they have): it is computed once and kept a few
    seconds, and reaching it costs one query (bench/bench_wall.py)."""
    if request.method != "GET" or request.user.is_authenticated:
        return _wall_notes(request, slug, pk)
    if access.polling_participant(request, slug, pk) is None:
        return _wall_notes(request, slug, pk)
    after = _number(request.GET.get("after"), 0)
    version = _number(request.GET.get("version"))
    last, changes = _state_of(pk)
    if version is not None and version != changes:
        # Notes were hidden or corrected: the whole wall, the same for every participant.
        key = f"consultations:poll:{pk}:{last}:{changes}:{get_language()}"
        content = cache.get(key)
        if content is None:
            response = _wall_notes(request, slug, pk)
            if response.status_code == 200:
                cache.set(key, response.content, WALL_CACHE_SECONDS)
            return response
        return HttpResponse(content)
    if last <= after:
        return HttpResponse(status=204)
    # Only the new notes, as participants see them (no names, no forms). Participants
    # who saw the same last note get the same answer: rendered once, kept a few seconds
    # in the cache every node shares, so that a note posted at a table of 600 phones
    # is rendered once, not 600 times (bench/bench_cluster.py --tables 1).
    key = f"consultations:new:{pk}:{after}:{last}:{changes}:{get_language()}"
    content = cache.get(key)
    if content is None:
        content = _new_notes(slug, pk, after, last, changes)
        cache.set(key, content, WALL_CACHE_SECONDS)
    return HttpResponse(content)


def _new_notes(slug, pk, after, last, changes):
    """The rendered notes after ``after`` up to ``last`` as participants see them."""
    notes = [
        SimpleNamespace(pk=note_pk, question_id=question, text=text, original_text=original)
        for note_pk, question, text, original in Note.objects.filter(
            group_id=pk, hidden=False, pk__gt=after, pk__lte=last
        )
        .order_by("question_id", "pk")
        .values_list("pk", "question_id", "text", "original_text")
    ]
    context = {
        "group": SimpleNamespace(pk=pk),
        "collective": SimpleNamespace(slug=slug),
        "full": False,
        "moderator": False,
        "sees_authors": False,
        "new": [(qid, list(items)) for qid, items in groupby(notes, lambda n: n.question_id)],
        "after": last,
        "changes": changes,
    }
    return render_to_string("consultations/live/includes/updates.html", context)


@wall_reader
def _wall_notes(request, group):
    """GET: what changed on the wall since the client's last note (``after``) and
    changes stamp (``version``): nothing (204), the new notes to append, or every
    note when some were hidden, shown again or corrected. POST: a new note."""
    if request.method == "POST":
        return _post_note(request, group)
    after = _number(request.GET.get("after"), 0)
    version = _number(request.GET.get("version"))
    last, changes = _wall_state(group)
    full = version is not None and version != changes
    if not full and last <= after:
        return HttpResponse(status=204)
    viewer = _viewer(request, group)
    context = {"group": group, "collective": group.consultation.collective, "full": full, **viewer}
    if full:
        context.update(
            after=last,
            changes=changes,
            notes_region=_notes_region(request, group, viewer, (last, changes), full=True),
        )
    else:
        notes = list(
            _notes(group, moderator=viewer["moderator"], authors=viewer["sees_authors"]).filter(
                pk__gt=after
            )
        )
        notes.sort(key=lambda note: (note.question_id, note.pk))
        context["new"] = [
            (qid, list(items)) for qid, items in groupby(notes, lambda n: n.question_id)
        ]
        context["after"] = max([last] + [note.pk for note in notes])
        context["changes"] = changes
    return render(request, "consultations/live/includes/updates.html", context)


def _post_note(request, group):
    participant = _participant_in(request, group)
    if participant is None:
        raise PermissionDenied
    consultation = group.consultation
    form = NoteForm(request.POST, consultation=consultation)
    note = None
    if form.is_valid():
        try:
            note = services.post_note(
                participant=participant,
                question=form.cleaned_data["question"],
                text=form.cleaned_data["text"],
                client_key=form.cleaned_data["client_key"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    if request.htmx:
        posted = note is not None
        if posted:  # a fresh form on the same question, for the next idea
            form = NoteForm(consultation=consultation, initial={"question": note.question_id})
        form.fields["text"].widget.attrs["autofocus"] = True
        response = render(
            request,
            "consultations/live/includes/note_form.html",
            {
                "group": group,
                "collective": consultation.collective,
                "note_form": form,
                "posted": posted,
            },
        )
        if posted:
            response["HX-Trigger"] = "wall-changed"  # the poller fetches the new note now
        return response
    if note is not None:
        messages.success(request, _("Your note is on the wall."))
        return redirect(f"{group.get_absolute_url()}?question={note.question_id}#note-{note.pk}")
    return _render_wall(request, group, note_form=form)


# -------------------------------------------------------------------------- moderation


def _moderated_note(request, slug, pk, note_pk):
    group = access.get_group(request, slug, pk, "consultations.facilitate_group")
    note = get_object_or_404(Note.objects.select_related("group"), group=group, pk=note_pk)
    return group, note


def _note_fragment(request, group, note_pk, **extra):
    viewer = _viewer(request, group)
    note = _notes(group, moderator=True, authors=viewer["sees_authors"]).get(pk=note_pk)
    context = {
        "group": group,
        "collective": group.consultation.collective,
        "note": note,
        "focus": "edit" not in extra,  # else the field in error takes the focus
        **viewer,
        **extra,
    }
    return render(request, "consultations/live/includes/moderated.html", context)


def _moderate(request, group, note, action, change):
    """Run ``change`` (a service call, given the form's data) and answer: the note
    again for htmx, the wall otherwise; the same form with the message when the form
    or the change is refused."""
    form = ModerationForm(request.POST)
    valid = form.is_valid()
    base_version = form.cleaned_data.get("base_version")
    value = form.data.get("reason" if action == "hide" else "text", "")
    try:
        if not valid:
            raise refusal(form)
        change(form.cleaned_data)
    except ConflictError as exc:
        messages.error(request, exc.message)
        if request.htmx:
            return _note_fragment(request, group, note.pk)
        return _render_wall(request, group, status=409)
    except DomainError as exc:
        edit = {
            "note_id": note.pk,
            "action": action,
            "value": value,
            "base_version": base_version if base_version is not None else note.version,
            "error": exc.message,
        }
        if request.htmx:
            return _note_fragment(request, group, note.pk, edit=edit)
        return _moderation_page(request, group, note, action, edit)
    if request.htmx:
        return _note_fragment(request, group, note.pk)
    return redirect(f"{group.get_absolute_url()}#note-{note.pk}")


def _moderation_page(request, group, note, action, edit=None):
    viewer = _viewer(request, group)
    note = _notes(group, moderator=True, authors=viewer["sees_authors"]).get(pk=note.pk)
    context = {
        "collective": group.consultation.collective,
        "consultation": group.consultation,
        "group": group,
        "note": note,
        "action": action,
        "edit": edit or {"note_id": None},
        **viewer,
    }
    return render(request, "consultations/live/moderate.html", context)


@require_http_methods(["GET", "POST"])
def hide_note(request, slug, pk, note):
    group, note = _moderated_note(request, slug, pk, note)
    if request.method == "GET":
        return _moderation_page(request, group, note, "hide")

    def change(data):
        services.hide_note(
            actor=request.user,
            note=note,
            reason=data["reason"],
            base_version=data["base_version"],
        )
        messages.success(request, _("The note is hidden from the participants."))

    return _moderate(request, group, note, "hide", change)


@require_POST
def show_note(request, slug, pk, note):
    group, note = _moderated_note(request, slug, pk, note)

    def change(data):
        services.show_note(actor=request.user, note=note)
        messages.success(request, _("The note is shown to the participants again."))

    return _moderate(request, group, note, "show", change)


@require_http_methods(["GET", "POST"])
def correct_note(request, slug, pk, note):
    group, note = _moderated_note(request, slug, pk, note)
    if request.method == "GET":
        return _moderation_page(request, group, note, "correct")

    def change(data):
        services.correct_note(
            actor=request.user,
            note=note,
            text=data["text"],
            base_version=data["base_version"],
        )
        messages.success(request, _("The note is corrected; its original words are kept."))

    return _moderate(request, group, note, "correct", change)


# ----------------------------------------------------------------------------- mood


def _mood_form_context(participant, form=None):
    chosen = {mood.moment: mood for mood in participant.moods.all()}
    if form is None:
        moment = Mood.Moment.END if Mood.Moment.START in chosen else Mood.Moment.START
        form = MoodForm(initial={"moment": moment}, auto_id="mood_%s")
    selected = _number(form["value"].value())
    return {
        "mood_form": form,
        "moods": [chosen[m] for m in Mood.Moment.values if m in chosen],
        "weathers": [
            {
                "value": value,
                "label": label,
                "icon": WEATHER_ICONS[value],
                "checked": value == selected,
            }
            for value, label in Mood.Weather.choices
        ],
    }


CHART = {"width": 640, "height": 240, "top": 30, "bottom": 200, "left": 20, "slot": 120, "bar": 40}


def _mood_chart(group):
    """Start and end counts per weather, with the geometry of an SVG bar chart."""
    rows = (
        Mood.objects.filter(participant__group=group)
        .values("moment", "value")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {(row["moment"], row["value"]): row["n"] for row in rows}
    top = max(counts.values(), default=0)
    plot = CHART["bottom"] - CHART["top"]
    weathers = []
    for index, (value, label) in enumerate(Mood.Weather.choices):
        x = CHART["left"] + index * CHART["slot"]
        bars = []
        for offset, moment in ((10, Mood.Moment.START), (10 + CHART["bar"] + 8, Mood.Moment.END)):
            count = counts.get((moment, value), 0)
            height = round(plot * count / top) if top else 0
            bars.append(
                {
                    "moment": moment,
                    "count": count,
                    "x": x + offset,
                    "y": CHART["bottom"] - height,
                    "height": height,
                    "label_x": x + offset + CHART["bar"] // 2,
                    "label_y": CHART["bottom"] - height - 6,
                }
            )
        weathers.append(
            {
                "label": label,
                "start": bars[0]["count"],
                "end": bars[1]["count"],
                "bars": bars,
                "label_x": x + CHART["slot"] // 2,
            }
        )
    return {
        "weathers": weathers,
        "total": sum(counts.values()),
        "geometry": CHART,
        "axis_y": CHART["bottom"],
        "label_y": CHART["bottom"] + 22,
    }
