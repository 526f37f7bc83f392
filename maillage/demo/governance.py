"""The demo collectives' founding texts (raison d'être, vision, mission, values,
charters), written and edited through the services by the demo's people, so that
each has its versions and its history."""

from datetime import timedelta

from django.utils import timezone

from maillage.governance import services
from maillage.governance.models import TextKind

RTE_RAISON_INTRO = (
    "Le groupe de travail RTE Genève réunit des institutions publiques, des associations et "
    "des entreprises sociales du canton autour d'une question : comment permettre à des "
    "personnes de vivre d'activités qui contribuent à la transition écologique et sociale de "
    "notre territoire ?"
)
RTE_RAISON_PILLARS = (
    "Nous nous appuyons sur le revenu de transition écologique (RTE), proposé par la "
    "philosophe et économiste Sophie Swaton. Le RTE repose sur trois piliers indissociables :\n"
    "- un revenu, versé pendant la durée du projet, qui complète ou remplace d'autres "
    "ressources ;\n"
    "- un accompagnement par des professionnelles et des professionnels de l'insertion et de "
    "la transition, pour construire le projet et le rendre viable ;\n"
    "- l'adhésion à une structure démocratique, de préférence une coopérative de transition "
    "écologique, qui mutualise les compétences, les outils et les débouchés.\n\n"
    "Les projets soutenus touchent l'agriculture de proximité, la réparation et le réemploi, "
    "la rénovation énergétique, la mobilité douce ou le soin du vivant."
)
RTE_RAISON_V1 = (
    f"{RTE_RAISON_INTRO}\n\n"
    "Nous nous appuyons sur le revenu de transition écologique (RTE), proposé par la "
    "philosophe et économiste Sophie Swaton. Le RTE verse un revenu à des personnes qui "
    "portent un projet utile à la transition (agriculture de proximité, réparation, réemploi, "
    "rénovation énergétique, soin du vivant) et les accompagne dans sa réalisation.\n\n"
    "Notre raison d'être est de préparer un dispositif RTE adapté à Genève et de le proposer "
    "aux autorités."
)
RTE_RAISON_V2 = (
    f"{RTE_RAISON_INTRO}\n\n{RTE_RAISON_PILLARS}\n\n"
    "Notre raison d'être est de préparer un dispositif RTE adapté à Genève et de le proposer "
    "aux autorités."
)
RTE_RAISON_V3 = (
    f"{RTE_RAISON_INTRO}\n\n{RTE_RAISON_PILLARS}\n\n"
    "Notre raison d'être est de préparer un dispositif RTE adapté à Genève, construit avec les "
    "personnes concernées, et de le proposer aux autorités. Nous voulons qu'il soit accessible "
    "aussi aux personnes les plus éloignées de l'emploi, notamment à celles qui vivent de "
    "l'aide sociale, et qu'il reconnaisse la valeur de ce qu'elles font déjà pour leur "
    "quartier et pour le vivant."
)

RTE_VISION = (
    "Nous imaginons un canton de Genève où chacune et chacun peut choisir une activité qui "
    "prend soin du territoire, et en vivre dignement.\n\n"
    "Dans cette Genève-là, les savoir-faire de la transition (cultiver, réparer, rénover, "
    "transmettre) sont reconnus comme un travail utile, qu'ils s'exercent dans une entreprise, "
    "une coopérative ou une association. Les personnes sans emploi n'y sont plus seulement "
    "des bénéficiaires de prestations : elles sont des actrices de la transition, soutenues "
    "par un revenu et par un collectif.\n\n"
    "Les communes, le canton, les fondations et l'économie sociale et solidaire y financent "
    "ensemble ces activités, parce qu'elles réduisent à la fois l'empreinte écologique et la "
    "précarité."
)

