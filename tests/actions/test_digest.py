"""The weekly digest: one e-mail per person with open actions, once a week, on Monday."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from maillage.actions.models import ActionStatus, DigestSent
from maillage.actions.services import send_digests
from maillage.actions.tasks import send_weekly_digests
from maillage.collectives.models import Membership
from maillage.collectives.services import end_membership

from ..factories import MembershipFactory, make_action
from ..meetings.setting import build_meeting

pytestmark = pytest.mark.django_db

SITE = "https://maillage.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def monday():
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


def make(world, title, owner, due, **fields):
    return make_action(
        collective=fields.pop("collective", world.collective),
        title=title,
        owners=[owner],
        due_date=due,
        created_by=world.coordinator,
        **fields,
    )


def to(person):
    return [message for message in mail.outbox if message.to == [person.email]]


def html_of(message):
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return html


def test_each_owner_gets_one_email_with_their_open_actions(
    world, monday, django_capture_on_commit_callbacks
):
    world.member.language = "en"
    world.member.save()
    setting = build_meeting(world)  # its action is the member's, due in 30 days: not yet
    late = make(world, "Envoyer le compte rendu", world.member, monday - timedelta(days=3))
    soon = make(
        world,
        "Réserver la salle",
        world.member,
        monday + timedelta(days=5),
        meeting=setting.meeting,
    )
    undated = make(world, "Trouver une date", world.member, None)
    done = make(
        world, "Déjà faite", world.member, monday - timedelta(days=9), status=ActionStatus.DONE
    )
    dropped = make(
        world, "Abandonnée", world.member, monday + timedelta(days=1), status=ActionStatus.DROPPED
    )
    make(world, "Celle de l'animatrice", world.facilitator, monday + timedelta(days=2))
    make(world, "Autre collectif", world.outsider, monday, collective=world.other)

    with django_capture_on_commit_callbacks(execute=True):
        sent = send_digests(today=monday)

    assert sent == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.member.email, world.facilitator.email, world.outsider.email]
    )
    assert to(world.observer) == []
    (message,) = to(world.member)
    assert message.subject == "Your actions for the week (1 overdue)"
    body = message.body
    for action in (late, soon, undated):
        assert action.title in body
        assert f"{SITE}{action.get_absolute_url()}" in body
    for action in (done, dropped, setting.action):
        assert action.title not in body
    # Overdue first, then what is coming.
    assert body.index("OVERDUE") < body.index(late.title) < body.index("COMING UP")
    assert body.index("COMING UP") < body.index(soon.title)
    assert world.collective.name in body
    assert f"From the meeting “{setting.meeting.title}”" in body
    assert f"{SITE}{reverse('actions:mine')}" in body
    html = html_of(message)
    assert f'href="{SITE}{late.get_absolute_url()}"' in html
    assert html.index("Overdue") < html.index(late.title) < html.index(soon.title)
    assert "Celle de l&#x27;animatrice" not in html


def test_running_twice_in_a_week_sends_nothing_more(
    world, monday, django_capture_on_commit_callbacks
):
    make(world, "Préparer le budget", world.member, monday + timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests(today=monday) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests(today=monday) == 0
        assert send_digests(today=monday + timedelta(days=2)) == 0  # same ISO week
    assert len(mail.outbox) == 1
    assert DigestSent.objects.filter(user=world.member).count() == 1
    # The next Monday, a new one.
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests(today=monday + timedelta(days=7)) == 1
    assert len(mail.outbox) == 2


def test_nothing_for_a_collective_the_person_left(
    world, monday, django_capture_on_commit_callbacks
):
    MembershipFactory(collective=world.other, user=world.observer)
    kept = make(world, "Dans l'autre collectif", world.observer, monday, collective=world.other)
    gone = make(world, "Dans le collectif quitté", world.observer, monday)
    alone = make(world, "Seule action", world.member, monday)
    for person in (world.observer, world.member):
        membership = Membership.objects.get(user=person, collective=world.collective)
        end_membership(actor=world.coordinator, membership=membership)

    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests(today=monday) == 1

    (message,) = mail.outbox
    assert message.to == [world.observer.email]
    assert kept.title in message.body and gone.title not in message.body
    assert to(world.member) == [] and alone.title not in message.body
    assert not DigestSent.objects.filter(user=world.member).exists()


def test_nothing_when_all_is_done_dropped_or_far_off(
    world, monday, django_capture_on_commit_callbacks
):
    make(world, "Faite", world.member, monday, status=ActionStatus.DONE)
    make(world, "Abandonnée", world.member, monday, status=ActionStatus.DROPPED)
    make(world, "Dans deux mois", world.member, monday + timedelta(days=60))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests(today=monday) == 0
    assert mail.outbox == []


def test_the_subject_without_anything_overdue_is_in_the_persons_language(
    world, monday, django_capture_on_commit_callbacks
):
    world.member.language = "en"
    world.member.save()
    make(world, "Préparer le budget", world.member, monday + timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        send_digests(today=monday)
    (message,) = mail.outbox
    assert message.subject == "Your actions for the week"
    assert f"Hello {world.member.display_name}," in message.body
    assert "OVERDUE" not in message.body


def test_the_weekly_job_runs_on_monday_from_seven(
    world, monday, django_capture_on_commit_callbacks
):
    make(world, "Préparer le budget", world.member, monday + timedelta(days=3))

    def at(day, hour, minute=0):
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    with django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digests(now=at(monday + timedelta(days=1), 8)) == 0  # Tuesday
        assert send_weekly_digests(now=at(monday, 6, 59)) == 0
    assert mail.outbox == []
    assert not DigestSent.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digests(now=at(monday, 7)) == 1
        assert send_weekly_digests(now=at(monday, 7, 10)) == 0  # the next tick
    assert len(mail.outbox) == 1
