"""Benchmark of the orientation catalogue's eligibility: one person's facts over a
catalogue of 2,000 offers.

Run from the repository root:
    .venv/bin/python bench/bench_orientation.py [--evaluations 300] [--offers 2000]

The stack of `make demo` on the embedded SQLite database in a temporary folder
(bench/server.py: migrated as `make demo` does), in the process of `manage.py shell`
(no HTTP: what is measured is the evaluation a results page makes).

- "large": a collective whose catalogue holds ``--offers`` published offers (2,000)
  of 40 structures, generated from the demo's Geneva offers
  (maillage/demo/orientation_offers.yaml) with varied criteria: thresholds moved,
  another canton, a criterion left to the service, an extra criterion, two criteria
  joined by "any";
- "baseline": the same, 100 times smaller (20 offers), side by side in the same run.

Measured: ``--evaluations`` evaluations (at least 200), each for a different generated
person (every fact of the vocabulary, some unknown), of the whole catalogue by
``evaluate_catalogue`` — ``maillage.orientation.matching.match(collective, facts,
today)`` once the questionnaire part has it, else each published offer's
``Offer.rule()`` through ``maillage.eligibility.evaluate`` (offers read from the
database only when the catalogue changed). p50, p95 and p99 beside the baseline's;
target p99 < 50 ms for 2,000 offers (wall-clock time; the process's CPU time is printed
beside it, as the machine may be shared). For comparison, the same evaluation reading every
offer and building its rule each time (fewer people: it is slow); and (a) again after
``gc.freeze()``: the tail of (a) is mostly Python's full garbage collections, which
walk every object of the process (Django's included), not the evaluation itself.
"""

import argparse
import copy
import json
import math
import os
import random
import sys
import time

TARGET_P99_MS = 50
LARGE_OFFERS = 2000
BASELINE_RATIO = 100
STRUCTURES = 40
SEED = 18
UNCACHED_PEOPLE = 50


# ------------------------------------------------------------ the generated catalogue


def vary_criteria(criteria, rng, vocabulary):
    """A copy of an offer's criteria with varied thresholds and a few changes of shape:
    each stays a criterion the eligibility package reads."""
    varied = []
    for criterion in copy.deepcopy(criteria):
        when = criterion["when"]
        if isinstance(when.get("value"), int) and not isinstance(when["value"], bool):
            when["value"] = max(0, when["value"] + rng.randint(-3, 3))
        elif when.get("op") == "between":
            low, high = when["value"]
            shift = rng.randint(-3, 3)
            low = None if low is None else max(0, low + shift)
            high = None if high is None else max(low or 0, high + shift)
            when["value"] = [low, high]
        elif when.get("fact") == "residence" and when.get("op") == "eq":
            when["value"] = rng.choice(["GE", "GE", "CH", "FR"])
        if rng.random() < 0.1:
            criterion["check"] = "service" if criterion.get("check") == "tool" else "tool"
        varied.append(criterion)
    if rng.random() < 0.3:
        fact = rng.choice(sorted(vocabulary))
        kind = vocabulary[fact].type
        if kind == "boolean":
            when = {"fact": fact, "op": rng.choice(["is_true", "is_false"])}
        elif kind == "integer":
            when = {"fact": fact, "op": "ge", "value": rng.randint(0, 40)}
        else:
            options = [option["value"] for option in vocabulary[fact].options]
            when = {"fact": fact, "op": "in", "value": rng.sample(options, 2)}
        varied.append({"id": f"extra-{fact}", "label": {"fr": fact}, "when": when, "check": "tool"})
    if len(varied) >= 2 and rng.random() < 0.15:
        first, second = varied[:2]
        varied[:2] = [
            {
                "id": "either",
                "label": {"fr": "L'un ou l'autre"},
                "when": {"any": [first["when"], second["when"]]},
                "check": "tool",
            }
        ]
    return varied