RTE_MISSION = (
    "Pour y parvenir, le groupe de travail s'est donné quatre missions :\n\n"
    "1. Concevoir un projet pilote de RTE à Genève : personnes visées, critères de choix des "
    "projets, montant et durée du revenu, modalités d'accompagnement.\n"
    "2. Articuler le RTE avec l'aide sociale, l'assurance-chômage et les mesures d'insertion "
    "existantes, pour que personne n'y perde des droits.\n"
    "3. Identifier une ou plusieurs coopératives d'accueil, capables d'accueillir les "
    "porteuses et porteurs de projets et de mutualiser les moyens.\n"
    "4. Évaluer l'expérience avec l'Université de Genève et en rendre compte publiquement.\n\n"
    "Chaque institution membre y contribue selon ses compétences ; les décisions importantes "
    "sont prises en séance plénière, par consentement."
)

RTE_VALUES = (
    "Dignité — Chaque personne a des savoirs et des capacités. Nous partons de ce qu'elle "
    "sait et veut faire, pas de ce qui lui manque.\n\n"
    "Participation des personnes concernées — Rien de ce qui les concerne ne se décide sans "
    "elles. Nous croisons les savoirs de l'expérience vécue, de l'action professionnelle et de "
    "la recherche.\n\n"
    "Coopération — Nos institutions n'ont ni les mêmes missions ni les mêmes contraintes. "
    "Nous les mettons sur la table et cherchons ensemble des solutions que personne ne "
    "trouverait seul.\n\n"
    "Soin du vivant — Les activités soutenues réduisent notre empreinte écologique et "
    "renforcent la résilience du territoire.\n\n"
    "Transparence — Nos choix, nos chiffres et nos doutes sont documentés et partagés."
)

PCPE_RAISON = (
    "Le Pôle citoyen pour l'emploi 93 existe parce qu'en Seine-Saint-Denis, des milliers "
    "d'habitantes et d'habitants cherchent un emploi pendant que des entreprises du même "
    "territoire peinent à recruter.\n\n"
    "Nous voulons rapprocher ces deux mondes en partant des personnes plutôt que des "
    "dispositifs. Collectivités, service public de l'emploi, associations, entreprises et "
    "habitants y travaillent ensemble, chacun avec ses moyens, pour que le chemin vers "
    "l'emploi soit plus court, plus humain et plus durable.\n\n"
    "Le pôle est citoyen : les personnes en recherche d'emploi y ont une place à part "
    "entière, dans les cafés de l'emploi comme dans les réunions où se décident les "
    "priorités."
)

PCPE_CHARTER = (
    "En rejoignant le pôle, chaque membre s'engage à :\n\n"
    "1. Accueillir toute personne sans condition de statut, d'âge ou de diplôme, et "
    "l'orienter vers la bonne porte plutôt que de la renvoyer.\n"
    "2. Partager les informations utiles (offres, formations, événements) avec les autres "
    "membres, dans le respect de la confidentialité des données personnelles.\n"
    "3. Participer à au moins un des quatre chantiers du pôle et à la rencontre plénière "
    "trimestrielle.\n"
    "4. Ne proposer aux personnes accompagnées que des emplois respectant le droit du "
    "travail, avec une préférence pour les contrats durables.\n"
    "5. Reconnaître la parole des personnes en recherche d'emploi : leur avis compte dans "
    "l'évaluation de nos actions.\n\n"
    "Le pôle n'a pas de but lucratif. Les organisations membres gardent leur autonomie ; la "
    "charte fixe ce que nous faisons ensemble."
)

