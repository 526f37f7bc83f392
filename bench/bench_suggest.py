"""Benchmark of code suggestions (maillage.synthesis.suggest) against a baseline.

Run from the repository root:  .venv/bin/python bench/bench_suggest.py

Data: ../shared/data/fr/convention-citoyenne-climat-propositions.csv (146 proposals
of the Convention citoyenne pour le climat, column ``text``, 6 families in
``family``). For each seed 0..9, a stratified 30 % of the rows is coded (train)
and the rest is to be suggested (test), as
train_test_split(train_size=0.3, stratify=labels, random_state=seed).

Baseline, run side by side on the same splits: TfidfVectorizer(analyzer="char_wb",
ngram_range=(2, 5), sublinear_tf=True) + LogisticRegression(max_iter=1000); its
"learn" is a refit from scratch. Both run with one BLAS thread, as CodeSuggester
does internally, so that timings compare the methods and not thread contention.

Figures: accuracy (mean ± sd over the seeds), calibration of the confidence
(expected calibration error over 10 bins, accuracy of the more and of the less
confident half), latency of one suggestion once warm (median and p95 over 200
calls of suggest([one_text])), fit time, and the time to learn one coded note then
suggest, on the real split and on 2,000 synthetic notes (proposals spliced
together) to show how it scales.
"""

import csv
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from maillage.synthesis.suggest import CodeSuggester  # noqa: E402

DATA = ROOT.parent / "shared/data/fr/convention-citoyenne-climat-propositions.csv"
SEEDS = range(10)
LATENCY_CALLS = 200
LEARN_STEPS = 20
LARGE = 2000


class Baseline:
    """The baseline behind the same interface as CodeSuggester."""

    C = 1.0  # scikit-learn's default

    def __init__(self, seed=0):
        self.seed = seed

    def fit(self, texts, labels):
        self.texts, self.labels = list(texts), list(labels)
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
        with threadpool_limits(limits=1, user_api="blas"):
            self.model = LogisticRegression(max_iter=1000, C=self.C).fit(
                self.vectorizer.fit_transform(self.texts), self.labels
            )
        return self

    def learn(self, text, label):
        self.fit([*self.texts, text], [*self.labels, label])

    def suggest(self, texts):
        probabilities = self.model.predict_proba(self.vectorizer.transform(texts))
        best = probabilities.argmax(axis=1)
        return [
            (str(self.model.classes_[k]), float(probabilities[i, k])) for i, k in enumerate(best)
        ]


def load():
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [row["text"] for row in rows], [row["family"] for row in rows]


def calibration(confidences, right):
    confidences, right = np.array(confidences), np.array(right, dtype=float)
    edges = np.linspace(0.0, 1.0, 11)
    error = 0.0
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = (confidences > low) & (confidences <= high)
        if inside.any():
            error += inside.mean() * abs(confidences[inside].mean() - right[inside].mean())
    order = np.argsort(-confidences, kind="stable")
    half = len(order) // 2
    return error, right[order[:half]].mean(), right[order[half:]].mean(), confidences.mean()


def timed_fit(make, seed, texts, labels):
    start = time.perf_counter()
    model = make(seed=seed).fit(texts, labels)
    return model, time.perf_counter() - start


def latency(model, texts):
    times = []
    for i in range(LATENCY_CALLS):
        text = texts[i % len(texts)]
        start = time.perf_counter()
        model.suggest([text])
        times.append(time.perf_counter() - start)
    return np.median(times), np.percentile(times, 95)


def learn_then_suggest(model, texts, labels):
    times = []
    for i in range(LEARN_STEPS):
        start = time.perf_counter()
        model.learn(texts[i], labels[i])
        model.suggest([texts[i + 1]])
        times.append(time.perf_counter() - start)
    return np.median(times), max(times)


