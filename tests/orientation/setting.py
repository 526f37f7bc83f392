"""A network's catalogue for the orientation tests.

``build_catalogue(world)`` gives the world's collective (the network's collective) a
catalogue of three structures and their offers:

- "Hospice général" (Geneva, UID), the structure of the world's organisation, so the
  world's ``member`` is one of "the people of the structure"; its offers: Qualife 50+
  (criteria checked by the tool, one to confirm with the service), PAI+ (through a
  partner, 60 places) and an unpublished draft;
- "OFPC" (Geneva, no organisation): the annual training cheque (remote too);
- "Mission locale du Genevois" (France, SIRET and INSEE code): a coaching in Annemasse.

Other parts of issue 18 may import it (``Catalogue``, ``build_catalogue``,
``QUALIFE_CRITERIA``).
"""

from dataclasses import dataclass
from datetime import date

import factory

from maillage.orientation.models import Access, Country, Offer, OfferKind, Structure

VALID_UID = "CHE-116.281.710"
OTHER_UID = "CHE-100.155.212"
VALID_SIRET = "73282932000074"

QUALIFE_CRITERIA = [
    {
        "id": "age",
        "label": {"fr": "Avoir entre 50 et 64 ans", "en": "Be aged 50 to 64"},
        "when": {"fact": "age", "op": "between", "value": [50, 64]},
        "check": "tool",
    },
    {
        "id": "unemployed",
        "label": {},
        "when": {"fact": "unemployed", "op": "is_true"},
        "check": "tool",
    },
    {
        "id": "residence",
        "label": {"fr": "Habiter le canton de Genève", "en": "Live in the canton of Geneva"},
        "when": {"fact": "residence", "op": "eq", "value": "GE"},
        "check": "tool",
    },
    {
        "id": "other-support",
        "label": {"fr": "Ne pas avoir d'autre suivi", "en": "Have no other support"},
        "when": {"fact": "has_other_support", "op": "is_false"},
        "check": "service",
    },
]


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    name = factory.Sequence(lambda n: f"Structure {n}")
    country = Country.SWITZERLAND
    postcode = "1201"
    commune = "Genève"
    commune_code = "6621"


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    structure = factory.SubFactory(StructureFactory)
    name = factory.Sequence(lambda n: f"Offre {n}")
    kind = OfferKind.COACHING
    needs = ["trouver-un-emploi"]
    publics = ["tous-publics"]
    last_checked_on = factory.LazyFunction(date.today)


@dataclass
class Catalogue:
    hospice: Structure
    ofpc: Structure
    french: Structure
    qualife: Offer
    pai: Offer
    draft: Offer
    cheque: Offer
    mission: Offer


def build_catalogue(world):
    """The catalogue above in ``world.collective`` (built once per world)."""
    if getattr(world, "catalogue", None) is not None:
        return world.catalogue
    collective = world.collective
    hospice = StructureFactory(
        collective=collective,
        organisation=world.organisation,
        name="Hospice général",
        uid=VALID_UID,
        address="Cours de Rive 12",
        phone="+41 22 420 52 00",
        email="accueil@hospice.example",
        website="https://www.hospicegeneral.ch",
    )
    ofpc = StructureFactory(
        collective=collective, name="OFPC", uid=OTHER_UID, address="Rue Prévost-Martin 6"
    )
    french = StructureFactory(
        collective=collective,
        name="Mission locale du Genevois",
        country=Country.FRANCE,
        siret=VALID_SIRET,
        postcode="74100",
        commune="Annemasse",
        commune_code="74012",
    )
    qualife = OfferFactory(
        structure=hospice,
        name="Qualife 50+",
        summary="Un accompagnement vers l'emploi pour les 50 à 64 ans.",
        kind=OfferKind.COACHING,
        needs=["trouver-un-emploi", "remobilisation"],
        publics=["seniors", "demandeurs-emploi"],
        criteria=QUALIFE_CRITERIA,
        how_to_apply="Appelez la fondation pour un premier rendez-vous.",
        documents="Une pièce d'identité et votre CV.",
        hours="Lundi à vendredi, 9 h à 12 h",
        reference="Fondation Qualife, conditions d'admission",
    )
    pai = OfferFactory(
        structure=hospice,
        name="PAI+",
        kind=OfferKind.TRAINING,
        needs=["se-former"],
        publics=["personnes-exilees", "jeunes"],
        access=Access.PARTNER,
        places=60,
        criteria=[
            {
                "id": "age",
                "label": {},
                "when": {"fact": "age", "op": "between", "value": [18, 35]},
                "check": "tool",
            }
        ],
    )
    draft = OfferFactory(structure=hospice, name="Projet en préparation", published=False)
    cheque = OfferFactory(
        structure=ofpc,
        name="Chèque annuel de formation",
        kind=OfferKind.FINANCIAL_AID,
        needs=["se-former"],
        publics=["actifs"],
        remote=True,
        postcode="1205",
        commune="Genève",
    )
    mission = OfferFactory(
        structure=french,
        name="Accompagnement des jeunes",
        kind=OfferKind.COACHING,
        needs=["trouver-un-emploi"],
        publics=["jeunes"],
    )
    world.catalogue = Catalogue(hospice, ofpc, french, qualife, pai, draft, cheque, mission)
    return world.catalogue
