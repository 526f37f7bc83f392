"""Benchmark of opinion groups (maillage.synthesis.opinions) against red-dwarf.

Run from the repository root:  .venv/bin/python bench/bench_opinions.py [FOLDER]

FOLDER, a folder of other Pol.is exports (for example the other conversations of
github.com/compdemocracy/openData, exported outside the repository), replaces
../shared/data/polis/.

Data: the Pol.is exports of ../shared/data/polis/ (CC BY 4.0, see
../shared/data/README.md). Each conversation is read once with io.read_polis; both
methods then analyse the same votes, in the same run:

- ours: find_opinion_groups(conversation, seed=0);
- red-dwarf 0.4.0 (an open re-implementation of the Pol.is pipeline):
  reddwarf.implementations.polis.run_pipeline(votes=..., mod_out_statement_ids=...,
  random_state=0), fed the same votes as a list of records, plus the votes on the
  statements moderated out, which it zeroes itself as Pol.is does.

Moderated statements: read_polis leaves them out of the votes but lists them
(``moderated``, ``moderated_seen``): Pol.is still counts them (a neutral vote of
everyone, and the votes cast on them count towards the 7-vote threshold), and the
leave-one-conversation-out choice (bench/loco_opinions.py) confirms that it matters.

Figures:
- agreement with the groups Pol.is computed (the export's group-id): adjusted Rand
  index over the participants Pol.is placed in a group, in two ways: "all", where
  those a method leaves out count as one more group (-1), and "both", over the
  participants both Pol.is and the method placed in a group;
- analysis time, the median of REPEATS runs interleaved with the other method's,
  file reading excluded (both are warmed up once first), and the ratio red-dwarf /
  ours. Ours always runs on one thread (it limits BLAS to one thread and uses no
  OpenMP). red-dwarf is timed twice: as shipped (BLAS and OpenMP free to use every
  core) and limited to one thread. On a small shared machine, threads waiting for
  each other make red-dwarf several times slower as shipped; the one-thread figure
  is the fair comparison. The processor time of the one-thread runs (time.process_time)
  is given too: on a machine shared with other work, elapsed time also counts the
  waits for a processor, which fall on one run or the other by chance;
- ours with seeds 0 to 5, per conversation: the median and lowest agreement ("all"),
  and the stability of the groups, the mean ARI between the groupings of every pair of
  seeds (over the participants placed in a group by either);
- scale: a synthetic conversation of 20,000 participants × 10,000 statements with
  400,000 votes (3 planted opinion groups; each participant votes on 20 random
  statements: agree where their group agrees with probability 0.8, a pass one time
  in ten), analysed in a fresh process: time, peak memory (ru_maxrss, building the
  matrix included) and agreement with the planted groups.
"""

import itertools
import json
import os
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.metrics import adjusted_rand_score
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from maillage.synthesis.io import PolisConversation, read_polis  # noqa: E402
from maillage.synthesis.opinions import find_opinion_groups  # noqa: E402

DATA = ROOT.parent / "shared/data/polis"
REPEATS = 5
SEEDS = range(6)  # seeds of the stability columns; timing uses seed 0
SCALE = {"participants": 20_000, "statements": 10_000, "votes_each": 20, "groups": 3}


def reddwarf_votes(conversation):
    """The votes as red-dwarf's list of records, those cast on statements moderated out
    included: red-dwarf zeroes these statements itself, as Pol.is does, so that only
    whether a vote was cast on them matters (it counts towards the 7 votes); they are
    given as passes."""
    coo = conversation.seen.tocoo()
    values = np.asarray(conversation.votes.tocsr()[coo.row, coo.col]).ravel()
    records = [
        {
            "participant_id": int(conversation.participants[i]),
            "statement_id": int(conversation.statements[j]),
            "vote": int(v),
            "modified": 0,
        }
        for i, j, v in zip(coo.row.tolist(), coo.col.tolist(), values.tolist(), strict=True)
    ]
    moderated = conversation.moderated_seen.tocoo()
    records += [
        {
            "participant_id": int(conversation.participants[i]),
            "statement_id": int(conversation.moderated[j]),
            "vote": 0,
            "modified": 0,
        }
        for i, j in zip(moderated.row.tolist(), moderated.col.tolist(), strict=True)
    ]
    return records


