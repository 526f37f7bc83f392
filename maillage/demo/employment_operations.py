"""The hub's recruitment operation with STEF: « Opération STEF : 300 CDI en un an ».

STEF (a real logistics company, of temperature-controlled transport and warehousing)
recruits 300 people on permanent contracts in a year, with a training before hiring:
a first wave of 70 by the end of January, then 20 to 40 a month. The operation starts
on the last 1 December whose first wave is over (the January after it has ended), so
that the curve has actuals whenever the demo is loaded, with three sourcing
channels: the Mission locale de Clichy-sous-Bois/Montfermeil, France Travail
Clichy-sous-Bois and the Département de la Seine-Saint-Denis (people on RSA).

About 150 candidates, every name invented, with @example.org addresses, are at
various stages: the first wave of 70 hired in December and January (still employed
at 3 and 6 months when those dates have come), about 25 more hired in the months after
it up to today (behind the target: the curve shows the gap), others in training or at
the information session, some
declined with les-emplois' coded reasons and a message to their channel, some hired
elsewhere (obsolete), on hold, cancelled or new. Everything goes through the
operations' services, so the history and the log are those of real use.

Running it again creates nothing: the operation is looked up by its title.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from maillage.collectives.models import Membership, Role
from maillage.employment import services_operations as services
from maillage.employment.models_operations import (
    ChannelKind,
    Operation,
    RefusalReason,
    Stage,
    State,
)

TITLE = "Opération STEF : 300 CDI en un an"
DESCRIPTION = (
    "STEF recrute 300 personnes en CDI en un an pour ses plateformes logistiques "
    "(préparation de commandes, conduite d'engins, quai), avec une formation avant "
    "l'embauche. Une première vague de 70 recrutements d'ici fin janvier, puis 20 à 40 "
    "par mois. Les candidatures viennent de la Mission locale, de France Travail et du "
    "Département (personnes au RSA)."
)
CHANNELS = (
    ("ml", ChannelKind.MISSION_LOCALE, "Mission locale de Clichy-sous-Bois/Montfermeil"),
    ("ft", ChannelKind.FRANCE_TRAVAIL, "France Travail Clichy-sous-Bois"),
    ("cd", ChannelKind.DEPARTEMENT, "Département de la Seine-Saint-Denis (RSA)"),
)
FIRST_NAMES = [
    "Aïcha",
    "Amadou",
    "Anaïs",
    "Bilal",
    "Binta",
    "Chloé",
    "Djibril",
    "Fanta",
    "Farid",
    "Inès",
    "Issa",
    "Jordan",
    "Kadiatou",
    "Karim",
    "Lina",
    "Mamadou",
    "Mariam",
    "Mehdi",
    "Moussa",
    "Nadia",
    "Naël",
    "Nour",
    "Océane",
    "Rayan",
    "Rokia",
    "Salif",
    "Sarah",
    "Sofiane",
    "Souleymane",
    "Yanis",
    "Yasmina",
    "Zoé",
    "Adama",
    "Awa",
    "Baptiste",
    "Hawa",
    "Ibrahim",
    "Jessica",
    "Kevin",
    "Leïla",
    "Malik",
    "Nabil",
    "Ousmane",
    "Rania",
    "Samir",
    "Sékou",
    "Thomas",
    "Wassim",
]
LAST_NAMES = [
    "Bamba",
    "Belkacem",
    "Camara",
    "Cissé",
    "Coulibaly",
    "Da Silva",
    "Diallo",
    "Diarra",
    "Doumbia",
    "Fofana",
    "Gomes",
    "Haddad",
    "Kanté",
    "Keita",
    "Konaté",
    "Lefebvre",
    "Martin",
    "Mendy",
    "Meziane",
    "Moreau",
    "N'Diaye",
    "Petit",
    "Sako",
    "Sow",
    "Sylla",
    "Touré",
    "Traoré",
    "Yilmaz",
    "Benali",
    "Ferreira",
    "Girard",
    "Lopes",
    "Roux",
    "Sissoko",
]
REFUSALS = (
    (RefusalReason.DID_NOT_COME_TO_INTERVIEW, "Absent à la session d'information du mardi."),
    (RefusalReason.NOT_MOBILE, "Pas de transport possible pour une prise de poste à 5 h."),
    (RefusalReason.LACKING_SKILLS, "Le test de préparation de commandes n'est pas réussi."),
    (RefusalReason.NOT_INTERESTED, "Ne souhaite pas travailler en chambre froide."),
    (RefusalReason.DID_NOT_COME, "Injoignable après trois appels et un courriel."),
    (RefusalReason.INCOMPATIBLE, "Contre-indication médicale au port de charges."),
    (RefusalReason.TRAINING, "A commencé une autre formation."),
)
# How the 150 candidates are shared out: (kind, how many).
PLAN = (
    ("first_wave", 70),
    ("later", 25),
    ("training", 12),
    ("information", 8),
    ("refused", 20),
    ("obsolete", 8),
    ("postponed", 4),
    ("cancelled", 3),
    ("new", 5),
)


def _first_december(today):
    """The operation's first day: the last 1 December whose January has ended."""
    return date(today.year - 1 if today >= date(today.year, 2, 1) else today.year - 2, 12, 1)


def _person(people, key):
    return people(key) if callable(people) else people.get(key)


