"""A network's pages: its consultations, its coordinators, creating a network
consultation; and a territory's part of a network consultation's pages."""

import pytest
from django.urls import reverse

from maillage.collectives.models import NetworkCoordinator
from maillage.consultations import services
from maillage.consultations.models import Consultation, Group

from .consultations.matrix_network import SECRET_X, build_network_world
from .factories import MembershipFactory, UserFactory


@pytest.fixture
def net(db):
    return build_network_world()


def _page(client, person, url, **kwargs):
    client.force_login(person)
    return client.get(url, **kwargs).content.decode()


def test_the_network_page_lists_its_consultations_as_each_may_see_them(client, net):
    url = reverse("collectives:network", args=[net.network.slug])
    draft = services.create_consultation(
        actor=net.people["network_coordinator"],
        collective=net.host,
        title="Brouillon du réseau",
        method="spiral",
        network=net.network,
    )
    services.publish_synthesis(actor=net.people["network_coordinator"], consultation=draft)

    page = _page(client, net.people["network_coordinator"], url)
    assert "SPIRAL en réseau" in page and "Brouillon du réseau" in page
    assert "tour ouvert\u00a0: Contributions sur notes autocollantes" in page
    assert "synthèse publiée" in page  # the draft's
    assert reverse("consultations:network_create", args=[net.network.slug]) in page
    assert reverse("collectives:network_coordinators", args=[net.network.slug]) in page

    page = _page(client, net.people["other_member"], url)
    assert "SPIRAL en réseau" in page and "Brouillon du réseau" not in page
    assert reverse("consultations:network_create", args=[net.network.slug]) not in page

    page = _page(client, net.people["outsider"], url)
    assert "SPIRAL en réseau" not in page
    # The coordinators' names: for the people of the network only.
    coordinator = net.people["network_coordinator"].display_name
    assert coordinator not in page
    assert coordinator in _page(client, net.people["other_member"], url)


def test_a_network_coordinator_creates_a_network_consultation(client, net):
    coordinator = net.people["network_coordinator"]
    through = NetworkCoordinator.objects.get().collective
    MembershipFactory(collective=net.territory_y, user=coordinator)
    url = reverse("consultations:network_create", args=[net.network.slug])
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    # Hosted by a collective of the network they belong to, by default the one
    # through which they coordinate it.
    assert f'value="{through.pk}" checked' in page or f'value="{through.pk}" selected' in page
    assert f'value="{net.host.pk}"' not in page

    response = client.post(
        url,
        {"title": "  ", "purpose": "", "collective": net.territory_y.pk, "method": "spiral"},
    )
    assert response.status_code == 200
    response = client.post(
        url,
        {"title": "Bien-être 2027", "purpose": "", "collective": net.host.pk, "method": "spiral"},
    )
    assert "collective" in response.context["form"].errors  # not one of theirs
    response = client.post(
        url,
        {
            "title": "Bien-être 2027",
            "purpose": "",
            "collective": net.territory_y.pk,
            "method": "spiral",
        },
    )
    consultation = Consultation.objects.get(title="Bien-être 2027")
    assert response.status_code == 302 and response["Location"] == consultation.get_absolute_url()
    assert (consultation.collective, consultation.network) == (net.territory_y, net.network)
    assert consultation.questions.count() == 3  # the method's, from the same service
    # They run it: its setup pages are open to them.
    for name in ("questions", "grid", "rounds", "edit"):
        url = reverse(f"consultations:{name}", args=[net.territory_y.slug, consultation.pk])
        assert client.get(url).status_code == 200, name


def test_naming_and_removing_network_coordinators_on_their_page(client, net):
    url = reverse("collectives:network_coordinators", args=[net.network.slug])
    hub = NetworkCoordinator.objects.get().collective
    newcomer = MembershipFactory(collective=hub, user__display_name="Ioana P").user
    membership = newcomer.memberships.get()
    client.force_login(net.people["network_coordinator"])

    response = client.post(url, {"membership": membership.pk})
    assert response.status_code == 302
    role = NetworkCoordinator.objects.active().get(user=newcomer)
    response = client.post(url, {"membership": membership.pk})
    assert "Ioana P coordonne déjà le réseau." in response.content.decode()
    response = client.post(url, {"membership": 999999})
    assert response.context["form"].errors["membership"]

    remove = reverse("collectives:network_coordinator_remove", args=[net.network.slug, role.pk])
    assert client.post(remove).status_code == 302
    assert not NetworkCoordinator.objects.active().filter(user=newcomer).exists()


