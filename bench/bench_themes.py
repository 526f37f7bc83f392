"""Benchmark of the themes engine: quality against a plain baseline, and scale.

Run from the repository root:

    .venv/bin/python bench/bench_themes.py [--seeds 5] [--sizes 1000,10000,30000,100000]
        [--more FILE.csv]

Quality: on the Convention citoyenne pour le climat proposals (shared data, 146
short French texts with two human classifications), the normalised mutual
information (NMI) between the themes found and the human classes, for ours and
for a baseline (scikit-learn's TfidfVectorizer() with default settings, then
KMeans(n_clusters=k, n_init=10, random_state=seed)), averaged over the same
seeds. Unassigned texts count as one more class (-1).

Held out: the method's choices (fewer neighbours for small themes, negation
scope, phrase labels) were made looking at the Convention's first three families (Se
nourrir, Se loger, Se déplacer) and at four of the nine Pol.is conversations of
the shared data; the "held-out" rows score the other three families (by family
and by objective, k = their number of classes) and the comments of the nine
Pol.is conversations pooled, each comment labelled with the conversation
(the question) it answers: topic-like labels, in English, that nothing was
tuned on as a whole.

More held out (``--more FILE``): a CSV of other open answers with the columns
``text``, ``question`` (the question each answers) and optionally ``class`` (a human
coding of the answer, empty when there is none). Two rows: the answers pooled, by the
question they answer (k = the number of questions); and, within each question of at
least MORE_LEAST coded answers, the themes of that question's answers against their
human classes (k = their number), averaged over the questions weighted by their
answers. docs/synthesis.md says which public answers were scored so.

Scale: N contributions made by resampling and perturbing those texts (dropped,
swapped and repeated words, halves of two proposals joined), grouped with
k=None (the engine chooses the number of themes), each size in a fresh Python
process; the time is that of ``find_themes`` alone, the memory is the peak
resident size of the whole process (getrusage ru_maxrss).
"""

import argparse
import csv
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's engine, whatever the installed one
DATA = ROOT.parent / "shared" / "data" / "fr" / "convention-citoyenne-climat-propositions.csv"
POLIS = ROOT.parent / "shared" / "data" / "polis"
TUNED_FAMILIES = ("Se nourrir", "Se loger", "Se déplacer")
MORE_LEAST = 40  # coded answers a question needs to be scored by class (--more)


def load():
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [row["text"] for row in rows], {
        "family": [row["family"] for row in rows],
        "objective_id": [row["objective_id"] for row in rows],
    }


