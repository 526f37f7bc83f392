"""The hub's employer group: « Groupement d'employeurs Est Ensemble (étude de
faisabilité) ».

Thirteen structures of Est Ensemble (Bagnolet, Bobigny, Bondy, Les Lilas, Montreuil,
Noisy-le-Sec, Pantin, Le Pré-Saint-Gervais, Romainville) pool their part-time needs:
leisure centres and after-school care, crèches, home-care services, a régie de quartier,
a cleaning company and an association of the hub (Aurore). The organisations are real
names of networks and services that plausibly operate there, used as examples: their
needs, hours and costs are invented.
Sites are placed at real points of their communes. Nobody's name is needed.

What is made:
- the group, its members, sites, job families, qualifications (which families each
  covers) and trainings with realistic costs, and 43 needs with realistic slots, through
  the app's services, as coordinators and members would;
- a term-time run, three jobs kept from it (``keep_job``, with the qualification of the
  person hired, so that the report shows a training), then a term-time and a holiday
  run around them: each run is queued by ``start_run`` and its task is called at once;
- a staff lending agreement between two members, supported by the city of Montreuil,
  and a skills sponsorship offer, through ``services_agreements``.

Running it again creates nothing: the group is looked up by its collective.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from maillage.collectives import services as collective_services
from maillage.collectives.models import Membership, Organisation, Role
from maillage.employers import services_agreements as agreements
from maillage.employers import services_group as setup
from maillage.employers import services_needs as need_services
from maillage.employers import services_pooling as pooling
from maillage.employers import services_table as table
from maillage.employers.models import (
    Group,
    Period,
    Week,
)
from maillage.employers.tasks import run_pooling

NAME = "Groupement d'employeurs Est Ensemble (étude de faisabilité)"
TIME_LIMIT = 5
NBSP = "\u00a0"

# key -> (name, kind, website)
MEMBERS = {
    "francas": ("Les Francas de Seine-Saint-Denis", "association", ""),
    "leo": ("Léo Lagrange Île-de-France", "association", ""),
    "ligue": ("Ligue de l'enseignement de Seine-Saint-Denis", "association", ""),
    "ufcv": ("UFCV Île-de-France", "association", ""),
    "crescendo": ("Crescendo, crèches associatives", "association", ""),
    "babilou": ("Babilou", "company", ""),
    "peopleandbaby": ("People&Baby", "company", ""),
    "admr": ("ADMR de Seine-Saint-Denis", "association", ""),
    "ccas_montreuil": ("CCAS de Montreuil", "public_body", ""),
    "ccas_bagnolet": ("CCAS de Bagnolet", "public_body", ""),
    "regie": ("Régie de quartier de Bobigny", "association", ""),
    "onet": ("Onet Propreté et Services", "company", ""),
    # Already an organisation of the hub: the demo's Amina Traoré represents it, and so
    # sees its needs and shares, and no other member's.
    "aurore": ("Aurore", "association", "https://aurore.asso.fr"),
}
SPONSOR = ("Crédit Coopératif", "cooperative", "https://www.credit-cooperatif.coop")

# member -> [(site name, commune, latitude, longitude)]
SITES = {
    "francas": [
        ("Accueil de loisirs Paul-Éluard", "Bobigny", "48.90770", "2.43970"),
        ("Accueil de loisirs Jean-Lolive", "Pantin", "48.89440", "2.40900"),
    ],
    "leo": [
        ("Centre de loisirs Cité-Jardin", "Noisy-le-Sec", "48.89100", "2.46000"),
        ("Centre de loisirs Mouchotte", "Romainville", "48.88470", "2.43490"),
    ],
    "ligue": [("Groupe scolaire Pasteur", "Bondy", "48.90220", "2.48300")],
    "ufcv": [("Accueil de loisirs Romain-Rolland", "Les Lilas", "48.87990", "2.41900")],
    "crescendo": [("Crèche des Ruffins", "Montreuil", "48.86380", "2.44850")],
    "babilou": [("Crèche Babilou Bagnolet Gallieni", "Bagnolet", "48.86900", "2.41800")],
    "peopleandbaby": [("Crèche des Quatre-Chemins", "Pantin", "48.90300", "2.39300")],
    "admr": [("Secteur Bondy-Nord", "Bondy", "48.90700", "2.48900")],
    "ccas_montreuil": [("Service d'aide à domicile", "Montreuil", "48.86150", "2.44300")],
    "ccas_bagnolet": [("Service d'aide à domicile", "Bagnolet", "48.86600", "2.42200")],
    "regie": [("Quartier de l'Abreuvoir", "Bobigny", "48.90300", "2.43500")],
    "onet": [("Écoles du Pré-Saint-Gervais", "Le Pré-Saint-Gervais", "48.88520", "2.40400")],
    "aurore": [("Pôle hébergement de Bondy", "Bondy", "48.89930", "2.47720")],
}

FAMILIES = {
    "animation": "Animateur périscolaire",
    "petite_enfance": "Auxiliaire petite enfance",
    "domicile": "Aide à domicile",
    "entretien": "Agent d'entretien",
}
QUALIFICATIONS = {
    "bafa": ("BAFA", ["animation"]),
    "bpjeps": ("BPJEPS", ["animation"]),
    "cap_aepe": ("CAP AEPE", ["petite_enfance", "animation"]),
    "deaes": ("DEAES", ["domicile"]),
    "advf": ("Titre professionnel ADVF", ["domicile", "entretien"]),
    "aph": ("Titre professionnel APH", ["entretien"]),
    "none": ("Sans qualification", ["entretien"]),
}
# (name, for holders of, opens, hours, cost, provider)
TRAININGS = [
    (
        "BAFA (formation générale et approfondissement)",
        "none",
        "animation",
        100,
        "950.00",
        "Les Francas de Seine-Saint-Denis",
    ),
    (
        "Blocs du CAP AEPE (accueil du jeune enfant)",
        "bafa",
        "petite_enfance",
        280,
        "3200.00",
        "GRETA MTI 93",
    ),
    (
        "CCP «\u00a0Accompagner les personnes dans les actes essentiels du quotidien\u00a0»",
        "cap_aepe",
        "domicile",
        210,
        "2400.00",
        "AFPA Montreuil",
    ),
    ("Titre professionnel ADVF", "none", "domicile", 600, "5600.00", "AFPA Montreuil"),
    ("Hygiène des locaux et bionettoyage", "bafa", "entretien", 35, "480.00", "INHNI"),
    ("Hygiène des locaux et bionettoyage", "cap_aepe", "entretien", 35, "480.00", "INHNI"),
]

TERM, HOLIDAYS, ALL_YEAR = Period.TERM, Period.HOLIDAYS, Period.ALL_YEAR
# (member, site index, family, qualification required or None, period, [(days, from, to)])
# Days: "0134" is Monday, Tuesday, Thursday and Friday; "2" Wednesday.
NEEDS = [
    ("francas", 0, "animation", None, TERM, [("0134", "07:30", "08:30")]),
    ("francas", 0, "animation", None, TERM, [("0134", "11:30", "13:30")]),
    ("francas", 0, "animation", None, TERM, [("0134", "16:30", "18:30")]),
    ("francas", 0, "animation", None, TERM, [("2", "08:00", "18:00")]),
    ("francas", 0, "animation", None, HOLIDAYS, [("01234", "09:00", "16:00")]),
    ("francas", 1, "animation", None, TERM, [("0134", "16:30", "18:30")]),
    ("francas", 1, "animation", None, HOLIDAYS, [("01234", "08:30", "12:30")]),
    ("leo", 0, "animation", None, TERM, [("0134", "11:30", "13:30")]),
    ("leo", 0, "animation", None, TERM, [("0134", "16:30", "19:00")]),
    ("leo", 1, "animation", None, TERM, [("2", "08:30", "17:30")]),
    ("leo", 1, "animation", None, HOLIDAYS, [("01234", "13:30", "18:00")]),
    ("leo", 0, "animation", None, HOLIDAYS, [("01234", "08:30", "12:30")]),
    ("ligue", 0, "animation", None, TERM, [("0134", "07:30", "08:30")]),
    ("ligue", 0, "animation", None, TERM, [("0134", "16:30", "18:30")]),
    ("ligue", 0, "animation", "bpjeps", TERM, [("2", "08:00", "18:00")]),
    ("ligue", 0, "animation", None, HOLIDAYS, [("01234", "09:00", "16:00")]),
    ("ufcv", 0, "animation", None, TERM, [("0134", "11:30", "13:30")]),
    ("ufcv", 0, "animation", None, TERM, [("2", "13:00", "18:00")]),
    ("ufcv", 0, "animation", None, HOLIDAYS, [("01234", "08:30", "13:00")]),
    ("crescendo", 0, "petite_enfance", None, ALL_YEAR, [("01234", "07:30", "11:30")]),
    ("crescendo", 0, "petite_enfance", None, ALL_YEAR, [("01234", "15:00", "19:00")]),
    ("crescendo", 0, "petite_enfance", "cap_aepe", ALL_YEAR, [("2", "08:00", "18:00")]),
    ("crescendo", 0, "entretien", None, ALL_YEAR, [("01234", "19:00", "20:30")]),
    ("babilou", 0, "petite_enfance", None, ALL_YEAR, [("01234", "08:00", "12:00")]),
    ("babilou", 0, "petite_enfance", None, ALL_YEAR, [("0134", "15:30", "19:00")]),
    ("peopleandbaby", 0, "petite_enfance", None, ALL_YEAR, [("01234", "07:30", "10:30")]),
    ("peopleandbaby", 0, "petite_enfance", None, HOLIDAYS, [("01234", "13:00", "18:00")]),
    ("admr", 0, "domicile", None, ALL_YEAR, [("0123456", "08:00", "10:00")]),
    ("admr", 0, "domicile", None, ALL_YEAR, [("01234", "11:30", "13:30")]),
    ("admr", 0, "domicile", "deaes", ALL_YEAR, [("01234", "18:00", "20:00")]),
    ("ccas_montreuil", 0, "domicile", None, ALL_YEAR, [("01234", "08:30", "11:30")]),
    ("ccas_montreuil", 0, "domicile", None, ALL_YEAR, [("01234", "14:00", "17:00")]),
    ("ccas_montreuil", 0, "domicile", None, ALL_YEAR, [("56", "09:00", "12:00")]),
    ("ccas_bagnolet", 0, "domicile", None, ALL_YEAR, [("01234", "09:00", "12:00")]),
    ("ccas_bagnolet", 0, "domicile", None, ALL_YEAR, [("0134", "13:30", "16:30")]),
    ("regie", 0, "entretien", None, ALL_YEAR, [("01234", "06:00", "08:30")]),
    ("regie", 0, "entretien", None, ALL_YEAR, [("01234", "18:30", "21:00")]),
    ("regie", 0, "entretien", None, TERM, [("2", "13:00", "17:00")]),
    ("onet", 0, "entretien", None, ALL_YEAR, [("01234", "05:30", "08:00")]),
    ("onet", 0, "entretien", None, ALL_YEAR, [("01234", "19:00", "21:30")]),
    ("onet", 0, "entretien", None, HOLIDAYS, [("01234", "09:00", "15:00")]),
    ("aurore", 0, "entretien", None, ALL_YEAR, [("01234", "13:00", "15:30")]),
    ("aurore", 0, "entretien", None, ALL_YEAR, [("56", "08:00", "12:00")]),
]
HOURLY_COST_MAX = {
    "animation": "22.50",
    "petite_enfance": "24.00",
    "domicile": "25.00",
    "entretien": "21.00",
}
KEPT = 3


def school_year(today):
    """The first of September of the coming school year."""
    this_year = datetime.date(today.year, 9, 1)
    return this_year if today < this_year else datetime.date(today.year + 1, 9, 1)


def _coordinator(collective):
    membership = (
        Membership.objects.active()
        .filter(collective=collective, role=Role.COORDINATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership is not None else None


def _organisation(actor, collective, name, kind, website):
    existing = Organisation.objects.filter(name__iexact=name).first()
    if existing is not None and collective.organisations.filter(pk=existing.pk).exists():
        return existing
    return collective_services.add_organisation(
        actor=actor,
        collective=collective,
        organisation=existing,
        name=name,
        kind=kind,
        website=website,
    )


def load(person, collective, today=None):
    """The group of ``collective`` (the hub), made once; None without the hub."""
    if collective is None:
        return None
    existing = Group.objects.filter(collective=collective).first()
    if existing is not None:
        return existing
    actor = _coordinator(collective)
    with transaction.atomic():
        group = _load_group(actor, collective, today or timezone.localdate())
    _plan(actor, group)
    with transaction.atomic():
        _load_agreements(actor, group, today or timezone.localdate())
    return group


def _load_group(actor, collective, today):
    group = setup.create_group(actor=actor, collective=collective, name=NAME)
    group = setup.change_group(actor=actor, group=group, hourly_cost=Decimal("22.40"))
    starts_on = school_year(today)
    employers, sites = {}, {}
    for key, (name, kind, website) in MEMBERS.items():
        organisation = _organisation(actor, collective, name, kind, website)
        employers[key] = setup.add_employer(
            actor=actor, group=group, organisation=organisation, joined_on=today
        )
        sites[key] = [
            setup.add_site(
                actor=actor,
                employer=employers[key],
                name=site,
                commune=commune,
                latitude=Decimal(lat),
                longitude=Decimal(lon),
            )
            for site, commune, lat, lon in SITES[key]
        ]
    families = {
        key: table.add_family(actor=actor, group=group, name=name) for key, name in FAMILIES.items()
    }
    qualifications = {
        key: table.add_qualification(
            actor=actor, group=group, name=name, families=[families[f] for f in covers]
        )
        for key, (name, covers) in QUALIFICATIONS.items()
    }
    for name, holder, family, hours, cost, provider in TRAININGS:
        table.add_training(
            actor=actor,
            group=group,
            name=name,
            from_qualification=qualifications[holder],
            family=families[family],
            hours=hours,
            cost=Decimal(cost),
            provider=provider,
        )
    for member, site, family, qualification, period, slots in NEEDS:
        need_services.declare_need(
            actor=actor,
            employer=employers[member],
            site=sites[member][site],
            family=families[family],
            qualification=qualifications[qualification] if qualification else None,
            period=period,
            starts_on=starts_on,
            hourly_cost_max=Decimal(HOURLY_COST_MAX[family]),
            slots=[
                (int(day), datetime.time.fromisoformat(start), datetime.time.fromisoformat(end))
                for days, start, end in slots
                for day in days
            ],
        )
    return group


def _run(actor, group, week):
    """Queue a run as a coordinator does, and run its task now (the worker, finding it
    claimed, skips it)."""
    run = pooling.start_run(actor=actor, group=group, week=week, time_limit=TIME_LIMIT)
    run_pooling.call(run.pk)
    run.refresh_from_db()
    return run


# The person hired for a job of this qualification holds this one (a training bridges
# the gap, so the report shows its cost).
HOLDERS = {"CAP AEPE": "BAFA", "Titre professionnel ADVF": "Sans qualification"}


def _title(proposal):
    needs = list(proposal.needs.select_related("family", "site"))
    families = sorted({need.family.name for need in needs})
    families = [families[0], *(name[0].lower() + name[1:] for name in families[1:])]
    communes = sorted({need.site.commune for need in needs})
    return f"{' et '.join(families)} ({', '.join(communes)})"


def _plan(actor, group):
    """A term-time run, the largest proposals kept as jobs, then a run of each week
    around them (the holiday run completes the kept jobs with holiday needs)."""
    first = _run(actor, group, Week.TERM)
    by_name = {q.name: q for q in group.qualifications.all()}
    for proposal in list(first.jobs.order_by("-minutes", "pk")[:KEPT]):
        job = pooling.keep_job(actor=actor, proposed=proposal, title=_title(proposal))
        holder = by_name.get(HOLDERS.get(proposal.qualification.name))
        if holder is not None:
            pooling.change_job(
                actor=actor,
                job=job,
                version=job.version,
                title=job.title,
                hourly_cost=job.hourly_cost,
                holder_qualification=holder,
            )
    _run(actor, group, Week.TERM)
    _run(actor, group, Week.HOLIDAYS)


def _load_agreements(actor, group, today):
    starts_on = school_year(today)
    employers = {e.organisation.name: e for e in group.employers.select_related("organisation")}
    lending = agreements.add_lending(
        actor=actor,
        group=group,
        lender=employers[MEMBERS["ccas_montreuil"][0]],
        borrower=employers[MEMBERS["crescendo"][0]],
        post="Aide à domicile en renfort auprès des familles de la crèche",
        starts_on=starts_on,
        ends_on=datetime.date(starts_on.year + 1, 1, 31),
        hours_per_week=Decimal("8"),
        hourly_cost=Decimal("23.10"),
        support="Ville de Montreuil (soutien au prêt de main-d'œuvre entre structures)",
    )
    agreements.sign_lending(actor=actor, lending=lending, version=lending.version)
    sponsor = _organisation(actor, group.collective, *SPONSOR)
    agreements.add_sponsorship(
        actor=actor,
        group=group,
        sponsor=sponsor,
        skill="Paie et gestion sociale d'un groupement d'employeurs",
        hours=60,
        starts_on=starts_on,
        ends_on=datetime.date(starts_on.year + 1, 6, 30),
        description=(
            "Une collaboratrice du service paie accompagne le groupement pour ses premiers "
            f"bulletins{NBSP}: convention collective applicable, temps partagé entre "
            "plusieurs adhérents, refacturation des heures aux membres."
        ),
    )
