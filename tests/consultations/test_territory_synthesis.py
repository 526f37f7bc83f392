"""The territories' syntheses of a network consultation and the network's synthesis
of syntheses drawn from the published ones (services_territory, views_territory)."""

import pytest
from django.urls import reverse
from django.utils import translation

from maillage.audit.models import AuditEvent
from maillage.collectives.models import Role
from maillage.consultations import services, services_territory
from maillage.consultations.models import TerritorySynthesis
from maillage.core.errors import DomainError
from tests.factories import CollectiveFactory, MembershipFactory

from .territory import build_network_consultation


@pytest.fixture
def net(world):
    return build_network_consultation(world)


@pytest.fixture(autouse=True)
def english():
    """The services' messages in English, to check them word for word."""
    with translation.override("en"):
        yield


def _page(net, territory):
    c = net.consultation
    return reverse(
        "consultations:territory_synthesis", args=[c.collective.slug, c.pk, territory.slug]
    )


def _synthesis_url(net):
    c = net.consultation
    return reverse("consultations:synthesis", args=[c.collective.slug, c.pk])


# ------------------------------------------------------------------------ services


def test_gathering_keeps_its_sources_and_logs_in_the_territory(net):
    theme = net.north_theme
    assert theme.group_id is None and theme.territory == net.north
    assert set(theme.sources.all()) == {net.group_themes["Logement"], net.group_themes["Habitat"]}
    event = AuditEvent.objects.get(action="consultations.themes_merged", object_id=str(theme.pk))
    assert event.collective == net.north


def test_a_territory_gathers_only_its_own_groups_themes(net):
    with pytest.raises(DomainError) as caught:
        services_territory.gather_territory_theme(
            actor=net.north_coordinator,
            consultation=net.consultation,
            territory=net.north,
            themes=[net.group_themes["Mobilité"]],
            title="Bouger",
        )
    assert caught.value.field == "themes"


def test_publishing_refuses_an_empty_synthesis(net, world):
    empty = CollectiveFactory(name="Thonon")
    empty.networks.add(net.network)
    services.add_group(
        actor=world.facilitator, consultation=net.consultation, name="Thonon", territory=empty
    )
    coordinator = MembershipFactory(collective=empty, role=Role.COORDINATOR).user
    with pytest.raises(DomainError) as caught:
        services_territory.publish_territory_synthesis(
            actor=coordinator, consultation=net.consultation, territory=empty
        )
    assert "no theme yet" in caught.value.message
    assert not TerritorySynthesis.objects.filter(territory=empty, published_at__isnull=False)


def test_a_published_synthesis_does_not_change_until_withdrawn(net):
    south = net.south
    coordinator = MembershipFactory(collective=south, role=Role.COORDINATOR).user
    with pytest.raises(DomainError) as caught:
        services_territory.change_territory_theme(
            actor=coordinator,
            theme=net.south_theme,
            title="Autre titre",
            statement="",
            base_version=net.south_theme.version,
        )
    assert caught.value.code == "published"
    with pytest.raises(DomainError):
        services_territory.delete_territory_theme(actor=coordinator, theme=net.south_theme)
    services_territory.withdraw_territory_synthesis(
        actor=coordinator, consultation=net.consultation, territory=south
    )
    changed = services_territory.change_territory_theme(
        actor=coordinator,
        theme=net.south_theme,
        title="Autre titre",
        statement="",
        base_version=net.south_theme.version,
    )
    assert changed.title == "Autre titre"


def test_withdrawing_is_refused_once_the_network_draws_on_it(net, world):
    services_territory.merge_network_themes(
        actor=world.facilitator,
        consultation=net.consultation,
        themes=[net.south_theme],
        title="Se déplacer partout",
    )
    coordinator = MembershipFactory(collective=net.south, role=Role.COORDINATOR).user
    with pytest.raises(DomainError) as caught:
        services_territory.withdraw_territory_synthesis(
            actor=coordinator, consultation=net.consultation, territory=net.south
        )
    assert "already draws on" in caught.value.message
    assert services_territory.synthesis_of(net.consultation, net.south).is_published


def test_the_network_draws_only_on_published_syntheses(net, world):
    with pytest.raises(DomainError) as caught:
        services_territory.merge_network_themes(
            actor=world.facilitator,
            consultation=net.consultation,
            themes=[net.north_theme, net.south_theme],
            title="Vivre",
        )
    assert caught.value.field == "themes"
    with pytest.raises(DomainError):  # a group's theme is not a territory's
        services_territory.merge_network_themes(
            actor=world.facilitator,
            consultation=net.consultation,
            themes=[net.group_themes["Mobilité"]],
            title="Vivre",
        )


# --------------------------------------------------------------------------- pages


def test_the_territory_coordinator_writes_and_publishes(client, net):
    client.force_login(net.north_coordinator)
    page = client.get(_page(net, net.north)).content.decode()
    assert "Se loger" in page and "Publish the synthesis" in page
    response = client.post(
        _page(net, net.north),
        {"themes": [net.group_themes["Habitat"].pk], "title": "Des loyers justes"},
    )
    assert response.status_code == 302
    assert services_territory.territory_themes(net.consultation, net.north).count() == 2
    publish = reverse(
        "consultations:territory_publish",
        args=[net.consultation.collective.slug, net.consultation.pk, net.north.slug],
    )
    client.post(publish)
    assert services_territory.synthesis_of(net.consultation, net.north).is_published
    page = client.get(_page(net, net.north)).content.decode()
    assert "Withdraw the synthesis" in page and "Gather into one theme" not in page


