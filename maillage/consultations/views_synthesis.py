"""The engine's proposals for a group's board, and the synthesis of syntheses where those
who run the consultation merge the groups' themes."""

from collections import defaultdict

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error

from . import services, views_territory
from . import services_territory as territory_services
from .access import get_consultation, get_group
from .forms_synthesis import AnalysisRequestForm, MergeForm
from .forms_territory import GatherForm
from .models import Note, Proposal, Theme
from .views_board import (
    ENGINE_KINDS,
    FACILITATE,
    _analysis,
    _board_url,
    _done,
    _latest_analysis,
    edit_theme,
)

# Those who run the consultation (for a network consultation, its network's
# coordinators too: rules.runs_consultation).
RUN_SYNTHESES = "consultations.change_consultation"

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
    form = AnalysisRequestForm(request.POST)
    kind = request.POST.get("kind")
    analysis = None
    try:
        if not form.is_valid():
            raise DomainError(next(iter(form.errors.values()))[0])
        analysis = services.request_analysis(
            actor=request.user,
            consultation=group.consultation,
            kind=kind,
            group=group,
            across_questions=form.cleaned_data["across_questions"],
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
    """The synthesis of syntheses: merge themes of several groups into common ones; for
    a network consultation, gather the themes of the territories' published syntheses
    (views_territory.network_context says where each was said)."""
    consultation = get_consultation(request, slug, pk, RUN_SYNTHESES)
    data = request.POST if request.method == "POST" else None
    if consultation.network_id:
        published = list(territory_services.published_territories(consultation))
        form = GatherForm(
            data, themes=consultation.themes.filter(group=None, territory__in=published)
        )
        merge = territory_services.merge_network_themes
        describe = views_territory.network_context
        template = "consultations/territory/network_synthesis.html"
    else:
        form = MergeForm(data, consultation=consultation)
        merge, describe = services.merge_themes, _synthesis_context
        template = "consultations/synthesis/synthesis.html"
    if request.method == "POST" and form.is_valid():
        try:
            merged = merge(
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
    context = {
        "collective": consultation.collective,
        "consultation": consultation,
        "form": form,
        "selected": {str(value) for value in (form["themes"].value() or [])},
        **describe(consultation),
    }
    return render(request, template, context, status=400 if form.errors else 200)


def synthesis_theme_edit(request, slug, pk, theme):
    """Edit a common theme's title and statement."""
    consultation = get_consultation(request, slug, pk, RUN_SYNTHESES)
    theme = get_object_or_404(
        Theme, consultation=consultation, group=None, territory=None, pk=theme
    )
    url = reverse("consultations:synthesis", args=[slug, consultation.pk])
    return edit_theme(
        request,
        theme,
        back_url=f"{url}#common-{theme.pk}",
        context={
            "collective": consultation.collective,
            "consultation": consultation,
            "sources": theme.sources.select_related("group", "territory"),
        },
    )
