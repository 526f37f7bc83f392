"""bench/bench_orientation.py's catalogue and its evaluation: the generated offers are
valid rules with varied criteria, and the evaluation that keeps the rules between two
people gives what reading every offer gives, also after the catalogue changes."""

import datetime as dt
import random

import pytest

from bench import bench_orientation
from bench.bench_orientation import (
    build_catalogue,
    evaluate_catalogue_directly,
    evaluate_catalogue_uncached,
    person,
)
from maillage.demo.orientation import catalogue_data
from maillage.eligibility import Rule
from maillage.eligibility.facts import vocabulary
from maillage.orientation.models import Offer

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _forget_kept_rules():
    """Rules are kept by collective id, which a database rolled back may give again."""
    bench_orientation._RULES.clear()


def outcomes(results):
    return {uuid: result.outcome for uuid, result in results}


def test_the_generated_catalogue_varies_the_demos_offers():
    collective = build_catalogue(60, 7, slug="bench-test")

    offers = Offer.objects.filter(structure__collective=collective)
    assert offers.count() == 60
    for offer in offers:
        assert isinstance(offer.rule(), Rule)
    templates = [spec["criteria"] for spec in catalogue_data()["offers"]]
    varied = [offer.criteria for offer in offers if offer.criteria not in templates]
    assert len(varied) > 20


def test_keeping_the_rules_gives_what_reading_every_offer_gives():
    collective = build_catalogue(40, 3, slug="bench-test")
    rng = random.Random(5)

    for _ in range(10):
        facts = person(rng, vocabulary())
        kept = outcomes(evaluate_catalogue_directly(collective, facts, TODAY))
        assert kept == outcomes(evaluate_catalogue_uncached(collective, facts, TODAY))
        assert len(kept) == 40


def test_the_kept_rules_follow_the_catalogues_changes():
    collective = build_catalogue(12, 3, slug="bench-test")
    facts = {"age": 40}
    before = outcomes(evaluate_catalogue_directly(collective, facts, TODAY))
    offer = Offer.objects.filter(structure__collective=collective).first()

    offer.criteria = [{"id": "age", "when": {"fact": "age", "op": "lt", "value": 30}}]
    offer.save()
    after = outcomes(evaluate_catalogue_directly(collective, facts, TODAY))
    assert after[offer.uuid] == "refused"
    assert {k: v for k, v in after.items() if k != offer.uuid} == {
        k: v for k, v in before.items() if k != offer.uuid
    }

    Offer.objects.filter(pk=offer.pk).update(published=False)
    assert offer.uuid not in outcomes(evaluate_catalogue_directly(collective, facts, TODAY))
