"""Told when a round opens: every participant of the round who can be reached gets one
e-mail per round (at the address they left, in the language they agreed in, with their
personal return link; members at their account's address), whether the round is opened
by a facilitator or by the periodic job; a second run sends nothing twice.

The messages go through Django's locmem mail backend (mail.outbox); tasks run at once
(ImmediateBackend) once the change commits."""

import logging
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from maillage.collectives.models import Membership
from maillage.consultations import services
from maillage.consultations.models import RoundNotice
from maillage.consultations.services_contact import tell_participants, tell_round_opened

from ..factories import MembershipFactory, ParticipantFactory
from .test_rounds import STATEMENTS

pytestmark = pytest.mark.django_db

ALEX = "alex@example.org"
SAM = "sam@example.org"


@pytest.fixture
def reachable(world, workshop):
    """Alex (agreed in English) and Sam (in French, another group) left an address;
    Kim did not; Lou left one and removed it; the member takes part with their
    account (in English); a former member joined with theirs, then left the
    collective."""
    services.leave_contact(
        participant=workshop.participant, email=ALEX, consent="Tell me", language="en"
    )
    services.leave_contact(
        participant=workshop.other_participant, email=SAM, consent="Prévenez-moi", language="fr"
    )
    ParticipantFactory(group=workshop.group, display_name="Kim")
    lou = ParticipantFactory(group=workshop.group, display_name="Lou")
    services.leave_contact(participant=lou, email="lou@example.org", consent="Oui", language="fr")
    services.withdraw_contact(participant=lou)
    world.member.language = "en"
    world.member.save(update_fields=["language"])
    services.join_group(group=workshop.group, user=world.member)
    former = MembershipFactory(collective=world.collective).user
    services.join_group(group=workshop.group, user=former)
    Membership.objects.filter(user=former).update(end_date=timezone.localdate())
    return workshop


def vote_round(world, workshop, groups=()):
    statements = [
        services.add_statement(actor=world.facilitator, consultation=workshop.consultation, text=t)
        for t in STATEMENTS
    ]
    round_ = workshop.consultation.rounds.get(number=2)
    services.set_round_statements(actor=world.facilitator, round_=round_, statements=statements)
    if groups:
        round_.groups.set(groups)
    return round_


def by_address():
    return {message.to[0]: message for message in mail.outbox}


