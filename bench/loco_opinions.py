"""Leave-one-conversation-out choice of the opinion-group method's decisions.

Run from the repository root (part of `make bench`; a few minutes on one core):

    .venv/bin/python bench/loco_opinions.py [--cache /tmp/loco_opinions.json] [--more FOLDER]

Data: the Pol.is exports of ../shared/data/polis/ (CC BY 4.0, see ../shared/data/README.md),
read with io.read_polis (moderated statements included).

Every candidate configuration (an opinion_groups.Method: one option per decision, the grid
CANDIDATES below, the first option of each decision being Pol.is's published procedure) is
run on every conversation with seeds 0-5; its score on a conversation and seed is the
adjusted Rand index (ARI) with the groups Pol.is computed (the export's group-id), over the
participants Pol.is placed in a group, those the method leaves out counted as one more group.

For each conversation in turn (the held-out one), the configuration is chosen on the 8 others
only (RULE below), then scored on the held-out conversation: median and lowest ARI over the
6 seeds, and stability, the mean ARI between the groupings of the 6 seeds (pairs of seeds,
all participants placed by either; 1 = the same groups whatever the seed).

RULE (each decision in turn, starting from START: Pol.is's procedure made independent of the
order in which participants joined, see REQUIRED). A configuration's training score is its mean
ARI over the other conversations and 6 seeds. A change of one decision is made when it raises
the training score by more than noise, and still does with the conversation it helps most left
out (a gain carried by one conversation is no evidence that it holds on conversations never
seen); of those, the one that raises the score most, and so on until no change qualifies.
Noise: twice the standard error of the paired difference across the seeds (the seed's part),
one standard error across the conversations, whichever is larger, and at least NOISE_FLOOR. So
a departure from Pol.is is kept only where the conversations tell it apart. The same rule on
all the conversations gives the engine's default (opinion_groups.DEFAULT); the script says
whether they agree. The chosen configuration is run as the engine can run it (see runnable).

With --more FOLDER, the Pol.is exports in that folder join the shared ones, in the choice and
in the leave-one-out table alike: for example the other conversations of
github.com/compdemocracy/openData (CC BY 4.0), exported to a folder outside the repository.
The default was chosen that way, over 17 conversations (docs/synthesis.md).

The cache (a JSON file, default in /tmp) keeps every configuration's labels, so a second run
only re-does the selection. red-dwarf (pinned in the bench extra) is run once per
conversation, for the table, if it is installed.
"""

import argparse
import hashlib
import itertools
import json
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, fields, replace
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from maillage.synthesis.io import read_polis  # noqa: E402
from maillage.synthesis.opinion_groups import DEFAULT, Method, cluster  # noqa: E402
from maillage.synthesis.opinions import MIN_GROUP_SIZE, clustered_points  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from bench_opinions import agreement_targets, reddwarf_votes, run_reddwarf  # noqa: E402

DATA = ROOT.parent / "shared/data/polis"
SEEDS = range(6)
NOISE_FLOOR = 0.01  # mean ARI: smaller differences are never taken as evidence
# Each decision's options, Pol.is's first (Method's defaults).
CANDIDATES = {
    "min_votes": (7, 4, 10),
    "moderated": ("zero", "drop"),
    "dimensions": (2, 3),
    "scaled": (True, False),
    "base_clusters": (100, 1000),
    "init": ("first", "restarts"),
    "pick": ("inertia", "silhouette"),
    "k_rule": ("best", "fewer"),
    "k_cap": (True, False),
    "silhouette": ("points", "participants"),
}
MAP_FIELDS = ("min_votes", "moderated", "dimensions", "scaled")  # what the map depends on
# Required, not chosen: groups that do not depend on the order in which participants joined (a
# live wall fills group by group). Pol.is starts k-means from the first participants' places,
# for its base clusters and its groups alike; the groups start from k-means++ seedings instead,
# and participants are grouped directly up to 1,000 distinct places, base clusters (started
# from the first places) being kept where they are needed to make 20,000 participants
# tractable. The rule starts from there and decides every other choice.
REQUIRED = {"base_clusters": 1000, "init": "restarts"}
START = replace(Method(), **REQUIRED)


