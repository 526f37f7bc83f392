"""Follow-up requests (services_after.send_follow_ups, the periodic job): made once the
café has ended, e-mailed at 1, 3 and 6 months after the café's date, once, in the
seeker's language, with their personal link; never to an erased seeker nor to one
whose 6-month outcome is known. The café was on 15 January 2026."""

from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.urls import reverse

from maillage.employment import services_after as services
from maillage.employment.models import FollowUpRequest, RecordedBy, Seeker

from .setting_after import past_cafe

pytestmark = pytest.mark.django_db


def at(day, hour=8):
    return datetime(2026, day[0], day[1], hour, 0, tzinfo=UTC)


@pytest.fixture
def made(world):
    made = past_cafe(world, recruiters=2, seekers=4)
    first = made.seekers[0]
    first.language = "en"
    first.save()
    return made


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    """E-mails are queued once the transaction commits: run those callbacks."""
    return django_capture_on_commit_callbacks


def send(now, capture):
    with capture(execute=True):
        return services.send_follow_ups(now=now)


def test_the_requests_are_made_once_the_cafe_is_over(world, made, capture):
    no_address = Seeker.objects.create(cafe=made.cafe, name="Sans adresse", email="")
    assert send(datetime(2026, 1, 15, 12, 0, tzinfo=UTC), capture) == 0
    assert not FollowUpRequest.objects.exists()  # the café is not over at 13:00 Zurich

    send(at((1, 20)), capture)

    dues = FollowUpRequest.objects.filter(seeker=made.seekers[0]).values_list("months", "due_on")
    assert [(months, str(day)) for months, day in dues] == [
        (1, "2026-02-15"),
        (3, "2026-04-15"),
        (6, "2026-07-15"),
    ]
    assert FollowUpRequest.objects.count() == 4 * 3
    assert not FollowUpRequest.objects.filter(seeker=no_address).exists()


def test_the_1_month_mail_goes_on_its_day_once(made, mailoutbox, capture):
    assert send(at((2, 14)), capture) == 0
    assert mailoutbox == []

    assert send(at((2, 15)), capture) == 4

    english = made.seekers[0]
    message = next(m for m in mailoutbox if m.to == [english.email])
    assert message.subject == (
        "Café contact emploi de Clichy-sous-Bois: where are you 1 month later?"
    )
    link = settings.SITE_URL + reverse("employment:seeker_outcome", args=[english.key])
    assert link in message.body
    assert link in message.alternatives[0][0]
    french = next(m for m in mailoutbox if m.to == [made.seekers[1].email])
    assert french.subject == (
        "Café contact emploi de Clichy-sous-Bois\u00a0: où en êtes-vous 1 mois après\u00a0?"
    )
    assert made.seekers[1].key in french.body and english.key not in french.body
    assert sorted(m.to[0] for m in mailoutbox) == sorted(s.email for s in made.seekers)

    assert send(at((2, 16)), capture) == 0  # not twice
    assert len(mailoutbox) == 4


def test_not_to_an_erased_seeker_nor_one_who_answered(made, mailoutbox, capture):
    send(at((1, 20)), capture)
    erased, answered = made.seekers[1], made.seekers[2]
    Seeker.objects.filter(pk=erased.pk).update(erased_at=at((1, 30)))
    services.record_outcome(
        seeker=answered, checkpoint=1, kind="interview", recorded_by=RecordedBy.SEEKER
    )

    assert send(at((2, 15)), capture) == 2

    assert erased.email not in [m.to[0] for m in mailoutbox]
    assert answered.email not in [m.to[0] for m in mailoutbox]


def test_the_3_month_mail_at_3_months_and_none_once_6_months_are_known(made, mailoutbox, capture):
    send(at((2, 15)), capture)
    mailoutbox.clear()
    known = made.seekers[3]
    services.record_outcome(
        seeker=known, checkpoint=6, kind="hired", contract="cdi", recorded_by=RecordedBy.SEEKER
    )
    assert send(at((4, 14)), capture) == 0

    assert send(at((4, 15)), capture) == 3

    english = next(m for m in mailoutbox if m.to == [made.seekers[0].email])
    assert english.subject == (
        "Café contact emploi de Clichy-sous-Bois: where are you 3 months later?"
    )
    assert reverse("employment:seeker_outcome", args=[made.seekers[0].key]) in english.body
    assert known.email not in [m.to[0] for m in mailoutbox]


def test_not_for_a_checkpoint_already_known_before_the_request_was_made(made, mailoutbox, capture):
    known = made.seekers[0]
    services.record_outcome(
        seeker=known, checkpoint=1, kind="training", recorded_by=RecordedBy.SEEKER
    )  # before the periodic job has made any request

    assert send(at((2, 15)), capture) == 3

    assert known.email not in [m.to[0] for m in mailoutbox]
