"""Limits on participants without an account (consultations/limits.py): joining again
and again in fresh sessions, and voting each time, is refused past the limits per
network address and per device, and those who run the consultation see how many
voted from one address."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from maillage.consultations import services
from maillage.consultations.limits import DEVICE_COOKIE
from maillage.consultations.models import Participant, Vote

from ..htmx import htmx_post
from .test_rounds import make_delphi

pytestmark = pytest.mark.django_db
JOIN = reverse("consultations:join")
ROOM = "203.0.113.9"
ELSEWHERE = "198.51.100.7"


def said(message):
    with translation.override("fr"):
        return escape(translation.gettext(message)).replace("&#x27;", "'")


def page(response):
    return response.content.decode().replace("&#x27;", "'")


def fresh_join(group, address=ROOM, **data):
    """A browser without any cookie joins ``group`` from ``address``."""
    browser = Client(REMOTE_ADDR=address)
    response = browser.post(JOIN, {"code": group.join_code, **data})
    return browser, response


JOINS_REFUSED = (
    "Too many participants have joined this consultation from your network connection in "
    "the last hour. Please try again later, or ask the facilitator."
)
VOTES_REFUSED = (
    "Too many participants have voted in this round from your network connection. Your "
    "answer is not saved: please try again later from another connection, or ask the "
    "facilitator."
)


# ------------------------------------------------------------------------------ joining


def test_joining_again_and_again_from_one_address_is_refused(workshop, world, settings):
    settings.CONSULTATIONS_JOINS_PER_IP = 3
    group = workshop.group
    before = Participant.objects.count()
    for _ in range(3):
        assert fresh_join(group)[1].status_code == 302
    _browser, response = fresh_join(group, display_name="Encore moi")
    assert response.status_code == 200
    assert said(JOINS_REFUSED) in page(response)
    assert 'value="Encore moi"' in page(response)  # nothing typed is lost
    assert Participant.objects.count() == before + 3
    # Another address, and the same address an hour later, join as usual.
    assert fresh_join(group, ELSEWHERE)[1].status_code == 302
    earlier = timezone.now() - timedelta(hours=1, minutes=1)
    Participant.objects.exclude(ip_hash="").update(joined_at=earlier)
    assert fresh_join(group)[1].status_code == 302


def test_the_join_limit_is_per_consultation(workshop, world, settings):
    settings.CONSULTATIONS_JOINS_PER_IP = 1
    other = services.create_consultation(
        actor=world.facilitator, collective=world.collective, title="Autre", method="empty"
    )
    other_group = services.add_group(actor=world.facilitator, consultation=other, name="Salle")
    services.open_live_session(actor=world.facilitator, group=other_group)
    assert fresh_join(workshop.group)[1].status_code == 302
    assert fresh_join(other_group)[1].status_code == 302
    assert fresh_join(workshop.group)[1].status_code == 200


def test_a_device_that_drops_its_participation_cookie_rejoins_only_a_few_times(workshop, settings):
    settings.CONSULTATIONS_JOINS_PER_DEVICE = 2
    browser, response = fresh_join(workshop.group)
    assert response.status_code == 302 and DEVICE_COOKIE in browser.cookies
    participation = f"maillage_participant_{workshop.consultation.pk}"
    del browser.cookies[participation]
    assert browser.post(JOIN, {"code": workshop.group.join_code}).status_code == 302
    del browser.cookies[participation]
    response = browser.post(JOIN, {"code": workshop.group.join_code})
    assert response.status_code == 200
    assert said(
        "This device has already joined this consultation several times. Go on with the "
        "participation you started, or ask the facilitator."
    ) in page(response)
    assert Participant.objects.filter(device_hash__gt="").count() == 2


def test_members_joining_with_their_account_are_not_counted(client, workshop, world, settings):
    settings.CONSULTATIONS_JOINS_PER_IP = 1
    assert fresh_join(workshop.group)[1].status_code == 302
    client.force_login(world.member)
    response = client.post(JOIN, {"code": workshop.group.join_code}, REMOTE_ADDR=ROOM)
    assert response.status_code == 302
    assert Participant.objects.filter(user=world.member).exists()


def test_only_a_keyed_hash_of_the_address_is_kept(workshop):
    fresh_join(workshop.group)
    participant = Participant.objects.exclude(ip_hash="").get()
    assert len(participant.ip_hash) == 64 and ROOM not in participant.ip_hash
    assert participant.device_hash and participant.device_hash != participant.ip_hash


# ------------------------------------------------------------------------------- voting


def test_stuffing_a_round_from_fresh_sessions_is_refused(workshop, world, settings):
    """The review's attack: join again in fresh sessions and vote each time."""
    settings.CONSULTATIONS_VOTERS_PER_IP = 3
    delphi = make_delphi(world, workshop)
    statement = delphi.statements[0]
    browsers = [fresh_join(workshop.group)[0] for _ in range(5)]
    answers = [
        browser.post(delphi.url("vote"), {"statement": statement.pk, "choice": "1"})
        for browser in browsers
    ]
    assert [answer.status_code for answer in answers] == [302, 302, 302, 400, 400]
    assert said(VOTES_REFUSED) in page(answers[3])
    assert Vote.objects.count() == 3
    # With htmx, the statement comes back with the message and the comment typed.
    response = htmx_post(
        browsers[4],
        delphi.url("vote"),
        {"statement": statement.pk, "choice": "-1", "comment": "Non merci"},
    )
    assert said(VOTES_REFUSED) in page(response) and "Non merci" in page(response)
    assert Vote.objects.count() == 3
    # Those who voted may still change their answer and answer the other statements.
    response = browsers[0].post(delphi.url("vote"), {"statement": statement.pk, "choice": "-1"})
    assert response.status_code == 302
    response = browsers[0].post(
        delphi.url("vote"), {"statement": delphi.statements[1].pk, "choice": "0"}
    )
    assert response.status_code == 302
    # Someone on another connection votes as usual.
    elsewhere = fresh_join(workshop.group, ELSEWHERE)[0]
    assert (
        elsewhere.post(delphi.url("vote"), {"statement": statement.pk, "choice": "1"}).status_code
        == 302
    )
    assert Vote.objects.filter(statement=statement).count() == 4


