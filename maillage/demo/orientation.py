"""Geneva's insertion offers in SocialUp's network: the shared orientation catalogue.

SocialUp's collective (public, Geneva) is the network: the structures that its news
presents (the OFPC, the Hospice général, the Fondation Qualife, CAP Formations, the
BIS, the Service des bourses et prêts d'études) take part in it as organisations, each
with its structure in the catalogue and its offers, read from
``orientation_offers.yaml`` with their eligibility criteria. Three invented people join
the collective: Mireille, who coordinates the catalogue, Yann, a social worker at the
Hospice général who sends people to the offers, and Delphine, who keeps Qualife's
offers up to date.

Running it again creates nothing: organisations are looked up by name, people by
e-mail address, structures and offers by their identifier at the source
(``demo:<key>``). Referrals are the referrals part's; ``load_referrals`` is where the
demo's referrals go once that model exists.
"""

import copy
from datetime import timedelta
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.text import slugify

from maillage.accounts.models import User
from maillage.collectives import services as collective_services
from maillage.collectives.models import Membership, Organisation, Role
from maillage.orientation.models import Offer, Structure
from maillage.orientation.services_catalogue import OFFER_FIELDS

from .accounts import DEMO_PASSWORD

OFFERS_FILE = Path(__file__).with_name("orientation_offers.yaml")
SOURCE = "demo:"

# Invented people of the catalogue: key -> (name, e-mail, role, structure key, days ago).
PEOPLE = {
    "mireille": (
        "Mireille Chappuis",
        "mireille.chappuis@example.org",
        Role.COORDINATOR,
        "hospice",
        240,
    ),
    "yann": ("Yann Perroud", "yann.perroud@example.org", Role.MEMBER, "hospice", 200),
    "delphine": ("Delphine Kohler", "delphine.kohler@example.org", Role.MEMBER, "qualife", 180),
}

STRUCTURE_FIELDS = ("description", "address", "postcode", "commune", "commune_code", "website")


@cache
def catalogue_data():
    """The structures and offers of ``orientation_offers.yaml``, as plain data."""
    return yaml.safe_load(OFFERS_FILE.read_text(encoding="utf-8"))


def offer_fields(spec):
    """The model fields of one offer of the YAML (criteria included), a copy that the
    caller may change."""
    fields = {name: spec[name] for name in OFFER_FIELDS if spec.get(name) is not None}
    fields["name"] = spec["name"]
    fields["criteria"] = spec.get("criteria") or []
    return copy.deepcopy(fields)


def load(person, collective):
    """Give SocialUp's collective its catalogue of Geneva's offers, creating only what is
    missing. ``person(key)`` gives one of the demo's people (the collective's creator)."""
    if collective is None:
        return None
    with transaction.atomic():
        return _load(person, collective)


def _load(person, collective):
    data = catalogue_data()
    actor = person("valerie")  # SocialUp's coordinator adds the network's structures
    organisations = _organisations(actor, collective, data["structures"])
    people = _people(collective, organisations)
    today = timezone.localdate()
    structures = {}
    for spec in data["structures"]:
        structure, _created = Structure.objects.get_or_create(
            collective=collective,
            source_id=SOURCE + spec["key"],
            defaults={
                "name": spec["name"],
                "organisation": organisations[spec["key"]],
                "country": "CH",
                "last_checked_on": today - timedelta(days=20),
                **{name: spec.get(name) or "" for name in STRUCTURE_FIELDS},
            },
        )
        structures[spec["key"]] = structure
    offers = []
    for index, spec in enumerate(data["offers"]):
        offer, _created = Offer.objects.get_or_create(
            structure=structures[spec["structure"]],
            source_id=SOURCE + spec["key"],
            defaults={
                **offer_fields(spec),
                # Most were checked lately; one is stale, for the reminder to show.
                "last_checked_on": today - timedelta(days=400 if index == 1 else 10 + index),
            },
        )
        offers.append(offer)
    load_referrals(people, collective)
    return offers


