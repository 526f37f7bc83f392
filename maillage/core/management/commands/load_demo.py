"""`manage.py load_demo`: five real collectives, their real organisations and invented people.

The collectives, organisations and themes are real; every person is invented and
has an @example.org address. State is created through the services, so the
texts have versions and each collective's audit log tells how it came about.

Running the command again creates nothing: people are looked up by e-mail,
organisations by name and collectives by slug. When every collective is
already there, the command only prints how to log in.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify

from maillage.accounts.models import User
from maillage.collectives import services as collectives
from maillage.collectives.models import (
    Collective,
    Invitation,
    Membership,
    Network,
    Organisation,
    OrganisationKind,
    Role,
    Visibility,
)
from maillage.consultations import demo as consultations_demo
from maillage.events import demo as events_demo
from maillage.governance import services as governance
from maillage.governance.models import TextKind
from maillage.meetings import demo as meetings_demo
from maillage.projects import demo as projects_demo
from maillage.trace import demo as trace_demo

# Public on purpose: every run prints it, with the demo logins.
DEMO_PASSWORD = "maillage-demo-2026"  # noqa: S105

# Invented people: key -> (display name, e-mail address).
PEOPLE = {
    # Geneva working group on an ecological transition income
    "camille": ("Camille Martin", "camille.martin@example.org"),
    "julien": ("Julien Rochat", "julien.rochat@example.org"),
    "lea": ("Léa Perrin", "lea.perrin@example.org"),
    "nadia": ("Nadia Benali", "nadia.benali@example.org"),
    "pierre-alain": ("Pierre-Alain Vuilleumier", "pierre-alain.vuilleumier@example.org"),
    "aurelie": ("Aurélie Dufour", "aurelie.dufour@example.org"),
    "mehdi": ("Mehdi Haddad", "mehdi.haddad@example.org"),
    "claire": ("Claire Bonvin", "claire.bonvin@example.org"),
    "thomas": ("Thomas Favre", "thomas.favre@example.org"),
    "jeanne": ("Jeanne Ducommun", "jeanne.ducommun@example.org"),
    "marc": ("Marc Dubois", "marc.dubois@example.org"),
    # Seine-Saint-Denis citizen employment hub
    "karima": ("Karima Ouali", "karima.ouali@example.org"),
    "sebastien": ("Sébastien Lefèvre", "sebastien.lefevre@example.org"),
    "fatou": ("Fatou Diallo", "fatou.diallo@example.org"),
    "olivier": ("Olivier Marchand", "olivier.marchand@example.org"),
    "amina": ("Amina Traoré", "amina.traore@example.org"),
    "hugo": ("Hugo Lemaire", "hugo.lemaire@example.org"),
    "yasmine": ("Yasmine Chérif", "yasmine.cherif@example.org"),
    # GENIES, preparing the Sicoval PTCE
    "isabelle": ("Isabelle Fourcade", "isabelle.fourcade@example.org"),
    "bernard": ("Bernard Esquerré", "bernard.esquerre@example.org"),
    "mathilde": ("Mathilde Roques", "mathilde.roques@example.org"),
    "laurent": ("Laurent Daguzan", "laurent.daguzan@example.org"),
    "emilie": ("Émilie Sarrat", "emilie.sarrat@example.org"),
    "nicolas": ("Nicolas Azéma", "nicolas.azema@example.org"),
    "helene": ("Hélène Bordes", "helene.bordes@example.org"),
    "vincent": ("Vincent Py", "vincent.py@example.org"),
    "lucas": ("Lucas Fabre", "lucas.fabre@example.org"),
    # TOGETHER network, CO-ACTE project
    "anne": ("Anne Schmitt", "anne.schmitt@example.org"),
    "francois": ("François Lambert", "francois.lambert@example.org"),
    "nathalie": ("Nathalie Muller", "nathalie.muller@example.org"),
    "benoit": ("Benoît Dethier", "benoit.dethier@example.org"),
    "elodie": ("Élodie Kessler", "elodie.kessler@example.org"),
    "ioana": ("Ioana Popescu", "ioana.popescu@example.org"),
    "paulo": ("Paulo Ferreira", "paulo.ferreira@example.org"),
    # SocialUp
    "valerie": ("Valérie Gilliéron", "valerie.gillieron@example.org"),
    "romain": ("Romain Jaquet", "romain.jaquet@example.org"),
    "sarah": ("Sarah Meylan", "sarah.meylan@example.org"),
    "kevin": ("Kevin Mottier", "kevin.mottier@example.org"),
    "laura": ("Laura Pittet", "laura.pittet@example.org"),
    "jonas": ("Jonas Zbinden", "jonas.zbinden@example.org"),
}

# Real organisations: key -> (name, kind, website). A website is given only when known.
ORGANISATIONS = {
    "hospice": ("Hospice général", OrganisationKind.INSTITUTION, "https://www.hospicegeneral.ch"),
    "meyrin": ("Ville de Meyrin", OrganisationKind.PUBLIC_BODY, "https://www.meyrin.ch"),
    "zoein": ("Fondation Zoein", OrganisationKind.FOUNDATION, "https://zoein.org"),
    "oce": (
        "Office cantonal de l'emploi (OCE)",
        OrganisationKind.PUBLIC_BODY,
        "https://www.ge.ch/organisation/office-cantonal-emploi",
    ),
    "apres": (
        "Après-GE (Chambre de l'économie sociale et solidaire)",
        OrganisationKind.ASSOCIATION,
        "https://www.apres-ge.ch",
    ),
    "atd": ("ATD Quart Monde", OrganisationKind.ASSOCIATION, "https://www.atd-quartmonde.ch"),
    "realise": ("Réalise", OrganisationKind.COOPERATIVE, "https://www.realise.ch"),
    "geneve": ("Ville de Genève", OrganisationKind.PUBLIC_BODY, "https://www.geneve.ch"),
    "unige": ("Université de Genève", OrganisationKind.INSTITUTION, "https://www.unige.ch"),
    "plaine": ("Plaine Commune", OrganisationKind.PUBLIC_BODY, "https://plainecommune.fr"),
    "cd93": (
        "Département de la Seine-Saint-Denis",
        OrganisationKind.PUBLIC_BODY,
        "https://seinesaintdenis.fr",
    ),
    "francetravail": (
        "France Travail (ex-Pôle emploi)",
        OrganisationKind.INSTITUTION,
        "https://www.francetravail.fr",
    ),
    "dhuys": ("Mission locale de la Dhuys", OrganisationKind.ASSOCIATION, ""),
    "aurore": ("Aurore", OrganisationKind.ASSOCIATION, "https://aurore.asso.fr"),
    "emmaus": ("Emmaüs Connect", OrganisationKind.ASSOCIATION, "https://emmaus-connect.org"),
    "sicoval": (
        "Sicoval (communauté d'agglomération du Sud-Est toulousain)",
        OrganisationKind.PUBLIC_BODY,
        "https://www.sicoval.fr",
    ),
    "genies": ("GENIES", OrganisationKind.ASSOCIATION, ""),
    "ies": (
        "iéS – Initiatives pour une économie solidaire",
        OrganisationKind.COOPERATIVE,
        "",
    ),
    "ramonville": (
        "Ville de Ramonville-Saint-Agne",
        OrganisationKind.PUBLIC_BODY,
        "https://www.ramonville.fr",
    ),
    "cress": ("CRESS Occitanie", OrganisationKind.ASSOCIATION, ""),
    "lamaison": (
        "Collectif La Maison (Maison de l'économie solidaire)",
        OrganisationKind.ASSOCIATION,
        "http://www.collectif-la-maison.fr",
    ),
    "together": (
        "Association internationale TOGETHER",
        OrganisationKind.ASSOCIATION,
        "https://wikispiral.org",
    ),
    "mulhouse": ("Ville de Mulhouse", OrganisationKind.PUBLIC_BODY, "https://www.mulhouse.fr"),
    "braine": (
        "Ville de Braine-l'Alleud",
        OrganisationKind.PUBLIC_BODY,
        "https://www.braine-lalleud.be",
    ),
    "opengeneva": ("Open Geneva", OrganisationKind.ASSOCIATION, "https://opengeneva.org"),
    "hesso": ("HES-SO Genève", OrganisationKind.INSTITUTION, "https://www.hesge.ch"),
    "impacthub": ("Impact Hub Geneva", OrganisationKind.COMPANY, ""),
}

NETWORK = {
    "slug": "together",
    "name": "TOGETHER – Territoires de coresponsabilité",
    "website": "https://wikispiral.org",
    "description": (
        "TOGETHER est le réseau international des territoires de coresponsabilité. Il "
        "rassemble des collectivités, des associations, des entreprises et des citoyens qui "
        "s'engagent à assurer ensemble le bien-être de toutes et tous, générations futures "
        "comprises.\n\n"
        "Sa méthode, SPIRAL (Societal Progress Indicators for the Responsibility of All), est "
        "née à l'initiative du Conseil de l'Europe dans le cadre de sa stratégie de cohésion "
        "sociale. Elle part de la définition du bien-être par les citoyens eux-mêmes, d'abord "
        "en groupes homogènes puis en groupes mélangés, pour construire des indicateurs "
        "partagés et des actions coresponsables.\n\n"
        "Mulhouse a été le premier territoire à l'expérimenter, dès 2005 ; le réseau s'est "
        "constitué formellement en 2013 et réunit aujourd'hui des territoires de plusieurs "
        "pays d'Europe."
    ),
}

# Texts ------------------------------------------------------------------------

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

PCPE_DESCRIPTION = (
    "Le Pôle citoyen pour l'emploi 93 réunit des collectivités, le service public de "
    "l'emploi, des associations et des entreprises de Seine-Saint-Denis pour rapprocher les "
    "habitantes et les habitants de l'emploi, en partant de leurs besoins et de ceux des "
    "employeurs du territoire.\n\n"
    "Le pôle travaille en quatre chantiers :\n"
    "1. Les cafés de l'emploi : des rencontres conviviales et régulières dans les quartiers, "
    "où personnes en recherche d'emploi, conseillers et employeurs se parlent sans "
    "rendez-vous.\n"
    "2. Les opérations de recrutement avec les entreprises : préparer avec des entreprises du "
    "territoire des recrutements ouverts aux personnes éloignées de l'emploi (logistique, "
    "bâtiment, propreté, services à la personne).\n"
    "3. Les groupements d'employeurs : aider de petites entreprises et des associations à "
    "partager des salariés pour leur offrir des emplois stables à temps plein.\n"
    "4. Le laboratoire du travail social : un espace où travailleuses et travailleurs "
    "sociaux, personnes accompagnées et chercheurs expérimentent de nouvelles façons "
    "d'accompagner vers l'emploi."
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

PTCE_DESCRIPTION = (
    "GENIES est l'association qui préfigure le pôle territorial de coopération économique "
    "(PTCE) du Sicoval, la communauté d'agglomération du Sud-Est toulousain.\n\n"
    "Elle réunit des entreprises et des associations de l'économie sociale et solidaire, des "
    "collectivités et des citoyens qui veulent coopérer plutôt que se concurrencer : "
    "mutualiser des locaux et des emplois, répondre ensemble à des marchés, faire émerger de "
    "nouvelles activités utiles au territoire.\n\n"
    "Pour rejoindre la démarche, il faut adhérer à la charte de coopération."
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

COACTE_DESCRIPTION = (
    "CO-ACTE est un projet du réseau TOGETHER qui relie des territoires de coresponsabilité "
    "en Europe pour qu'ils partagent leurs pratiques et leurs outils.\n\n"
    "Les équipes locales, à Mulhouse, à Braine-l'Alleud et dans d'autres territoires du "
    "réseau, y échangent sur l'animation des groupes de citoyens, la construction "
    "d'indicateurs de bien-être et le passage du diagnostic aux actions concrètes. Le projet "
    "prépare aussi une feuille de route commune, débattue avec les citoyens, à présenter aux "
    "responsables politiques."
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

SOCIALUP_DESCRIPTION = (
    "SocialUp est la plateforme d'innovation sociale ouverte de l'Hospice général, à "
    "Genève. Elle est née en avril 2017 avec le premier SocialUp week-end, un « hackathon du "
    "social » où plus de quatre-vingts personnes ont imaginé en trois jours des réponses à "
    "des problèmes sociaux.\n\n"
    "Depuis, l'équipe accompagne les projets qui en sont nés, organise des événements chaque "
    "printemps pendant le festival Open Geneva et fait se rencontrer porteurs d'idées, "
    "personnes concernées, institutions, hautes écoles et associations."
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

# Collectives --------------------------------------------------------------------
# members: (person, role, organisation or None, joined so many days ago).
# texts: (kind, title, [(author, body, comment), ...]); the first is created, the next edit it.

COLLECTIVES = [
    {
        "slug": "gt-rte-geneve",
        "fields": {
            "name": "Groupe de travail Revenu de transition écologique Genève",
            "short_name": "GT RTE Genève",
            "territory": "Genève",
            "region": "GE",
            "description": (
                "Un groupe de travail pluri-institutionnel qui prépare la mise en œuvre d'un "
                "revenu de transition écologique (RTE) dans le canton de Genève : un revenu, "
                "un accompagnement et l'adhésion à une coopérative pour les personnes qui "
                "portent un projet utile à la transition écologique et sociale.\n\n"
                "Il s'est constitué après la présentation du RTE par Sophie Swaton lors du "
                "Mois de l'innovation sociale ouverte (MISO) organisé par SocialUp en 2021."
            ),
            "visibility": Visibility.PUBLIC,
            "languages": ["fr"],
        },
        "creator": ("camille", "hospice", 540),
        "organisations": [
            "hospice",
            "meyrin",
            "zoein",
            "oce",
            "apres",
            "atd",
            "realise",
            "geneve",
            "unige",
        ],
        "members": [
            ("julien", Role.MEMBER, "zoein", 520),
            ("lea", Role.FACILITATOR, "apres", 520),
            ("nadia", Role.MEMBER, "meyrin", 500),
            ("pierre-alain", Role.MEMBER, "oce", 120),
            ("aurelie", Role.MEMBER, "atd", 480),
            ("mehdi", Role.MEMBER, "realise", 450),
            ("claire", Role.MEMBER, "geneve", 400),
            ("thomas", Role.OBSERVER, "unige", 300),
            ("jeanne", Role.OBSERVER, None, 90),
            ("marc", Role.MEMBER, "oce", 500),
        ],
        "texts": [
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
    },
    {
        "slug": "pcpe-93",
        "fields": {
            "name": "Pôle citoyen pour l'emploi 93",
            "short_name": "PCPE 93",
            "territory": "Seine-Saint-Denis",
            "region": "93",
            "description": PCPE_DESCRIPTION,
            "visibility": Visibility.PRIVATE,
            "languages": ["fr"],
        },
        "creator": ("karima", "plaine", 420),
        "organisations": ["plaine", "cd93", "francetravail", "dhuys", "aurore", "emmaus"],
        "members": [
            ("sebastien", Role.COORDINATOR, "cd93", 410),
            ("fatou", Role.FACILITATOR, "dhuys", 380),
            ("olivier", Role.MEMBER, "francetravail", 380),
            ("amina", Role.MEMBER, "aurore", 350),
            ("hugo", Role.MEMBER, "emmaus", 300),
            ("camille", Role.MEMBER, None, 200),
            ("yasmine", Role.OBSERVER, "cd93", 60),
        ],
        "texts": [
            (TextKind.RAISON_DETRE, "Raison d'être", [("karima", PCPE_RAISON, "")]),
            (
                TextKind.CHARTER,
                "Charte du Pôle citoyen pour l'emploi 93",
                [("sebastien", PCPE_CHARTER, "Version discutée en plénière")],
            ),
        ],
    },
    {
        "slug": "ptce-sicoval",
        "fields": {
            "name": "GENIES – préfiguration du PTCE du Sicoval",
            "short_name": "PTCE Sicoval",
            "territory": "Sicoval, Sud-Est toulousain",
            "region": "31",
            "description": PTCE_DESCRIPTION,
            "visibility": Visibility.PUBLIC,
            "languages": ["fr"],
            "requires_charter_agreement": True,
        },
        "creator": ("isabelle", "genies", 600),
        "organisations": ["genies", "sicoval", "ies", "ramonville", "cress", "lamaison"],
        "members": [
            ("bernard", Role.FACILITATOR, "sicoval", 580),
            ("mathilde", Role.FACILITATOR, "genies", 560),
            ("laurent", Role.MEMBER, "ies", 540),
            ("emilie", Role.MEMBER, "ramonville", 500),
            ("nicolas", Role.MEMBER, "cress", 450),
            ("vincent", Role.OBSERVER, None, 100),
        ],
        "texts": [
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
    },
    {
        "slug": "co-acte",
        "network": True,
        "fields": {
            "name": "CO-ACTE – Territoires de coresponsabilité en Europe",
            "short_name": "CO-ACTE",
            "territory": "Europe : Mulhouse, Braine-l'Alleud et d'autres territoires",
            "region": "",
            "description": COACTE_DESCRIPTION,
            "visibility": Visibility.PUBLIC,
            "languages": ["fr", "en"],
        },
        "creator": ("anne", "together", 700),
        "organisations": ["together", "mulhouse", "braine"],
        "members": [
            ("francois", Role.FACILITATOR, "braine", 690),
            ("nathalie", Role.FACILITATOR, "mulhouse", 690),
            ("elodie", Role.MEMBER, "mulhouse", 600),
            ("benoit", Role.MEMBER, "braine", 600),
            ("ioana", Role.MEMBER, "together", 400),
            ("paulo", Role.OBSERVER, None, 150),
        ],
        "texts": [
            (TextKind.MISSION, "Mission", [("anne", COACTE_MISSION, "")]),
            (TextKind.VISION, "Vision", [("nathalie", COACTE_VISION, "")]),
        ],
    },
    {
        "slug": "socialup",
        "fields": {
            "name": "SocialUp – innovation sociale ouverte",
            "short_name": "SocialUp",
            "territory": "Genève",
            "region": "GE",
            "description": SOCIALUP_DESCRIPTION,
            "visibility": Visibility.PUBLIC,
            "languages": ["fr"],
        },
        "creator": ("valerie", "hospice", 650),
        "organisations": ["hospice", "opengeneva", "unige", "hesso", "impacthub"],
        "members": [
            ("romain", Role.FACILITATOR, "hospice", 640),
            ("sarah", Role.FACILITATOR, "opengeneva", 500),
            ("kevin", Role.MEMBER, "hesso", 450),
            ("thomas", Role.MEMBER, "unige", 350),
            ("laura", Role.MEMBER, "impacthub", 300),
            ("jonas", Role.OBSERVER, None, 30),
        ],
        "texts": [
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
    },
]

INVITATION = {
    "collective": "gt-rte-geneve",
    "email": "ines.moreau@example.org",
    "organisation": "meyrin",
    "invited_by": "camille",
    "message": (
        "Bonjour Inès,\n\nComme convenu à la dernière séance, je t'invite à rejoindre le groupe "
        "de travail RTE. Nadia continue de représenter Meyrin ; ton expérience des jardins "
        "partagés nous sera précieuse pour le volet agriculture urbaine.\n\nCamille"
    ),
}

# Who to show at the end, by role: (label, e-mail, what they see).
LOGINS = [
    (
        "Coordination",
        "camille.martin@example.org",
        "coordonne le GT RTE Genève, membre du PCPE 93 (connexion principale)",
    ),
    (
        "Coordination",
        "isabelle.fourcade@example.org",
        "coordonne le PTCE Sicoval, où une demande d'adhésion attend",
    ),
    ("Animation", "lea.perrin@example.org", "anime le GT RTE Genève"),
    ("Animation", "fatou.diallo@example.org", "anime le PCPE 93"),
    ("Membre", "nadia.benali@example.org", "membre du GT RTE Genève (Ville de Meyrin)"),
    ("Membre", "hugo.lemaire@example.org", "membre du PCPE 93 (Emmaüs Connect)"),
    (
        "Événements",
        "romain.jaquet@example.org",
        "organise la soirée d'ouverture du Mois de SocialUp (inscriptions, pointage)",
    ),
    ("Observation", "thomas.favre@example.org", "observe le GT RTE Genève, membre de SocialUp"),
    ("Sans collectif", "lucas.fabre@example.org", "a demandé à rejoindre le PTCE Sicoval"),
]


def _days_ago(days):
    return timezone.localdate() - timedelta(days=days)


class DemoLoader:
    """Creates what is missing, looking up each person, organisation and collective first."""

    def __init__(self):
        self._people = {}
        self._organisations = {}
        self._password = None
        self.created_people = 0

    def person(self, key):
        if key not in self._people:
            name, email = PEOPLE[key]
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                # One hash for every demo account: hashing forty times would slow `make demo`.
                if self._password is None:
                    self._password = make_password(DEMO_PASSWORD)
                user = User.objects.create(
                    email=email, display_name=name, language="fr", password=self._password
                )
                self.created_people += 1
            self._people[key] = user
        return self._people[key]

    def organisation(self, key):
        """The organisation already in the database, by name or by slug; None if missing."""
        if key not in self._organisations:
            name = ORGANISATIONS[key][0]
            self._organisations[key] = (
                Organisation.objects.filter(name__iexact=name).first()
                or Organisation.objects.filter(slug=slugify(name)[:80]).first()
            )
        return self._organisations[key]

    def add_organisation(self, actor, collective, key):
        name, kind, website = ORGANISATIONS[key]
        # Given no existing organisation, the service creates it.
        self._organisations[key] = collectives.add_organisation(
            actor=actor,
            collective=collective,
            organisation=self.organisation(key),
            name=name,
            kind=kind,
            website=website,
        )

    def network(self):
        network = Network.objects.filter(slug=NETWORK["slug"]).first()
        if network is None:
            network = Network.objects.create(**NETWORK)
        return network

    def load_collective(self, spec):
        creator_key, creator_organisation, creator_days = spec["creator"]
        creator = self.person(creator_key)
        networks = [self.network()] if spec.get("network") else []
        collective = collectives.create_collective(
            actor=creator, networks=networks, slug=spec["slug"], **spec["fields"]
        )
        for key in spec["organisations"]:
            self.add_organisation(creator, collective, key)
        Membership.objects.filter(collective=collective, user=creator).update(
            organisation=self.organisation(creator_organisation),
            start_date=_days_ago(creator_days),
        )
        Collective.objects.filter(pk=collective.pk).update(
            created_at=timezone.now() - timedelta(days=creator_days)
        )
        for key, role, organisation, days in spec["members"]:
            Membership.objects.create(
                collective=collective,
                user=self.person(key),
                role=role,
                organisation=self.organisation(organisation) if organisation else None,
                start_date=_days_ago(days),
            )
        for kind, title, versions in spec["texts"]:
            (author, body, comment), *edits = versions
            text = governance.create_text(
                actor=self.person(author),
                collective=collective,
                kind=kind,
                title=title,
                body=body,
                comment=comment,
            )
            for author, body, comment in edits:
                text = governance.update_text(
                    actor=self.person(author),
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
                days = creator_days * (count - version.number + 1) / (count + 1)
                when = timezone.now() - timedelta(days=days)
                type(version).objects.filter(pk=version.pk).update(created_at=when)
                if version.number == count:
                    type(text).objects.filter(pk=text.pk).update(updated_at=when)
        story = getattr(self, "story_" + spec["slug"].replace("-", "_"), None)
        if story is not None:
            story(collective)
        return collective

    def _membership(self, collective, key):
        return Membership.objects.active().get(collective=collective, user=self.person(key))

    def story_gt_rte_geneve(self, collective):
        camille = self.person("camille")
        # Julien joined as a member and now co-leads the work on the cooperative.
        collectives.change_role(
            actor=camille,
            membership=self._membership(collective, "julien"),
            role=Role.FACILITATOR,
        )
        # Marc handed over to Pierre-Alain when he changed jobs.
        marc = self.person("marc")
        collectives.end_membership(
            actor=marc,
            membership=self._membership(collective, "marc"),
            reason=(
                "Nouveau poste à l'OCE, hors du domaine de l'insertion. Pierre-Alain "
                "Vuilleumier reprend le suivi du groupe pour l'office."
            ),
        )
        collectives.invite(
            actor=self.person(INVITATION["invited_by"]),
            collective=collective,
            email=INVITATION["email"],
            role=Role.MEMBER,
            organisation=self.organisation(INVITATION["organisation"]),
            message=INVITATION["message"],
        )

    def story_ptce_sicoval(self, collective):
        # Hélène asked to join, agreeing to the charter, and was accepted.
        request = collectives.request_to_join(
            user=self.person("helene"),
            collective=collective,
            organisation=self.organisation("lamaison"),
            agrees_to_charter=True,
            message=(
                "Le Collectif La Maison anime la Maison de l'économie solidaire à Ramonville. "
                "Nous aimerions participer au groupe de travail sur la mutualisation des "
                "locaux."
            ),
        )
        collectives.accept_request(actor=self.person("isabelle"), request=request)
        # Lucas's request waits for an answer.
        collectives.request_to_join(
            user=self.person("lucas"),
            collective=collective,
            agrees_to_charter=True,
            message=(
                "Bonjour, je suis maraîcher à Montgiscard et je prépare avec deux voisins une "
                "légumerie coopérative pour fournir les cantines du territoire. Nous aimerions "
                "coopérer avec les membres du pôle, en particulier pour la logistique et un "
                "local partagé. J'ai lu la charte et j'y adhère."
            ),
        )


class Command(BaseCommand):
    help = (
        "Load the demonstration data: five collectives with their organisations, invented "
        "people, texts and history. Running it again creates nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo even with the production settings (shared, public password).",
        )

    def handle(self, *args, **options):
        # The demo is written in the site's language (French), whatever language the
        # caller has active: the services name what they create (a consultation's
        # default rounds) in the active language.
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(*args, **options)

    def _handle(self, *args, **options):
        module = getattr(settings, "SETTINGS_MODULE", None) or ""
        if module.endswith(".production") and not options["allow_production"]:
            raise CommandError(
                "Refusing to load demo accounts, whose password is public, with the production "
                "settings. Use --allow-production if you really mean it."
            )
        slugs = [spec["slug"] for spec in COLLECTIVES]
        present = set(Collective.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        if present == set(slugs):
            self.stdout.write(
                "Les données de démonstration sont déjà chargées : rien n'a été créé."
            )
        else:
            loader = DemoLoader()
            made = []
            with transaction.atomic():
                for spec in COLLECTIVES:
                    if spec["slug"] in present:
                        self.stdout.write(f"« {spec['slug']} » existe déjà : laissé tel quel.")
                        continue
                    made.append(loader.load_collective(spec))
            self.stdout.write(
                self.style.SUCCESS(
                    f"Données de démonstration chargées : {len(made)} collectifs, "
                    f"{loader.created_people} personnes."
                )
            )
            for collective in made:
                self.stdout.write(f"  - {collective.name} ({collective.territory})")
        loader = DemoLoader()
        collectives_by_slug = {c.slug: c for c in Collective.objects.filter(slug__in=slugs)}
        if {"gt-rte-geneve", "co-acte"} <= set(collectives_by_slug):
            consultations_demo.load(
                loader.person, collectives_by_slug["gt-rte-geneve"], collectives_by_slug["co-acte"]
            )
        if {"gt-rte-geneve", "pcpe-93"} <= set(collectives_by_slug):
            meetings_demo.load(
                loader.person, collectives_by_slug["gt-rte-geneve"], collectives_by_slug["pcpe-93"]
            )
        if "pcpe-93" in collectives_by_slug:
            projects_demo.load(
                loader.person,
                collectives_by_slug["pcpe-93"],
                collectives_by_slug.get("ptce-sicoval"),
            )
        events_demo.load(loader.person, collectives_by_slug)
        trace_demo.load(loader.person, collectives_by_slug)
        self.print_logins()

    def print_logins(self):
        write = self.stdout.write
        write("")
        write(f"Pour vous connecter : {settings.SITE_URL}{reverse('accounts:login')}")
        write(f"Mot de passe commun à tous les comptes de démonstration : {DEMO_PASSWORD}")
        write("")
        for label, email, what in LOGINS:
            write(f"  {label:<15} {email:<32} {what}")
        invitation = Invitation.objects.filter(
            collective__slug=INVITATION["collective"],
            email__iexact=INVITATION["email"],
            accepted_at=None,
            revoked_at=None,
            expires_at__gt=timezone.now(),
        ).first()
        if invitation is not None:
            write("")
            write(
                f"Invitation en attente pour {invitation.email} (pas encore de compte) : "
                f"{collectives.invitation_url(invitation)}"
            )
        codes = consultations_demo.live_codes()
        if codes:
            write("")
            write(
                "Atelier SPIRAL en direct, sans compte (depuis un téléphone ou une autre "
                f"fenêtre) : {settings.SITE_URL}{reverse('consultations:join')}"
            )
            for name, code in codes:
                write(f"  table {name:<16} code {code}")
        write("")
        write(
            "Événements publics, sans compte : "
            f"{settings.SITE_URL}{reverse('events:agenda', args=['socialup'])}"
        )
        write("")
        write(
            "Toutes les personnes sont inventées (adresses @example.org) ; les collectifs, "
            "les organisations et les thèmes sont réels."
        )
