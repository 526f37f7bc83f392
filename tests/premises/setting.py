"""Factories and a small site for the tests of shared premises.

``build_site(world)`` gives the world's collective a site in Geneva (CHF) with two
meeting rooms, a modular room, an office, a pool of 12 desks of which 6 are reserved
for the world's organisation, a kitchen (not bookable), three price categories and a
permanent tenancy of the world's organisation (its member represents it).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import factory

from maillage.premises.models import (
    PriceCategory,
    ReservedDesks,
    Site,
    Space,
    SpaceKind,
    Tenancy,
    TenancyKind,
)

from ..factories import CollectiveFactory, OrganisationFactory


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    collective = factory.SubFactory(CollectiveFactory)
    name = factory.Sequence(lambda n: f"Locaux partagés {n}")
    slug = factory.Sequence(lambda n: f"locaux-{n}")
    address = "Rue de Lausanne 20, 1201 Genève"
    surface_m2 = Decimal("1000")


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Salle {n}")
    kind = SpaceKind.MEETING_ROOM
    surface_m2 = Decimal("20")
    capacity = 8


class PriceCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceCategory

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Catégorie {n}")


class TenancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenancy

    site = factory.SubFactory(SiteFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    kind = TenancyKind.PERMANENT
    starts_on = date(2026, 1, 1)
    category = factory.LazyAttribute(lambda o: PriceCategoryFactory(site=o.site))
    quota_half_days = 4


@dataclass
class Premises:
    site: object
    small_room: object
    other_room: object
    modular_room: object
    office: object
    desks: object
    kitchen: object
    permanent: object  # price category
    occasional: object
    outside: object
    tenancy: object  # the world's organisation, permanent


def build_site(world, **site_fields):
    site = SiteFactory(collective=world.collective, **site_fields)
    rooms = {
        "small_room": SpaceFactory(site=site, name="Petite salle 1", capacity=8, position=1),
        "other_room": SpaceFactory(site=site, name="Petite salle 2", capacity=8, position=2),
        "modular_room": SpaceFactory(
            site=site,
            name="Salle modulable",
            kind=SpaceKind.EVENT_ROOM,
            surface_m2=Decimal("100"),
            capacity=60,
            position=3,
        ),
        "office": SpaceFactory(
            site=site, name="Bureau 1", kind=SpaceKind.OFFICE, surface_m2=Decimal("18"), position=4
        ),
        "desks": SpaceFactory(
            site=site,
            name="Coworking",
            kind=SpaceKind.DESKS,
            surface_m2=Decimal("80"),
            capacity=12,
            desks=12,
            position=5,
        ),
        "kitchen": SpaceFactory(
            site=site, name="Cuisine", kind=SpaceKind.SHARED, surface_m2=Decimal("15"), position=6
        ),
    }
    ReservedDesks.objects.create(space=rooms["desks"], organisation=world.organisation, count=6)
    permanent = PriceCategoryFactory(site=site, name="Permanents", position=1)
    occasional = PriceCategoryFactory(site=site, name="Occasionnels", position=2)
    outside = PriceCategoryFactory(site=site, name="Extérieurs", outside=True, position=3)
    tenancy = TenancyFactory(
        site=site, organisation=world.organisation, category=permanent, quota_half_days=4
    )
    return Premises(
        site=site,
        permanent=permanent,
        occasional=occasional,
        outside=outside,
        tenancy=tenancy,
        **rooms,
    )