def test_an_empty_synthesis_is_refused_with_a_message(client, net, world):
    empty = CollectiveFactory(name="Thonon", slug="thonon")
    empty.networks.add(net.network)
    services.add_group(
        actor=world.facilitator, consultation=net.consultation, name="Thonon", territory=empty
    )
    coordinator = MembershipFactory(collective=empty, role=Role.COORDINATOR, user__language="en")
    client.force_login(coordinator.user)
    publish = reverse(
        "consultations:territory_publish",
        args=[net.consultation.collective.slug, net.consultation.pk, empty.slug],
    )
    response = client.post(publish, follow=True)
    assert "gather your groups" in response.content.decode()


def test_others_read_a_territory_synthesis_once_published(client, net):
    client.force_login(net.south_member)
    assert client.get(_page(net, net.north)).status_code == 403
    page = client.get(_page(net, net.south))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Se déplacer" in content and "Lausanne ouest" in content
    assert "Edit title and statement" not in content and "Withdraw" not in content


def test_a_territory_coordinator_edits_only_their_territory(client, net):
    client.force_login(net.north_coordinator)
    c = net.consultation
    edit = reverse(
        "consultations:territory_theme_edit",
        args=[c.collective.slug, c.pk, net.south.slug, net.south_theme.pk],
    )
    assert client.get(edit).status_code == 403
    # North's theme asked for under South's address: not found.
    edit = reverse(
        "consultations:territory_theme_edit",
        args=[c.collective.slug, c.pk, net.north.slug, net.south_theme.pk],
    )
    assert client.get(edit).status_code == 404


def test_the_network_synthesis_offers_published_themes_and_says_where(client, net, world):
    coordinator = MembershipFactory(collective=net.north, role=Role.COORDINATOR).user
    services_territory.publish_territory_synthesis(
        actor=coordinator, consultation=net.consultation, territory=net.north
    )
    client.force_login(net.network_coordinator)
    page = client.get(_synthesis_url(net)).content.decode()
    assert f'value="{net.north_theme.pk}"' in page and f'value="{net.south_theme.pk}"' in page
    # The groups' own themes are not offered: the territories' syntheses stand between.
    assert f'value="{net.group_themes["Logement"].pk}"' not in page
    response = client.post(
        _synthesis_url(net),
        {"themes": [net.north_theme.pk, net.south_theme.pk], "title": "Vivre ici"},
        follow=True,
    )
    page = response.content.decode()
    assert "Vivre ici" in page
    assert "Annemasse (Annemasse centre, Annemasse gare)" in page
    assert "Lausanne (Lausanne ouest)" in page


def test_a_draft_is_not_offered_to_the_network(client, net, world):
    world.facilitator.language = "en"
    world.facilitator.save(update_fields=["language"])
    client.force_login(world.facilitator)
    page = client.get(_synthesis_url(net)).content.decode()
    assert f'value="{net.north_theme.pk}"' not in page
    assert f'value="{net.south_theme.pk}"' in page
    assert "not published yet" in page
    response = client.post(
        _synthesis_url(net), {"themes": [net.north_theme.pk], "title": "Vivre ici"}
    )
    assert response.status_code == 400


# ---------------------------------------------------------------------------- demo


def test_the_demo_publishes_one_territory_and_drafts_another(net, world):
    from maillage.consultations.models import Theme
    from maillage.demo.consultations import territory_syntheses

    c = net.consultation
    Theme.objects.filter(consultation=c, group=None).delete()
    TerritorySynthesis.objects.filter(consultation=c).delete()
    net.group_themes["Mobilité"].delete()  # Lausanne's board is left to its notes
    MembershipFactory(collective=net.south, role=Role.COORDINATOR)
    territory_syntheses(c)
    north = services_territory.synthesis_of(c, net.north)
    south = services_territory.synthesis_of(c, net.south)
    # Annemasse, with the most themes, publishes; Lausanne starts a draft from its notes.
    assert north.is_published and not south.is_published
    assert list(services_territory.territory_themes(c, net.north).values_list("title")) == [
        ("Logement",)
    ]
    drafted = services_territory.territory_themes(c, net.south).get()
    assert drafted.sources.get().notes.count() == 1


def test_the_consultation_page_leads_to_the_territories(client, net, world):
    client.force_login(world.facilitator)
    c = net.consultation
    page = client.get(c.get_absolute_url()).content.decode()
    assert reverse("consultations:territory_list", args=[c.collective.slug, c.pk]) in page


def test_the_minutes_leave_out_the_territories_themes(net, world):
    """A meeting on a network consultation: the minutes take the network's common
    themes, never a territory's (a draft would show before it is published)."""
    from maillage.meetings.minutes import build_content
    from tests.meetings.setting import build_meeting

    c = net.consultation
    c.synthesis_published_at = c.created_at
    c.save(update_fields=["synthesis_published_at"])
    meeting = build_meeting(world).meeting
    type(meeting).objects.filter(pk=meeting.pk).update(consultation=c)
    meeting.refresh_from_db()
    titles = [t["title"] for t in build_content(meeting)["consultation"]["themes"]]
    assert "Se loger" not in titles and "Se déplacer" not in titles
    assert "Logement" in titles  # no common theme yet: the groups' themes
    services_territory.merge_network_themes(
        actor=world.facilitator, consultation=c, themes=[net.south_theme], title="Bouger"
    )
    assert [t["title"] for t in build_content(meeting)["consultation"]["themes"]] == ["Bouger"]


def test_the_consultation_page_counts_only_the_networks_common_themes(client, net, world):
    world.facilitator.language = "en"
    world.facilitator.save(update_fields=["language"])
    client.force_login(world.facilitator)
    c = net.consultation
    page = client.get(c.get_absolute_url() + "?moment=synthesis").content.decode()
    assert "0 themes bring together the themes of several groups." in page