def configurations():
    names = list(CANDIDATES)
    for values in itertools.product(*CANDIDATES.values()):
        yield Method(**dict(zip(names, values, strict=True)))


def key(method):
    return json.dumps(asdict(method), sort_keys=True)


def labels_for(conversation, method, seed, cache):
    """Group of every participant (-1: none) for this method and seed."""
    clustered, points = cache
    labels = np.full(len(conversation.participants), -1)
    if len(clustered) >= 2 * MIN_GROUP_SIZE and points.shape[1]:
        found = cluster(points, (2, 5), seed, method)
        if found is not None:
            labels[clustered] = found
    return labels


def ari_with_polis(conversation, labels):
    index = {p: i for i, p in enumerate(conversation.participants)}
    rows = [index[p] for p in conversation.polis_groups]
    return adjusted_rand_score(list(conversation.polis_groups.values()), labels[rows])


def stability(groupings):
    """Mean ARI between the groupings of every pair of seeds, over the participants placed
    in a group by either."""
    scores = []
    for a, b in itertools.combinations(groupings, 2):
        placed = (a >= 0) | (b >= 0)
        scores.append(adjusted_rand_score(a[placed], b[placed]) if placed.sum() > 1 else 1.0)
    return statistics.mean(scores)


def run_grid(conversations, cache_path):
    """{conversation: {method key: [labels per seed]}}, from the cache when it is there."""
    digest = hashlib.sha256(
        (ROOT / "maillage/synthesis/opinion_groups.py").read_bytes()
        + (ROOT / "maillage/synthesis/opinions.py").read_bytes()
        + json.dumps(CANDIDATES).encode()
    ).hexdigest()
    if cache_path and cache_path.exists():
        stored = json.loads(cache_path.read_text())
        if stored.get("digest") == digest:
            return {
                name: {k: [np.array(x) for x in v] for k, v in runs.items()}
                for name, runs in stored["labels"].items()
            }
    results = {}
    for name, conversation in conversations.items():
        started = time.perf_counter()
        results[name] = {}
        maps = {}
        for method in configurations():
            map_key = tuple(getattr(method, f) for f in MAP_FIELDS)
            if map_key not in maps:
                maps[map_key] = clustered_points(conversation, method, seed=0)
            if method.init == "first" and method.pick != Method.pick:  # one run: no pick
                results[name][key(method)] = results[name][key(replace(method, pick=Method.pick))]
                continue
            seeds = [0] if method.init == "first" else SEEDS  # "first" draws nothing at random
            runs = [labels_for(conversation, method, s, maps[map_key]) for s in seeds]
            results[name][key(method)] = runs * (len(SEEDS) // len(runs))
        print(f"  {name}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if cache_path:
        cache_path.write_text(
            json.dumps(
                {
                    "digest": digest,
                    "labels": {
                        name: {k: [x.tolist() for x in v] for k, v in runs.items()}
                        for name, runs in results.items()
                    },
                }
            )
        )
    return results


def choose(scores, names):
    """The configuration chosen on these conversations (RULE), with its training score, and
    the best configuration of the grid with its score (for comparison only).

    ``scores`` is {method key: array conversations × seeds}, ``names`` the rows to use."""
    mean = {k: float(s[names].mean()) for k, s in scores.items()}
    current = START
    while True:
        here = key(current)
        changes = [
            replace(current, **{decision: option})
            for decision, options in CANDIDATES.items()
            if decision not in REQUIRED
            for option in options
            if option != getattr(current, decision)
        ]
        kept = [m for m in changes if holds(scores[key(m)][names], scores[here][names])]
        if not kept:
            break
        current = max(kept, key=lambda method: mean[key(method)])
    best = max(mean, key=mean.get)
    return here, mean[here], best, mean[best]


def runnable(method):
    """The chosen method as the engine can run it: with 1,000 base clusters (a way of making
    large conversations tractable, not Pol.is's 100), a silhouette counting each base
    cluster once loses planted groups on large conversations (1,500 participants in 3
    planted groups give 2 groups: tests/synthesis/test_opinions.py, and the scale target of
    bench_opinions.py), so it counts the participants of each base cluster. The shared
    conversations cannot tell the two apart (the largest has 1,487 participants)."""
    if method.base_clusters > 100 and method.silhouette == "points":
        return replace(method, silhouette="participants")
    return method


def holds(first, second):
    """Whether the first configuration beats the second by more than noise, on these
    conversations and without the one where it gains most (RULE).

    Arrays are conversations × seeds of their ARI."""
    if first.mean() - second.mean() <= noise(first, second):
        return False
    rest = np.argsort((first - second).mean(axis=1))[:-1]
    return first[rest].mean() - second[rest].mean() > noise(first[rest], second[rest])


def noise(first, second):
    """How much better a configuration must be than another to be preferred (RULE).

    Arrays are conversations × seeds of their ARI."""
    difference = first - second
    by_seed, by_conversation = difference.mean(axis=0), difference.mean(axis=1)
    seed_error = by_seed.std(ddof=1) / np.sqrt(len(by_seed)) if len(by_seed) > 1 else 0.0
    conversation_error = by_conversation.std(ddof=1) / np.sqrt(len(by_conversation))
    return max(2 * seed_error, conversation_error, NOISE_FLOOR)


def reddwarf_scores(conversations):
    try:
        import reddwarf  # noqa: F401
    except ImportError:
        return None
    figures = {}
    for name, conversation in conversations.items():
        with threadpool_limits(limits=1):
            groups = run_reddwarf(reddwarf_votes(conversation), conversation.moderated)
        labels = np.array(
            [-1 if groups.get(p) is None else groups[p] for p in conversation.participants]
        )
        figures[name] = ari_with_polis(conversation, labels)
    return figures


def targets(names, medians, theirs):
    return agreement_targets(names, medians, [theirs[name] for name in names])


def describe(method_key):
    departures = Method(**json.loads(method_key)).differences()
    method = json.loads(method_key)
    return ", ".join(f"{d}={method[d]}" for d in departures) or "Pol.is's procedure"


def table(headers, rows):
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    print("| " + " | ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("| " + " | ".join("-" * w for w in widths) + " |")
    for row in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "loco_opinions.json"
    )
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument(
        "--more",
        type=Path,
        action="append",
        default=[],
        metavar="FOLDER",
        help="a folder of more Pol.is exports, outside the repository (for example the other "
        "conversations of github.com/compdemocracy/openData), taken into the choice as the "
        "shared ones are",
    )
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"{DATA} is missing: the benchmark needs ../shared/data beside the repository.")
    started = time.perf_counter()
    sources = {}
    for root in [DATA, *args.more]:
        for folder in sorted(p for p in root.iterdir() if (p / "participants-votes.csv").exists()):
            sources.setdefault(folder.name, (root, folder))
    conversations = {name: read_polis(folder) for name, (_root, folder) in sources.items()}
    names = list(conversations)
    with threadpool_limits(limits=1):
        labels = run_grid(conversations, None if args.no_cache else args.cache)
    keys = list(labels[names[0]])
    scores = {
        k: np.array([[ari_with_polis(conversations[c], x) for x in labels[c][k]] for c in names])
        for k in keys
    }
    print(
        f"Leave-one-conversation-out over {len(names)} Pol.is conversations, "
        f"{len(keys)} configurations × seeds {SEEDS.start}-{SEEDS.stop - 1}; "
        f"ARI with Pol.is's groups (unplaced participants as one more group)."
    )
    print()
    theirs = reddwarf_scores(conversations)
    rows, held_out = [], []
    polis_key = key(Method())
    for i, name in enumerate(names):
        train = [j for j in range(len(names)) if j != i]
        chosen, score, best, best_score = choose(scores, train)
        chosen = key(runnable(Method(**json.loads(chosen))))
        runs = scores[chosen][i]
        held_out.append((np.median(runs), runs.min(), stability(labels[name][chosen])))
        polis_runs = scores[polis_key][i]
        rows.append(
            (
                name,
                describe(chosen),
                f"{score:.3f} (best {best_score:.3f})",
                f"{np.median(runs):.3f}",
                f"{runs.min():.3f}",
                f"{held_out[-1][2]:.3f}",
                f"{np.median(polis_runs):.3f}",
                "" if theirs is None else f"{theirs[name]:.3f}",
            )
        )
    medians = [h[0] for h in held_out]
    rows.append(
        (
            "**median**",
            "",
            "",
            f"{statistics.median(medians):.3f}",
            f"{statistics.median(h[1] for h in held_out):.3f}",
            f"{statistics.median(h[2] for h in held_out):.3f}",
            f"{statistics.median(np.median(scores[polis_key], axis=1)):.3f}",
            "" if theirs is None else f"{statistics.median(theirs.values()):.3f}",
        )
    )
    rows.append(
        (
            "**mean**",
            "",
            "",
            f"{statistics.mean(medians):.3f}",
            f"{statistics.mean(h[1] for h in held_out):.3f}",
            f"{statistics.mean(h[2] for h in held_out):.3f}",
            f"{statistics.mean(np.median(scores[polis_key], axis=1)):.3f}",
            "" if theirs is None else f"{statistics.mean(theirs.values()):.3f}",
        )
    )
    table(
        (
            "held out",
            "chosen on the others (departures from Pol.is), as run",
            "training ARI",
            "held-out ARI, median of 6 seeds",
            "lowest",
            "stability",
            "Pol.is procedure, median",
            "red-dwarf",
        ),
        rows,
    )
    chosen, score, best, best_score = choose(scores, list(range(len(names))))
    chosen = key(runnable(Method(**json.loads(chosen))))
    score = float(scores[chosen].mean())
    print()
    print(
        f"Chosen on all {len(names)}: {describe(chosen)} (mean ARI {score:.3f}; the best "
        f"configuration, {describe(best)}, {best_score:.3f}). The engine's default, "
        f"opinion_groups.DEFAULT ({describe(key(DEFAULT))}), is "
        f"{'the same' if chosen == key(DEFAULT) else 'NOT the same'}."
    )
    if chosen != key(DEFAULT) and not args.more:
        print(
            "The default was chosen with more public conversations than the shared ones "
            "(--more; docs/synthesis.md says which)."
        )
    print()
    print(
        f"Each decision alone, from the rule's starting point ({describe(key(START))}) "
        f"otherwise (mean ARI over the {len(names)} conversations and 6 seeds):"
    )
    for decision, options in CANDIDATES.items():
        parts = []
        for option in options:
            method = runnable(replace(START, **{decision: option}))
            parts.append(f"{option}: {scores[key(method)].mean():.3f}")
        print(f"- {decision}: " + ", ".join(parts))
    if theirs is not None:
        print()
        print("Targets (held out): " + targets(names, medians, theirs) + ".")
        for root in [DATA, *args.more] if args.more else []:
            part = [i for i, name in enumerate(names) if sources[name][0] == root]
            print(
                f"- {root}: "
                + targets([names[i] for i in part], [medians[i] for i in part], theirs)
                + "."
            )
    print(f"Time {time.perf_counter() - started:.0f} s.")
    assert {f.name for f in fields(Method)} == set(CANDIDATES)


if __name__ == "__main__":
    main()
