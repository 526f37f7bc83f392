"""The territories' syntheses of a network consultation, and the network's synthesis
of syntheses drawn from them (models_territory).

A territory's coordinators gather their groups' themes into the territory's themes
and publish them. While published, the territory's synthesis does not change (the
network reads it as published); it may be withdrawn, to be changed, as long as no
theme of the network's synthesis of syntheses draws on it. The network's synthesis
of syntheses draws only on published territories' themes.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.collectives.models import Collective
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError

from .models import Theme
from .models_territory import TerritorySynthesis
from .services_themes import delete_theme, gathered_theme, update_theme


def territories(consultation):
    """The territories of a network consultation: the collectives its groups stand
    for, by name."""
    if consultation.network_id is None:
        return Collective.objects.none()
    return Collective.objects.filter(
        pk__in=consultation.groups.exclude(territory=None).values("territory")
    ).order_by("name")


def is_territory(consultation, collective):
    return (
        collective is not None
        and consultation.network_id is not None
        and consultation.groups.filter(territory=collective).exists()
    )


def synthesis_of(consultation, territory):
    """The territory's TerritorySynthesis, unsaved (not published) when it has never
    been published."""
    found = TerritorySynthesis.objects.filter(consultation=consultation, territory=territory)
    return found.first() or TerritorySynthesis(consultation=consultation, territory=territory)


def _locked(consultation, territory):
    """The territory's TerritorySynthesis row, made if needed and locked: publishing,
    withdrawing and every change of the territory's themes queue on it."""
    if not is_territory(consultation, territory):
        raise DomainError(_("This collective has no group in this consultation."))
    TerritorySynthesis.objects.get_or_create(consultation=consultation, territory=territory)
    return TerritorySynthesis.objects.select_for_update().get(
        consultation=consultation, territory=territory
    )


def _unpublished(consultation, territory):
    state = _locked(consultation, territory)
    if state.is_published:
        raise DomainError(
            _("This territory's synthesis is published: withdraw it before changing its themes."),
            code="published",
        )
    return state


def territory_themes(consultation, territory):
    return consultation.themes.filter(group=None, territory=territory)


@transaction.atomic
def gather_territory_theme(*, actor, consultation, territory, themes, title, statement=""):
    """A theme of the territory's synthesis, from one or several themes of the
    territory's groups."""
    title = clean_line(
        title, field="title", max_length=200, empty_message=_("Give the theme a title.")
    )
    _unpublished(consultation, territory)
    themes = list(themes)
    if not themes:
        raise DomainError(_("Choose at least one theme of your groups."), field="themes")
    own = set(consultation.groups.filter(territory=territory).values_list("pk", flat=True))
    if any(t.consultation_id != consultation.pk or t.group_id not in own for t in themes):
        raise DomainError(_("Choose only themes of this territory's groups."), field="themes")
    return gathered_theme(
        actor=actor,
        consultation=consultation,
        themes=themes,
        title=title,
        statement=statement,
        territory=territory,
    )


@transaction.atomic
def change_territory_theme(*, actor, theme, title, statement, base_version):
    _unpublished(theme.consultation, theme.territory)
    return update_theme(
        actor=actor, theme=theme, title=title, statement=statement, base_version=base_version
    )


@transaction.atomic
def delete_territory_theme(*, actor, theme, base_version=None):
    _unpublished(theme.consultation, theme.territory)
    if theme.merged_into.exists():
        raise DomainError(_("The network's synthesis draws on this theme: it stays."))
    return delete_theme(actor=actor, theme=theme, base_version=base_version)


@transaction.atomic
def publish_territory_synthesis(*, actor, consultation, territory):
    """Publish the territory's synthesis: the others of the network read it, and the
    network's synthesis of syntheses may draw on it. An empty synthesis is refused."""
    state = _locked(consultation, territory)
    if state.is_published:
        raise DomainError(_("This territory's synthesis is already published."), code="unchanged")
    count = territory_themes(consultation, territory).count()
    if not count:
        raise DomainError(
            _(
                "The synthesis has no theme yet: gather your groups' themes into at least "
                "one theme before publishing it."
            )
        )
    state.published_at, state.published_by = timezone.now(), actor
    state.save(update_fields=["published_at", "published_by"])
    log_action(
        actor=actor,
        action="consultations.territory_synthesis_published",
        obj=consultation,
        collective=territory,
        after={"territory": territory.name, "themes": count},
    )
    return state


@transaction.atomic
def withdraw_territory_synthesis(*, actor, consultation, territory):
    """Withdraw a published synthesis, to change it: refused once the network's
    synthesis of syntheses draws on one of its themes (it would rest on a text the
    network can no longer read)."""
    state = _locked(consultation, territory)
    if not state.is_published:
        raise DomainError(_("This territory's synthesis is not published."), code="unchanged")
    if Theme.objects.filter(
        consultation=consultation,
        group=None,
        territory=None,
        sources__territory=territory,
    ).exists():
        raise DomainError(
            _(
                "The network's synthesis of syntheses already draws on this synthesis: "
                "it can no longer be withdrawn."
            )
        )
    state.published_at, state.published_by = None, None
    state.save(update_fields=["published_at", "published_by"])
    log_action(
        actor=actor,
        action="consultations.territory_synthesis_withdrawn",
        obj=consultation,
        collective=territory,
        before={"territory": territory.name},
    )
    return state


def published_territories(consultation):
    """The ids of the territories whose synthesis is published."""
    return set(
        TerritorySynthesis.objects.filter(
            consultation=consultation, published_at__isnull=False
        ).values_list("territory_id", flat=True)
    )


@transaction.atomic
def merge_network_themes(*, actor, consultation, themes, title, statement=""):
    """A theme of the network's synthesis of syntheses, from themes of the
    territories' published syntheses (one or more)."""
    title = clean_line(
        title, field="title", max_length=200, empty_message=_("Give the theme a title.")
    )
    themes = list(themes)
    if not themes:
        raise DomainError(_("Choose at least one theme of a territory."), field="themes")
    if any(t.consultation_id != consultation.pk or t.territory_id is None for t in themes):
        raise DomainError(_("Choose only themes of the territories' syntheses."), field="themes")
    # Their territories' rows locked: none is withdrawn meanwhile.
    published = set(
        TerritorySynthesis.objects.select_for_update()
        .filter(
            consultation=consultation,
            territory_id__in={t.territory_id for t in themes},
            published_at__isnull=False,
        )
        .values_list("territory_id", flat=True)
    )
    if any(t.territory_id not in published for t in themes):
        raise DomainError(
            _("Some of these territories' syntheses are not published: reload the page."),
            field="themes",
        )
    return gathered_theme(
        actor=actor, consultation=consultation, themes=themes, title=title, statement=statement
    )
