"""A collective's coordinators answer for someone without an account: send that address
what the collective holds about it (a link that works with its key, 7 days), or erase it
after a confirmation. Each answer is recorded and logged without the address."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.collectives.models import Invitation
from maillage.privacy import services
from maillage.privacy.models import DataExport, PrivacyRequest, RequestKind

from ..factories import InvitationFactory

ADDRESS = "claire.dupont@example.net"


@pytest.fixture
def invited(world):
    """Claire was invited to the collective and to another one, and never made an account."""
    here = InvitationFactory(
        collective=world.collective, invited_by=world.coordinator, email=ADDRESS, message="Salut"
    )
    there = InvitationFactory(collective=world.other, invited_by=world.outsider, email=ADDRESS)
    return here, there


def _page(world):
    return reverse("privacy:collective", args=[world.collective.slug])


def test_sending_an_address_its_data(client, world, invited, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_page(world), {"email": ADDRESS.upper(), "answer": "send"})
    assert response.status_code == 302
    export = DataExport.objects.get()
    assert export.user is None and export.collective == world.collective and export.is_ready
    message = mail.outbox[-1]
    assert message.to == [ADDRESS]
    assert world.collective.short_name in message.subject
    assert export.key in message.body
    # The link works without an account; the file holds this collective's rows only.
    client.logout()
    response = client.get(reverse("privacy:download_by_key", args=[export.key]))
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["scope"] == world.collective.name
    (invitation,) = document["data"]["collectives"]["invitations"]
    assert invitation["collective"] == world.collective.name and invitation["message"] == "Salut"
    assert world.other.name not in response.content.decode()
    # Recorded and logged, without the address.
    (answered,) = PrivacyRequest.objects.all()
    assert answered.kind == RequestKind.EXPORT and answered.answered_by == world.coordinator
    assert answered.email_digest == services.email_digest(ADDRESS)
    assert ADDRESS not in answered.email_digest
    event = AuditEvent.objects.get(action="privacy.export")
    assert event.collective == world.collective
    assert ADDRESS not in f"{event.object_repr} {event.before} {event.after}"
    client.force_login(world.coordinator)
    page = client.get(_page(world)).content.decode()
    assert "Données envoyées à l'adresse".replace("'", "&#x27;") in page
    assert ADDRESS not in page


def test_erasing_asks_for_a_confirmation_first(client, world, invited):
    client.force_login(world.coordinator)
    response = client.post(_page(world), {"email": ADDRESS, "answer": "erase"})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="confirmed" value="yes"' in content and ADDRESS in content
    assert Invitation.objects.filter(email=ADDRESS).count() == 2
    assert not PrivacyRequest.objects.exists()

    response = client.post(
        _page(world), {"email": ADDRESS, "answer": "erase", "confirmed": "yes"}, follow=True
    )
    assert "Effacé\u00a0: 1 ligne contenait" in response.content.decode()
    # This collective's invitation is gone; the other collective's stays.
    assert list(Invitation.objects.filter(email=ADDRESS).values_list("collective", flat=True)) == [
        world.other.pk
    ]
    (answered,) = PrivacyRequest.objects.all()
    assert answered.kind == RequestKind.ERASURE and answered.rows == 1
    event = AuditEvent.objects.get(action="privacy.erasure")
    assert event.after == {"kind": "erasure", "rows": 1}
    assert ADDRESS not in f"{event.object_repr} {event.before}"


def test_a_bad_address_is_refused_and_nothing_happens(client, world, invited):
    client.force_login(world.coordinator)
    response = client.post(_page(world), {"email": "pas une adresse", "answer": "send"})
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide." in response.content.decode()
    assert not DataExport.objects.exists() and not PrivacyRequest.objects.exists()
    response = client.post(_page(world), {"email": ADDRESS, "answer": "?"})
    assert "Choisissez quoi faire pour cette adresse." in response.content.decode()
    assert not PrivacyRequest.objects.exists()
    assert Invitation.objects.filter(email=ADDRESS).count() == 2


def test_only_coordinators_answer(client, world, invited):
    client.force_login(world.facilitator)
    response = client.post(_page(world), {"email": ADDRESS, "answer": "erase", "confirmed": "yes"})
    assert response.status_code == 403
    assert Invitation.objects.filter(email=ADDRESS).count() == 2
    assert not PrivacyRequest.objects.exists()


def test_the_coordinators_menu_links_to_the_page(client, world):
    client.force_login(world.coordinator)
    page = client.get(reverse("audit:log", args=[world.collective.slug])).content.decode()
    assert _page(world) in page
    client.force_login(world.facilitator)
    page = client.get(reverse("collectives:members", args=[world.collective.slug]))
    assert _page(world) not in page.content.decode()


def test_erasing_an_address_deletes_the_files_sent_to_it(world, invited):
    services.send_data_for(actor=world.coordinator, collective=world.collective, email=ADDRESS)
    export = DataExport.objects.get()
    services.build_export(export_id=export.pk, email=ADDRESS, language="fr")
    other = services.send_data_for(
        actor=world.coordinator, collective=world.collective, email="someone@example.org"
    )
    assert other.kind == RequestKind.EXPORT
    request, done = services.erase_for(
        actor=world.coordinator, collective=world.collective, email=ADDRESS
    )
    assert done["privacy.exports"] == 1 and done["collectives.invitations"] == 1
    assert request.rows == 2
    assert not DataExport.objects.filter(pk=export.pk).exists()
    assert DataExport.objects.count() == 1  # the other address's, still being prepared