PTCE_CHARTER_START = (
    "Préambule\n"
    "Les signataires de cette charte partagent un même territoire, le Sud-Est toulousain, et "
    "une même conviction : l'économie peut créer des emplois durables et du lien social sans "
    "épuiser les ressources dont elle dépend.\n\n"
    "Article 1 — Coopérer plutôt que se concurrencer\n"
    "Les membres s'informent de leurs projets, cherchent les complémentarités et répondent "
    "ensemble aux besoins du territoire lorsque c'est possible.\n\n"
    "Article 2 — Mutualiser\n"
    "Locaux, équipements, compétences et emplois peuvent être partagés. Chaque mutualisation "
    "fait l'objet d'un accord écrit et équitable.\n\n"
    "Article 3 — Gouvernance démocratique\n"
    "Chaque membre dispose d'une voix, quelle que soit sa taille. Les décisions sont préparées "
    "en groupes de travail ouverts et prises en assemblée.\n\n"
    "Article 4 — Utilité sociale et écologique\n"
    "Les projets portés par le pôle répondent à un besoin du territoire et limitent leur "
    "impact sur l'environnement."
)
PTCE_CHARTER_V1 = (
    f"{PTCE_CHARTER_START}\n\n"
    "Article 5 — Transparence\n"
    "Les membres partagent les informations nécessaires à la coopération, notamment les "
    "comptes des projets communs."
)
PTCE_CHARTER_V2 = (
    f"{PTCE_CHARTER_START}\n\n"
    "Article 5 — Ouverture\n"
    "Le pôle coopère avec les entreprises de l'économie classique, les collectivités et la "
    "recherche, dans le respect de cette charte. Il soutient la recherche-action sur ses "
    "propres pratiques.\n\n"
    "Article 6 — Transparence\n"
    "Les membres partagent les informations nécessaires à la coopération, notamment les "
    "comptes des projets communs.\n\n"
    "Article 7 — Adhésion\n"
    "Toute organisation ou personne qui adhère à la charte peut demander à rejoindre le pôle ; "
    "les coordinatrices et coordinateurs répondent à chaque demande et motivent un refus."
)

PTCE_VALUES = (
    "Solidarité — Nous faisons circuler l'épargne, les compétences et les marchés au service "
    "des projets du territoire, en particulier de ceux qui n'ont pas accès au crédit "
    "classique.\n\n"
    "Démocratie — Une personne, une voix. Les choix du pôle sont débattus et décidés "
    "ensemble.\n\n"
    "Ancrage territorial — Nos activités créent des emplois non délocalisables dans les "
    "communes du Sicoval.\n\n"
    "Sobriété — Nous partageons plutôt que de multiplier les équipements, et nous choisissons "
    "les solutions qui ménagent les ressources.\n\n"
    "Coopération — La réussite d'un membre est une ressource pour tous les autres."
)

COACTE_MISSION = (
    "CO-ACTE aide les territoires du réseau TOGETHER à faire de la coresponsabilité pour le "
    "bien-être de toutes et tous une pratique ordinaire de l'action publique.\n\n"
    "Concrètement, nous :\n"
    "- formons des équipes locales à la méthode SPIRAL et à l'animation de groupes de "
    "citoyens ;\n"
    "- mettons en commun les indicateurs de bien-être construits dans chaque territoire, pour "
    "apprendre les uns des autres ;\n"
    "- accompagnons le passage des constats aux actions pilotes, menées ensemble par les "
    "habitants, les services publics, les associations et les entreprises ;\n"
    "- portons auprès des responsables politiques une feuille de route débattue avec les "
    "citoyens."
)

COACTE_VISION = (
    "Nous voulons des territoires où le progrès se mesure au bien-être de toutes et tous, "
    "générations futures comprises, et non à la seule production de richesses.\n\n"
    "Dans ces territoires, chaque personne, chaque institution et chaque entreprise reconnaît "
    "sa part de responsabilité et l'exerce avec les autres. Les citoyens définissent "
    "eux-mêmes ce qui compte pour leur bien-être (le lien social, la reconnaissance, l'accès "
    "aux ressources, un environnement sain) et prennent part aux décisions qui en "
    "découlent.\n\n"
    "La coresponsabilité n'est pas un transfert de charges vers les habitants : c'est un "
    "engagement partagé, où les pouvoirs publics restent les garants des droits de chacun."
)

SOCIALUP_RAISON = (
    "Nous croyons que chacune et chacun, quels que soient son métier, ses compétences ou son "
    "parcours, peut contribuer à répondre aux questions sociales de notre temps.\n\n"
    "SocialUp existe pour que ces contributions se rencontrent : des personnes qui vivent une "
    "difficulté, des professionnels de l'action sociale, des étudiantes et des étudiants, des "
    "entrepreneurs, des chercheuses et des chercheurs. De la diversité des regards naissent "
    "des idées que nos institutions seules ne produiraient pas.\n\n"
    "Notre raison d'être est de transformer ces idées en projets qui tiennent dans la durée, "
    "au service des personnes que l'Hospice général accompagne et de la collectivité "
    "genevoise."
)

