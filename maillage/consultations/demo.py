"""Demonstration consultations, loaded by `manage.py load_demo` through the services.

Two workshops the demo collectives would really hold: the Geneva working group's
"why are we here" session, synthesised and sent back for a Delphi round, and a
SPIRAL workshop of the CO-ACTE network whose tables are still live (their codes are
printed with the demo logins). The people are the demo's invented people; the
anonymous participants have invented first names only the facilitators see.
"""

import random

from django.db import transaction

from maillage.collectives.models import Membership, Role

from . import services
from .models import Consultation, Group, Mood

GENEVA_NOTES = {
    0: [  # What are you proud of in your institution?
        ("lea", "D'accompagner chaque année des centaines de personnes vers un emploi"),
        ("nadia", "Notre commune a lancé un budget participatif qui marche vraiment"),
        ("pierre-alain", "Les mesures d'insertion sont construites avec les entreprises du canton"),
        ("Rosa", "Des bénévoles qui restent fidèles depuis plus de dix ans"),
    ],
    1: [  # What are you proud of in this group?
        ("julien", "Des institutions et des associations autour de la même table"),
        ("camille", "On ose parler d'un revenu pour la transition sans tabou"),
        ("aurelie", "Chacun vient avec ses données et les partage"),
        ("Rosa", "On se tutoie entre fondation et service social, ça change tout"),
    ],
    2: [  # Why does this group exist?
        ("camille", "Tester un revenu de transition écologique à Genève"),
        ("mehdi", "Relier l'emploi des personnes au chômage et la transition écologique"),
        ("claire", "Trouver des financements pour des emplois utiles au climat"),
        ("lea", "Parce que personne ne peut porter ce projet seul"),
        ("Yves", "Tester un revenu de transition écologique à Genève !"),
        ("nadia", "Que les habitantes et habitants en situation précaire y aient accès"),
    ],
}

GENEVA_THEMES = [
    (
        "Coopérer entre institutions",
        "Le groupe réunit institutions, communes, fondations et associations qui partagent "
        "données et décisions.",
        [(1, 0), (1, 2), (1, 3), (2, 3)],
    ),
    (
        "Un revenu de transition pour Genève",
        "Le groupe existe pour préparer et tester un revenu de transition écologique à Genève.",
        [(2, 0), (2, 1), (2, 2), (2, 5)],
    ),
    (
        "Des savoir-faire déjà là",
        "Chaque institution apporte une expérience reconnue d'insertion et de participation.",
        [(0, 0), (0, 1), (0, 2), (0, 3)],
    ),
]

GENEVA_STATEMENTS = [
    "Le revenu de transition écologique doit d'abord être testé dans deux quartiers.",
    "Les personnes au chômage de longue durée doivent être prioritaires.",
    "Le groupe doit rendre publiques ses données et ses comptes rendus.",
    "Une fondation privée peut financer seule la phase pilote.",
]

SPIRAL_TABLES = {
    "Mulhouse": [
        (0, "Avoir un logement chauffé et un quartier propre"),
        (0, "Des voisins qui se disent bonjour"),
        (1, "La peur de perdre son emploi"),
        (1, "Être seul le dimanche"),
        (2, "Je peux aider au jardin partagé le samedi"),
    ],
    "Braine-l'Alleud": [
        (0, "Du temps pour ses enfants"),
        (0, "Pouvoir se soigner sans attendre"),
        (1, "Les fins de mois difficiles"),
        (2, "Je peux transmettre la couture aux jeunes du quartier"),
    ],
    "Salaspils": [
        (0, "La nature et la forêt à côté de chez soi"),
        (1, "Les jeunes qui partent travailler à l'étranger"),
        (2, "Je peux organiser une fête des voisins"),
    ],
}


@transaction.atomic
def load(person, geneva, coacte):
    """Create the demo consultations unless they exist. ``person(key)`` gives a demo user."""
    if Consultation.objects.filter(collective__in=[geneva, coacte]).exists():
        return
    _geneva(person, geneva)
    _spiral(person, coacte)