def _members(collective, role=None):
    rows = Membership.objects.active().filter(collective=collective)
    if role is not None:
        rows = rows.filter(role=role)
    return {row.user_id for row in rows}


def _people(collective, people):
    """The coordinator who sets the operation up and the members who follow it: the
    demo's Sébastien, Olivier and Amina when they are of the collective."""
    coordinators = _members(collective, Role.COORDINATOR)
    members = _members(collective)
    actor = _person(people, "sebastien")
    if actor is None or actor.pk not in coordinators:
        actor = (
            Membership.objects.active()
            .filter(collective=collective, role=Role.COORDINATOR)
            .select_related("user")
            .order_by("pk")
            .first()
            .user
        )
    managers = [
        person
        for person in (_person(people, "olivier"), _person(people, "amina"))
        if person is not None and person.pk in members
    ]
    return actor, managers or [actor]


def load_stef(collective, people, today=None):
    """The STEF operation in ``collective`` (the hub), made once. ``people`` gives one of
    the demo's people by key (the demo's ``person`` callable, or a mapping)."""
    if collective is None:
        return None
    existing = Operation.objects.filter(collective=collective, title=TITLE).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        return _load(collective, people, today or timezone.localdate())


def _load(collective, people, today):
    actor, managers = _people(collective, people)
    starts_on = _first_december(today)
    ends_on = date(starts_on.year + 1, 11, 30)
    operation = services.create_operation(
        actor=actor,
        collective=collective,
        title=TITLE,
        employer_name="STEF",
        description=DESCRIPTION,
        contract="cdi",
        starts_on=starts_on,
        ends_on=ends_on,
        target_total=300,
        managers=managers,
    )
    first_wave_by = date(starts_on.year + 1, 1, 31)
    curve = services.spread_targets(70, first_wave_by, 20, 40, 300, starts_on, ends_on)
    services.set_targets(actor=actor, operation=operation, targets=dict(curve))
    channels = {
        key: services.add_channel(
            actor=actor,
            operation=operation,
            kind=kind,
            name=name,
            contact_email=f"operation-stef.{key}@example.org",
        )
        for key, kind, name in CHANNELS
    }
    _candidates(operation, channels, managers[0], starts_on, first_wave_by, today)
    return operation


def _names(count, rng):
    pairs = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(pairs)
    return pairs[:count]


def _candidates(operation, channels, manager, starts_on, first_wave_by, today):
    rng = random.Random(19)  # noqa: S311 - demo data, not security
    kinds = [kind for kind, count in PLAN for _n in range(count)]
    names = _names(len(kinds), rng)
    weights = (("ml", 45), ("ft", 35), ("cd", 20))
    keys = [key for key, weight in weights for _n in range(weight)]
    wave_days = (first_wave_by - starts_on).days
    ends_on = operation.ends_on
    later_days = max(1, (min(today, ends_on) - first_wave_by).days - 5)
    for number, (kind, (first, last)) in enumerate(zip(kinds, names, strict=True)):
        sourced_on = starts_on - timedelta(days=rng.randint(5, 25))
        if kind == "later":
            sourced_on = first_wave_by - timedelta(days=rng.randint(10, 40))
        elif kind in ("information", "postponed", "cancelled", "new"):
            sourced_on = min(today, first_wave_by + timedelta(days=rng.randint(-30, 30)))
        candidate = services.add_candidate(
            actor=manager,
            operation=operation,
            name=f"{first} {last}",
            email=f"{_ascii(first)}.{_ascii(last)}.{number}@example.org",
            phone=f"06 00 00 {number // 100:02d} {number % 100:02d}",
            channel=channels[rng.choice(keys)],
            sourced_on=min(sourced_on, today),
        )

        def move(stage, on):
            nonlocal candidate
            candidate = services.move_candidate(
                actor=manager, candidate=candidate, stage=stage, on=on
            )

        def state(value, reason="", message=""):
            nonlocal candidate
            candidate = services.change_state(
                actor=manager, candidate=candidate, state=value, reason=reason, message=message
            )

        information_on = min(today, max(candidate.sourced_on, starts_on - timedelta(days=3)))
        if kind != "new" and kind not in ("postponed", "cancelled"):
            move(Stage.INFORMATION, information_on)
        if kind in ("first_wave", "later", "training"):
            move(Stage.TRAINING, min(today, information_on + timedelta(days=4)))
            state(State.PROCESSING)
        hired_on = None
        if kind == "first_wave":
            hired_on = starts_on + timedelta(days=9 + number * (wave_days - 12) // 70)
        elif kind == "later":
            index = number - 70
            hired_on = first_wave_by + timedelta(days=5 + index * later_days // 25)
        if hired_on is not None:
            if hired_on <= today:
                move(Stage.HIRED, hired_on)
                for stage, days in ((Stage.EMPLOYED_3, 91), (Stage.EMPLOYED_6, 182)):
                    if number % 9 and hired_on + timedelta(days=days) <= today:
                        move(stage, hired_on + timedelta(days=days))
            else:
                state(State.PRIOR_TO_HIRE)
        elif kind == "refused":
            reason, message = REFUSALS[number % len(REFUSALS)]
            state(State.REFUSED, reason, message)
        elif kind == "obsolete":
            state(State.OBSOLETE)
        elif kind == "postponed":
            state(State.POSTPONED)
        elif kind == "cancelled":
            state(State.CANCELLED)


def _ascii(text):
    return slugify(text).replace("-", "") or "x"
