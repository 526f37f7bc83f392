"""The territories' syntheses of a network consultation, and the network's synthesis
of syntheses drawn from the published ones (services_territory).

A territory's coordinators gather their groups' themes into the territory's themes
and publish them; those who run the consultation read every territory's synthesis;
the others of the network read a territory's synthesis once it is published. The
network's synthesis of syntheses (views_synthesis.synthesis, for a network
consultation) offers only the published territories' themes.
"""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.collectives.models import Collective
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error
from maillage.core.typography import elide

from . import services_territory as territory_services
from .forms_synthesis import VersionForm
from .forms_territory import GatherForm
from .models import Consultation, Theme
from .rules_syntheses import in_the_network
from .views_board import edit_theme

VIEW = "consultations.view_territory_synthesis"
CHANGE = "consultations.change_territory_synthesis"
VIEW_ALL = "consultations.view_network_syntheses"


def _network_consultation(request, slug, pk):
    """A network consultation the person may see: as the consultation's page allows
    (its network's coordinators included), or as a member of a collective of its
    network, even while it is prepared (404 otherwise)."""
    consultation = get_object_or_404(
        Consultation.objects.select_related("collective", "network"),
        collective__slug=slug,
        pk=pk,
        network__isnull=False,
    )
    user = request.user
    if not (
        Consultation.objects.visible_to(user).filter(pk=pk).exists()
        or in_the_network(user, consultation)
    ):
        raise Http404
    return consultation


def _territory_synthesis(request, slug, pk, territory, perm=VIEW):
    consultation = _network_consultation(request, slug, pk)
    territory = get_object_or_404(Collective, slug=territory)
    if not territory_services.is_territory(consultation, territory):
        raise Http404
    state = territory_services.synthesis_of(consultation, territory)
    if not request.user.has_perm(perm, state):
        raise PermissionDenied
    return state


def _heading(territory):
    return elide(_("Synthesis of %(name)s") % {"name": territory.name})


def _url(state, anchor=""):
    url = reverse(
        "consultations:territory_synthesis",
        args=[state.consultation.collective.slug, state.consultation.pk, state.territory.slug],
    )
    return f"{url}#{anchor}" if anchor else url


def notes_behind(consultation):
    from .views_synthesis import _notes_behind

    return _notes_behind(consultation)


def said_in(consultation):
    """For each theme of the consultation without a group: the groups whose themes it
    gathers, followed through the themes it gathers (group theme → territory theme
    → network theme), as {theme pk: [groups]}, with every theme by pk."""
    themes = {
        t.pk: t
        for t in consultation.themes.select_related("group__territory", "territory").order_by(
            "order", "pk"
        )
    }
    sources = defaultdict(list)
    for source, target in Theme.sources.through.objects.filter(
        from_theme__consultation=consultation
    ).values_list("from_theme_id", "to_theme_id"):
        sources[source].append(target)

    def leaves(pk, seen):
        if pk in seen or pk not in themes:
            return set()
        seen.add(pk)
        if themes[pk].group_id is not None:
            return {pk}
        return set().union(*(leaves(source, seen) for source in sources[pk]))

    origin = {
        pk: [themes[leaf] for leaf in leaves(pk, set())]
        for pk, theme in themes.items()
        if theme.group_id is None
    }
    return themes, sources, origin


def by_territory(group_themes):
    """[(territory, [groups])] of the groups behind ``group_themes``, by name."""
    found = defaultdict(dict)
    for theme in group_themes:
        found[theme.group.territory][theme.group_id] = theme.group
    return [
        (territory, sorted(groups.values(), key=lambda g: g.name.lower()))
        for territory, groups in sorted(
            found.items(), key=lambda item: item[0].name.lower() if item[0] else ""
        )
    ]


def territory_context(consultation, territory):
    """The territory's groups with their themes, and its synthesis' themes with the
    groups they come from and the notes behind them."""
    themes, sources, origin = said_in(consultation)
    counts = notes_behind(consultation)
    gathered = defaultdict(list)
    for pk, theme in themes.items():
        for source in sources[pk]:
            gathered[source].append(theme.title)
    groups = list(consultation.groups.filter(territory=territory).order_by("name"))
    for group in groups:
        group.board_themes = [t for t in themes.values() if t.group_id == group.pk]
        for theme in group.board_themes:
            theme.notes_behind = counts[theme.pk]
            theme.gathered_in = gathered[theme.pk]
    own = []
    for pk, theme in themes.items():
        if theme.group_id is None and theme.territory_id == territory.pk:
            theme.source_themes = [themes[s] for s in sources[pk] if s in themes]
            theme.said_in = sorted(
                {t.group_id: t.group for t in origin[pk]}.values(), key=lambda g: g.name.lower()
            )
            theme.notes_behind = sum(counts[t.pk] for t in origin[pk])
            own.append(theme)
    return {"groups": groups, "territory_themes": own}


def territory_list(request, slug, pk):
    """The territories of a network consultation and where their syntheses are."""
    consultation = _network_consultation(request, slug, pk)
    if not request.user.has_perm(VIEW_ALL, consultation):
        raise PermissionDenied
    rows = []
    for territory in territory_services.territories(consultation):
        state = territory_services.synthesis_of(consultation, territory)
        rows.append(
            {
                "territory": territory,
                "state": state,
                "groups": consultation.groups.filter(territory=territory).count(),
                "themes": territory_services.territory_themes(consultation, territory).count(),
                "readable": request.user.has_perm(VIEW, state),
                "writable": request.user.has_perm(CHANGE, state),
            }
        )
    return render(
        request,
        "consultations/territory/list.html",
        {
            "collective": consultation.collective,
            "consultation": consultation,
            "rows": rows,
            "runs": request.user.has_perm("consultations.change_consultation", consultation),
        },
    )