def _geneva(person, collective):
    camille, julien = person("camille"), person("julien")
    consultation = services.create_consultation(
        actor=camille,
        collective=collective,
        title="Pourquoi sommes-nous là ?",
        method="pride",
        purpose=(
            "Atelier de la séance plénière : dire ce qui nous rend fiers et pourquoi le groupe "
            "existe, pour écrire ensemble sa raison d'être."
        ),
    )
    contributions, delphi = consultation.rounds.order_by("number")
    services.open_round(actor=camille, round_=contributions)
    group = services.add_group(actor=camille, consultation=consultation, name="Séance plénière")
    services.set_group_facilitators(actor=camille, group=group, facilitators=[julien])
    services.open_live_session(actor=julien, group=group)
    questions = list(consultation.questions.all())
    participants = {}

    def participant(key):
        if key not in participants:
            if key[0].isupper():  # an anonymous participant, by first name
                participants[key] = services.join_group(group=group, display_name=key)
            else:
                participants[key] = services.join_group(group=group, user=person(key))
        return participants[key]

    notes = {}
    for index, entries in GENEVA_NOTES.items():
        for position, (key, text) in enumerate(entries):
            notes[(index, position)] = services.post_note(
                participant=participant(key), question=questions[index], text=text
            )
    rng = random.Random(4)
    for member in participants.values():
        start = rng.choice([2, 3, 3, 4])
        services.record_mood(participant=member, moment=Mood.Moment.START, value=start)
        services.record_mood(
            participant=member, moment=Mood.Moment.END, value=min(5, start + rng.choice([0, 1, 1]))
        )
    services.mark_duplicate(actor=julien, note=notes[(2, 4)], original=notes[(2, 0)])
    statements = []
    for title, statement, members in GENEVA_THEMES:
        theme = services.create_theme(actor=julien, group=group, title=title, statement=statement)
        for key in members:
            services.move_note(actor=julien, note=notes[key], theme=theme, base_version=None)
        statements.append(
            services.add_statement(
                actor=camille, consultation=consultation, text=statement, theme=theme
            )
        )
    for text in GENEVA_STATEMENTS:
        statements.append(
            services.add_statement(actor=camille, consultation=consultation, text=text)
        )
    services.close_live_session(actor=julien, group=group)
    services.set_round_statements(actor=camille, round_=delphi, statements=statements)
    services.open_round(actor=camille, round_=delphi)
    for key, member in participants.items():
        for statement in statements:
            draw = rng.random()
            choice = 1 if draw < 0.6 else (-1 if draw < 0.85 else 0)
            if key in {"pierre-alain", "claire"} and "fondation" in statement.text:
                choice = 1
            services.cast_vote(
                participant=member, round_=delphi, statement=statement, choice=choice
            )
    services.publish_synthesis(actor=camille, consultation=consultation)


def _spiral(person, collective):
    coordinator = (
        Membership.objects.active()
        .filter(collective=collective, role=Role.COORDINATOR)
        .select_related("user")
        .first()
        .user
    )
    consultation = services.create_consultation(
        actor=coordinator,
        collective=collective,
        title="Le bien-être de toutes et tous, avec les générations futures",
        method="spiral",
        purpose=(
            "Ateliers SPIRAL dans les territoires du réseau : chaque groupe répond aux trois "
            "questions sur des post-it, puis les synthèses de territoire sont rassemblées."
        ),
    )
    services.open_round(actor=coordinator, round_=consultation.rounds.get(number=1))
    questions = list(consultation.questions.all())
    for name, entries in SPIRAL_TABLES.items():
        group = services.add_group(actor=coordinator, consultation=consultation, name=name)
        services.open_live_session(actor=coordinator, group=group, hours=24 * 30)
        for index, text in entries:
            member = services.join_group(group=group, display_name="")
            services.post_note(participant=member, question=questions[index], text=text)


def live_codes():
    """(group name, code) of the demo's live tables, for the printed instructions."""
    return list(
        Group.objects.filter(live=True, consultation__title__startswith="Le bien-être")
        .order_by("name")
        .values_list("name", "join_code")
    )