def run_reddwarf(records, moderated):
    from reddwarf.implementations.polis import run_pipeline

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = run_pipeline(
            votes=records, mod_out_statement_ids=[int(s) for s in moderated], random_state=0
        )
    labels = result.participants_df["cluster_id"]
    return {
        str(p): (None if label is None or label != label else int(label))
        for p, label in labels.astype(object).where(labels.notna(), None).items()
    }


def agreement(polis_groups, groups):
    """(ARI with the unclustered as a group of their own, ARI over those both clustered)."""
    theirs = list(polis_groups.values())
    ours = [groups.get(p) for p in polis_groups]
    everyone = adjusted_rand_score(theirs, [-1 if g is None else g for g in ours])
    both = [i for i, g in enumerate(ours) if g is not None]
    common = adjusted_rand_score([theirs[i] for i in both], [ours[i] for i in both])
    return everyone, common


def timed(*runs):
    """Median time of each run over REPEATS rounds, the runs interleaved within a round
    so that they all meet the same load; the median processor time of each; and the
    last result of each."""
    times = [[] for _ in runs]
    processor = [[] for _ in runs]
    results = [None] * len(runs)
    for _ in range(REPEATS):
        for i, (function, args) in enumerate(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            results[i] = function(*args)
            times[i].append(time.perf_counter() - start)
            processor[i].append(time.process_time() - start_cpu)
    return results, [statistics.median(t) for t in times], [statistics.median(t) for t in processor]


def one_thread(function, *args):
    with threadpool_limits(limits=1):  # BLAS and OpenMP (scikit-learn's k-means)
        return function(*args)


def scale_run():
    """In a fresh process: build the synthetic conversation, analyse it, print JSON."""
    import resource

    rng = np.random.default_rng(0)
    n, m = SCALE["participants"], SCALE["statements"]
    each, g = SCALE["votes_each"], SCALE["groups"]
    truth = rng.integers(g, size=n)
    stance = rng.choice([-1.0, 1.0], size=(g, m))
    rows = np.repeat(np.arange(n), each)
    columns = np.concatenate([rng.choice(m, each, replace=False) for _ in range(n)])
    sides = np.where(rng.random(len(rows)) < 0.8, 1.0, -1.0) * stance[truth[rows], columns]
    values = np.where(rng.random(len(rows)) < 0.1, 0.0, sides)
    seen = sparse.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(n, m))
    votes = sparse.csr_matrix((values, (rows, columns)), shape=(n, m))
    votes.eliminate_zeros()
    conversation = PolisConversation(
        [str(i) for i in range(n)], [str(j) for j in range(m)], votes, seen, {}
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    result = find_opinion_groups(conversation, seed=0)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    labels = [result["groups"][str(i)] for i in range(n)]
    print(
        json.dumps(
            {
                "votes": int(seen.nnz),
                "seconds": elapsed,
                "peak_mib": peak,
                "before_mib": before,
                "k": result["k"],
                "ari": adjusted_rand_score(truth, [-1 if x is None else x for x in labels]),
            }
        )
    )


def table(headers, rows):
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    print("| " + " | ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("| " + " | ".join("-" * w for w in widths) + " |")
    for row in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def stability(groupings):
    """Mean ARI between the groupings (dicts participant -> group or None) of every pair
    of seeds, over the participants placed in a group by either."""
    scores = []
    for a, b in itertools.combinations(groupings, 2):
        placed = [p for p in a if a[p] is not None or b[p] is not None]
        first = [-1 if a[p] is None else a[p] for p in placed]
        second = [-1 if b[p] is None else b[p] for p in placed]
        scores.append(adjusted_rand_score(first, second) if len(placed) > 1 else 1.0)
    return statistics.mean(scores)


def agreement_targets(names, ours, theirs):
    """The issue's agreement targets on these conversations, as a sentence: median ARI
    ≥ 0.80, and never more than 0.05 below red-dwarf where red-dwarf is above 0.5."""
    median = statistics.median(ours)
    misses = [
        f"{name} ({mine:.3f} vs {other:.3f})"
        for name, mine, other in zip(names, ours, theirs, strict=True)
        if other > 0.5 and mine < other - 0.05
    ]
    return (
        f"median ARI ≥ 0.80: {median:.3f} ({'met' if median >= 0.8 else 'NOT MET'}); never "
        "more than 0.05 below red-dwarf where red-dwarf > 0.5: "
        + ("met" if not misses else "NOT MET on " + ", ".join(misses))
    )


def main():
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    if not data.is_dir():
        sys.exit(
            f"{data} is not a folder of Pol.is exports."
            if len(sys.argv) > 1
            else f"{data} is missing: the benchmark needs ../shared/data beside the repository."
        )
    started = time.perf_counter()
    folders = sorted(p for p in data.iterdir() if (p / "participants-votes.csv").exists())
    inputs = []
    for folder in folders:
        conversation = read_polis(folder)
        inputs.append((folder.name, conversation, reddwarf_votes(conversation)))

    # Warm-up, untimed: imports, thread pools, first calls.
    smallest = min(inputs, key=lambda item: len(item[2]))
    find_opinion_groups(smallest[1], seed=0)
    run_reddwarf(smallest[2], smallest[1].moderated)

    rows, figures = [], []
    for name, conversation, records in inputs:
        (ours, theirs, _), (ours_time, their_time, their_time_1), cpu = timed(
            (find_opinion_groups, (conversation, 0)),
            (run_reddwarf, (records, conversation.moderated)),
            (one_thread, (run_reddwarf, records, conversation.moderated)),
        )
        # Other seeds (untimed): where two ways of splitting are close, the seed may decide.
        groupings = [ours["groups"]] + [
            find_opinion_groups(conversation, seed)["groups"] for seed in SEEDS if seed
        ]
        by_seed = [agreement(conversation.polis_groups, g)[0] for g in groupings]
        ours_ari = (statistics.median(by_seed), min(by_seed), stability(groupings))
        theirs_ari = agreement(conversation.polis_groups, theirs)
        polis_k = len(set(conversation.polis_groups.values()))
        their_k = len({g for g in theirs.values() if g is not None})
        figures.append((ours_ari, theirs_ari, ours_time, their_time, their_time_1, cpu[0], cpu[2]))
        rows.append(
            (
                name,
                len(conversation.participants),
                len(conversation.polis_groups),
                f"{polis_k} / {ours['k']} / {their_k}",
                f"{ours_ari[0]:.3f}",
                f"{ours_ari[1]:.3f}",
                f"{ours_ari[2]:.3f}",
                f"{theirs_ari[0]:.3f}",
                f"{1000 * ours_time:.1f} ms",
                f"{1000 * their_time:.0f} ms (× {their_time / ours_time:.1f})",
                f"{1000 * their_time_1:.0f} ms (× {their_time_1 / ours_time:.1f})",
                f"{1000 * cpu[0]:.1f} / {1000 * cpu[2]:.0f} ms (× {cpu[2] / cpu[0]:.1f})",
            )
        )

    def column(i, j):
        return [f[i][j] for f in figures]

    def times(i):
        return [f[i] for f in figures]

    for label, summary in (("median", statistics.median), ("mean", statistics.mean)):
        rows.append(
            (
                f"**{label}**",
                "",
                "",
                "",
                f"{summary(column(0, 0)):.3f}",
                f"{summary(column(0, 1)):.3f}",
                f"{summary(column(0, 2)):.3f}",
                f"{summary(column(1, 0)):.3f}",
                f"{1000 * summary(times(2)):.1f} ms",
                f"{1000 * summary(times(3)):.0f} ms "
                f"(× {summary([f[3] / f[2] for f in figures]):.1f})",
                f"{1000 * summary(times(4)):.0f} ms "
                f"(× {summary([f[4] / f[2] for f in figures]):.1f})",
                f"{1000 * summary(times(5)):.1f} / {1000 * summary(times(6)):.0f} ms "
                f"(× {summary([f[6] / f[5] for f in figures]):.1f})",
            )
        )
    total = [sum(times(i)) for i in (2, 3, 4, 5, 6)]
    rows.append(
        (
            "**total**",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            f"{1000 * total[0]:.1f} ms",
            f"{1000 * total[1]:.0f} ms (× {total[1] / total[0]:.1f})",
            f"{1000 * total[2]:.0f} ms (× {total[2] / total[0]:.1f})",
            f"{1000 * total[3]:.1f} / {1000 * total[4]:.0f} ms (× {total[4] / total[3]:.1f})",
        )
    )
    print(
        "Opinion groups on the Pol.is exports: ours (seeds 0-5) beside red-dwarf (seed 0) "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)."
    )
    print()
    table(
        (
            "conversation",
            "participants",
            "grouped by Pol.is",
            "k Pol.is / ours / red-dwarf",
            "ARI ours, median of 6 seeds",
            "lowest",
            "stability",
            "ARI red-dwarf",
            "time ours",
            "red-dwarf (× ours)",
            "red-dwarf, 1 thread (× ours)",
            "processor time, 1 thread: ours / red-dwarf (×)",
        ),
        rows,
    )
    print()
    print(
        "ARI: over the participants Pol.is grouped, those a method leaves out counted as one "
        "more group. Stability: mean ARI between the groupings of the 6 seeds."
    )

    process = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--scale"],
        capture_output=True,
        text=True,
        check=True,
    )
    scale = json.loads(process.stdout.strip().splitlines()[-1])
    print()
    print(
        f"Scale, fresh process: {SCALE['participants']:,} participants × "
        f"{SCALE['statements']:,} statements, {scale['votes']:,} votes, "
        f"{SCALE['groups']} planted groups: analysed in {scale['seconds']:.2f} s, "
        f"peak memory {scale['peak_mib']:.0f} MiB ({scale['before_mib']:.0f} MiB before the "
        f"analysis), k = {scale['k']}, ARI with the planted groups {scale['ari']:.3f}."
    )
    fair = [f[4] / f[2] for f in figures]
    fair_cpu = [f[6] / f[5] for f in figures]
    # Agreement with the planted groups: 20 votes each out of 10,000 statements leave the
    # groups blurred; 0.71 before the method was chosen by leave-one-conversation-out.
    scale_met = scale["seconds"] < 10 and scale["peak_mib"] < 4096 and scale["ari"] >= 0.70
    agreed = agreement_targets([item[0] for item in inputs], column(0, 0), column(1, 0))
    print()
    print(
        f"Targets: {agreed}; ≥ 10 × faster than red-dwarf, one thread for both: "
        f"{'met' if min(fair) >= 10 else 'NOT MET'} in elapsed time (lowest × {min(fair):.1f}), "
        f"{'met' if min(fair_cpu) >= 10 else 'NOT MET'} in processor time (lowest × "
        f"{min(fair_cpu):.1f}); "
        "scale < 10 s, < 4 GiB and ARI with the planted groups ≥ 0.70: "
        f"{'met' if scale_met else 'NOT MET'}. "
        f"Benchmark time {time.perf_counter() - started:.0f} s."
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["--scale"]:
        scale_run()
    else:
        main()
