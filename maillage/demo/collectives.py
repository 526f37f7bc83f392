"""The demo's five collectives: real collectives, their real organisations and network,
with the demo's invented people as members; each created through the services by its
coordinator, then given its texts (governance.py) and its story (a change of role, a
membership ended, an invitation, requests to join).

Running it again creates nothing: organisations are looked up by name and collectives
by slug (the command skips a collective already there).
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from maillage.collectives import services, services_network
from maillage.collectives.models import (
    Collective,
    Invitation,
    Membership,
    Network,
    NetworkCoordinator,
    Organisation,
    OrganisationKind,
    Role,
    Visibility,
)

from . import governance

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

PTCE_DESCRIPTION = (
    "GENIES est l'association qui préfigure le pôle territorial de coopération économique "
    "(PTCE) du Sicoval, la communauté d'agglomération du Sud-Est toulousain.\n\n"
    "Elle réunit des entreprises et des associations de l'économie sociale et solidaire, des "
    "collectivités et des citoyens qui veulent coopérer plutôt que se concurrencer : "
    "mutualiser des locaux et des emplois, répondre ensemble à des marchés, faire émerger de "
    "nouvelles activités utiles au territoire.\n\n"
    "Pour rejoindre la démarche, il faut adhérer à la charte de coopération."
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

SOCIALUP_DESCRIPTION = (
    "SocialUp est la plateforme d'innovation sociale ouverte de l'Hospice général, à "
    "Genève. Elle est née en avril 2017 avec le premier SocialUp week-end, un « hackathon du "
    "social » où plus de quatre-vingts personnes ont imaginé en trois jours des réponses à "
    "des problèmes sociaux.\n\n"
    "Depuis, l'équipe accompagne les projets qui en sont nés, organise des événements chaque "
    "printemps pendant le festival Open Geneva et fait se rencontrer porteurs d'idées, "
    "personnes concernées, institutions, hautes écoles et associations."
)


# Collectives --------------------------------------------------------------------
# members: (person, role, organisation or None, joined so many days ago).

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
    },
]

# Two territories of the TOGETHER network, each with its local team, created with
# CO-ACTE (story_co_acte): the SPIRAL network consultation has a group in each, set up
# by the territory's coordinator.
TERRITORIES = [
    {
        "slug": "coresponsabilite-mulhouse",
        "fields": {
            "name": "Mulhouse – territoire de coresponsabilité",
            "short_name": "Mulhouse",
            "territory": "Mulhouse",
            "region": "68",
            "description": (
                "L'équipe locale de Mulhouse dans le réseau TOGETHER\u00a0: des habitants, des "
                "services de la ville et des associations qui animent les ateliers SPIRAL "
                "des quartiers."
            ),
            "visibility": Visibility.PUBLIC,
            "languages": ["fr"],
        },
        "creator": ("nathalie", "mulhouse"),
        "members": [("elodie", Role.FACILITATOR, "mulhouse")],
    },
    {
        "slug": "coresponsabilite-braine",
        "fields": {
            "name": "Braine-l'Alleud – territoire de coresponsabilité",
            "short_name": "Braine-l'Alleud",
            "territory": "Braine-l'Alleud",
            "region": "",
            "description": (
                "L'équipe locale de Braine-l'Alleud dans le réseau TOGETHER\u00a0: le plan de "
                "cohésion sociale de la commune et ses partenaires."
            ),
            "visibility": Visibility.PUBLIC,
            "languages": ["fr"],
        },
        "creator": ("francois", "braine"),
        "members": [("benoit", Role.FACILITATOR, "braine")],
    },
]

# The network's coordinators (through CO-ACTE): Anne, named first as staff would name
# her, who then names Ioana.
NETWORK_COORDINATORS = ["anne", "ioana"]

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


def _days_ago(days):
    return timezone.localdate() - timedelta(days=days)


def pending_invitation():
    """The demo's invitation, while it waits for an answer (None once answered)."""
    return Invitation.objects.filter(
        collective__slug=INVITATION["collective"],
        email__iexact=INVITATION["email"],
        accepted_at=None,
        revoked_at=None,
        expires_at__gt=timezone.now(),
    ).first()


class Loader:
    """Creates a collective from its spec, with the people of ``people`` (accounts.People),
    looking up each organisation first."""

    def __init__(self, people):
        self.person = people.person
        self._organisations = {}

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
        self._organisations[key] = services.add_organisation(
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
        collective = services.create_collective(
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
        # The texts before the story: joining the Sicoval PTCE needs its charter.
        governance.load_texts(self.person, collective, creator_days)
        story = getattr(self, "story_" + spec["slug"].replace("-", "_"), None)
        if story is not None:
            story(collective)
        return collective

    def _membership(self, collective, key):
        return Membership.objects.active().get(collective=collective, user=self.person(key))

    def story_gt_rte_geneve(self, collective):
        camille = self.person("camille")
        # Julien joined as a member and now co-leads the work on the cooperative.
        services.change_role(
            actor=camille,
            membership=self._membership(collective, "julien"),
            role=Role.FACILITATOR,
        )
        # Marc handed over to Pierre-Alain when he changed jobs.
        marc = self.person("marc")
        services.end_membership(
            actor=marc,
            membership=self._membership(collective, "marc"),
            reason=(
                "Nouveau poste à l'OCE, hors du domaine de l'insertion. Pierre-Alain "
                "Vuilleumier reprend le suivi du groupe pour l'office."
            ),
        )
        services.invite(
            actor=self.person(INVITATION["invited_by"]),
            collective=collective,
            email=INVITATION["email"],
            role=Role.MEMBER,
            organisation=self.organisation(INVITATION["organisation"]),
            message=INVITATION["message"],
        )

    def story_co_acte(self, collective):
        network = self.network()
        for spec in TERRITORIES:
            if Collective.objects.filter(slug=spec["slug"]).exists():
                continue
            creator_key, organisation = spec["creator"]
            territory = services.create_collective(
                actor=self.person(creator_key),
                networks=[network],
                slug=spec["slug"],
                **spec["fields"],
            )
            Membership.objects.filter(collective=territory).update(
                organisation=self.organisation(organisation)
            )
            for key, role, organisation in spec["members"]:
                Membership.objects.create(
                    collective=territory,
                    user=self.person(key),
                    role=role,
                    organisation=self.organisation(organisation),
                )
        first, *others = [self.person(key) for key in NETWORK_COORDINATORS]
        if not NetworkCoordinator.objects.filter(network=network).exists():
            NetworkCoordinator.objects.create(network=network, user=first, collective=collective)
            for person in others:
                services_network.name_network_coordinator(
                    actor=first, network=network, user=person, collective=collective
                )

    def story_ptce_sicoval(self, collective):
        # Hélène asked to join, agreeing to the charter, and was accepted.
        request = services.request_to_join(
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
        services.accept_request(actor=self.person("isabelle"), request=request)
        # Lucas's request waits for an answer.
        services.request_to_join(
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
