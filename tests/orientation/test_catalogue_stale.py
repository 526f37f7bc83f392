"""Offers not checked for ORIENTATION_STALE_DAYS: marked on the management pages, and
their structure's people (or, without them, its address) reminded once per period."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from maillage.core import periodic
from maillage.orientation import services_catalogue as services
from maillage.orientation.models import Offer

from .setting import build_catalogue

pytestmark = pytest.mark.django_db


def age(offers, days):
    Offer.objects.filter(pk__in=[o.pk for o in offers]).update(
        last_checked_on=date.today() - timedelta(days=days)
    )


def test_the_job_is_registered():
    assert periodic.JOBS["orientation.remind_stale_offers"] is services.remind_stale_offers


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Runs the reminder job with its e-mails sent (they leave on commit)."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.remind_stale_offers(**kwargs)

    return run


def test_the_people_of_the_structure_are_reminded_once_per_period(world, settings, sent):
    settings.ORIENTATION_STALE_DAYS = 180
    built = build_catalogue(world)
    age([built.qualife, built.pai, built.draft], 181)
    age([built.cheque], 179)
    mail.outbox.clear()
    assert sent() == 1
    [message] = mail.outbox
    assert message.to == [world.member.email]
    assert "Qualife 50+" in message.body and "PAI+" in message.body
    assert "Projet en préparation" not in message.body  # unpublished
    assert "Chèque" not in message.body  # not stale yet
    assert f"/structures/{built.hospice.pk}/" in message.body
    reminded = Offer.objects.get(pk=built.qualife.pk).reminded_at
    assert reminded is not None
    # Never twice in a period: the next ticks send nothing.
    assert sent() == 0
    assert sent(now=timezone.now() + timedelta(days=179)) == 0
    assert len(mail.outbox) == 1
    # A period later, still not checked: reminded again.
    assert services.remind_stale_offers(now=timezone.now() + timedelta(days=181)) == 1


def test_a_structure_without_people_is_reminded_at_its_address(world, settings, sent):
    settings.ORIENTATION_STALE_DAYS = 30
    built = build_catalogue(world)
    built.ofpc.email = "contact@ofpc.example"
    built.ofpc.save()
    age([built.cheque], 31)
    mail.outbox.clear()
    assert sent() == 1
    assert mail.outbox[0].to == ["contact@ofpc.example"]


def test_checking_an_offer_ends_its_staleness(world, settings):
    settings.ORIENTATION_STALE_DAYS = 30
    built = build_catalogue(world)
    age([built.qualife], 40)
    services.remind_stale_offers()
    services.mark_offer_checked(actor=world.member, offer=built.qualife)
    built.qualife.refresh_from_db()
    assert built.qualife.reminded_at is None
    assert not services.is_stale(built.qualife)
    mail.outbox.clear()
    assert services.remind_stale_offers() == 0


def test_a_never_checked_offer_counts_from_its_creation(world, settings):
    settings.ORIENTATION_STALE_DAYS = 30
    built = build_catalogue(world)
    Offer.objects.filter(pk=built.pai.pk).update(
        last_checked_on=None, created_at=timezone.now() - timedelta(days=31)
    )
    assert built.pai.pk in set(services.stale_offers().values_list("pk", flat=True))


def test_stale_offers_are_marked_on_the_structure_page(client, world, settings):
    settings.ORIENTATION_STALE_DAYS = 30
    built = build_catalogue(world)
    age([built.qualife], 31)
    client.force_login(world.member)
    url = reverse("orientation:structure", args=[world.collective.slug, built.hospice.pk])
    offers = {offer.name: offer.stale for offer in client.get(url).context["offers"]}
    assert offers["Qualife 50+"] is True and offers["PAI+"] is False
