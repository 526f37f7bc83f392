"""Demonstration events, loaded by `manage.py load_demo` through the services.

SocialUp, the Hospice général's open social-innovation platform (a public collective
of the demo), runs its month of open social innovation: four weeks, one theme each,
with workshops, conferences and round tables, among them a round table on the
ecological transition income in Switzerland and a job café with questions asked at
registration. One workshop is full and has a waiting list; the opening evening is
already past (two days ago), its attendance checked in and its report published.

The organisations are the demo's real ones; speakers and registrants are invented,
with @example.org addresses. Running it again creates nothing: the programme is
looked up by its short name.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from maillage.collectives.models import Organisation
from maillage.events import services
from maillage.events.models import Programme, Registration

PROGRAMME = {
    "slug": "mois-innovation-sociale-ouverte",
    "title": "Mois de l'innovation sociale ouverte",
    "description": (
        "Un mois pour imaginer, avec les personnes concernées, des réponses nouvelles aux "
        "questions sociales de Genève. Chaque semaine a son thème ; tous les événements "
        "sont gratuits et ouverts à toutes et à tous, **sur inscription** (places limitées "
        "pour des raisons d'organisation)."
    ),
}

THEMES = [
    "Laboratoire ouvert d'innovation sociale",
    "Insertion sociale et professionnelle",
    "Santé et social",
    "Développer le pouvoir d'agir",
]

PLACES = {
    "hospice": (
        "Hospice général, salle polyvalente",
        "Cours de Rive 12, 1204 Genève",
        "Tram 12, arrêt Rive ; bus 2, 6, 8. Salle accessible en fauteuil roulant.",
    ),
    "hub": (
        "Impact Hub Geneva",
        "Rue Fendt 1, 1201 Genève",
        "Gare Cornavin à cinq minutes à pied. Accès par ascenseur.",
    ),
    "unimail": (
        "Uni Mail, Université de Genève",
        "Boulevard du Pont-d'Arve 40, 1205 Genève",
        "Tram 12 et 15, arrêt Uni Mail. Accès de plain-pied.",
    ),
}

# Invented people who register (no account needed).
REGISTRANTS = [
    ("Aline Rey", "aline.rey@example.org"),
    ("Bastien Morel", "bastien.morel@example.org"),
    ("Chloé Genoud", "chloe.genoud@example.org"),
    ("Dario Bianchi", "dario.bianchi@example.org"),
    ("Emma Salamin", "emma.salamin@example.org"),
    ("Farid Mansouri", "farid.mansouri@example.org"),
    ("Gaëlle Chappuis", "gaelle.chappuis@example.org"),
    ("Hamza Berrada", "hamza.berrada@example.org"),
    ("Inès Cattin", "ines.cattin@example.org"),
    ("Joël Bühler", "joel.buhler@example.org"),
    ("Katia Rossier", "katia.rossier@example.org"),
    ("Luc Girardet", "luc.girardet@example.org"),
    ("Maya Tschopp", "maya.tschopp@example.org"),
    ("Noé Fontana", "noe.fontana@example.org"),
]

# Each event: (key, week 0–3, day of the week 0–6, start hour, hours, kind, title,
# description, place key, capacity, organiser keys, speakers, partner names).
EVENTS = [
    (
        "ouverture",
        0,
        0,
        18,
        2,
        "conference",
        "Soirée d'ouverture : qu'est-ce que l'innovation sociale ouverte ?",
        "Retour sur les projets nés des SocialUp week-ends et présentation du mois.",
        "hospice",
        80,
        ["valerie", "romain"],
        [("Romain Jaquet", "responsable de SocialUp", "Hospice général")],
        ["Hospice général", "Open Geneva"],
    ),
    (
        "atelier-idees",
        0,
        3,
        14,
        3,
        "workshop",
        "Atelier : de l'idée au prototype en une après-midi",
        "Par petits groupes, formuler un problème social, imaginer une réponse et la "
        "tester auprès des personnes concernées.",
        "hub",
        8,
        ["sarah"],
        [("Sarah Meylan", "facilitatrice", "Open Geneva")],
        ["Open Geneva", "Impact Hub Geneva"],
    ),
    (
        "rte",
        0,
        4,
        18,
        2,
        "round_table",
        "Table ronde : un revenu de transition écologique en Suisse ?",
        "Un revenu, un accompagnement et l'adhésion à une coopérative pour les personnes "
        "qui portent un projet utile à la transition écologique et sociale : où en est "
        "le projet pilote genevois, et que faudrait-il pour l'étendre ?",
        "unimail",
        60,
        ["romain", "thomas"],
        [
            ("Julien Rochat", "chargé de projet", "Fondation Zoein"),
            ("Camille Martin", "coordinatrice du groupe de travail RTE", "Hospice général"),
            ("Claire Bonvin", "conseillère en durabilité", "Ville de Genève"),
        ],
        ["Fondation Zoein", "Université de Genève", "Ville de Genève"],
    ),
    (
        "cafe-emploi",
        1,
        1,
        9,
        3,
        "job_cafe",
        "Café de l'emploi : rencontrer des recruteurs sans CV",
        "Des recruteurs de l'économie sociale et solidaire et de l'aide à domicile "
        "rencontrent des personnes en recherche d'emploi autour d'un café.",
        "hospice",
        30,
        ["romain"],
        [],
        ["Hospice général"],
    ),
    (
        "insertion-conference",
        1,
        3,
        18,
        2,
        "conference",
        "Conférence : l'insertion par l'activité économique, ce qui marche",
        "Entreprises sociales, stages et accompagnement : résultats d'une recherche "
        "menée avec des personnes en parcours d'insertion.",
        "unimail",
        100,
        ["kevin"],
        [("Kevin Mottier", "chargé d'enseignement", "HES-SO Genève")],
        ["HES-SO Genève"],
    ),
    (
        "sante-table-ronde",
        2,
        1,
        18,
        2,
        "round_table",
        "Table ronde : santé et précarité, sortir des silos",
        "Soignants, travailleurs sociaux et personnes concernées : comment mieux se "
        "relayer autour des personnes les plus éloignées des soins ?",
        "hospice",
        50,
        ["valerie"],
        [("Laura Pittet", "coordinatrice de projets", "Impact Hub Geneva")],
        ["Hospice général"],
    ),
    (
        "sante-atelier",
        2,
        3,
        14,
        2,
        "workshop",
        "Atelier : concevoir un parcours santé avec les personnes concernées",
        "Cartographier ensemble le parcours d'une personne, de la première difficulté "
        "au soin, et repérer où l'on peut agir.",
        "hub",
        20,
        ["laura"],
        [],
        ["Impact Hub Geneva"],
    ),
    (
        "pouvoir-atelier",
        3,
        1,
        18,
        2,
        "workshop",
        "Atelier : développer le pouvoir d'agir des personnes et des collectifs",
        "Des outils pour que les personnes accompagnées prennent part aux décisions "
        "qui les concernent.",
        "hub",
        25,
        ["sarah"],
        [],
        ["Open Geneva"],
    ),
    (
        "cloture",
        3,
        4,
        18,
        2,
        "round_table",
        "Table ronde de clôture : ce que le mois nous a appris",
        "Les porteurs de projets et les partenaires tirent les leçons du mois.",
        "hospice",
        80,
        ["valerie", "romain"],
        [],
        ["Hospice général", "Open Geneva", "Université de Genève"],
    ),
]

JOB_CAFE_QUESTIONS = [
    (
        "Quel secteur vous intéresse ?",
        "choice",
        "Aide à domicile\nLogistique\nRestauration\nNettoyage\nAutre",
        True,
    ),
    ("Avez-vous besoin d'une aide pour préparer votre CV ?", "yes_no", "", False),
    ("Une précision pour les recruteurs ?", "text", "", False),
]

REPORT = (
    "Plus de soixante personnes étaient présentes pour ouvrir le mois. Romain Jaquet a "
    "rappelé les projets nés des SocialUp week-ends depuis 2017, puis trois porteurs de "
    "projets ont raconté leur parcours.\n\n"
    "- les ateliers de la semaine affichent déjà complet ;\n"
    "- les supports de présentation sont en ligne ci-dessous."
)


def load(person, collective_by_slug):
    """Create the month of events unless it exists. ``person(key)`` gives a demo user;
    ``collective_by_slug`` the demo's collectives by slug."""
    collective = collective_by_slug.get("socialup")
    if collective is None:
        return None
    if Programme.objects.filter(collective=collective, slug=PROGRAMME["slug"]).exists():
        return None
    with transaction.atomic():
        return _load(person, collective)


