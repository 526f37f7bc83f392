"""The foundation: what a donor, a treasurer or a committee member finds in "my data",
and what their erasure leaves (the accounts and what the law keeps, pseudonymised)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from maillage.core import personal
from maillage.fund import ledger, services_gifts
from maillage.fund.models import Donor, Foundation, Gift, Receipt
from maillage.fund.models_grants import Score
from maillage.fund.services_receipts import issue_receipt

from ..fund.setting import build_foundation
from .app_texts import erased, exported, holding

pytestmark = pytest.mark.django_db

NAME, EMAIL = "Camille Martin", "camille.martin@example.org"
ADDRESS = "5 rue des Lilas\n93260 Les Lilas"


@pytest.fixture
def made(world):
    fund = build_foundation(world)
    facilitator = fund.world.facilitator
    gift = services_gifts.receive_gift(
        actor=facilitator, gift=fund.pledged, received_on=fund.received.received_on
    )
    receipt = issue_receipt(actor=facilitator, gift=gift)
    # The same address gave to another collective's foundation.
    far = Foundation.objects.create(collective=world.other, name="Fondation d'ailleurs")
    far_donor = Donor.objects.create(foundation=far, name=NAME, email=EMAIL, pseudonym="D-FAR01")
    member = world.member
    Score.objects.create(
        application=fund.application,
        criterion=fund.criteria[0],
        member=member,
        value=4,
        comment=f"Vu avec {member.display_name} et {world.observer.display_name}",
        scored_at=timezone.now() - timedelta(days=1),
    )
    return {"fund": fund, "gift": gift, "receipt": receipt, "far_donor": far_donor}


def test_a_donor_finds_their_gifts_and_receipts_and_no_one_elses(made, world):
    data = exported("fund", personal.Person(email=EMAIL))
    donors = {d["foundation"]: d for d in data["donor"]}
    assert set(donors) == {"Fondation territoriale citoyenne", "Fondation d'ailleurs"}
    mine = donors["Fondation territoriale citoyenne"]
    assert (mine["name"], mine["address"]) == (NAME, ADDRESS)
    assert [(g["amount"], g["message"]) for g in mine["gifts"]] == [("50.00", "Bon courage !")]
    assert [r["number"] for r in mine["receipts"]] == [made["receipt"].number]
    assert "Louis Bernard" not in str(data)
    within = personal.Person(email=EMAIL, collectives=frozenset({world.other.pk}))
    assert [d["foundation"] for d in exported("fund", within)["donor"]] == ["Fondation d'ailleurs"]


def test_members_find_their_roles_and_their_committee_work(made, world):
    assert exported("fund", personal.Person(user=world.facilitator))["treasurer_of"] == [
        {"collective": world.collective.name, "foundation": "Fondation territoriale citoyenne"}
    ]
    scores = exported("fund", personal.Person(user=world.member))["scores_given"]
    assert [(s["criterion"], s["value"]) for s in scores] == [("Utilité sociale", 4)]
    applications = exported("fund", personal.Person(user=world.observer))["grant_applications"]
    assert [a["title"] for a in applications] == ["Atelier de réparation de vélos"]


def test_a_coordinators_erasure_of_a_donor_keeps_the_accounts_and_the_receipts(made, world):
    fund, gift, receipt = made["fund"], made["gift"], made["receipt"]
    person = personal.Person(email=EMAIL, collectives=frozenset({world.collective.pk}))
    result = erased("fund", person)
    assert result == {"donors_erased": 1, "treasurer_roles_left": 0, "texts_scrubbed": 0}
    assert NAME in person.names
    far = made["far_donor"]
    assert holding("fund", NAME, EMAIL, "rue des Lilas") == [
        f"Donor.name#{far.pk}",
        f"Donor.email#{far.pk}",
    ]
    donor = Donor.objects.get(pk=gift.donor_id)
    assert donor.name == donor.pseudonym and donor.erased_at is not None
    kept = Gift.objects.get(pk=gift.pk)
    assert (kept.amount, kept.status, kept.message) == (50, gift.status, "")
    kept_receipt = Receipt.objects.get(pk=receipt.pk)
    assert (kept_receipt.number, kept_receipt.amount) == (receipt.number, receipt.amount)
    assert kept_receipt.donor_name == donor.pseudonym and kept_receipt.pseudonymised_at
    assert ledger.check(fund.foundation).ok
    # The other donor is untouched.
    assert Donor.objects.get(pk=fund.received.donor_id).name == "Louis Bernard"


def test_erasing_members_ends_the_treasurer_role_and_scrubs_their_names(made, world):
    fund = made["fund"]
    result = erased("fund", personal.Person(user=world.facilitator))
    assert result == {"donors_erased": 0, "treasurer_roles_left": 1, "texts_scrubbed": 0}
    assert not fund.foundation.treasurers.exists()
    member = world.member
    assert erased("fund", personal.Person(user=member))["texts_scrubbed"] == 1
    assert holding("fund", member.display_name, member.email) == []
    score = Score.objects.get()
    assert (score.member, score.value) == (member, 4)
    assert score.comment == (f"Vu avec {personal.deleted_name()} et {world.observer.display_name}")
