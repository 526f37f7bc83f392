"""The hub's job café at Clichy-sous-Bois on 23 November, its follow-up, and the STEF
operation (``employment_operations.py``).

The Pôle citoyen pour l'emploi 93 holds a Café Contact Emploi: five recruiters (real
employers of the territory, with the kinds of jobs they offer), forty job seekers with
invented names and @example.org addresses, sent by France Travail, the Mission locale
and the Département. The café is the last 23 November (this year's once it has come):
registrations a week before, thirty-five people arrived, the rounds planned by the
planner, the recruiters' outcomes of each meeting, where each person stood at the end of
the day, the "after-sales" session of exchange and mutual aid three weeks later with the
café's seekers invited, the obstacles heard there, one of them made an action of the
collective. Everything goes through the services, so the log and the history are those
of real use. Running it again creates nothing: the café is looked up by its title.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from maillage.employment import services_after, services_cafe, services_rotations
from maillage.employment.models import Cafe, MeetingOutcome, Slot
from maillage.events import services as event_services

from .employment_operations import load_stef

TITLE = "Café Contact Emploi de Clichy-sous-Bois"
DESCRIPTION = (
    "Des recruteurs du territoire rencontrent des personnes en recherche d'emploi autour "
    "d'un café, sans CV exigé : quelques minutes par rencontre, plusieurs rencontres dans "
    "la matinée. Organisé par le Pôle citoyen pour l'emploi 93 sur prescription de la "
    "Préfecture et du Département."
)

# name, sectors, tables, offers (title, contract, hours, place, posts, requirements)
RECRUITERS = [
    (
        "STEF",
        "Logistique, Transport frigorifique",
        2,
        [
            ("Préparateur de commandes en froid", "cdi", 35, "Rungis", 20, "Formation assurée"),
            ("Cariste", "cdi", 35, "Rungis", 5, "CACES 1, 3 et 5 ou formation"),
        ],
    ),
    (
        "RATP",
        "Transport de voyageurs",
        2,
        [("Machiniste-receveur", "cdi", 35, "Dépôts de Seine-Saint-Denis", 15, "Permis B")],
    ),
    (
        "Emmaüs Coup de Main",
        "Insertion, Réemploi, Bâtiment",
        1,
        [
            ("Agent de tri et de valorisation", "insertion", 26, "Pantin", 4, ""),
            ("Ouvrier polyvalent du bâtiment", "insertion", 26, "Seine-Saint-Denis", 3, ""),
        ],
    ),
    (
        "Association Aurore",
        "Hébergement, Accompagnement social",
        1,
        [("Agent d'accueil et de veille de nuit", "cdd", 35, "Montreuil", 2, "")],
    ),
    (
        "O2 Care Services",
        "Aide à domicile, Garde d'enfants",
        1,
        [
            ("Aide à domicile", "cdi", 24, "Est de la Seine-Saint-Denis", 6, ""),
            ("Garde d'enfants à domicile", "cdi", 20, "Clichy-sous-Bois, Livry-Gargan", 4, ""),
        ],
    ),
]

FIRST_NAMES = [
    "Aïcha", "Bilal", "Chloé", "Djibril", "Elif", "Fodé", "Grâce", "Hamza", "Inès", "Jordan",
    "Kadiatou", "Lucas", "Mariam", "Nabil", "Océane", "Pape", "Rokia", "Samir", "Tiphaine",
    "Walid",
]  # fmt: skip
LAST_NAMES = [
    "Benali", "Camara", "Da Silva", "Diallo", "Fofana", "Haddad", "Keita", "Lemoine",
    "Mendy", "Nguyen", "Ouattara", "Petit", "Rahmani", "Sow", "Traoré", "Yilmaz",
]  # fmt: skip
WISHED = {
    "STEF": "Logistique, préparation de commandes",
    "RATP": "Conduite de bus",
    "Emmaüs Coup de Main": "Tri, bâtiment",
    "Association Aurore": "Accueil, social",
    "O2 Care Services": "Aide à domicile",
}
REFERRERS = ["france_travail"] * 5 + ["mission_locale"] * 3 + ["departement"] * 3 + ["self"]
MOBILITY = ["public_transport"] * 6 + ["walk", "licence_no_car", "car"]
OBSTACLES = [
    (
        "transport",
        "Les prises de poste à 4 h du matin à Rungis ne sont desservies par aucun bus depuis "
        "Clichy-sous-Bois.",
        "Demander à Île-de-France Mobilités et à STEF une navette pour les postes de nuit",
    ),
    (
        "childcare",
        "Pas de mode de garde pour les horaires décalés : plusieurs mères renoncent aux "
        "postes du matin.",
        None,
    ),
    (
        "training",
        "Le permis B coûte trop cher pour postuler comme machiniste-receveur.",
        None,
    ),
    (
        "digital",
        "Candidater en ligne sans ordinateur : les offres renvoient toutes vers un site.",
        None,
    ),
]


def cafe_day(today):
    """The last 23 November: this year's once it has come, else last year's."""
    this_year = date(today.year, 11, 23)
    return this_year if this_year <= today else date(today.year - 1, 11, 23)


def load(person, collective, today=None):
    """The café and the STEF operation in ``collective`` (the hub), made once."""
    if collective is None:
        return None
    load_stef(collective, person, today)
    if Cafe.objects.filter(event__collective=collective, event__title=TITLE).exists():
        return None
    with transaction.atomic():
        return _load(person, collective, today or timezone.localdate())


def _load(person, collective, today):
    organiser, coordinator = person("fatou"), person("sebastien")
    zone = timezone.get_current_timezone()
    day = cafe_day(today)
    starts_at = datetime.combine(day, time(9, 30), tzinfo=zone)
    event = event_services.create_event(
        actor=coordinator,
        collective=collective,
        organisers=[organiser],
        title=TITLE,
        kind="job_cafe",
        theme="Emploi",
        description=DESCRIPTION,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        place="Clichy-sous-Bois",
        address="93390 Clichy-sous-Bois",
        language="fr",
    )
    event = event_services.publish_event(actor=coordinator, event=event)
    cafe = services_cafe.set_up_cafe(
        actor=organiser, event=event, rotations=6, minutes_per_rotation=12, seats=2
    )
    recruiters = {}
    for name, sectors, tables, offers in RECRUITERS:
        slug = slugify(name)
        recruiter = services_cafe.add_recruiter(
            actor=organiser,
            cafe=cafe,
            name=name,
            contact_name=f"Recrutement {name}",
            contact_email=f"recrutement.{slug}@example.org",
            sectors=sectors,
            tables=tables,
        )
        for title, contract, hours, place, posts, requirements in offers:
            services_cafe.add_offer(
                actor=organiser,
                recruiter=recruiter,
                title=title,
                contract=contract,
                hours=hours,
                place=place,
                posts=posts,
                requirements=requirements,
            )
        recruiters[name] = recruiter
    seekers = _register(cafe, recruiters, starts_at - timedelta(days=7))
    arrived = starts_at - timedelta(minutes=15)
    for seeker in seekers[:35]:
        services_cafe.check_in(actor=organiser, seeker=seeker, status="arrived", now=arrived)
    services_rotations.plan_rotations(
        actor=organiser, cafe=cafe, from_rotation=0, now=starts_at + timedelta(minutes=1)
    )
    _meeting_outcomes(cafe)
    _day_outcomes(cafe, organiser, starts_at + timedelta(hours=3))
    session = services_after.plan_session(
        actor=organiser,
        cafe=cafe,
        title="Après le Café Contact Emploi : échanges et entraide",
        starts_at=starts_at + timedelta(days=18, hours=4, minutes=30),
        ends_at=starts_at + timedelta(days=18, hours=6, minutes=30),
        place="Clichy-sous-Bois",
        purpose=(
            "Se retrouver trois semaines après le café : où en est chacun, qui peut ouvrir "
            "son réseau, quels freins faire remonter."
        ),
        invite_members=True,
    )
    for theme, text, action in OBSTACLES:
        obstacle = services_after.note_obstacle(
            actor=organiser, cafe=cafe, theme=theme, text=text, session=session
        )
        if action:
            services_after.make_action(
                actor=organiser,
                obstacle=obstacle,
                title=action,
                owners=[organiser],
                due_date=starts_at.date() + timedelta(days=45),
            )
    return cafe


def _register(cafe, recruiters, now):
    rng = random.Random(19)
    names = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(names)
    seekers = []
    for number, name in enumerate(names[:40]):
        wished = rng.sample(list(recruiters), rng.randint(2, 4))
        address = slugify(name).replace("-", ".")
        seekers.append(
            services_cafe.register_seeker(
                cafe=cafe,
                name=name,
                email=f"{address}@example.org",
                wishes_text=", ".join(WISHED[key] for key in wished),
                availability=rng.choice(["Tout de suite", "Dès janvier", "Le matin"]),
                mobility=rng.choice(MOBILITY),
                referrer=REFERRERS[number % len(REFERRERS)],
                wishes={recruiters[key]: rng.randint(1, 3) for key in wished},
                # Four people did not agree to show their profile to the recruiters.
                consent=number % 10 != 3,
                now=now + timedelta(minutes=number * 17),
            )
        )
    return seekers


def _meeting_outcomes(cafe):
    """The recruiters noted most meetings on their phones; some were left blank."""
    rng = random.Random(23)
    choices = [MeetingOutcome.FOLLOW_UP] * 4 + [MeetingOutcome.INTERVIEW] * 2 + ["no"] * 3
    for slot in Slot.objects.filter(cafe=cafe).select_related("recruiter").order_by("pk"):
        if rng.random() < 0.85:
            services_rotations.record_meeting_outcome(
                slot=slot, outcome=rng.choice(choices), recruiter=slot.recruiter
            )


def _day_outcomes(cafe, organiser, now):
    """Where each person stood at the end of the day: interviews for those a recruiter
    proposed one, the rest "nothing yet"."""
    interviews = {}
    for slot in Slot.objects.filter(cafe=cafe, outcome=MeetingOutcome.INTERVIEW):
        interviews.setdefault(slot.seeker_id, slot.recruiter)
    for seeker in cafe.seekers.filter(status="arrived").order_by("pk"):
        recruiter = interviews.get(seeker.pk)
        services_after.record_outcome(
            seeker=seeker,
            checkpoint=0,
            kind="interview" if recruiter else "nothing_yet",
            recruiter=recruiter,
            recorded_by="organiser",
            actor=organiser,
            now=now,
        )