def synthetic(texts, labels, n, seed=0):
    """n notes, each the start of one proposal and the end of another, coded as the first."""
    rng = np.random.default_rng(seed)
    words = [text.split() for text in texts]
    notes, codes = [], []
    for _ in range(n):
        i, j = rng.integers(len(texts), size=2)
        a, b = words[i], words[j]
        kept = [w for w in a[: len(a) // 2] + b[len(b) // 2 :] if rng.random() > 0.2]
        notes.append(" ".join(kept))
        codes.append(labels[i])
    return notes, codes


class StrongBaseline(Baseline):
    C = 10.0


def main():
    if not DATA.exists():
        sys.exit(f"{DATA} is missing: the benchmark needs ../shared/data beside the repository.")
    texts, labels = load()
    started = time.perf_counter()
    figures = {name: {} for name in ("ours", "baseline")}
    per_seed = []
    for name, make in (("ours", CodeSuggester), ("baseline", Baseline)):
        accuracies, confidences, right, fits = [], [], [], []
        for seed in SEEDS:
            train, test, train_labels, test_labels = train_test_split(
                texts, labels, train_size=0.3, stratify=labels, random_state=seed
            )
            model, fit_time = timed_fit(make, seed, train, train_labels)
            suggestions = model.suggest(test)
            correct = [
                label == truth for (label, _), truth in zip(suggestions, test_labels, strict=True)
            ]
            accuracies.append(float(np.mean(correct)))
            confidences += [confidence for _, confidence in suggestions]
            right += correct
            fits.append(fit_time)
            if seed == 0:
                figures[name]["latency"] = latency(model, test)
                figures[name]["learn"] = learn_then_suggest(model, test, test_labels)
        figures[name]["accuracy"] = accuracies
        figures[name]["calibration"] = calibration(confidences, right)
        figures[name]["fit"] = statistics.median(fits)
        per_seed.append(accuracies)

    large_texts, large_labels = synthetic(texts, labels, LARGE + LEARN_STEPS + 1)
    for name, make in (("ours", CodeSuggester), ("baseline", Baseline)):
        model, fit_time = timed_fit(make, 0, large_texts[:LARGE], large_labels[:LARGE])
        figures[name]["large fit"] = fit_time
        figures[name]["large learn"] = learn_then_suggest(
            model, large_texts[LARGE:], large_labels[LARGE:]
        )

    # The same baseline with weaker regularisation (C=10) is stronger here, near the
    # 0.47 quoted for this data: ours is compared with it too.
    strong = []
    for seed in SEEDS:
        train, test, train_labels, test_labels = train_test_split(
            texts, labels, train_size=0.3, stratify=labels, random_state=seed
        )
        model = StrongBaseline(seed).fit(train, train_labels)
        suggested = [label for label, _ in model.suggest(test)]
        strong.append(float(np.mean(np.array(suggested) == np.array(test_labels))))

    ours, base = figures["ours"], figures["baseline"]
    rows = []

    def accuracy_cell(values):
        return f"{np.mean(values):.4f} ± {np.std(values):.4f}"

    gain = np.mean(ours["accuracy"]) - np.mean(base["accuracy"])
    wins = sum(o > b for o, b in zip(*per_seed, strict=True))
    rows.append(
        (
            "accuracy on `family`, 10 seeds (mean ± sd)",
            accuracy_cell(ours["accuracy"]),
            accuracy_cell(base["accuracy"]),
            f"{100 * gain:+.1f} points (ours better on {wins}/10 seeds)",
        )
    )
    strong_gain = np.mean(ours["accuracy"]) - np.mean(strong)
    rows.append(
        (
            "accuracy vs the baseline with C=10",
            accuracy_cell(ours["accuracy"]),
            accuracy_cell(strong),
            f"{100 * strong_gain:+.1f} points",
        )
    )
    o, b = ours["calibration"][0], base["calibration"][0]
    rows.append(
        ("calibration error (ECE, lower is better)", f"{o:.3f}", f"{b:.3f}", f"{o - b:+.3f}")
    )
    rows.append(
        (
            "mean confidence vs accuracy",
            f"{ours['calibration'][3]:.3f} vs {np.mean(ours['accuracy']):.3f}",
            f"{base['calibration'][3]:.3f} vs {np.mean(base['accuracy']):.3f}",
            "",
        )
    )
    rows.append(
        (
            "accuracy of more / less confident half",
            f"{ours['calibration'][1]:.3f} / {ours['calibration'][2]:.3f}",
            f"{base['calibration'][1]:.3f} / {base['calibration'][2]:.3f}",
            "",
        )
    )

    def ms(seconds):
        return f"{1000 * seconds:.1f} ms"

    def ratio(o, b):
        return f"× {o / b:.2f}"

    for key, index, label in (
        ("latency", 0, "one suggestion, warm: median"),
        ("latency", 1, "one suggestion, warm: p95"),
        ("learn", 0, "learn one note + suggest (43 coded): median"),
        ("learn", 1, "learn one note + suggest (43 coded): max"),
        ("large learn", 0, f"learn one note + suggest ({LARGE} coded): median"),
        ("large learn", 1, f"learn one note + suggest ({LARGE} coded): max"),
    ):
        o, b = ours[key][index], base[key][index]
        rows.append((label, ms(o), ms(b), ratio(o, b)))
    for key, label in (
        ("fit", "fit on 43 coded notes (median)"),
        ("large fit", f"fit on {LARGE} coded notes"),
    ):
        rows.append((label, ms(ours[key]), ms(base[key]), ratio(ours[key], base[key])))

    headers = ("figure", "ours", "baseline", "difference / ratio")
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(4)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("| " + " | ".join("-" * w for w in widths) + " |")
    for row in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    print()
    print("per seed, ours:     " + " ".join(f"{a:.3f}" for a in per_seed[0]))
    print("per seed, baseline: " + " ".join(f"{a:.3f}" for a in per_seed[1]))
    print(
        f"Target: ours ≥ baseline + 5 points: {'met' if gain >= 0.05 else 'NOT MET'} "
        f"({100 * gain:+.1f}). Suggestion latency target < 50 ms (median): "
        f"{'met' if ours['latency'][0] < 0.05 else 'NOT MET'}. "
        f"Benchmark time {time.perf_counter() - started:.0f} s."
    )


if __name__ == "__main__":
    main()