def test_one_device_votes_for_a_few_participants_only(workshop, world, settings):
    settings.CONSULTATIONS_VOTERS_PER_DEVICE = 1
    delphi = make_delphi(world, workshop)
    browser, _response = fresh_join(workshop.group)
    statement = delphi.statements[0]
    assert (
        browser.post(delphi.url("vote"), {"statement": statement.pk, "choice": "1"}).status_code
        == 302
    )
    # The same device with another participant's cookie (and another address).
    browser.defaults["REMOTE_ADDR"] = ELSEWHERE
    other = services.join_group(group=workshop.group, display_name="Prête-nom")
    workshop.join(browser, other)
    response = browser.post(delphi.url("vote"), {"statement": statement.pk, "choice": "1"})
    assert response.status_code == 400
    assert said(
        "Too many participants have voted in this round from this device. Your answer is "
        "not saved: please vote from your own device, or ask the facilitator."
    ) in page(response)
    assert Vote.objects.count() == 1


def test_those_who_run_the_consultation_see_how_many_voted_from_one_address(
    client, workshop, world
):
    delphi = make_delphi(world, workshop)
    statement = delphi.statements[0]
    room = [fresh_join(workshop.group)[0] for _ in range(3)]
    pair = [fresh_join(workshop.group, "192.0.2.4")[0] for _ in range(2)]
    alone = fresh_join(workshop.group, ELSEWHERE)[0]
    for browser in [*room, *pair, alone]:
        browser.post(delphi.url("vote"), {"statement": statement.pk, "choice": "1"})
    assert Vote.objects.count() == 6
    with translation.override("fr"):
        three, two, one = (
            translation.ngettext(
                "%(n)s participant voted from one network address",
                "%(n)s participants voted from one network address",
                n,
            )
            % {"n": n}
            for n in (3, 2, 1)
        )
    client.force_login(world.facilitator)
    for name in ("round", "results"):
        content = page(client.get(delphi.url(name)))
        assert content.index(three) < content.index(two), name  # most first
        assert one not in content
        assert ROOM not in content and "192.0.2.4" not in content
    # Nobody else sees it, not even once the round is closed.
    services.close_round(actor=world.facilitator, round_=delphi.round)
    for reader in (room[0], Client()):
        if reader is not room[0]:
            reader.force_login(world.member)
        content = page(reader.get(delphi.url("results")))
        assert three not in content and 'id="shared-addresses"' not in content