SOCIALUP_MISSION_V1 = (
    "- Organiser des temps de co-création ouverts (week-ends, ateliers, sprints) où des "
    "équipes diverses développent des idées de projets sociaux.\n"
    "- Accompagner les projets après l'événement : rencontres régulières, coaching, mise en "
    "relation avec des partenaires et des financeurs.\n"
    "- Sensibiliser le public et les collaboratrices et collaborateurs de l'Hospice général "
    "à l'innovation sociale et à l'intelligence collective."
)
SOCIALUP_MISSION_V2 = (
    f"{SOCIALUP_MISSION_V1}\n"
    "- Documenter et partager ce que nous apprenons, y compris nos échecs, pour que d'autres "
    "puissent s'en servir."
)

# Each collective's texts, by slug: (kind, title, [(author, body, comment), ...]);
# the first version is created, the next ones edit it.
TEXTS = {
    "gt-rte-geneve": [
        (
            TextKind.RAISON_DETRE,
            "Raison d'être",
            [
                ("camille", RTE_RAISON_V1, "Première rédaction après la séance de lancement"),
                (
                    "lea",
                    RTE_RAISON_V2,
                    "Précise les trois piliers du RTE et le rôle de la coopérative",
                ),
                (
                    "aurelie",
                    RTE_RAISON_V3,
                    "Ajoute la construction avec les personnes concernées",
                ),
            ],
        ),
        (TextKind.VISION, "Vision", [("julien", RTE_VISION, "")]),
        (TextKind.MISSION, "Mission", [("camille", RTE_MISSION, "")]),
        (TextKind.VALUES, "Valeurs", [("aurelie", RTE_VALUES, "Adoptées en plénière")]),
    ],
    "pcpe-93": [
        (TextKind.RAISON_DETRE, "Raison d'être", [("karima", PCPE_RAISON, "")]),
        (
            TextKind.CHARTER,
            "Charte du Pôle citoyen pour l'emploi 93",
            [("sebastien", PCPE_CHARTER, "Version discutée en plénière")],
        ),
    ],
    "ptce-sicoval": [
        (
            TextKind.CHARTER,
            "Charte de coopération du PTCE du Sicoval",
            [
                ("isabelle", PTCE_CHARTER_V1, "Projet issu du séminaire de coopération"),
                (
                    "mathilde",
                    PTCE_CHARTER_V2,
                    "Ajoute l'ouverture à l'économie classique et l'adhésion",
                ),
            ],
        ),
        (TextKind.VALUES, "Nos valeurs", [("laurent", PTCE_VALUES, "")]),
    ],
    "co-acte": [
        (TextKind.MISSION, "Mission", [("anne", COACTE_MISSION, "")]),
        (TextKind.VISION, "Vision", [("nathalie", COACTE_VISION, "")]),
    ],
    "socialup": [
        (TextKind.RAISON_DETRE, "Raison d'être", [("valerie", SOCIALUP_RAISON, "")]),
        (
            TextKind.MISSION,
            "Mission",
            [
                ("romain", SOCIALUP_MISSION_V1, ""),
                ("sarah", SOCIALUP_MISSION_V2, "Ajoute le partage de ce que nous apprenons"),
            ],
        ),
    ],
}


def load_texts(person, collective, days):
    """Write ``collective``'s texts, their versions spread over its ``days`` of life."""
    for kind, title, versions in TEXTS.get(collective.slug, []):
        (author, body, comment), *edits = versions
        text = services.create_text(
            actor=person(author),
            collective=collective,
            kind=kind,
            title=title,
            body=body,
            comment=comment,
        )
        for author, body, comment in edits:
            text = services.update_text(
                actor=person(author),
                text=text,
                title=title,
                body=body,
                base_version=text.version,
                comment=comment,
            )
        # Spread the versions over the collective's life, oldest first, so
        # that the history reads like weeks of work rather than one instant.
        count = text.version
        for version in text.versions.all():
            days_ago = days * (count - version.number + 1) / (count + 1)
            when = timezone.now() - timedelta(days=days_ago)
            type(version).objects.filter(pk=version.pk).update(created_at=when)
            if version.number == count:
                type(text).objects.filter(pk=text.pk).update(updated_at=when)
