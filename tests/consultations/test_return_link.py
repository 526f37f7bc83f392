"""The personal return link and its QR code: shown to the participant without an account
(a secret: never cached, no Referer), it brings them back on another device as joining
does; a link changed, too old or leading nowhere gets a page that says so."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from maillage.consultations import services, services_contact
from maillage.consultations.access import cookie_name
from maillage.consultations.services_contact import return_key, return_url
from maillage.core.errors import DomainError

from ..factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def my_link_url(workshop):
    return reverse(
        "consultations:my_link", args=[workshop.consultation.collective.slug, workshop.group.pk]
    )


def come_back(key):
    return reverse("consultations:come_back", args=[key])


def english():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def assert_secret_page(response, referrer="no-referrer"):
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == referrer


def test_the_wall_offers_the_link_in_a_disclosure(client, workshop):
    wall = workshop.join(client).get(workshop.group.get_absolute_url()).content.decode()
    disclosure = re.search(r'<details class="disclosure"[^>]*>', wall.split('id="contact"')[1])
    assert f'hx-get="{my_link_url(workshop)}"' in disclosure.group(0)
    # Without JavaScript the disclosure's link says what it opens.
    assert f'<a href="{my_link_url(workshop)}">Afficher mon lien de retour<' in wall


def test_the_link_and_its_qr_code_are_shown_as_a_secret(workshop):
    client = workshop.join(english())
    response = client.get(my_link_url(workshop))
    assert response.status_code == 200
    # The link is in the page, not in its address: the Referer goes to this site only
    # (its form needs the origin), never to another.
    assert_secret_page(response, referrer="same-origin")
    content = response.content.decode()
    link = re.search(r'id="return-link-url"[^>]*value="([^"]+)"', content).group(1)
    assert link.startswith(settings.SITE_URL + "/revenir/")
    assert "Keep it to yourself." in content
    svg = re.search(r"<svg role=\"img\".*?</svg>", content, re.S).group(0)
    assert 'class="qr-code"' in svg
    # A screen reader does not spell the secret out: the QR code's name is no link.
    assert "/revenir/" not in svg
    # The part the wall's disclosure loads.
    assert "data-disclosure-content" in content


def test_the_link_works_on_a_fresh_device(workshop):
    link = return_url(workshop.participant).removeprefix(settings.SITE_URL)
    device = Client()
    response = device.get(link)
    assert response.status_code == 302
    assert response["Location"] == workshop.group.get_absolute_url()
    assert_secret_page(response)
    cookie = response.cookies[cookie_name(workshop.consultation)]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    wall = device.get(response["Location"])
    assert wall.status_code == 200
    assert wall.context["participant"] == workshop.participant
    assert 'id="note-form"' in wall.content.decode()
    # The new device posts in the participant's name.
    posted = device.post(
        reverse(
            "consultations:wall_notes",
            args=[workshop.consultation.collective.slug, workshop.group.pk],
        ),
        {"question": workshop.questions[1].pk, "text": "Depuis mon ordinateur"},
    )
    assert posted.status_code == 302
    assert workshop.participant.notes.filter(text="Depuis mon ordinateur").exists()


def test_a_tampered_link_is_refused_with_a_clear_page(workshop):
    key = return_key(workshop.participant)
    # One character changed in the signed part, then the payload swapped for another's.
    tampered = [key[:-1] + ("A" if key[-1] != "A" else "B")]
    other = return_key(workshop.other_participant)
    tampered.append(other.split(":")[0] + ":" + ":".join(key.split(":")[1:]))
    tampered.append("nimportequoi")
    for bad in tampered:
        client = english()
        response = client.get(come_back(bad))
        assert response.status_code == 400, bad
        assert_secret_page(response)
        content = response.content.decode()
        assert "This return link cannot be used" in content
        assert "not complete or was changed" in content
        assert cookie_name(workshop.consultation) not in response.cookies
        assert client.get(workshop.group.get_absolute_url()).status_code == 404


def test_a_link_too_old_says_so(workshop, monkeypatch):
    key = return_key(workshop.participant)
    monkeypatch.setattr(services_contact, "RETURN_MAX_AGE", -1)
    response = english().get(come_back(key))
    assert response.status_code == 400
    assert "This link is too old" in response.content.decode()
    assert cookie_name(workshop.consultation) not in response.cookies


def test_a_link_that_leads_nowhere_any_more_is_a_404_that_says_so(workshop):
    participant = ParticipantFactory(group=workshop.group)
    key = return_key(participant)
    participant.delete()
    response = english().get(come_back(key))
    assert response.status_code == 404
    assert "no longer leads to a participation" in response.content.decode()


def test_a_link_is_not_a_way_into_a_participation_with_an_account(world, workshop):
    participant = services.join_group(group=workshop.group, user=world.member)
    response = Client().get(come_back(return_key(participant)))
    assert response.status_code == 404
    member = Client()
    member.force_login(world.member)
    assert member.get(my_link_url(workshop)).status_code == 403


def test_only_the_participant_sees_their_link(world, workshop):
    facilitator = Client()
    facilitator.force_login(world.facilitator)
    assert facilitator.get(my_link_url(workshop)).status_code == 403
    other = workshop.join(Client(), workshop.other_participant)
    assert other.get(my_link_url(workshop)).status_code == 403
    assert Client().get(my_link_url(workshop)).status_code == 404


def test_a_new_link_replaces_the_older_ones(world, workshop):
    """Shared by mistake: the participant makes a new link; the older one gets a page
    saying it was replaced, the new one works, and this device keeps taking part."""
    client = workshop.join(english())
    old = come_back(return_key(workshop.participant))
    renew = reverse(
        "consultations:renew_link", args=[workshop.consultation.collective.slug, workshop.group.pk]
    )
    response = client.post(renew)
    assert response.status_code == 302 and response.url == my_link_url(workshop)
    page = client.get(response.url).content.decode()
    assert "Here is your new link: the older ones no longer work." in page
    new = re.search(r'id="return-link-url"[^>]*value="([^"]+)"', page).group(1)
    assert new.removeprefix(settings.SITE_URL) != old
    refused = english().get(old)
    assert refused.status_code == 404
    assert "replaced by a newer one" in refused.content.decode()
    assert cookie_name(workshop.consultation) not in refused.cookies
    other = english()
    assert other.get(new.removeprefix(settings.SITE_URL)).status_code == 302
    assert other.get(workshop.group.get_absolute_url()).status_code == 200
    assert client.get(workshop.group.get_absolute_url()).status_code == 200
    # A participation with an account has no link to renew.
    member = services.join_group(group=workshop.group, user=world.member)
    with pytest.raises(DomainError):
        services.renew_return_link(participant=member)
