"""What the seed minutes of 5 March 2013 say about the Sicoval PTCE's premises, as the
demo's data (maillage/demo/premises.py loads it): the site, its spaces and the 500 m²
to come, the price categories, the tenant organisations and who represents each, what
they meet about, the weekly series and the request from someone without an account.

The organisations are real; the people are invented (@example.org addresses).
"""

from datetime import time
from decimal import Decimal

from maillage.collectives.models import OrganisationKind
from maillage.premises.models import Slot, SpaceKind

SITE_SLUG = "labege"
ZONE = "Europe/Paris"

SITE = {
    "name": "Maison de la coopération du Sicoval",
    "slug": SITE_SLUG,
    "address": "Parc d'activités de l'Innopole\n31670 Labège",
    "surface_m2": Decimal("1000"),
    "time_zone": ZONE,
    "currency": "EUR",
    "evening_starts": time(18, 0),
    "evening_ends": time(21, 30),
    "public_requests": True,
    "iban": "FR7630006000011234567890189",
    "creditor_name": "GENIES",
    "creditor_address": "Maison de la coopération du Sicoval\n31670 Labège",
}

# key -> (name, kind, surface m², people, desks, equipment, step-free, description)
SPACES = {
    "garonne": (
        "Petite salle Garonne",
        SpaceKind.MEETING_ROOM,
        "20",
        8,
        0,
        "Écran, tableau blanc, visioconférence",
        True,
        "Au rez-de-chaussée, à côté de l'accueil.",
    ),
    "ariege": (
        "Petite salle Ariège",
        SpaceKind.MEETING_ROOM,
        "20",
        8,
        0,
        "Écran, tableau blanc",
        True,
        "Au rez-de-chaussée, fenêtres sur le jardin.",
    ),
    "modulable": (
        "Salle modulable",
        SpaceKind.EVENT_ROOM,
        "100",
        60,
        0,
        "Vidéoprojecteur, sonorisation, cloison mobile, 60 chaises, 15 tables",
        True,
        "Se divise en deux salles de 50 m²\u00a0; accès direct à la cuisine.",
    ),
    "bureau-lauragais": (
        "Bureau partagé Lauragais",
        SpaceKind.OFFICE,
        "120",
        12,
        0,
        "Bureaux, armoires fermant à clé, imprimante",
        True,
        "Loué au mois aux structures permanentes.",
    ),
    "bureau-canal": (
        "Bureau partagé Canal du Midi",
        SpaceKind.OFFICE,
        "110",
        10,
        0,
        "Bureaux, armoires fermant à clé",
        False,
        "À l'étage, sans ascenseur pour l'instant.",
    ),
    "coworking": (
        "Espace de coworking",
        SpaceKind.DESKS,
        "90",
        12,
        12,
        "12 postes, écrans, casiers",
        True,
        "Six postes sont réservés aux entrepreneurs salariés de Coop'action.",
    ),
    "cuisine": ("Cuisine", SpaceKind.SHARED, "25", 12, 0, "", True, "Ouverte à tous."),
    "ressources": (
        "Centre de ressources",
        SpaceKind.SHARED,
        "60",
        15,
        0,
        "Bibliothèque de l'économie sociale et solidaire, documentation",
        True,
        "",
    ),
    "technique": ("Local technique", SpaceKind.SHARED, "10", 0, 0, "", False, ""),
}

# The 500 m² to come: key -> (name, kind, surface m², people, desks).
EXTENSION = {
    "ext-formation": ("Extension\u00a0: salle de formation", SpaceKind.MEETING_ROOM, "60", 24, 0),
    "ext-reunion": ("Extension\u00a0: salle de réunion", SpaceKind.MEETING_ROOM, "50", 16, 0),
    "ext-bureaux": ("Extension\u00a0: plateau de bureaux", SpaceKind.OFFICE, "300", 30, 0),
    "ext-coworking": ("Extension\u00a0: second coworking", SpaceKind.DESKS, "90", 14, 14),
}

CATEGORIES = [
    ("Permanents", False),
    ("Temps partiel", False),
    ("Occasionnels", False),
    ("Tarif extérieur", True),
]

# Tenant organisations: key -> (name, kind). Those already in the collective
# (collectives.ORGANISATIONS) keep their row.
ORGANISATIONS = {
    "genies": ("GENIES", OrganisationKind.ASSOCIATION),
    "ies": ("iéS – Initiatives pour une économie solidaire", OrganisationKind.COOPERATIVE),
    "cress": ("CRESS Occitanie", OrganisationKind.ASSOCIATION),
    "lamaison": (
        "Collectif La Maison (Maison de l'économie solidaire)",
        OrganisationKind.ASSOCIATION,
    ),
    "ramonville": ("Ville de Ramonville-Saint-Agne", OrganisationKind.PUBLIC_BODY),
    "coopaction": ("Coop'action", OrganisationKind.COOPERATIVE),
    "franceactive": ("France Active Occitanie", OrganisationKind.ASSOCIATION),
    "urscop": ("Les Scop Occitanie", OrganisationKind.ASSOCIATION),
    "solviolette": ("Le Sol-Violette", OrganisationKind.ASSOCIATION),
    "debrouillards": ("Les Petits Débrouillards Occitanie", OrganisationKind.ASSOCIATION),
    "bge": ("BGE Sud-Ouest", OrganisationKind.ASSOCIATION),
    "alterhabitat": ("Alter Habitat", OrganisationKind.ASSOCIATION),
    "francas": ("Les Francas de la Haute-Garonne", OrganisationKind.ASSOCIATION),
    "terredeliens": ("Terre de Liens Occitanie", OrganisationKind.ASSOCIATION),
    "alternatiba": ("Alternatiba Toulouse", OrganisationKind.ASSOCIATION),
    "nature": ("Nature En Occitanie", OrganisationKind.ASSOCIATION),
    "planetesciences": ("Planète Sciences Occitanie", OrganisationKind.ASSOCIATION),
    "artisansdumonde": ("Artisans du Monde Toulouse", OrganisationKind.ASSOCIATION),
    "enercoop": ("Enercoop Midi-Pyrénées", OrganisationKind.COOPERATIVE),
}