def _load(person, collective):
    boss = person("valerie")
    zone = timezone.get_current_timezone()
    # The month began two days ago: its opening evening is past, the rest to come.
    first_day = timezone.localdate() - timedelta(days=2)
    programme = services.create_programme(
        actor=boss,
        collective=collective,
        title=PROGRAMME["title"],
        slug=PROGRAMME["slug"],
        description=PROGRAMME["description"],
        starts_on=first_day,
        ends_on=first_day + timedelta(days=27),
    )
    services.publish_programme(actor=boss, programme=programme)
    people = iter(REGISTRANTS * 4)
    events = {}
    for spec in EVENTS:
        (key, week, day, hour, hours, kind, title, description, place, capacity) = spec[:10]
        organisers, speakers, partners = spec[10:]
        day_date = first_day + timedelta(days=7 * week + day)
        starts_at = datetime.combine(day_date, time(hour), tzinfo=zone)
        place, address, access = PLACES[place]
        event = services.create_event(
            actor=boss,
            collective=collective,
            programme=programme,
            organisers=[person(k) for k in organisers],
            capacity=capacity,
            partners=Organisation.objects.filter(name__in=partners),
            title=title,
            kind=kind,
            theme=THEMES[week],
            description=description,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours),
            place=place,
            address=address,
            access=access,
            language="fr",
        )
        for name, role, organisation in speakers:
            services.add_speaker(
                actor=boss, event=event, name=name, role=role, organisation=organisation
            )
        if key == "cafe-emploi":
            for label, question_kind, choices, required in JOB_CAFE_QUESTIONS:
                services.add_question(
                    actor=boss,
                    event=event,
                    label=label,
                    kind=question_kind,
                    choices=choices,
                    required=required,
                )
        events[key] = services.publish_event(actor=boss, event=event)

    # Registrations: two days before the past evening, otherwise now.
    _register(events["ouverture"], people, 6, now=events["ouverture"].starts_at - timedelta(2))
    # The workshop is full: eight seats, eleven people, three waiting (one has
    # confirmed their address and will be the first promoted).
    registered = _register(events["atelier-idees"], people, 11)
    waiting = [r for r in registered if r.status == "waiting"]
    services.confirm_address(registration=waiting[0])
    _register(events["rte"], people, 7)
    questions = list(events["cafe-emploi"].questions.all())
    answers = [
        {str(questions[0].pk): "Aide à domicile", str(questions[1].pk): "oui"},
        {str(questions[0].pk): "Logistique", str(questions[1].pk): "non"},
        {
            str(questions[0].pk): "Restauration",
            str(questions[2].pk): "Disponible le matin seulement.",
        },
    ]
    for answer in answers:
        name, email = next(people)
        services.register(event=events["cafe-emploi"], name=name, email=email, answers=answer)
    _register(events["sante-table-ronde"], people, 4)

    # The opening evening happened: check-in, a walk-in, the report.
    past = events["ouverture"]
    for registration in Registration.objects.filter(event=past).order_by("position")[:5]:
        services.check_in(actor=boss, registration=registration, now=past.starts_at)
    services.add_walk_in(actor=person("romain"), event=past, name="Yvan Perret", now=past.starts_at)
    services.publish_report(
        actor=person("romain"),
        event=past,
        report=REPORT,
        links=[
            ("video", "Captation de la soirée", "https://example.org/miso/ouverture-video"),
            ("document", "Présentation (PDF)", "https://example.org/miso/ouverture.pdf"),
        ],
    )
    return programme


def _register(event, people, count, now=None):
    made = []
    for _number in range(count):
        name, email = next(people)
        made.append(services.register(event=event, name=name, email=email, now=now))
    return made
