"""A network consultation with territories, for the tests of the territories'
syntheses and the permission matrix (matrix_territory.py).

``world.collective`` hosts it across a network; two other collectives of the
network, North and South, are its territories, each with its own people:
North's coordinator, North's facilitator (who facilitates North's first group),
a member of South, and a network coordinator who belongs to the network through
the host collective, where they are a plain member.
"""

from dataclasses import dataclass

from maillage.collectives.models import Role
from maillage.consultations import services, services_territory
from tests.factories import (
    CollectiveFactory,
    MembershipFactory,
    NetworkCoordinatorFactory,
    NetworkFactory,
)


@dataclass
class NetworkConsultation:
    consultation: object
    network: object
    north: object
    south: object
    groups: dict  # name: group
    group_themes: dict  # title: theme of a group
    north_theme: object  # North's synthesis, a draft
    south_theme: object  # South's synthesis, published
    participants: list
    network_coordinator: object
    north_coordinator: object
    north_facilitator: object
    south_member: object

    def persona(self, world, name):
        return {
            "anonymous": None,
            "outsider": world.outsider,
            "network_coordinator": self.network_coordinator,
            "territory_coordinator": self.north_coordinator,
            "territory_facilitator": self.north_facilitator,
            "other_territory_member": self.south_member,
            "host_facilitator": world.facilitator,
        }[name]


def build_network_consultation(world):
    """The NetworkConsultation of ``world``, made once per test."""
    if getattr(world, "network_consultation", None) is not None:
        return world.network_consultation
    network = getattr(world, "network", None) or NetworkFactory(name="Réseau RTE")
    world.collective.networks.add(network)
    north = CollectiveFactory(name="Annemasse", short_name="ANN", slug="annemasse")
    south = CollectiveFactory(name="Lausanne", short_name="LAU", slug="lausanne")
    north.networks.add(network)
    south.networks.add(network)
    north_coordinator = MembershipFactory(
        collective=north, role=Role.COORDINATOR, user__display_name="Coordinatrice Annemasse"
    ).user
    north_facilitator = MembershipFactory(
        collective=north, role=Role.FACILITATOR, user__display_name="Animateur Annemasse"
    ).user
    south_member = MembershipFactory(
        collective=south, role=Role.MEMBER, user__display_name="Membre Lausanne"
    ).user
    network_coordinator = MembershipFactory(
        collective=world.collective, role=Role.MEMBER, user__display_name="Coordination réseau"
    ).user
    NetworkCoordinatorFactory(
        network=network, user=network_coordinator, collective=world.collective
    )
    # They read the site in English, so that pages can be checked word for word.
    for person in (north_coordinator, north_facilitator, south_member, network_coordinator):
        person.language = "en"
        person.save(update_fields=["language"])

    actor = world.facilitator
    consultation = services.create_consultation(
        actor=actor,
        collective=world.collective,
        title="Ce qui nous réunit",
        method="spiral",
        network=network,
    )
    services.open_round(actor=actor, round_=consultation.rounds.get(number=1))
    groups = {
        "Annemasse centre": services.add_group(
            actor=actor,
            consultation=consultation,
            name="Annemasse centre",
            territory=north,
            facilitators=[north_facilitator],
        ),
        "Annemasse gare": services.add_group(
            actor=actor, consultation=consultation, name="Annemasse gare", territory=north
        ),
        "Lausanne ouest": services.add_group(
            actor=actor, consultation=consultation, name="Lausanne ouest", territory=south
        ),
    }
    question = consultation.questions.first()
    participants, group_themes = [], {}
    for (name, group), (title, text) in zip(
        groups.items(),
        [
            ("Logement", "Un logement décent"),
            ("Habitat", "Des loyers abordables"),
            ("Mobilité", "Des bus le soir"),
        ],
        strict=True,
    ):
        services.open_live_session(actor=actor, group=group)
        participant = services.join_group(group=group, display_name=f"Personne {name}")
        participants.append(participant)
        note = services.post_note(participant=participant, question=question, text=text)
        theme = services.create_theme(actor=actor, group=group, title=title)
        services.move_note(actor=actor, note=note, theme=theme, base_version=note.version)
        group_themes[title] = theme
    north_theme = services_territory.gather_territory_theme(
        actor=north_coordinator,
        consultation=consultation,
        territory=north,
        themes=[group_themes["Logement"], group_themes["Habitat"]],
        title="Se loger",
    )
    south_coordinator = MembershipFactory(collective=south, role=Role.COORDINATOR).user
    south_theme = services_territory.gather_territory_theme(
        actor=south_coordinator,
        consultation=consultation,
        territory=south,
        themes=[group_themes["Mobilité"]],
        title="Se déplacer",
    )
    services_territory.publish_territory_synthesis(
        actor=south_coordinator, consultation=consultation, territory=south
    )
    consultation.refresh_from_db()
    world.network_consultation = NetworkConsultation(
        consultation=consultation,
        network=network,
        north=north,
        south=south,
        groups=groups,
        group_themes=group_themes,
        north_theme=north_theme,
        south_theme=south_theme,
        participants=participants,
        network_coordinator=network_coordinator,
        north_coordinator=north_coordinator,
        north_facilitator=north_facilitator,
        south_member=south_member,
    )
    return world.network_consultation