# Invented people who represent a tenant organisation in the collective:
# organisation key -> (display name, e-mail address).
REPRESENTATIVES = {
    "coopaction": ("Sandrine Vidal", "sandrine.vidal@example.org"),
    "franceactive": ("Patrick Cazals", "patrick.cazals@example.org"),
    "urscop": ("Nadège Rouquette", "nadege.rouquette@example.org"),
    "solviolette": ("Julie Baylac", "julie.baylac@example.org"),
    "debrouillards": ("Yanis Belkacem", "yanis.belkacem@example.org"),
    "bge": ("Christophe Lafforgue", "christophe.lafforgue@example.org"),
    "alterhabitat": ("Marion Delpech", "marion.delpech@example.org"),
    "francas": ("Thierry Cabanes", "thierry.cabanes@example.org"),
    "terredeliens": ("Agnès Pujol", "agnes.pujol@example.org"),
    "alternatiba": ("Kévin Marty", "kevin.marty@example.org"),
    "nature": ("Sylvie Gisclard", "sylvie.gisclard@example.org"),
    "planetesciences": ("Romain Albouy", "romain.albouy@example.org"),
    "artisansdumonde": ("Odile Ferrand", "odile.ferrand@example.org"),
    "enercoop": ("Damien Soulié", "damien.soulie@example.org"),
}
# The collective's members who already represent a tenant organisation.
MEMBERS = {
    "genies": "mathilde",
    "ies": "laurent",
    "cress": "nicolas",
    "lamaison": "helene",
    "ramonville": "emilie",
}

PERMANENT = [
    "genies",
    "ies",
    "cress",
    "lamaison",
    "coopaction",
    "franceactive",
    "urscop",
    "solviolette",
    "debrouillards",
]
# Two days a week, named: 0 = Monday.
PART_TIME = {"bge": [1, 3], "alterhabitat": [0, 4]}
LATER = "francas"
OCCASIONAL = [
    "ramonville",
    "terredeliens",
    "alternatiba",
    "nature",
    "planetesciences",
    "artisansdumonde",
    "enercoop",
]
# Offices rented by the month (space key -> tenants), Coop'action's desks.
OFFICES = {
    "bureau-lauragais": ["genies", "ies", "franceactive", "urscop"],
    "bureau-canal": ["cress", "lamaison", "solviolette", "debrouillards"],
}
RESERVED_DESKS = 6

MEETINGS = {
    "genies": ["Conseil d'administration", "Comité de pilotage du PTCE", "Groupe locaux"],
    "ies": ["Comité d'engagement", "Accueil de porteurs de projet"],
    "cress": ["Réunion de l'observatoire de l'ESS", "Formation des élus"],
    "lamaison": ["Réunion d'équipe", "Atelier consommation responsable"],
    "coopaction": ["Réunion des entrepreneurs salariés", "Formation à la gestion"],
    "franceactive": ["Comité de financement", "Rendez-vous porteurs de projet"],
    "urscop": ["Information sur la création de Scop", "Réunion des Scic du territoire"],
    "solviolette": ["Réunion des prestataires du Sol", "Comité d'agrément"],
    "debrouillards": ["Préparation des animations", "Formation des animateurs"],
    "bge": ["Permanence création d'entreprise", "Atelier «\u00a0Se lancer\u00a0»"],
    "alterhabitat": ["Réunion de projet d'habitat participatif", "Réunion d'information"],
    "ramonville": ["Réunion avec les associations de la ville"],
    "terredeliens": ["Réunion du groupe local"],
    "alternatiba": ["Préparation du village des alternatives"],
    "nature": ["Réunion des bénévoles"],
    "planetesciences": ["Préparation d'un stage"],
    "artisansdumonde": ["Réunion des bénévoles de la boutique"],
    "enercoop": ["Réunion des sociétaires du territoire"],
}
EVENINGS = [
    ("genies", "Assemblée générale de GENIES", 45),
    ("alternatiba", "Soirée ciné-débat", 50),
    ("solviolette", "Soirée d'accueil des nouveaux adhérents", 30),
    ("terredeliens", "Réunion publique sur l'installation agricole", 40),
    ("enercoop", "Réunion des sociétaires", 35),
]

SERIES = {
    "organisation": "bge",
    "space": "garonne",
    "weekday": 1,
    "slot": Slot.MORNING,
    "rule": "Tous les mardis matin\u00a0: permanence création d'entreprise",
    "purpose": "Permanence création d'entreprise",
}

REQUEST = {
    "requester_name": "Sophie Lacaze",
    "requester_email": "sophie.lacaze@example.org",
    "requester_phone": "",
    "requester_organisation": "Association des parents d'élèves de Labège",
    "purpose": "Préparation du vide-grenier de l'école",
    "people": 18,
}
