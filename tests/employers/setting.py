"""An employer group built on ``world`` (tests/conftest.py), for the employer-group tests.

Three member employers; the first is the world's organisation, which the world's MEMBER
represents (so the member acts for it and for no other). Rows are made directly (the
services have their own tests).

The needs are made so that the planner has one obvious answer in a term-time week: the
crèche's mornings (16 h), the leisure centre's evenings (8 h) and its Wednesdays (9 h)
make one job of 33 h under the CAP AEPE; the two cleaning needs (7.5 h + 4 h) cannot
reach 24 h and stay out. The holiday needs complete the job in the holidays.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from maillage.employers.models import (
    Employer,
    Group,
    JobFamily,
    Need,
    NeedSlot,
    Period,
    Qualification,
    Site,
    Training,
)

from ..factories import OrganisationFactory


@dataclass
class GroupWorld:
    world: object
    group: Group
    employers: list = field(default_factory=list)
    sites: list = field(default_factory=list)
    families: dict = field(default_factory=dict)
    qualifications: dict = field(default_factory=dict)
    trainings: list = field(default_factory=list)
    needs: dict = field(default_factory=dict)

    @property
    def own(self):
        """The employer the world's member acts for."""
        return self.employers[0]

    @property
    def others(self):
        return self.employers[1:]


SITES = (
    ("Maison de quartier", "Montreuil", "48.86130", "2.44320"),
    ("Crèche des Lilas", "Les Lilas", "48.87980", "2.41900"),
    ("Centre de loisirs Jean-Jaurès", "Bagnolet", "48.86920", "2.41840"),
)


def _time(text):
    return datetime.time.fromisoformat(text)


def add_need(employer, site, family, period, slots, *, qualification=None, **fields):
    need = Need.objects.create(
        employer=employer,
        site=site,
        family=family,
        period=period,
        qualification=qualification,
        starts_on=fields.pop("starts_on", datetime.date(2027, 1, 4)),
        hourly_cost_max=fields.pop("hourly_cost_max", Decimal("24.00")),
        **fields,
    )
    for day, start, end in slots:
        NeedSlot.objects.create(need=need, day=day, start=_time(start), end=_time(end))
    return need


def build_group(world):
    group = Group.objects.create(collective=world.collective, name="GE Est Ensemble")
    made = GroupWorld(world=world, group=group)
    organisations = [
        world.organisation,
        OrganisationFactory(name="Crèche parentale Les P'tits Loups"),
        OrganisationFactory(name="Ligue de l'enseignement 93"),
    ]
    for organisation, (site_name, commune, lat, lon) in zip(organisations, SITES, strict=True):
        world.collective.organisations.add(organisation)
        employer = Employer.objects.create(
            group=group, organisation=organisation, joined_on=datetime.date(2026, 9, 1)
        )
        made.employers.append(employer)
        made.sites.append(
            Site.objects.create(
                employer=employer, name=site_name, commune=commune, latitude=lat, longitude=lon
            )
        )
    for key, name in (
        ("periscolaire", "Animateur périscolaire"),
        ("petite_enfance", "Auxiliaire petite enfance"),
        ("entretien", "Agent d'entretien"),
    ):
        made.families[key] = JobFamily.objects.create(group=group, name=name)
    for key, name, families in (
        ("cap_aepe", "CAP AEPE", ("periscolaire", "petite_enfance")),
        ("bafa", "BAFA", ("periscolaire",)),
        ("aph", "Titre professionnel APH", ("entretien",)),
    ):
        qualification = Qualification.objects.create(group=group, name=name)
        qualification.families.set([made.families[f] for f in families])
        made.qualifications[key] = qualification
    made.trainings.append(
        Training.objects.create(
            group=group,
            name="Accueil du jeune enfant",
            from_qualification=made.qualifications["bafa"],
            family=made.families["petite_enfance"],
            hours=140,
            cost=Decimal("1800.00"),
            provider="GRETA 93",
        )
    )
    own, creche, leisure = made.employers
    own_site, creche_site, leisure_site = made.sites
    weekdays = (0, 1, 3, 4)
    made.needs["mornings"] = add_need(
        creche,
        creche_site,
        made.families["petite_enfance"],
        Period.ALL_YEAR,
        [(day, "08:00", "12:00") for day in weekdays],
    )
    made.needs["evenings"] = add_need(
        leisure,
        leisure_site,
        made.families["periscolaire"],
        Period.TERM,
        [(day, "16:30", "18:30") for day in weekdays],
    )
    made.needs["wednesdays"] = add_need(
        leisure, leisure_site, made.families["periscolaire"], Period.TERM, [(2, "08:00", "17:00")]
    )
    made.needs["cleaning"] = add_need(
        own,
        own_site,
        made.families["entretien"],
        Period.ALL_YEAR,
        [(day, "18:45", "20:15") for day in range(5)],
    )
    made.needs["saturday"] = add_need(
        own, own_site, made.families["entretien"], Period.ALL_YEAR, [(5, "08:00", "12:00")]
    )
    made.needs["summer"] = add_need(
        leisure,
        leisure_site,
        made.families["periscolaire"],
        Period.HOLIDAYS,
        [(day, "13:30", "17:00") for day in range(5)],
    )
    return made
