"""Demonstration consultations, loaded by `manage.py load_demo` through the services.

Two workshops the demo collectives would really hold: the Geneva working group's
"why are we here" session, synthesised and sent back for a Delphi round, and a
SPIRAL workshop of the CO-ACTE network whose tables are still live (their codes are
printed with the demo logins). The people are the demo's invented people; the
anonymous participants have invented first names only the facilitators see.
"""

import random

from django.db import transaction

from maillage.collectives.models import Collective, Membership, Role
from maillage.consultations import services, services_territory
from maillage.consultations.models import Consultation, Group, Mood

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


# The table of Mulhouse: a real session, 102 sticky notes of 20 people on the three
# SPIRAL questions (0: well-being, 1: ill-being, 2: what I can do), sorted halfway by
# the facilitator into seven themes. Each theme: its title, its statement (not written
# yet for some), the family of the grid its notes are coded with (None: not coded yet)
# and its notes; the last entry holds the notes not sorted yet.
SESSION_THEMES = [
    (
        "Se loger dignement",
        "Un logement décent, chauffé et abordable est la première condition du bien-être.",
        0,  # Access to the means of living
        [
            (0, "Avoir un logement chauffé et un quartier propre"),
            (0, "Un appartement assez grand pour que chaque enfant ait son coin"),
            (1, "Les moisissures dans la salle de bain qui rendent les petits malades"),
            (1, "Un loyer qui prend la moitié du salaire"),
            (0, "Pouvoir payer le chauffage sans se priver de manger"),
            (1, "Attendre trois ans un logement social"),
            (1, "Les ascenseurs en panne pendant des semaines au 12e étage"),
            (0, "Un propriétaire qui répare quand on l'appelle"),
            (1, "Avoir peur de l'expulsion à chaque fin d'hiver"),
            (0, "Se sentir chez soi, pouvoir inviter sans avoir honte"),
            (1, "Les factures d'énergie qui ont doublé"),
            (2, "Je peux aider mes voisins âgés à remplir les dossiers d'aide au logement"),
            (1, "Le bruit des voisins à travers des murs trop fins"),
        ],
    ),
    (
        "Un quartier où l'on se parle",
        "Les habitants veulent se connaître entre voisins, de toutes les générations et de "
        "toutes les origines.",
        3,  # Personal relations
        [
            (0, "Des voisins qui se disent bonjour"),
            (1, "Être seul le dimanche"),
            (0, "Une fête des voisins chaque année dans la cour"),
            (1, "Ne connaître personne dans son immeuble après dix ans"),
            (0, "Savoir qu'on peut frapper à la porte d'à côté en cas de souci"),
            (1, "Les personnes âgées qui ne sortent plus de chez elles"),
            (0, "Un café associatif où l'on vient sans rien acheter"),
            (1, "La méfiance entre les anciens et les nouveaux habitants"),
            (0, "Les enfants qui jouent ensemble quelle que soit leur origine"),
            (1, "Se sentir regardé de travers à cause de son accent"),
            (0, "Partager un repas avec des gens qu'on ne connaissait pas"),
            (2, "Je peux ouvrir mon salon une fois par mois pour un goûter entre voisins"),
            (1, "L'isolement quand on ne parle pas bien français"),
        ],
    ),
    (
        "Travail et fins de mois",
        "",
        0,  # Access to the means of living
        [
            (1, "La peur de perdre son emploi"),
            (1, "Les fins de mois difficiles dès le 15"),
            (0, "Un travail qui a du sens et qui paie correctement"),
            (1, "Enchaîner les contrats courts sans jamais souffler"),
            (0, "Ne pas avoir à choisir entre les courses et la cantine des enfants"),
            (1, "Les horaires décalés qui empêchent de voir sa famille"),
            (0, "Être reconnu pour ce qu'on sait faire, même sans diplôme"),
            (1, "Chercher du travail depuis deux ans et perdre confiance"),
            (0, "Un salaire qui permet de partir une semaine en vacances"),
            (1, "Les dettes qui s'accumulent et les courriers qu'on n'ose plus ouvrir"),
            (2, "Je peux faire relire les CV des jeunes du quartier"),
            (0, "Trouver un emploi près de chez soi, sans deux heures de bus"),
        ],
    ),
    (
        "Se soigner, être écouté",
        "",
        None,
        [
            (0, "Pouvoir se soigner sans attendre six mois un rendez-vous"),
            (1, "Plus de médecin généraliste dans le quartier"),
            (0, "Dormir bien et se réveiller reposé"),
            (1, "Le stress permanent qui donne mal au ventre"),
            (0, "Quelqu'un à qui parler quand ça ne va pas"),
            (1, "Renoncer aux lunettes ou au dentiste faute d'argent"),
            (0, "Être en bonne santé pour profiter de ses petits-enfants"),
            (1, "La dépression dont on n'ose pas parler"),
            (0, "Une pharmacie ouverte le dimanche pas trop loin"),
            (2, "Je peux accompagner une voisine à ses rendez-vous à l'hôpital"),
            (1, "Les urgences saturées où l'on attend toute la nuit"),
        ],
    ),
    (
        "Nature et cadre de vie",
        "Un quartier propre, vert et calme, où l'on a envie de s'asseoir dehors.",
        1,  # Living environment
        [
            (0, "La nature et un parc à côté de chez soi"),
            (1, "Les déchets abandonnés au pied des immeubles"),
            (0, "Respirer un air propre"),
            (1, "La circulation et le bruit de la rocade jour et nuit"),
            (0, "Des arbres dans la rue pour l'ombre en été"),
            (1, "Avoir trop chaud dans l'appartement pendant les canicules"),
            (0, "Des bancs pour s'asseoir et discuter dehors"),
            (1, "Les rues mal éclairées où l'on n'ose pas rentrer seule le soir"),
            (0, "Un jardin partagé où l'on cultive ses légumes"),
            (2, "Je peux ramasser les déchets du square avec mes enfants le mercredi"),
            (0, "Entendre les oiseaux le matin"),
        ],
    ),
    (
        "Du temps pour soi et pour les siens",
        "",
        None,
        [
            (0, "Du temps pour ses enfants"),
            (0, "Un repas en famille le dimanche"),
            (1, "Ne plus avoir le temps de rien, courir toute la semaine"),
            (0, "Lire, faire de la musique, avoir des loisirs"),
            (1, "Ne pas pouvoir payer le club de foot au petit"),
            (0, "Voir grandir ses enfants en bonne santé"),
            (1, "Les écrans qui prennent toute la place à la maison"),
            (0, "Prendre le temps de ne rien faire"),
            (1, "Les vacances dont on ne peut que rêver"),
            (0, "Apprendre quelque chose de nouveau à tout âge"),
        ],
    ),
    (
        "Agir ensemble",
        "Beaucoup sont prêts à donner de leur temps et de leurs savoir-faire au quartier.",
        7,  # Attitudes and initiatives
        [
            (2, "Je peux aider au jardin partagé le samedi"),
            (2, "Je peux donner des cours de cuisine à petit prix"),
            (2, "Je peux prêter mes outils et réparer les vélos"),
            (2, "Je peux organiser une bourse aux vêtements d'enfants"),
            (2, "Je peux animer un atelier de conversation en français"),
            (2, "Je peux faire du covoiturage pour aller au marché"),
            (2, "Je peux venir aux réunions du conseil citoyen et en rendre compte"),
            (2, "Je peux garder les enfants d'une voisine quand elle travaille tard"),
            (2, "Je peux partager mes graines et mes plants de tomates"),
            (2, "Je peux apprendre aux seniors à se servir d'un smartphone"),
            (0, "Se sentir utile aux autres"),
            (0, "Décider ensemble de ce qui se fait dans le quartier"),
        ],
    ),
    (
        None,  # not sorted yet
        "",
        None,
        [
            (0, "La sécurité des enfants sur le chemin de l'école"),
            (1, "Les démarches en ligne impossibles sans ordinateur"),
            (0, "Des services publics qui répondent au téléphone"),
            (1, "Se sentir jugé au guichet de la CAF"),
            (0, "Le respect, tout simplement"),
            (1, "Les jeunes qui traînent sans rien à faire"),
            (0, "Avoir confiance dans l'avenir de ses enfants"),
            (1, "L'injustice quand les aides arrivent trop tard"),
            (0, "Être écouté par les élus"),
            (1, "Le sentiment d'être oublié par la ville"),
            (0, "Pouvoir pratiquer sa religion en paix"),
            (1, "La violence des conversations sur les réseaux sociaux"),
            (2, "Je peux traduire pour les familles qui parlent turc ou arabe"),
            (2, "Je peux tenir une permanence d'aide aux démarches à la médiathèque"),
            (0, "Des transports en commun le soir et le week-end"),
            (1, "La fermeture du bureau de poste du quartier"),
            (0, "Se sentir en sécurité dans le bus le soir"),
            (1, "Le gaspillage alimentaire à la cantine"),
        ],
    ),
]
# Notes saying the same as a note above: folded under it (its text, the other's text).
SESSION_DUPLICATES = [
    ("Un loyer trop cher pour ce qu'on gagne", "Un loyer qui prend la moitié du salaire"),
    (
        "Pas assez de médecins, il faut aller jusqu'au centre-ville",
        "Plus de médecin généraliste dans le quartier",
    ),
]
SESSION_PEOPLE = 20


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