def territory_synthesis(request, slug, pk, territory):
    """A territory's synthesis: its coordinators gather their groups' themes into it
    and publish it; the others read it."""
    state = _territory_synthesis(request, slug, pk, territory)
    consultation, territory = state.consultation, state.territory
    writable = request.user.has_perm(CHANGE, state)
    if request.method == "POST" and not writable:
        raise PermissionDenied
    form = None
    if writable and not state.is_published:
        form = GatherForm(
            request.POST if request.method == "POST" else None,
            themes=consultation.themes.filter(group__territory=territory),
        )
        if request.method == "POST" and form.is_valid():
            try:
                theme = territory_services.gather_territory_theme(
                    actor=request.user,
                    consultation=consultation,
                    territory=territory,
                    themes=form.cleaned_data["themes"],
                    title=form.cleaned_data["title"],
                    statement=form.cleaned_data["statement"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request, _("The theme “%(title)s” is saved.") % {"title": theme.title}
                )
                return redirect(_url(state, f"territory-theme-{theme.pk}"))
    elif request.method == "POST":
        messages.error(
            request,
            _("This territory's synthesis is published: withdraw it before changing its themes."),
        )
        return redirect(_url(state))
    selected = {str(value) for value in (form["themes"].value() or [])} if form else set()
    context = {
        "collective": consultation.collective,
        "consultation": consultation,
        "territory": territory,
        "heading": _heading(territory),
        "state": state,
        "writable": writable,
        "form": form,
        "selected": selected,
        **territory_context(consultation, territory),
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "consultations/territory/synthesis.html", context, status=status)


def territory_theme_edit(request, slug, pk, territory, theme):
    """Change the title and statement of a theme of the territory's synthesis."""
    state = _territory_synthesis(request, slug, pk, territory, CHANGE)
    theme = get_object_or_404(
        Theme, consultation=state.consultation, group=None, territory=state.territory, pk=theme
    )
    context = {
        "collective": state.consultation.collective,
        "consultation": state.consultation,
        "territory": state.territory,
        "heading": _heading(state.territory),
        "state": state,
        "sources": theme.sources.select_related("group"),
    }
    return edit_theme(
        request,
        theme,
        back_url=_url(state, f"territory-theme-{theme.pk}"),
        context=context,
        save=territory_services.change_territory_theme,
        template="consultations/territory/theme_form.html",
    )


@require_POST
def territory_theme_delete(request, slug, pk, territory, theme):
    state = _territory_synthesis(request, slug, pk, territory, CHANGE)
    theme = get_object_or_404(
        Theme, consultation=state.consultation, group=None, territory=state.territory, pk=theme
    )
    form = VersionForm(request.POST)
    form.is_valid()
    try:
        territory_services.delete_territory_theme(
            actor=request.user, theme=theme, base_version=form.cleaned_data.get("version")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_url(state, f"territory-theme-{theme.pk}"))
    messages.success(request, _("The theme “%(title)s” is deleted.") % {"title": theme.title})
    return redirect(_url(state, "territory-themes-title"))


@require_POST
def territory_publish(request, slug, pk, territory):
    state = _territory_synthesis(request, slug, pk, territory, CHANGE)
    try:
        territory_services.publish_territory_synthesis(
            actor=request.user, consultation=state.consultation, territory=state.territory
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            elide(
                _(
                    "The synthesis of %(territory)s is published: the network can read it and "
                    "draw on it."
                )
                % {"territory": state.territory.name}
            ),
        )
    return redirect(_url(state))


@require_POST
def territory_withdraw(request, slug, pk, territory):
    state = _territory_synthesis(request, slug, pk, territory, CHANGE)
    try:
        territory_services.withdraw_territory_synthesis(
            actor=request.user, consultation=state.consultation, territory=state.territory
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The synthesis is withdrawn: change it, then publish it again."),
        )
    return redirect(_url(state))


# -------------------------------------------- the network's synthesis of syntheses


def network_context(consultation):
    """The published territories' themes to gather, and the network's themes with
    the territories and groups they come from."""
    themes, sources, origin = said_in(consultation)
    counts = notes_behind(consultation)
    published = territory_services.published_territories(consultation)
    gathered = defaultdict(list)
    for pk, theme in themes.items():
        for source in sources[pk]:
            gathered[source].append(theme.title)
    offered = []
    for territory in territory_services.territories(consultation):
        own = [t for t in themes.values() if t.group_id is None and t.territory_id == territory.pk]
        for theme in own:
            theme.notes_behind = sum(counts[t.pk] for t in origin[theme.pk])
            theme.gathered_in = gathered[theme.pk]
        territory.published = territory.pk in published
        territory.board_themes = own if territory.published else []
        offered.append(territory)
    common = []
    for pk, theme in themes.items():
        if theme.group_id is None and theme.territory_id is None:
            theme.said_in = by_territory(origin[pk])
            theme.notes_behind = sum(counts[t.pk] for t in origin[pk])
            theme.source_themes = [themes[s] for s in sources[pk] if s in themes]
            common.append(theme)
    return {"territories": offered, "common": common}
