"""Referrals' pages: the send form (refusals shown with everything typed kept), the lists
and what each person finds in them, a referral's page and its buttons, the document
served only through the permission check, and the counts per offer."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.orientation import services_referrals as services
from maillage.orientation.models import Offer, OfferKind
from maillage.orientation.models_referrals import Referral, ReferralStatus, RefusalReason

from .setting_referrals import PDF, build_network, pdf, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def net(world):
    return build_network(world)


def url(name, net, *args):
    return reverse(f"orientation:{name}", args=[net.world.collective.slug, *args])


def form(**fields):
    data = {
        "sender_structure": "",
        "first_name": "Marie",
        "last_name": "Dupont",
        "phone": "079 123 45 67",
        "email": "marie.dupont@example.org",
        "language": "fr",
        "need": "Cherche un accompagnement vers l'emploi.",
        "consent": "on",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


# ---------------------------------------------------------------------- send


def test_a_professional_sends_from_an_offer(client, net):
    client.force_login(net.sender)
    page = client.get(url("referral_send", net, net.offer.uuid))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Fondation Qualife" in text and "Qualife 50+" in text  # the consent's words
    response = client.post(
        url("referral_send", net, net.offer.uuid),
        {**form(sender_structure=net.sending.pk), "document": pdf()},
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("referral", net, referral.uuid)
    assert referral.sender_structure == net.sending
    assert "Fondation Qualife" in referral.consent_text  # stored as shown
    assert referral.document_type == "application/pdf"


def _kept(response):
    text = response.content.decode()
    for typed in ("Marie", "Dupont", "079 123 45 67", "marie.dupont@example.org"):
        assert typed in text, typed
    assert "Cherche un accompagnement vers l&#x27;emploi." in text


def test_a_document_of_another_type_is_refused_and_nothing_typed_is_lost(client, net):
    client.force_login(net.sender)
    fake = SimpleUploadedFile("cv.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post(
        url("referral_send", net, net.offer.uuid),
        {**form(sender_structure=net.sending.pk), "document": fake},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 400
    assert not Referral.objects.exists()
    text = response.content.decode()
    assert "Ce document n&#x27;est pas un fichier PDF, JPEG ou PNG" in text
    assert "Choisissez à nouveau le document" in text
    _kept(response)


def test_a_document_too_large_is_refused_and_nothing_typed_is_lost(client, net, settings):
    settings.ORIENTATION_REFERRAL_MAX_BYTES = 20
    client.force_login(net.sender)
    response = client.post(
        url("referral_send", net, net.offer.uuid),
        {**form(sender_structure=net.sending.pk), "document": pdf()},
    )
    assert response.status_code == 400 and not Referral.objects.exists()
    assert "trop volumineux" in response.content.decode()
    _kept(response)


def test_without_consent_nothing_is_sent_and_nothing_typed_is_lost(client, net):
    client.force_login(net.sender)
    response = client.post(
        url("referral_send", net, net.offer.uuid),
        form(sender_structure=net.sending.pk, consent=None),
    )
    assert response.status_code == 400 and not Referral.objects.exists()
    assert "Le consentement de la personne est nécessaire" in response.content.decode()
    _kept(response)


def test_an_unpublished_offer_has_no_send_form(client, net):
    Offer.objects.filter(pk=net.offer.pk).update(published=False)
    client.force_login(net.sender)
    assert client.get(url("referral_send", net, net.offer.uuid)).status_code == 404


def test_an_offer_of_another_collective_has_no_send_form(client, net):
    from maillage.orientation.models import Structure

    elsewhere = Structure.objects.create(collective=net.world.other, name="Ailleurs")
    foreign = Offer.objects.create(structure=elsewhere, name="Autre", kind=OfferKind.JOB)
    client.force_login(net.sender)
    assert client.get(url("referral_send", net, foreign.uuid)).status_code == 404


# ---------------------------------------------------------------------- lists


def _listed(client, person, net, box=""):
    client.force_login(person)
    response = client.get(url("referrals", net) + (f"?vue={box}" if box else ""))
    assert response.status_code == 200
    return set(re.findall(r'id="referral-([0-9a-f-]+)"', response.content.decode()))


def test_each_list_shows_what_its_reader_may_see(client, net):
    to_qualife = send(net)
    to_ofpc = send(net, offer=net.other_offer)
    by_coordinator = send(net, actor=net.world.coordinator, sender_structure=None)
    assert _listed(client, net.receiver, net) == {str(to_qualife.uuid), str(by_coordinator.uuid)}
    assert _listed(client, net.other_pro, net, "recues") == {str(to_ofpc.uuid)}
    assert _listed(client, net.sender, net) == {str(to_qualife.uuid), str(to_ofpc.uuid)}
    assert _listed(client, net.world.coordinator, net, "toutes") == {
        str(to_qualife.uuid),
        str(to_ofpc.uuid),
        str(by_coordinator.uuid),
    }
    assert _listed(client, net.world.coordinator, net, "envoyees") == {str(by_coordinator.uuid)}
    # A list one does not have.
    client.force_login(net.sender)
    assert client.get(url("referrals", net) + "?vue=toutes").status_code == 404


def test_the_visible_queryset_follows_the_rule(net):
    made = send(net)
    visible = {
        name: Referral.objects.visible_to(person).filter(pk=made.pk).exists()
        for name, person in {
            "sender": net.sender,
            "receiver": net.receiver,
            "coordinator": net.world.coordinator,
            "other_pro": net.other_pro,
            "facilitator": net.world.facilitator,
            "observer": net.world.observer,
            "outsider": net.world.outsider,
        }.items()
    }
    assert visible == {
        "sender": True,
        "receiver": True,
        "coordinator": True,
        "other_pro": False,
        "facilitator": False,
        "observer": False,
        "outsider": False,
    }


# ---------------------------------------------------------------------- a referral


def test_the_receiver_reads_the_person_and_downloads_the_document(client, net):
    made = send(net, document=pdf())
    client.force_login(net.receiver)
    page = client.get(url("referral", net, made.uuid)).content.decode()
    assert "Dupont" in page and "079 123 45 67" in page
    assert url("referral_document", net, made.uuid) in page
    download = client.get(url("referral_document", net, made.uuid))
    assert download.status_code == 200
    assert download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "no-store" in download["Cache-Control"]
    client.force_login(net.other_pro)
    assert client.get(url("referral_document", net, made.uuid)).status_code == 404


def test_refusing_without_a_reason_shows_the_form_again(client, net):
    made = send(net)
    client.force_login(net.receiver)
    response = client.post(
        url("referral_refuse", net, made.uuid), {"reason": "", "comment": "Pas de place"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Choisissez le motif du refus." in text and "Pas de place" in text
    assert Referral.objects.get().status == ReferralStatus.SENT


def test_the_buttons_follow_the_status_and_the_reader(client, net):
    made = send(net)
    client.force_login(net.receiver)
    page = client.get(url("referral", net, made.uuid)).content.decode()
    assert url("referral_accept", net, made.uuid) in page
    assert url("referral_cancel", net, made.uuid) not in page
    client.force_login(net.sender)
    page = client.get(url("referral", net, made.uuid)).content.decode()
    assert url("referral_accept", net, made.uuid) not in page
    assert url("referral_cancel", net, made.uuid) in page
    assert client.post(url("referral_cancel", net, made.uuid)).status_code == 302
    assert Referral.objects.get().status == ReferralStatus.CANCELLED
    # A second cancel is refused with a message, nothing changes.
    response = client.post(url("referral_cancel", net, made.uuid), follow=True)
    assert "Seule une orientation en attente de réponse peut être annulée." in (
        response.content.decode()
    )


def test_a_refused_referral_shows_the_reason_to_the_sender(client, net):
    made = send(net)
    services.refuse_referral(
        actor=net.receiver,
        referral=made,
        reason=RefusalReason.NOT_ELIGIBLE,
        comment="Moins de 50 ans.",
    )
    client.force_login(net.sender)
    page = client.get(url("referral", net, made.uuid)).content.decode()
    assert "La personne ne remplit pas les critères" in page and "Moins de 50 ans." in page
    assert "Orientation refusée" in page  # the history


def test_an_erased_referral_shows_no_personal_data(client, net, settings):
    made = send(net, document=pdf())
    services.accept_referral(actor=net.receiver, referral=made)
    services.erase_expired(now=timezone.now() + timedelta(days=91))
    client.force_login(net.receiver)
    page = client.get(url("referral", net, made.uuid)).content.decode()
    assert "Dupont" not in page and "Données personnelles effacées" in page
    assert client.get(url("referral_document", net, made.uuid)).status_code == 404


# ---------------------------------------------------------------------- counts


def _cells(page, offer):
    row = re.search(rf"<tr><th scope=\"row\">{re.escape(offer)}<br>.*?</tr>", page, re.S)
    return re.findall(r"<td>(.*?)</td>", row.group(0), re.S)


def test_counts_per_offer_in_a_fixed_number_of_queries(client, net, settings):
    settings.ORIENTATION_REFERRAL_PENDING_DAYS = 14
    long_ago = timezone.now() - timedelta(days=20)
    for _ in range(3):
        send(net)  # waiting, recent
    late = send(net)
    Referral.objects.filter(pk=late.pk).update(created_at=long_ago)
    for reason in (RefusalReason.NO_PLACE, RefusalReason.NO_PLACE, RefusalReason.DECLINED):
        services.refuse_referral(actor=net.receiver, referral=send(net), reason=reason)
    services.accept_referral(actor=net.receiver, referral=send(net))
    services.close_referral(
        actor=net.receiver,
        referral=services.accept_referral(actor=net.receiver, referral=send(net)),
    )
    services.cancel_referral(actor=net.sender, referral=send(net))
    services.refuse_referral(
        actor=net.other_pro, referral=send(net, offer=net.other_offer), reason="unreachable"
    )
    client.force_login(net.world.coordinator)
    with CaptureQueriesContext(connection) as first:
        page = client.get(url("referral_counts", net)).content.decode()
    # sent, accepted, refused, reasons, cancelled, waiting, late
    assert _cells(page, "Qualife 50+") == [
        "10",
        "2",
        "3",
        "Aucune place disponible\u00a0: 2<br>La personne a refusé\u00a0: 1",
        "1",
        "4",
        "1",
    ]
    assert _cells(page, "Chèque annuel de formation")[:3] == ["1", "0", "1"]
    # Twice as many referrals, the same number of queries.
    for _ in range(11):
        send(net)
    with CaptureQueriesContext(connection) as second:
        client.get(url("referral_counts", net))
    assert len(second) == len(first)
    # The people of a structure count their structures' offers only.
    client.force_login(net.receiver)
    page = client.get(url("referral_counts", net)).content.decode()
    assert "Qualife 50+" in page and "Chèque annuel de formation" not in page


def test_refusing_an_answered_referral_says_so_and_changes_nothing(client, net):
    made = send(net)
    services.accept_referral(actor=net.world.coordinator, referral=made)
    client.force_login(net.receiver)
    response = client.post(
        url("referral_refuse", net, made.uuid), {"reason": "no_place"}, follow=True
    )
    assert response.redirect_chain == [(url("referral", net, made.uuid), 302)]
    assert "Seule une orientation en attente de réponse peut être refusée." in (
        response.content.decode()
    )
    assert Referral.objects.get().status == ReferralStatus.ACCEPTED


def test_other_reason_without_a_comment_keeps_the_form(client, net):
    made = send(net)
    client.force_login(net.receiver)
    response = client.post(url("referral_refuse", net, made.uuid), {"reason": "other"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Dites en quelques mots pourquoi l&#x27;orientation est refusée." in text
    assert '<option value="other" selected>' in text