# The territories of the SPIRAL network consultation's tables (demo/collectives.py,
# TERRITORIES): each table is set up by its territory's coordinator, with its
# facilitator; the other tables by the network's coordinator.
SPIRAL_TERRITORIES = {
    "Mulhouse": ("coresponsabilite-mulhouse", "nathalie", "elodie"),
    "Braine-l'Alleud": ("coresponsabilite-braine", "francois", "benoit"),
}


def _table(person, coordinator, consultation, name):
    """A table of the SPIRAL consultation, live for a month: in its territory, set up by
    the territory's coordinator, when the demo has one for it."""
    slug, local, facilitator = SPIRAL_TERRITORIES.get(name, (None, None, None))
    territory = Collective.objects.filter(slug=slug).first() if slug else None
    actor = person(local) if territory is not None else coordinator
    group = services.add_group(
        actor=actor, consultation=consultation, name=name, territory=territory
    )
    if territory is not None:
        services.set_group_facilitators(
            actor=actor, group=group, facilitators=[person(facilitator)]
        )
    services.open_live_session(actor=actor, group=group, hours=24 * 30)
    return group


def _spiral(person, collective):
    """The network consultation of CO-ACTE, created by a coordinator of the network."""
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
            "Ateliers SPIRAL dans les territoires du réseau\u00a0: chaque groupe répond aux trois "
            "questions sur des post-it, puis les synthèses de territoire sont rassemblées."
        ),
        network=collective.networks.first(),
    )
    services.open_round(actor=coordinator, round_=consultation.rounds.get(number=1))
    questions = list(consultation.questions.all())
    group = _table(person, coordinator, consultation, "Mulhouse")
    sort_a_session(coordinator, group)
    for name, entries in SPIRAL_TABLES.items():
        group = _table(person, coordinator, consultation, name)
        for index, text in entries:
            member = services.join_group(group=group, display_name="")
            services.post_note(participant=member, question=questions[index], text=text)
    territory_syntheses(consultation)


