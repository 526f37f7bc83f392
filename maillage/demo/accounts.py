"""The demo's people: invented, each with an @example.org address and the one public
password, created on first use and looked up by e-mail address before that."""

from django.contrib.auth.hashers import make_password

from maillage.accounts.models import User

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
        "coordonne le PTCE Sicoval, où une demande d'adhésion attend, et ses locaux "
        "partagés (planning, demandes, décomptes, modèle économique)",
    ),
    (
        "Locataire",
        "sandrine.vidal@example.org",
        "représente Coop'action, locataire des locaux du PTCE Sicoval (réservations, "
        "ses décomptes)",
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
    (
        "Réseau",
        "anne.schmitt@example.org",
        "coordonne le réseau TOGETHER et sa consultation SPIRAL (tous les territoires)",
    ),
    (
        "Territoire",
        "elodie.kessler@example.org",
        "anime la table de Mulhouse de la consultation SPIRAL (son territoire seulement)",
    ),
    ("Observation", "thomas.favre@example.org", "observe le GT RTE Genève, membre de SocialUp"),
    ("Sans collectif", "lucas.fabre@example.org", "a demandé à rejoindre le PTCE Sicoval"),
    # SocialUp's orientation catalogue (orientation.py creates these three people).
    (
        "Orientation",
        "mireille.chappuis@example.org",
        "coordonne le catalogue d'orientation de SocialUp (structures, offres, critères)",
    ),
    (
        "Orientation",
        "yann.perroud@example.org",
        "assistant social à l'Hospice général, oriente des personnes vers les offres",
    ),
    (
        "Orientation",
        "delphine.kohler@example.org",
        "conseillère à la Fondation Qualife, tient à jour les offres de Qualife",
    ),
]


class People:
    """The demo's people by key (``people.person("camille")``), each looked up by e-mail
    address and created only when missing; ``created`` counts those created."""

    def __init__(self):
        self._people = {}
        self._password = None
        self.created = 0

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
                self.created += 1
            self._people[key] = user
        return self._people[key]