def build_catalogue(n_offers, seed, *, slug):
    """A public collective with ``n_offers`` published offers of STRUCTURES structures,
    generated from the demo's offers, written with bulk inserts. Returns the collective."""
    from django.db import transaction

    from maillage.collectives.models import Collective, Visibility
    from maillage.demo.orientation import catalogue_data, offer_fields
    from maillage.eligibility.facts import vocabulary
    from maillage.orientation.models import Offer, Structure

    rng = random.Random(seed)
    templates = catalogue_data()["offers"]
    facts = vocabulary()
    with transaction.atomic():
        collective = Collective.objects.create(
            name=f"Bench {slug}",
            short_name=slug,
            slug=slug,
            territory="Genève",
            region="GE",
            visibility=Visibility.PUBLIC,
        )
        structures = Structure.objects.bulk_create(
            Structure(collective=collective, name=f"Structure {i:02d}", source_id=f"bench:{i}")
            for i in range(min(STRUCTURES, n_offers))
        )
        offers = []
        for i in range(n_offers):
            template = templates[i % len(templates)]
            fields = offer_fields(template)
            fields["name"] = f"{template['name']} ({i})"
            fields["criteria"] = vary_criteria(template["criteria"], rng, facts)
            offers.append(
                Offer(structure=structures[i % len(structures)], source_id=f"bench:{i}", **fields)
            )
        Offer.objects.bulk_create(offers, batch_size=500)
    return collective


def person(rng, vocabulary):
    """One generated person's facts: every fact of the vocabulary, a fifth unknown."""
    facts = {}
    for name, fact in vocabulary.items():
        if rng.random() < 0.2:
            continue
        if fact.type == "boolean":
            facts[name] = rng.random() < 0.5
        elif fact.type == "integer":
            facts[name] = rng.randint(fact.min or 0, min(fact.max or 99, 99))
        else:
            facts[name] = rng.choice([option["value"] for option in fact.options])
    return facts


# ---------------------------------------------------------------- the evaluation


def evaluate_catalogue_uncached(collective, facts, today):
    """Each published offer of the collective with its eligibility result, every offer
    read from the database and its rule built each time."""
    from maillage.eligibility import evaluate
    from maillage.orientation.models import Offer

    offers = Offer.objects.filter(structure__collective=collective, published=True)
    return [(offer.uuid, evaluate(offer.rule(), facts, today)) for offer in offers]


_RULES = {}


def evaluate_catalogue_directly(collective, facts, today):
    """Each published offer's uuid with its eligibility result: what
    ``maillage.orientation.matching.match`` is to do, until it exists. The offers' rules
    are built once per state of the catalogue (its number of published offers and its
    latest change, one small query) and kept in the process; a page then reads only the
    offers it shows."""
    from django.db.models import Count, Max

    from maillage.eligibility import Rule, evaluate
    from maillage.orientation.models import Offer

    published = Offer.objects.filter(structure__collective=collective, published=True)
    state = published.aggregate(count=Count("pk"), changed=Max("updated_at"), last=Max("pk"))
    key = (collective.pk, state["count"], state["changed"], state["last"])
    if _RULES.get(collective.pk, (None,))[0] != key:
        rules = [
            (uuid, Rule.from_dict({"id": str(uuid), "criteria": criteria or []}))
            for uuid, criteria in published.values_list("uuid", "criteria")
        ]
        _RULES[collective.pk] = (key, rules)
    return [(uuid, evaluate(rule, facts, today)) for uuid, rule in _RULES[collective.pk][1]]


def evaluate_catalogue():
    """The function measured against the target, and its name: the questionnaire
    part's ``maillage.orientation.matching.match`` when it exists, else the direct one.
    The lead switches here."""
    try:
        from maillage.orientation.matching import match
    except ImportError:
        return evaluate_catalogue_directly, "rules built once per catalogue state + evaluate"
    return match, "maillage.orientation.matching.match"


def measure(function, collective, people, today):
    function(collective, people[0], today)  # warm-up
    times, cpu = [], []
    outcomes = {}
    for facts in people:
        began, began_cpu = time.perf_counter(), time.process_time()
        results = function(collective, facts, today)
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
        for _offer, result in results:
            outcome = getattr(result, "outcome", None) or str(result)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return times, cpu, outcomes


