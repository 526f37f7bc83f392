"""Participants without an account who leave an e-mail address to be told when a round
opens: the consent kept word for word, a refused address that loses nothing typed, the
address removed from the wall, erased when the consultation closes, and shown to
nobody. Also the order of the participant's wall (item 7: the note first, the mood
check after it)."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from maillage.audit.models import AuditEvent
from maillage.consultations import services
from maillage.consultations.models import Participant, ParticipantContact
from maillage.consultations.services_contact import consent_text
from maillage.core.errors import DomainError

from ..htmx import htmx_post

pytestmark = pytest.mark.django_db

ADDRESS = "alex.dupont@example.org"


def join_url():
    return reverse("consultations:join")


def contact_url(workshop):
    return reverse(
        "consultations:contact", args=[workshop.consultation.collective.slug, workshop.group.pk]
    )


def forget_url(workshop):
    return reverse(
        "consultations:forget_contact",
        args=[workshop.consultation.collective.slug, workshop.group.pk],
    )


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# ------------------------------------------------------------------------ on joining


def test_joining_with_an_address_keeps_it_with_the_consent_exactly_as_shown(workshop):
    client = Client()
    page = client.get(join_url()).content.decode()
    with translation.override("fr"):
        shown = consent_text()
    # The box's label is the consent, as the page shows it.
    assert f">{escape(shown)}</label>" in page
    response = client.post(
        join_url(),
        {
            "code": workshop.group.join_code,
            "display_name": "Kim",
            "email": ADDRESS,
            "consent": "on",
        },
    )
    assert response.status_code == 302
    participant = Participant.objects.get(display_name="Kim")
    contact = participant.contact
    assert contact.email == ADDRESS
    assert contact.consent_text == shown
    assert contact.consent_language == "fr"
    assert contact.consented_at is not None
    assert contact.withdrawn_at is None and contact.erased_at is None


def test_the_consent_is_kept_in_the_language_it_was_shown_in(workshop):
    client = in_english(Client())
    page = client.get(join_url()).content.decode()
    with translation.override("en"):
        shown = consent_text()
    assert shown.startswith("Tell me by e-mail when a new round")
    assert escape(shown) in page
    client.post(
        join_url(),
        {
            "code": workshop.group.join_code,
            "display_name": "Kim",
            "email": ADDRESS,
            "consent": "on",
        },
    )
    contact = ParticipantContact.objects.get(participant__display_name="Kim")
    assert (contact.consent_text, contact.consent_language) == (shown, "en")


def test_an_invalid_address_on_joining_is_refused_and_nothing_typed_is_lost(workshop):
    before = Participant.objects.count()
    response = in_english(Client()).post(
        join_url(),
        {
            "code": workshop.group.join_code,
            "display_name": "Kim",
            "email": "kim.example.org",
            "consent": "on",
        },
    )
    content = response.content.decode()
    assert "“kim.example.org” is not an e-mail address" in content
    assert f'value="{workshop.group.join_code}"' in content
    assert 'value="Kim"' in content
    assert 'value="kim.example.org"' in content
    assert "checked" in re.search(r'<input[^>]*name="consent"[^>]*>', content).group(0)
    # Nobody joined: the person sends the form again, corrected, and joins once.
    assert Participant.objects.count() == before
    assert not ParticipantContact.objects.exists()


def test_an_address_without_the_consent_is_not_kept(workshop):
    response = in_english(Client()).post(
        join_url(), {"code": workshop.group.join_code, "display_name": "Kim", "email": ADDRESS}
    )
    assert "Tick the box to agree" in response.content.decode()
    assert f'value="{ADDRESS}"' in response.content.decode()
    assert not ParticipantContact.objects.exists()
    assert not Participant.objects.filter(display_name="Kim").exists()


def test_joining_without_an_address_keeps_none(workshop):
    response = Client().post(join_url(), {"code": workshop.group.join_code, "display_name": "Kim"})
    assert response.status_code == 302
    assert Participant.objects.filter(display_name="Kim").exists()
    assert not ParticipantContact.objects.exists()


def test_members_joining_with_their_account_are_not_asked_for_an_address(client, world, workshop):
    client.force_login(world.member)
    content = client.get(join_url()).content.decode()
    assert 'name="email"' not in content
    assert 'name="consent"' not in content


# ----------------------------------------------------------------------- on the wall


def test_an_address_left_from_the_wall_is_kept_and_shown_to_nobody(client, english, workshop):
    world = english
    workshop.join(client)
    wall = client.get(workshop.group.get_absolute_url()).content.decode()
    assert 'id="contact"' in wall
    response = client.post(contact_url(workshop), {"email": ADDRESS, "consent": "on"})
    assert response.status_code == 302
    contact = workshop.participant.contact
    assert contact.email == ADDRESS
    with translation.override("fr"):
        assert contact.consent_text == consent_text()
    # The participant reads that they will be told, never the address itself.
    wall = client.get(workshop.group.get_absolute_url()).content.decode()
    assert ADDRESS not in wall
    assert (
        reverse("consultations:forget_contact", args=[world.collective.slug, workshop.group.pk])
        in wall
    )
    # Those who run the consultation see how many can be reached, not who.
    facilitator = Client()
    facilitator.force_login(world.facilitator)
    for url in (
        workshop.group.get_absolute_url(),
        workshop.consultation.get_absolute_url() + "?moment=rounds",
        reverse("consultations:report", args=[world.collective.slug, workshop.consultation.pk]),
    ):
        assert ADDRESS not in facilitator.get(url).content.decode(), url
    rounds = facilitator.get(workshop.consultation.get_absolute_url() + "?moment=rounds")
    reachable = re.search(
        r'<p class="meta" id="reachable">(.*?)</p>', rounds.content.decode(), re.S
    )
    assert "1 participant without an account, at the address they left;" in reachable.group(1)
    assert "0 members through their account." in reachable.group(1)


def test_an_invalid_address_on_the_wall_changes_only_its_section(client, workshop):
    """With htmx only the section is replaced: the note being typed in the form above
    stays as it is. The answer is 200 so that htmx shows the refusal in place."""
    in_english(workshop.join(client))
    response = htmx_post(
        client, contact_url(workshop), {"email": "alex@", "consent": "on"}, target="contact"
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<section id="contact"')
    assert "“alex@” is not an e-mail address" in content
    assert 'value="alex@"' in content
    assert "note-form" not in content and "note_text" not in content
    assert not ParticipantContact.objects.exists()


def test_an_invalid_address_without_javascript_gets_the_forms_own_page(client, workshop):
    in_english(workshop.join(client))
    response = client.post(contact_url(workshop), {"email": "alex@", "consent": "on"})
    content = response.content.decode()
    assert response.status_code == 400
    assert "“alex@” is not an e-mail address" in content
    assert 'value="alex@"' in content
    assert not ParticipantContact.objects.exists()


def test_the_address_is_removed_from_the_wall(client, workshop):
    services.leave_contact(participant=workshop.participant, email=ADDRESS, consent="Oui")
    workshop.join(client)
    response = htmx_post(client, forget_url(workshop), {}, target="contact")
    assert response.status_code == 200
    contact = ParticipantContact.objects.get(participant=workshop.participant)
    assert contact.email == ""
    assert contact.withdrawn_at is not None
    assert contact.consent_text == "Oui"  # the record of the consent stays
    # The form is offered again.
    assert 'name="email"' in response.content.decode()


def test_only_the_participant_without_an_account_reaches_these_pages(client, world, workshop):
    client.force_login(world.facilitator)
    assert client.get(contact_url(workshop)).status_code == 403
    assert (
        client.post(contact_url(workshop), {"email": ADDRESS, "consent": "on"}).status_code == 403
    )
    member = Client()
    member.force_login(world.member)
    services.join_group(group=workshop.group, user=world.member)
    assert member.get(contact_url(workshop)).status_code == 403
    assert 'id="contact"' not in member.get(workshop.group.get_absolute_url()).content.decode()
    # Another group's participant: not their wall.
    other = workshop.join(Client(), workshop.other_participant)
    assert other.get(contact_url(workshop)).status_code == 403
    assert not ParticipantContact.objects.exists()


def test_a_participant_with_an_account_leaves_no_address(world, workshop):
    participant = services.join_group(group=workshop.group, user=world.member)
    with pytest.raises(DomainError):
        services.leave_contact(participant=participant, email=ADDRESS, consent="Oui")


# ----------------------------------------------------------------- erased when it closes


def test_every_address_is_erased_when_the_consultation_closes(client, world, workshop):
    services.leave_contact(participant=workshop.participant, email=ADDRESS, consent="Oui")
    services.leave_contact(
        participant=workshop.other_participant, email="sam@example.org", consent="Oui"
    )
    services.withdraw_contact(participant=workshop.other_participant)
    services.leave_contact(
        participant=workshop.other_participant, email="sam.b@example.org", consent="Oui"
    )
    client.force_login(world.facilitator)
    response = client.post(
        reverse("consultations:close", args=[world.collective.slug, workshop.consultation.pk]),
        {"conclusions": "Merci à toutes et tous."},
    )
    assert response.status_code == 302
    contacts = list(ParticipantContact.objects.all())
    assert len(contacts) == 2
    assert all(contact.email == "" for contact in contacts)
    # The consent's record says when the address was erased.
    event = AuditEvent.objects.get(action="consultations.contacts_erased")
    assert event.after == {"contacts": 2}
    assert {contact.erased_at for contact in contacts} == {contacts[0].erased_at}
    assert contacts[0].erased_at is not None
    assert abs(contacts[0].erased_at - event.created_at).total_seconds() < 60
    # No address anywhere in the database, the log included.
    dump = _database_dump()
    for address in (ADDRESS, "sam@example.org", "sam.b@example.org"):
        assert address not in dump
    # No address can be left any more.
    with pytest.raises(DomainError):
        services.leave_contact(participant=workshop.participant, email=ADDRESS, consent="Oui")
    wall = workshop.join(Client()).get(workshop.group.get_absolute_url()).content.decode()
    assert 'name="email"' not in wall


def _database_dump():
    from io import StringIO

    out = StringIO()
    call_command("dumpdata", stdout=out, exclude=["contenttypes", "auth.permission"])
    return out.getvalue()


# ---------------------------------------------------------------- the wall's order


def test_on_the_wall_the_note_comes_before_the_mood_check(client, workshop):
    content = workshop.join(client).get(workshop.group.get_absolute_url()).content.decode()
    note, mood = content.index('id="note-form"'), content.index('id="mood"')
    assert note < mood
    # Between them, nothing but the note's form: the mood comes right after it.
    assert content.index('id="wall-notes"') > mood


def test_an_address_too_long_is_refused_with_its_reason(english, workshop):
    long_address = "a" * 250 + "@example.org"
    with translation.override("en"), pytest.raises(DomainError) as refused:
        services.leave_contact(participant=workshop.participant, email=long_address, consent="Oui")
    assert refused.value.field == "email"
    assert "254 characters at most" in refused.value.message
    assert not ParticipantContact.objects.exists()