def polis_comments():
    """Comments of every shared Pol.is conversation (not moderated out), and the
    conversation each answers."""
    texts, labels = [], []
    for folder in sorted(path for path in POLIS.iterdir() if path.is_dir()):
        with (folder / "comments.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["moderated"].strip() != "-1":
                    texts.append(row["comment-body"])
                    labels.append(folder.name)
    return texts, labels


def labels_of(result, n):
    labels = np.full(n, -1)
    for number, theme in enumerate(result["themes"]):
        labels[theme["members"]] = number
    return labels


def baseline_labels(texts, k, seed):
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer().fit_transform(texts)
    return KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(matrix)


def _score(texts, gold, k, seeds):
    from sklearn.metrics import normalized_mutual_info_score

    from maillage.synthesis.themes import find_themes

    ours, base, spent = [], [], []
    for seed in range(seeds):
        start = time.perf_counter()
        result = find_themes(texts, k=k, seed=seed)
        spent.append(time.perf_counter() - start)
        ours.append(normalized_mutual_info_score(gold, labels_of(result, len(texts))))
        base.append(normalized_mutual_info_score(gold, baseline_labels(texts, k, seed)))
    return ours, base, float(np.mean(spent))


def more_answers(path):
    """(texts, their questions, their human classes or "") of a --more CSV."""
    try:
        with Path(path).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise SystemExit(f"--more: cannot read {path} ({exc.strerror}).") from None
    if not rows or not {"text", "question"} <= set(rows[0]):
        raise SystemExit(f"--more: {path} needs the columns text and question.")
    return (
        [row["text"] for row in rows],
        [row["question"] for row in rows],
        [(row.get("class") or "").strip() for row in rows],
    )


def more_quality(path, seeds):
    """The --more rows: by question, and by human class within each question."""
    texts, questions, classes = more_answers(path)
    k = len(set(questions))
    rows = [(f"more: by question (k={k})", *_score(texts, questions, k, seeds))]
    weights, ours, base, spent = [], [], [], 0.0
    for question in sorted(set(questions)):
        coded = [i for i, q in enumerate(questions) if q == question and classes[i]]
        if len(coded) < MORE_LEAST:
            continue
        gold = [classes[i] for i in coded]
        scored = _score([texts[i] for i in coded], gold, len(set(gold)), seeds)
        weights.append(len(coded))
        ours.append(scored[0])
        base.append(scored[1])
        spent += scored[2]
    if weights:
        share = np.array(weights) / sum(weights)
        figure = f"more: by class, {len(weights)} questions"
        rows.append((figure, list(share @ np.array(ours)), list(share @ np.array(base)), spent))
    return rows


def quality(seeds):
    texts, gold = load()
    rows = []
    for column, k in (("family", 6), ("objective_id", 45)):
        rows.append((f"NMI {column} (k={k})", *_score(texts, gold[column], k, seeds)))
    held = [i for i, family in enumerate(gold["family"]) if family not in TUNED_FAMILIES]
    held_texts = [texts[i] for i in held]
    for column in ("family", "objective_id"):
        labels = [gold[column][i] for i in held]
        k = len(set(labels))
        figure = f"held-out {column} (k={k})"
        rows.append((figure, *_score(held_texts, labels, k, seeds)))
    if POLIS.is_dir():
        comments, conversations = polis_comments()
        k = len(set(conversations))
        figure = f"held-out Pol.is (k={k})"
        rows.append((figure, *_score(comments, conversations, k, seeds)))
    return rows


# ------------------------------------------------------------------ scale


def synthetic(texts, size, seed=0):
    """``size`` contributions resampled from ``texts`` with random perturbations."""
    rng = np.random.RandomState(seed)
    split = [text.split() for text in texts]
    made = []
    for _ in range(size):
        words = list(split[rng.randint(len(split))])
        if rng.rand() < 0.3:  # join the first half of one with the second half of another
            other = split[rng.randint(len(split))]
            words = words[: max(1, len(words) // 2)] + other[len(other) // 2 :]
        kept = []
        for word in words:
            draw = rng.rand()
            if draw < 0.1:
                continue  # dropped
            kept.append(word)
            if draw > 0.95:
                kept.append(word)  # repeated
        for _ in range(rng.randint(3)):  # swap two neighbours
            if len(kept) > 1:
                at = rng.randint(len(kept) - 1)
                kept[at], kept[at + 1] = kept[at + 1], kept[at]
        made.append(" ".join(kept))
    return made


_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from bench.bench_themes import load, synthetic
from maillage.synthesis.themes import find_themes
texts = synthetic(load()[0], {size})
start = time.perf_counter()
result = find_themes(texts, k=None, seed=0)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"elapsed": elapsed, "peak_mib": peak, "themes": len(result["themes"]),
    "unassigned": len(result["unassigned"]), "duplicate_groups": len(result["duplicates"]),
    "in_duplicates": sum(len(g) for g in result["duplicates"])}}))
"""


def scale(size):
    code = _CHILD.format(root=str(ROOT), size=size)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"scale run of {size} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000,30000,100000")
    parser.add_argument("--more", metavar="FILE", help="a CSV of other answers to score")
    args = parser.parse_args()

    print(f"Quality on {DATA.name}, mean over seeds 0..{args.seeds - 1}\n")
    header = f"{'figure':<30} | {'ours':>6} | {'baseline':>8} | {'ratio':>5}"
    print(f"{header} | per seed (ours / baseline)")
    print("-" * 100)
    rows = quality(args.seeds)
    if args.more:
        rows += more_quality(args.more, args.seeds)
    for figure, ours, base, spent in rows:
        ratio = np.mean(ours) / np.mean(base)
        seeds = " ".join(f"{o:.3f}/{b:.3f}" for o, b in zip(ours, base, strict=True))
        means = f"{np.mean(ours):6.3f} | {np.mean(base):8.3f} | {ratio:5.2f}"
        print(f"{figure:<30} | {means} | {seeds}")
        print(f"{'':<30} | ours took {spent:.2f} s per run")

    print("\nScale: synthetic contributions, k=None, one fresh process per size\n")
    print(
        f"{'texts':>7} | {'time s':>7} | {'peak MiB':>8} | {'themes':>6} | "
        f"{'unassigned':>10} | {'dup. groups':>11} | {'texts in groups':>15}"
    )
    print("-" * 84)
    for size in (int(s) for s in args.sizes.split(",")):
        row = scale(size)
        print(
            f"{size:>7} | {row['elapsed']:7.2f} | {row['peak_mib']:8.0f} | {row['themes']:>6} | "
            f"{row['unassigned']:>10} | {row['duplicate_groups']:>11} | {row['in_duplicates']:>15}",
            flush=True,
        )
    print("\nLimits: time < 60 s and peak memory < 2048 MiB at 100,000 texts.")


if __name__ == "__main__":
    main()