def _organisations(actor, collective, structures):
    """Each structure's organisation, added to the collective unless it takes part."""
    present = set(collective.organisations.values_list("pk", flat=True))
    found = {}
    for spec in structures:
        name = spec["name"]
        organisation = (
            Organisation.objects.filter(name__iexact=name).first()
            or Organisation.objects.filter(slug=slugify(name)[:80]).first()
        )
        if organisation is None or organisation.pk not in present:
            organisation = collective_services.add_organisation(
                actor=actor,
                collective=collective,
                organisation=organisation,
                name=name,
                kind=spec.get("organisation_kind") or "other",
                website=spec.get("website") or "",
            )
        found[spec["key"]] = organisation
    return found


def _people(collective, organisations):
    """The catalogue's people, each a member of the collective for their structure."""
    people = {}
    password = None
    for key, (name, email, role, structure, days) in PEOPLE.items():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            password = password or make_password(DEMO_PASSWORD)
            user = User.objects.create(
                email=email, display_name=name, language="fr", password=password
            )
        if not Membership.objects.active().filter(collective=collective, user=user).exists():
            Membership.objects.create(
                collective=collective,
                user=user,
                role=role,
                organisation=organisations[structure],
                start_date=timezone.localdate() - timedelta(days=days),
            )
        people[key] = user
    return people


# The demo's referrals, for when the referrals part's model is there: (sender, offer,
# the person's invented first name, what the sender writes, what the structure answers:
# None while it waits, else (accepted, coded reason or "")). Each with the person's
# recorded consent; nothing else about the person.
REFERRALS = [
    (
        "yann",
        "qualife-50-plus",
        "Marcel",
        "52 ans, sans emploi depuis huit mois, en fin de droits. Il souhaite être accompagné.",
        (True, ""),
    ),
    (
        "yann",
        "cap-formations",
        "Inès",
        "19 ans, a quitté le collège l'an dernier, cherche un apprentissage.",
        None,
    ),
    (
        "yann",
        "qualife-jeunes",
        "Dylan",
        "23 ans, a arrêté son apprentissage, déjà suivi par l'Hospice général.",
        (False, "followed_elsewhere"),
    ),
]


def load_referrals(people, collective):
    """The demo's REFERRALS, sent and answered through the referrals' services: the
    sender sends the person to the offer with the person's consent as the send form shows
    it, then a person of the receiving structure answers (or the collective's
    coordinator, for a structure without people here). A referral already there for the
    same offer and first name is left as it is."""
    from maillage.orientation import services_referrals
    from maillage.orientation.forms_referrals import consent_text
    from maillage.orientation.models import Referral
    from maillage.orientation.models_referrals import RefusalReason

    coordinator = people.get("mireille")
    sent = []
    for sender_key, offer_key, first_name, need, answer in REFERRALS:
        offer = Offer.objects.get(structure__collective=collective, source_id=SOURCE + offer_key)
        if Referral.objects.filter(offer=offer, first_name=first_name).exists():
            continue
        with translation.override("fr"):
            referral = services_referrals.send_referral(
                actor=people[sender_key],
                offer=offer,
                first_name=first_name,
                last_name="Exemple",
                email=f"{slugify(first_name)}.exemple@example.org",
                need=need,
                consent=True,
                consent_text=consent_text(offer),
                language="fr",
            )
        if answer is not None:
            structure_people = [
                user
                for user in people.values()
                if Membership.objects.active()
                .filter(user=user, collective=collective, organisation=offer.structure.organisation)
                .exists()
            ]
            actor = structure_people[0] if structure_people else coordinator
            accepted, reason = answer
            if accepted:
                services_referrals.accept_referral(actor=actor, referral=referral)
            else:
                services_referrals.refuse_referral(
                    actor=actor, referral=referral, reason=RefusalReason(reason)
                )
        sent.append(referral)
    return sent


# The public catalogue's URL name.
CATALOGUE_URLS = ("orientation:search",)


def summary_lines():
    """What the demo's summary prints about the catalogue: its public address (nothing
    while the catalogue's pages are not there)."""
    for name in CATALOGUE_URLS:
        try:
            path = reverse(name, args=["socialup"])
        except NoReverseMatch:
            continue
        return ["", f"Catalogue d'orientation de SocialUp, sans compte : {settings.SITE_URL}{path}"]
    return []
