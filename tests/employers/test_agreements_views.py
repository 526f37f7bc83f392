"""The lending and sponsorship pages: who reads which agreement, proposing, signing
and ending through the pages, and bad input kept with its message."""

import pytest
from django.urls import reverse

from maillage.employers.models import AgreementStatus, LendingAgreement, OfferStatus

from ..permission_helpers import PERSONAS
from .setting_agreements import build_agreements

pytestmark = pytest.mark.django_db


def _url(name, world, *args):
    return reverse(f"employers:{name}", args=[world.collective.slug, *args])


def _form(made, english=True, **changes):
    """The form as typed: decimals with a point in English, a comma in French."""
    own, creche, _leisure = made.made.employers
    return {
        "lender": own.pk,
        "borrower": creche.pk,
        "post": "Agent de propreté",
        "starts_on": "2027-09-01",
        "ends_on": "2027-12-31",
        "hours_per_week": "12.5" if english else "12,5",
        "hourly_cost": "21.50" if english else "21,50",
        "support": "Ville de Montreuil",
        **changes,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_another_members_agreement_is_refused_to_the_member(client, world, persona):
    made = build_agreements(world)
    expected = {
        "anonymous": 302,
        "outsider": 404,
        "observer": 403,
        "member": 403,
        "facilitator": 403,
        "coordinator": 200,
    }[persona]
    person = world.persona(persona)
    if person is not None:
        client.force_login(person)
    assert client.get(_url("lending", world, made.theirs.pk)).status_code == expected


def test_the_member_reads_only_the_agreements_it_is_party_to(client, english):
    made = build_agreements(english)
    client.force_login(english.member)
    page = client.get(_url("lendings", english)).content.decode()
    assert _url("lending", english, made.ours.pk) in page
    assert _url("lending", english, made.theirs.pk) not in page
    ours = client.get(_url("lending", english, made.ours.pk)).content.decode()
    # The borrower pays the lender back 25 weeks × 10 h × 21.50 €.
    assert "Crèche parentale Les P&#x27;tits Loups pays Hospice général back 5,375.00" in ours
    assert client.get(_url("lending_edit", english, made.theirs.pk)).status_code == 403
    assert client.get(_url("lending_sign", english, made.ours.pk)).status_code == 403
    client.force_login(english.coordinator)
    page = client.get(_url("lendings", english)).content.decode()
    assert _url("lending", english, made.theirs.pk) in page


def test_a_member_proposes_a_draft_and_the_coordinator_signs_it(client, world):
    made = build_agreements(world)
    client.force_login(world.member)
    response = client.post(_url("lending_add", world), _form(made, english=False))
    lending = LendingAgreement.objects.get(post="Agent de propreté")
    assert response.status_code == 302
    assert response["Location"] == _url("lending", world, lending.pk)
    assert (lending.status, str(lending.hours_per_week)) == (AgreementStatus.DRAFT, "12.5")
    assert lending.created_by == world.member
    client.force_login(world.coordinator)
    response = client.post(_url("lending_sign", world, lending.pk), {"version": 1})
    assert response.status_code == 302
    lending.refresh_from_db()
    assert lending.status == AgreementStatus.SIGNED
    assert client.get(_url("lending_edit", world, lending.pk)).status_code == 403
    response = client.post(
        _url("lending_end", world, lending.pk), {"version": 2, "ends_on": "2027-10-31"}
    )
    assert response.status_code == 302
    lending.refresh_from_db()
    assert lending.status == AgreementStatus.ENDED
    assert str(lending.ends_on) == "2027-10-31"


def test_a_member_cannot_propose_for_another_member(client, english):
    made = build_agreements(english)
    creche, leisure = made.made.others
    client.force_login(english.member)
    response = client.post(
        _url("lending_add", english), _form(made, lender=creche.pk, borrower=leisure.pk)
    )
    assert response.status_code == 400
    assert "Choose a member employer of the group." in response.content.decode()
    assert not LendingAgreement.objects.filter(post="Agent de propreté").exists()


def test_bad_input_keeps_what_was_typed(client, english):
    made = build_agreements(english)
    client.force_login(english.coordinator)
    response = client.post(_url("lending_add", english), _form(made, hours_per_week="40"))
    content = response.content.decode()
    assert response.status_code == 400
    assert "at most the full time (35 h)" in content
    assert 'value="Agent de propreté"' in content and 'value="Ville de Montreuil"' in content
    response = client.post(
        _url("lending_add", english), _form(made, starts_on="2027-12-31", ends_on="2027-09-01")
    )
    assert response.status_code == 400
    assert "An agreement cannot end before it starts." in response.content.decode()
    assert not LendingAgreement.objects.filter(post="Agent de propreté").exists()


def test_a_change_made_in_between_is_refused_with_a_message(client, english):
    made = build_agreements(english)
    client.force_login(english.member)
    response = client.post(_url("lending_edit", english, made.ours.pk), _form(made, version=0))
    assert response.status_code == 400
    assert "Someone changed this while you were editing it." in response.content.decode()
    response = client.post(_url("lending_edit", english, made.ours.pk), _form(made, version=1))
    assert response.status_code == 302
    made.ours.refresh_from_db()
    assert (made.ours.post, made.ours.version) == ("Agent de propreté", 2)


def test_members_read_open_offers_and_the_coordinators_manage_them(client, english):
    made = build_agreements(english)
    client.force_login(english.observer)
    page = client.get(_url("sponsorships", english)).content.decode()
    assert "Paie et droit social" in page
    assert "Communication" not in page  # given to the crèche, which the observer is not
    assert _url("sponsorship_edit", english, made.offer.pk) not in page
    client.force_login(english.coordinator)
    page = client.get(_url("sponsorships", english)).content.decode()
    assert "Communication" in page
    response = client.post(
        _url("sponsorship_assign", english, made.offer.pk), {"beneficiary": made.made.own.pk}
    )
    assert response.status_code == 302
    response = client.post(_url("sponsorship_close", english, made.offer.pk), {"status": "done"})
    assert response.status_code == 302
    made.offer.refresh_from_db()
    assert (made.offer.status, made.offer.beneficiary) == (OfferStatus.DONE, made.made.own)
    client.force_login(english.member)  # the offer went to the member's organisation
    assert "Paie et droit social" in client.get(_url("sponsorships", english)).content.decode()


def test_a_new_offer_through_the_page(client, english):
    made = build_agreements(english)
    client.force_login(english.coordinator)
    data = {
        "sponsor": made.offer.sponsor_id,
        "skill": "Gestion de la paie",
        "hours": "0",
        "starts_on": "2027-03-01",
    }
    response = client.post(_url("sponsorship_add", english), data)
    assert response.status_code == 400
    assert 'value="Gestion de la paie"' in response.content.decode()
    response = client.post(_url("sponsorship_add", english), {**data, "hours": "24"})
    assert response.status_code == 302
    assert made.group.sponsorships.filter(skill="Gestion de la paie", hours=24).exists()