def territory_syntheses(consultation):
    """The territories' syntheses of a network consultation, by each territory's
    coordinator: the territory with the most themes on its boards gathers them two by
    two and publishes its synthesis; the next one (by name) starts a draft from its
    notes. Nothing for a consultation whose groups stand for no territory."""
    found = []
    for territory in services_territory.territories(consultation):
        coordinator = (
            Membership.objects.active()
            .filter(collective=territory, role=Role.COORDINATOR)
            .select_related("user")
            .first()
        )
        if coordinator is not None:
            themes = consultation.themes.filter(group__territory=territory)
            found.append((-themes.count(), territory.name, territory, coordinator.user))
    found.sort(key=lambda entry: entry[:2])
    for position, (_count, _name, territory, user) in enumerate(found[:2]):
        themes = list(
            consultation.themes.filter(group__territory=territory).order_by("group__name", "order")
        )
        if not themes:  # its table's notes, in one theme of its board
            group = consultation.groups.filter(territory=territory).order_by("name").first()
            theme = services.create_theme(
                actor=user, group=group, title="Prendre soin des siens et de soi"
            )
            notes = list(group.notes.filter(hidden=False, duplicate_of=None))
            if notes:
                services.move_notes(actor=user, group=group, notes=notes, theme=theme)
            themes = [theme]
        for start in range(0, len(themes), 2):
            pair = themes[start : start + 2]
            services_territory.gather_territory_theme(
                actor=user,
                consultation=consultation,
                territory=territory,
                themes=pair,
                title=pair[0].title,
                statement=pair[0].statement,
            )
        if position == 0:
            services_territory.publish_territory_synthesis(
                actor=user, consultation=consultation, territory=territory
            )


def sort_a_session(facilitator, group):
    """A real session on ``group`` (live, during the contribution round of a SPIRAL
    consultation): the 102 notes of SESSION_THEMES posted by 20 participants, then
    sorted by ``facilitator`` into seven themes (18 notes left unsorted), coded, and
    two duplicates folded: 100 notes on the board. Also used by the board's tests."""
    consultation = group.consultation
    questions = list(consultation.questions.all())
    families = list(consultation.grid_codes.filter(parent=None).order_by("order"))
    people = [services.join_group(group=group, display_name="") for _ in range(SESSION_PEOPLE)]
    posted = {}
    entries = [entry for *_, notes in SESSION_THEMES for entry in notes]
    for number, (index, text) in enumerate(entries):
        posted[text] = services.post_note(
            participant=people[number % SESSION_PEOPLE], question=questions[index], text=text
        )
    for number, (text, same_as) in enumerate(SESSION_DUPLICATES):
        note = services.post_note(
            participant=people[-1 - number], question=posted[same_as].question, text=text
        )
        services.mark_duplicate(actor=facilitator, note=note, original=posted[same_as])
    for title, statement, family, notes in SESSION_THEMES:
        if title is None:
            continue
        theme = services.create_theme(
            actor=facilitator, group=group, title=title, statement=statement
        )
        mine = [posted[text] for _, text in notes]
        services.move_notes(actor=facilitator, group=group, notes=mine, theme=theme)
        if family is not None:
            services.code_notes(actor=facilitator, group=group, notes=mine, code=families[family])
    return group


def live_codes():
    """(group name, code) of the demo's live tables, for the printed instructions."""
    return list(
        Group.objects.filter(live=True, consultation__title__startswith="Le bien-être")
        .order_by("name")
        .values_list("name", "join_code")
    )