def test_opening_a_round_tells_each_participant_who_can_be_reached_once(
    world, reachable, django_capture_on_commit_callbacks
):
    round_ = vote_round(world, reachable)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_round(actor=world.facilitator, round_=round_)
    sent = by_address()
    assert sorted(sent) == sorted([ALEX, SAM, world.member.email])
    assert len(mail.outbox) == 3
    title = reachable.consultation.title
    # In the language each agreed in, with their own return link.
    alex = sent[ALEX]
    assert alex.subject == f"A new round opens: {title}"
    assert "/revenir/" in alex.body and "Keep it to yourself" in alex.body
    assert alex.alternatives[0][1] == "text/html"
    sam = sent[SAM]
    assert sam.subject == f"Un nouveau tour s'ouvre\u00a0: {title}"
    assert "/revenir/" in sam.body
    assert _link(alex.body) != _link(sam.body)
    # The member: through their account, a link to the wall, no return link.
    member = sent[world.member.email]
    assert member.subject == f"A new round opens: {title}"
    assert "/revenir/" not in member.body
    assert settings.SITE_URL + reachable.group.get_absolute_url() in member.body
    assert RoundNotice.objects.filter(round=round_).count() == 3

    # Run again (the task retried, the round opened again): nothing is sent twice.
    mail.outbox.clear()
    assert tell_participants(round_) == 0
    tell_round_opened.enqueue(round_.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_round(actor=world.facilitator, round_=round_)
    assert mail.outbox == []
    assert RoundNotice.objects.filter(round=round_).count() == 3


def test_a_round_opened_by_the_periodic_job_is_told_too(
    world, reachable, django_capture_on_commit_callbacks
):
    round_ = vote_round(world, reachable)
    round_.starts_on = timezone.localdate()
    round_.save(update_fields=["starts_on"])
    with django_capture_on_commit_callbacks(execute=True):
        assert services.open_and_close_due_rounds() == {"opened": 1, "closed": 0}
    assert sorted(by_address()) == sorted([ALEX, SAM, world.member.email])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.open_and_close_due_rounds()
    assert tell_participants(round_) == 0
    assert mail.outbox == []


def test_only_the_groups_of_the_round_are_told(
    world, reachable, django_capture_on_commit_callbacks
):
    round_ = vote_round(world, reachable, groups=[reachable.other_group])
    with django_capture_on_commit_callbacks(execute=True):
        services.open_round(actor=world.facilitator, round_=round_)
    assert list(by_address()) == [SAM]


def test_the_link_of_the_e_mail_opens_the_wall_on_a_fresh_device(
    world, reachable, django_capture_on_commit_callbacks
):
    round_ = vote_round(world, reachable)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_round(actor=world.facilitator, round_=round_)
    link = _link(by_address()[ALEX].body)
    device = Client()
    response = device.get(link.removeprefix(settings.SITE_URL))
    assert response.status_code == 302
    assert response["Location"] == reachable.group.get_absolute_url()
    wall = device.get(response["Location"])
    assert wall.status_code == 200
    # Recognised as Alex: the vote round waits for their opinion.
    assert wall.context["participant"] == reachable.participant
    assert f"/tours/{round_.number}/" in wall.content.decode()


def test_nothing_is_sent_once_the_consultation_is_closed(world, reachable):
    round_ = vote_round(world, reachable)
    services.open_round(actor=world.facilitator, round_=round_)  # its task waits
    services.close_consultation(
        actor=world.facilitator, consultation=reachable.consultation, conclusions="Merci."
    )
    assert tell_participants(round_) == 0
    assert mail.outbox == []


def test_the_addresses_are_never_logged(
    world, reachable, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    round_ = vote_round(world, reachable)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_round(actor=world.facilitator, round_=round_)
    assert len(mail.outbox) == 3
    assert ALEX not in caplog.text and SAM not in caplog.text


def _link(body):
    return re.search(r"https?://\S+/revenir/\S+/", body).group(0)


def _stop_link(body):
    return re.search(r"https?://\S+/ne-plus-prevenir/\S+/", body).group(0)


def test_the_e_mail_to_an_address_has_a_link_that_stops_them(
    world, reachable, django_capture_on_commit_callbacks
):
    """Whoever receives the e-mail, even someone whose address another person typed,
    can stop them without the wall; opening the link (a mail program's preview)
    removes nothing until the button is pressed."""
    round_ = vote_round(world, reachable)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_round(actor=world.facilitator, round_=round_)
    sent = by_address()
    assert "ne-plus-prevenir" not in sent[world.member.email].body
    link = _stop_link(sent[ALEX].body).removeprefix(settings.SITE_URL)
    assert f'href="{settings.SITE_URL}{link}"' in sent[ALEX].alternatives[0][0]
    stranger = Client()
    page = stranger.get(link)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    assert reachable.participant.contact.email == ALEX
    done = stranger.post(link)
    assert done.status_code == 200
    assert "ne serez plus prévenu·e" in done.content.decode()
    contact = type(reachable.participant.contact).objects.get(participant=reachable.participant)
    assert contact.email == "" and contact.withdrawn_at is not None
    # Pressed twice: still done, nothing else removed.
    assert stranger.post(link).status_code == 200
    assert by_address()[SAM].to == [SAM]
    assert type(contact).objects.filter(email=SAM).exists()
    # An address left again later is not removed by the old e-mail's link.
    services.leave_contact(participant=reachable.participant, email=ALEX, consent="Tell me")
    stranger.post(link)
    assert type(contact).objects.filter(email=ALEX).exists()
    # A changed link is refused.
    assert stranger.get(link[:-3] + "xx/").status_code == 400