def test_the_people_offered_are_of_the_network_collectives_one_may_see(client, net):
    url = reverse("collectives:network_coordinators", args=[net.network.slug])
    # Every collective of the network is private: its coordinator (of the hub) sees
    # the members of the hub only; staff see everyone of the network.
    page = _page(client, net.people["network_coordinator"], url)
    assert net.people["other_member"].display_name not in page
    assert f"{net.people['network_coordinator'].display_name} — Coordination" in page
    page = _page(client, UserFactory(is_staff=True), url)
    assert net.people["other_member"].display_name in page
    assert net.people["outsider"].display_name not in page


def test_staff_reach_a_networks_coordination_page_to_name_the_first(client, net):
    NetworkCoordinator.objects.all().delete()
    url = reverse("collectives:network_coordinators", args=[net.network.slug])
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 200
    client.force_login(net.people["territory_coordinator"])
    assert client.get(url).status_code == 403


def test_a_territory_coordinator_sets_up_their_territorys_groups(client, net):
    x_coordinator = net.people["territory_coordinator"]
    url = reverse("consultations:groups", args=[net.host.slug, net.consultation.pk])
    page = _page(client, x_coordinator, url)
    assert ">X<" in page and ">Y<" not in page  # their territory's groups only
    assert f'value="{net.territory_y.pk}"' not in page
    # The way back goes through the network's page, not the host they cannot open.
    assert reverse("collectives:network", args=[net.network.slug]) in page
    assert f'href="{reverse("consultations:list", args=[net.host.slug])}"' not in page

    response = client.post(url, {"name": "Quartier nord", "territory": net.territory_y.pk})
    assert response.status_code == 200 and not Group.objects.filter(name="Quartier nord").exists()
    response = client.post(url, {"name": "Quartier nord", "territory": net.territory_x.pk})
    assert response.status_code == 302
    group = Group.objects.get(name="Quartier nord")
    assert group.territory == net.territory_x

    # Its facilitators: members of X only are offered.
    url = reverse("consultations:group_facilitators", args=[net.host.slug, group.pk])
    page = _page(client, x_coordinator, url)
    assert net.people["territory_facilitator"].display_name in page
    assert net.people["other_member"].display_name not in page

    # Renamed, then deleted while empty.
    url = reverse("consultations:group_edit", args=[net.host.slug, group.pk])
    assert client.post(url, {"name": "Quartier sud"}).status_code == 302
    delete = reverse("consultations:group_delete", args=[net.host.slug, group.pk])
    assert client.post(delete).status_code == 302
    assert not Group.objects.filter(pk=group.pk).exists()

    # X's group has people: it is neither renamed nor deleted.
    delete = reverse("consultations:group_delete", args=[net.host.slug, net.group_x.pk])
    client.post(delete)
    assert Group.objects.filter(pk=net.group_x.pk).exists()


def test_a_territory_coordinator_reaches_their_groups_from_the_consultation_page(client, net):
    url = net.consultation.get_absolute_url()
    wall_x = net.group_x.get_absolute_url()
    wall_y = net.group_y.get_absolute_url()
    page = _page(client, net.people["territory_coordinator"], url)
    assert wall_x in page and wall_y not in page
    assert reverse("consultations:groups", args=[net.host.slug, net.consultation.pk]) in page
    page = _page(client, net.people["territory_facilitator"], url)
    assert wall_x in page and wall_y not in page
    page = _page(client, net.people["other_member"], url)
    assert wall_x not in page and SECRET_X not in page
    # Open or close the live session of a group of their territory.
    client.force_login(net.people["territory_coordinator"])
    session = reverse("consultations:live_session", args=[net.host.slug, net.group_x.pk])
    client.post(session, {"action": "close"})
    net.group_x.refresh_from_db()
    assert not net.group_x.live
    session_y = reverse("consultations:live_session", args=[net.host.slug, net.group_y.pk])
    assert client.post(session_y, {"action": "close"}).status_code == 403


def test_a_network_coordinator_sees_every_moment_of_the_consultation(client, net):
    client.force_login(net.people["network_coordinator"])
    url = net.consultation.get_absolute_url()
    for moment in ("prepare", "live", "synthesis", "rounds"):
        response = client.get(url, {"moment": moment})
        assert response.status_code == 200, moment
        assert response.context["runs"]
    page = client.get(url, {"moment": "prepare"}).content.decode()
    # Every territory's groups, with their setup.
    for group in (net.group_x, net.group_y):
        assert reverse("consultations:group_facilitators", args=[net.host.slug, group.pk]) in page
