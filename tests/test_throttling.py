"""Throttling what can be tried over and over: logins across accounts, password-reset
e-mails, join codes (core/limits.py, accounts/lockout.py)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from maillage.consultations.models import Participant
from maillage.core import limits
from maillage.core.models import LimitCounter

from .consultations.workshop import build_workshop
from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
RESET = reverse("accounts:password_reset")
JOIN = reverse("consultations:join")
ROOM = "203.0.113.9"
ELSEWHERE = "198.51.100.7"


def said(message, **values):
    """The French a page shows for an English source string (apostrophes as typed)."""
    with translation.override("fr"):
        text = translation.gettext(message)
    return escape(text % values if values else text).replace("&#x27;", "'")


def page(response):
    return response.content.decode().replace("&#x27;", "'")


# ---------------------------------------------------------------------- the counters


def test_counters_count_per_window_and_keep_no_address():
    now = datetime(2026, 3, 2, 9, 0, 30, tzinfo=UTC)
    assert limits.hit("test", "203.0.113.9", seconds=60, now=now).count == 1
    assert limits.hit("test", "203.0.113.9", seconds=60, now=now).count == 2
    assert limits.hit("test", "198.51.100.7", seconds=60, now=now).count == 1
    usage = limits.peek("test", "203.0.113.9", seconds=60, now=now)
    assert usage.count == 2 and usage.ends_at == datetime(2026, 3, 2, 9, 1, tzinfo=UTC)
    assert usage.minutes_left(now) == 1
    # The next window starts again from nothing.
    later = now + timedelta(minutes=1)
    assert limits.peek("test", "203.0.113.9", seconds=60, now=later).count == 0
    assert not any("203.0.113" in key for key in LimitCounter.objects.values_list("key", flat=True))
    # Spent counters are deleted by the periodic job.
    assert limits.prune(now=later) == 2
    assert not LimitCounter.objects.exists()


def test_an_ipv6_client_is_counted_by_its_network():
    assert limits.network("2001:db8:1:2:aaaa::1") == limits.network("2001:db8:1:2:bbbb::2")
    assert limits.network("2001:db8:1:3::1") != limits.network("2001:db8:1:2::1")
    assert limits.network("::ffff:203.0.113.9") == "203.0.113.9"
    assert limits.network("203.0.113.9") == "203.0.113.9"


def test_failed_logins_count_an_ipv6_client_by_its_network(rf):
    from axes.helpers import get_client_ip_address

    request = rf.post(LOGIN, REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    assert get_client_ip_address(request) == "2001:db8:1:2::"


# -------------------------------------------------------------------------- logins


def test_trying_a_few_passwords_on_many_accounts_from_one_address_is_stopped(client, settings):
    """Password spraying: 4 wrong passwords on each of 8 accounts never reaches the
    5 failures that lock one account, but the address's ceiling stops it."""
    settings.LOGIN_FAILURES_PER_IP = 20
    accounts = [UserFactory(email=f"personne{n}@example.org") for n in range(8)]
    answers = []
    for account in accounts:
        for _ in range(4):
            response = client.post(
                LOGIN, {"username": account.email, "password": "Printemps2026"}, REMOTE_ADDR=ROOM
            )
            answers.append(response.status_code)
    assert answers[:19] == [200] * 19
    assert answers[19:] == [429] * 13  # locked out at the 20th failure, and after
    assert "Trop de tentatives" in page(response)
    assert said(
        "Too many wrong passwords were typed from your network connection: logging in "
        "from here is paused for a while."
    ) in page(response)
    # Even the right password, for an account never tried, waits for the cool-off.
    fresh = UserFactory(email="autre@example.org")
    response = client.post(LOGIN, {"username": fresh.email, "password": PASSWORD}, REMOTE_ADDR=ROOM)
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    # Another address logs in as usual.
    response = client.post(
        LOGIN, {"username": accounts[0].email, "password": PASSWORD}, REMOTE_ADDR=ELSEWHERE
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(accounts[0].pk)


def test_a_login_does_not_clear_the_failures_of_its_address(client, settings):
    """Someone with an account of their own cannot reset the address's ceiling."""
    settings.LOGIN_FAILURES_PER_IP = 6
    own = UserFactory(email="moi@example.org")
    targets = [UserFactory(email=f"cible{n}@example.org") for n in range(3)]
    for target in targets[:2]:
        for _ in range(2):
            client.post(LOGIN, {"username": target.email, "password": "x"}, REMOTE_ADDR=ROOM)
    response = client.post(LOGIN, {"username": own.email, "password": PASSWORD}, REMOTE_ADDR=ROOM)
    assert response.status_code == 302
    client.logout()
    codes = [
        client.post(
            LOGIN, {"username": targets[2].email, "password": "x"}, REMOTE_ADDR=ROOM
        ).status_code
        for _ in range(3)
    ]
    assert codes == [200, 429, 429]


# ------------------------------------------------------------------ password reset


def test_password_reset_sends_a_few_emails_to_one_address_and_answers_the_same(client, settings):
    settings.PASSWORD_RESET_PER_ADDRESS = 2
    UserFactory(email="anna@example.org")
    answers = [
        client.post(RESET, {"email": "anna@example.org"}, REMOTE_ADDR=f"192.0.2.{n}")
        for n in range(5)
    ]
    nobody = client.post(RESET, {"email": "personne@example.org"}, REMOTE_ADDR="192.0.2.99")
    assert len(mail.outbox) == 2
    expected = (302, reverse("accounts:password_reset_done"))
    assert {(r.status_code, r["Location"]) for r in [*answers, nobody]} == {expected}


def test_password_reset_requests_from_one_address_are_limited(client, settings):
    settings.PASSWORD_RESET_PER_IP = 3
    people = [UserFactory(email=f"personne{n}@example.org") for n in range(5)]
    answers = [client.post(RESET, {"email": person.email}, REMOTE_ADDR=ROOM) for person in people]
    assert len(mail.outbox) == 3
    assert {r.status_code for r in answers} == {302}
    assert len({r["Location"] for r in answers}) == 1
    # Another address is not concerned.
    client.post(RESET, {"email": people[4].email}, REMOTE_ADDR=ELSEWHERE)
    assert len(mail.outbox) == 4 and mail.outbox[-1].to == [people[4].email]


# ---------------------------------------------------------------------- join codes


def test_wrong_join_codes_from_one_address_lock_it_for_a_while(client, world, settings):
    settings.JOIN_CODE_FAILURES_PER_IP = 3
    workshop = build_workshop(world)
    before = Participant.objects.count()
    unknown = said("No session has this code. Check it on the screen: it has 6 letters and digits.")
    for code in ("AAAAAA", "BBBBBB", "CCCCCC"):
        response = client.post(JOIN, {"code": code}, REMOTE_ADDR=ROOM)
        assert response.status_code == 200 and unknown in page(response)
    # Now even the right code is refused from this address, with the wait, and what was
    # typed is kept.
    response = client.post(
        JOIN, {"code": workshop.group.join_code, "display_name": "Lou"}, REMOTE_ADDR=ROOM
    )
    content = page(response)
    with translation.override("fr"):
        locked = translation.ngettext(
            "Too many wrong codes were typed from your network connection. Wait "
            "%(minutes)s minute, then type the code again.",
            "Too many wrong codes were typed from your network connection. Wait "
            "%(minutes)s minutes, then type the code again.",
            settings.JOIN_CODE_WINDOW_MINUTES,
        )
    assert escape(locked.split("%(minutes)s")[0]).replace("&#x27;", "'") in content
    assert f'value="{workshop.group.join_code}"' in content and 'value="Lou"' in content
    assert Participant.objects.count() == before
    # From another address the right code works.
    response = client.post(JOIN, {"code": workshop.group.join_code}, REMOTE_ADDR=ELSEWHERE)
    assert response.status_code == 302
    assert Participant.objects.count() == before + 1
