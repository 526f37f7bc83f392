"""The demo's orientation catalogue: SocialUp's network, its structures and Geneva's
offers from the YAML, its three people, and a second run that creates nothing."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from maillage.accounts.models import User
from maillage.audit.models import AuditEvent
from maillage.collectives.models import Collective, Membership, Organisation, Role, Visibility
from maillage.demo import orientation
from maillage.demo.accounts import DEMO_PASSWORD, LOGINS
from maillage.orientation.models import Access, Offer, Structure

pytestmark = pytest.mark.django_db

PEOPLE = [
    "mireille.chappuis@example.org",
    "yann.perroud@example.org",
    "delphine.kohler@example.org",
]


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        model._meta.label: model.objects.count()
        for model in (
            User,
            Organisation,
            Collective.organisations.through,
            Membership,
            AuditEvent,
            Structure,
            Offer,
        )
    }


def test_socialups_network_gets_the_catalogue_of_genevas_offers():
    load_demo()

    socialup = Collective.objects.get(slug="socialup")
    assert (socialup.visibility, socialup.region, socialup.territory) == (
        Visibility.PUBLIC,
        "GE",
        "Genève",
    )
    data = orientation.catalogue_data()
    structures = Structure.objects.filter(collective=socialup)
    assert sorted(s.name for s in structures) == sorted(s["name"] for s in data["structures"])
    # Each structure is one of the network's organisations.
    assert {s.organisation for s in structures} <= set(socialup.organisations.all())
    hospice = structures.get(source_id="demo:hospice")
    assert hospice.organisation.name == "Hospice général"  # the demo's one, not a copy
    assert Organisation.objects.filter(name__iexact="Hospice général").count() == 1

    offers = Offer.objects.filter(structure__collective=socialup)
    assert offers.count() == len(data["offers"]) == 11
    pai = offers.get(source_id="demo:pai-plus")
    assert (pai.places, pai.access, pai.structure.source_id) == (60, Access.PARTNER, "demo:ofpc")
    qualife = offers.get(source_id="demo:qualife-50-plus")
    assert [c["id"] for c in qualife.criteria] == [
        "age",
        "unemployed",
        "geneva",
        "voluntary",
        "available",
        "no-other-support",
    ]
    assert qualife.rule().criteria[0].when == {"fact": "age", "op": "between", "value": [50, 64]}
    assert all(offer.last_checked_on for offer in offers)
    # What the data says fits the models (lengths, choices, addresses).
    for row in [*structures, *offers]:
        row.full_clean()


def test_a_coordinator_and_professionals_of_two_structures():
    load_demo()

    socialup = Collective.objects.get(slug="socialup")
    roles = {
        m.user.email: (m.role, m.organisation.name)
        for m in Membership.objects.active().filter(collective=socialup, user__email__in=PEOPLE)
    }
    assert roles == {
        "mireille.chappuis@example.org": (Role.COORDINATOR, "Hospice général"),
        "yann.perroud@example.org": (Role.MEMBER, "Hospice général"),
        "delphine.kohler@example.org": (Role.MEMBER, "Fondation Qualife"),
    }
    listed = {email for _label, email, _what in LOGINS}
    for email in PEOPLE:
        assert email in listed
        request = RequestFactory().post(reverse("accounts:login"))
        assert authenticate(request, username=email, password=DEMO_PASSWORD) is not None


def test_prints_the_orientation_logins():
    output = load_demo()

    for email in PEOPLE:
        assert email in output


def test_loads_twice_without_error_and_creates_nothing_the_second_time():
    load_demo()
    before = counts()
    assert before["orientation.Offer"] == 11

    load_demo()

    assert counts() == before


def test_the_loader_alone_is_idempotent_and_keeps_what_people_changed():
    load_demo()
    offer = Offer.objects.get(source_id="demo:cap-formations")
    offer.summary = "Changé par la structure."
    offer.save()
    before = counts()

    socialup = Collective.objects.get(slug="socialup")
    from maillage.demo.accounts import People

    orientation.load(People().person, socialup)
    orientation.load(People().person, None)  # no SocialUp: nothing to do

    assert counts() == before
    offer.refresh_from_db()
    assert offer.summary == "Changé par la structure."


def test_no_referrals_until_the_referrals_model_exists():
    assert orientation.load_referrals({}, None) == []