def run_in_server(n_offers, evaluations):
    """In `manage.py shell`: build both catalogues and measure; print one JSON line."""
    from django.utils import timezone

    from maillage.eligibility.facts import vocabulary

    today = timezone.localdate()
    began = time.monotonic()
    sizes = {"large": n_offers, "baseline": max(1, n_offers // BASELINE_RATIO)}
    collectives = {
        name: build_catalogue(size, SEED, slug=f"bench-orientation-{name}")
        for name, size in sizes.items()
    }
    built_s = time.monotonic() - began
    rng = random.Random(SEED)
    people = [person(rng, vocabulary()) for _ in range(evaluations)]
    target, label = evaluate_catalogue()
    out = {"sizes": sizes, "built_s": built_s, "function": label, "measured": {}}
    # Side by side: baseline and large in turns, so that both see the same machine. The
    # uncached comparison is slow: fewer people, once.
    both = ("baseline", "large", "baseline", "large")
    for key, function, group, rounds in (
        ("target", target, people, both),
        ("uncached", evaluate_catalogue_uncached, people[:UNCACHED_PEOPLE], ("baseline", "large")),
        ("frozen", target, people, both),
    ):
        if key == "frozen":
            # As a server process runs: wsgi.py settles it once started (the objects alive
            # after start-up set aside from the garbage collector's full passes).
            from maillage.core.startup import settle

            settle()
        measured = out["measured"][key] = {}
        for name in rounds:
            times, cpu, outcomes = measure(function, collectives[name], group, today)
            figures_of = measured.setdefault(name, {"times": [], "cpu": [], "outcomes": outcomes})
            figures_of["times"] += times
            figures_of["cpu"] += cpu
    print(json.dumps(out))


# -------------------------------------------------------------------- the report


def quantile(values, q):
    if not values:
        return math.nan
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def figures(values, scale=1000):
    return tuple(scale * quantile(values, q) for q in (0.5, 0.95, 0.99))


def print_table(title, large, baseline, sizes):
    print(title)
    print()
    print("| catalogue | offers | evaluations | p50 | p95 | p99 |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, values in (("large", large), ("baseline", baseline)):
        p50, p95, p99 = figures(values)
        print(
            f"| {name} | {sizes[name]:,} | {len(values)} | {p50:.1f} ms | {p95:.1f} ms "
            f"| {p99:.1f} ms |"
        )
    ratio = figures(large)[2] / figures(baseline)[2] if baseline else math.nan
    print()
    print(f"p99 large / baseline: ×{ratio:.1f}.")
    print()


def main():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from server import Site

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaluations", type=int, default=300, help="people, at least 200")
    parser.add_argument("--offers", type=int, default=LARGE_OFFERS)
    args = parser.parse_args()
    evaluations = max(200, args.evaluations)
    with Site() as site:
        code = (
            "from bench.bench_orientation import run_in_server; "
            f"run_in_server({args.offers}, {evaluations})"
        )
        out = json.loads(site.manage(code))
    sizes = out["sizes"]
    print(
        f"Orientation catalogue on SQLite, in one process; {sizes['large']:,} offers and "
        f"{sizes['baseline']:,} built in {out['built_s']:.1f} s; evaluated by "
        f"{out['function']} (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} "
        "cores)."
    )
    print()
    target, uncached = out["measured"]["target"], out["measured"]["uncached"]
    print_table(
        f"(a) One person's facts over the whole catalogue ({out['function']}), "
        f"{evaluations} people, twice",
        target["large"]["times"],
        target["baseline"]["times"],
        sizes,
    )
    counted = ", ".join(f"{k} {v:,}" for k, v in sorted(target["large"]["outcomes"].items()))
    print(f"Outcomes over the large catalogue, one round: {counted}.")
    print()
    print_table(
        "(a') The same, in CPU time of the process (what the machine's other work does "
        "not lengthen)",
        target["large"]["cpu"],
        target["baseline"]["cpu"],
        sizes,
    )
    print_table(
        f"(b) For comparison, every offer read and its rule built at each evaluation, "
        f"{UNCACHED_PEOPLE} people, once",
        uncached["large"]["times"],
        uncached["baseline"]["times"],
        sizes,
    )
    frozen = out["measured"]["frozen"]
    print_table(
        "(c) As (a), in a process settled as wsgi.py settles the server's "
        "(maillage/core/startup.py: start-up's objects out of the garbage collector's "
        "full passes, gc.freeze()) — what a request of the server costs",
        frozen["large"]["times"],
        frozen["baseline"]["times"],
        sizes,
    )
    p99_cpu = figures(frozen["large"]["cpu"])[2]
    print(f"(c) in CPU time: p99 {p99_cpu:.1f} ms.")
    print()
    p99 = figures(frozen["large"]["times"])[2]
    verdict = "met" if p99 < TARGET_P99_MS else "NOT met"
    print(
        f"Target: evaluation p99 < {TARGET_P99_MS} ms with {sizes['large']:,} offers, as "
        f"the server runs (c): {p99:.1f} ms: {verdict}."
    )
    return 0 if p99 < TARGET_P99_MS else 1


if __name__ == "__main__":
    sys.exit(main())
