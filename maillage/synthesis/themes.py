"""Themes in short contributions, and the same idea said twice.

``find_themes(texts, k=None, seed=0, questions=None, across_questions=False)``
groups short texts (mostly French, some German, English or Italian) into
themes; docs/synthesis.md explains the method to facilitators. When the
question each text answers is given, the steps below run within each question
(unless ``across_questions``). In short:

1. Each text becomes its content words' lemmas (``text.py``): case, accents,
   plural and conjugation no longer matter, stop words are dropped.
2. Two weighted bags describe it: its lemmas (sublinear TF-IDF) and the letter
   sequences (3 to 5 letters) inside those lemmas, so that words of one family
   ("agriculture", "agricole", "agriculteur") are close even when they never
   appear together.
3. Latent semantic analysis (a truncated SVD) at a few sizes turns these sparse
   bags into short dense vectors; each vector is then averaged with those of its
   few nearest neighbours, which helps texts of twenty words that share little
   vocabulary with any single other text. With few texts per theme, fewer
   neighbours are averaged (chosen on part of the data and checked on the
   rest: bench/bench_themes.py).
4. K-means is run several times for each size; texts that these runs keep
   putting together form a theme (consensus clustering), which is much more
   stable than any single run.
5. When k is not given, the number of themes that gives the most consistent
   consensus (the runs agree most) is chosen in a small range.
6. A theme holding opposite notes ("pas de logement" / "un logement") is split
   by polarity (``themes_polarity.py``); then each theme is described and named
   by a phrase of its notes (``themes_describe.py``).

Large inputs are handled by fitting the steps above on a fixed-size random
sample and giving every other text the theme whose centre is nearest, so time
and memory grow linearly with the number of texts.

Near-duplicates are found separately over all texts (``themes_duplicates.py``).
"""

import math
import warnings

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import threadpool_limits

from .text import Analyser, SurfaceForms
from .themes_describe import FAR, describe, name_themes
from .themes_duplicates import DUPLICATE_JACCARD, near_duplicates
from .themes_polarity import Polarity, separate

__all__ = ["DUPLICATE_JACCARD", "FAR", "find_themes"]

# General settings, not tuned to any one data set.
SAMPLE_SIZE = 3000  # texts used to fit the themes; the others are assigned to them
SELECTION_SAMPLE_SIZE = 1000  # texts used to choose k when it is not given
SELECTION_RESTARTS = 2  # k-means runs per latent space when choosing k
CHOSEN_SHARE = 0.75  # see _choose_k
LSA_SIZES = (20, 40, 60)  # dimensions of the latent spaces of the consensus
NEGATION_SCOPE = 3  # content words after a negation that it bears on (themes_polarity)
RESTARTS = 4  # k-means runs per latent space
NEIGHBOURS = 5  # neighbours averaged with each text
ADAPTIVE_NEIGHBOURS = True  # fewer neighbours when themes are small (see _smooth)
CHAR_NGRAMS = (3, 5)  # letter sequences inside lemmas
MAX_THEMES_CHOSEN = 12  # upper end of the range searched when k is not given
TEXTS_PER_THEME = 4  # ... and at least that many texts per theme on average
VERB_WEIGHT = 0.25  # weight of a French verb relative to a noun or an adjective
_CHUNK = 8192


def find_themes(texts, k=None, seed=0, questions=None, across_questions=False):
    """Group ``texts`` into themes; see the module docstring and the contract below.

    Returns ``{"themes": [{"label", "keywords", "representative", "members"}],
    "unassigned": [...], "duplicates": [[...], ...]}`` where every int is a
    0-based position in ``texts``. Every position is either the member of one
    theme or unassigned. With ``k`` given there are exactly ``k`` themes when at
    least ``k`` texts have content words (fewer otherwise), unless keeping
    opposite notes apart needs more (see ``themes_polarity``).

    ``questions``, when given, holds one label per text (the question it
    answers, any hashable value): the themes are then found within each
    question, and each theme has a ``"question"`` key. ``k`` is then the total
    number of themes, shared among the questions in proportion to their
    texts (at least one each); with ``k`` None each question gets its own
    number. ``across_questions=True`` ignores ``questions`` and pools every
    text, as without them. Labels are unique over all themes.
    """
    if questions is not None and len(questions) != len(texts):
        raise ValueError("questions must hold one label per text")
    # Small dense problems: one thread is faster than several, which fight for
    # the cores with each other and with other processes (measured).
    with threadpool_limits(limits=1):
        return _find_themes(texts, k, seed, None if across_questions else questions)


def _find_themes(texts, k, seed, questions):
    texts = ["" if text is None else str(text) for text in texts]
    corpus = _Corpus(texts)
    duplicates = near_duplicates(corpus)
    usable = np.flatnonzero(corpus.content_lengths > 0)
    themes = []
    if questions is None:
        if len(usable):
            themes = _themes_of(corpus, usable, k, seed, texts)
    else:
        order = list(dict.fromkeys(questions))
        rows = {question: [] for question in order}
        for index in usable:
            rows[questions[index]].append(index)
        groups = [(q, np.array(rows[q], dtype=int)) for q in order if rows[q]]
        shares = _shares(k, [len(found) for _q, found in groups])
        for (question, found), share in zip(groups, shares, strict=True):
            for theme in _themes_of(corpus, found, share, seed, texts):
                themes.append({**theme, "question": question})
    themes = name_themes(themes)
    placed = np.zeros(len(texts), dtype=bool)
    for theme in themes:
        placed[theme["members"]] = True
    unassigned = [int(i) for i in np.flatnonzero(~placed)]
    return {"themes": themes, "unassigned": unassigned, "duplicates": duplicates}


def _themes_of(corpus, usable, k, seed, texts):
    labels, points = _cluster(corpus, usable, k, np.random.RandomState(seed))
    labels = separate(corpus.polarity_of(), usable, labels, points, k)
    return describe(corpus, usable, labels, points, texts)


def _shares(k, sizes):
    """k themes shared in proportion to ``sizes`` (largest remainders), at least one
    each and no more than each size; None when k is None."""
    if k is None:
        return [None] * len(sizes)
    total = sum(sizes)
    exact = [k * size / total for size in sizes]
    shares = [max(1, min(size, int(value))) for value, size in zip(exact, sizes, strict=True)]
    order = sorted(range(len(sizes)), key=lambda i: (-(exact[i] - int(exact[i])), i))
    while sum(shares) < k and any(s < size for s, size in zip(shares, sizes, strict=True)):
        for i in order:
            if sum(shares) < k and shares[i] < sizes[i]:
                shares[i] += 1
    return shares


class _Corpus:
    """Texts as sparse matrices of lemma counts (content lemmas, and all lemmas)."""

    def __init__(self, texts):
        self.analyser = Analyser()
        self.surfaces = SurfaceForms()
        key_ids, all_ids, verbs = {}, {}, set()
        content_rows, content_cols = [], []
        every_rows, every_cols = [], []
        polar_rows, polar_cols = [], []
        negation_keys, self.negated = set(), np.zeros(len(texts), dtype=bool)
        scope_rows, scope_cols = [], []
        for row, text in enumerate(texts):
            tokens = self.analyser.tokens(text)
            content_keys, content_words = [], []
            scope = 0  # content words still under a negation
            for word, info in tokens:
                column = all_ids.setdefault(info.key, len(all_ids))
                every_rows.append(row)
                every_cols.append(column)
                if info.negation:
                    self.negated[row] = True
                    negation_keys.add(info.key)
                if info.polarity:
                    polar_rows.append(row)
                    polar_cols.append(column)
                if not info.stop:
                    column = key_ids.setdefault(info.key, len(key_ids))
                    content_rows.append(row)
                    content_cols.append(column)
                    content_keys.append(info.key)
                    content_words.append(word)
                    if scope and not info.negation:
                        scope_rows.append(row)
                        scope_cols.append(column)
                        scope -= 1
                    if info.verb:
                        verbs.add(column)
                if info.negation:
                    scope = NEGATION_SCOPE
            self.surfaces.add(content_keys, content_words)
        n = len(texts)
        self.keys = list(key_ids)
        self.column_of = key_ids
        # The content words a negation bears on: the few that follow it.
        self.negated_words = _matrix(scope_rows, scope_cols, (n, len(key_ids)), binary=True)
        self.negation_columns = frozenset(key_ids[key] for key in negation_keys if key in key_ids)
        self._polarity = None
        self.weights = np.ones(len(key_ids))
        self.weights[sorted(verbs)] = VERB_WEIGHT
        self.counts = _matrix(content_rows, content_cols, (n, len(key_ids)), binary=False)
        self.lemma_sets = _matrix(every_rows, every_cols, (n, len(all_ids)), binary=True)
        self.polarity = _matrix(polar_rows, polar_cols, (n, len(all_ids)), binary=True)
        self.content_lengths = np.asarray(self.counts.sum(axis=1)).ravel()
        self._char_map = None

    def polarity_of(self):
        if self._polarity is None:
            self._polarity = Polarity(self)
        return self._polarity

    def char_map(self):
        """Keys × letter sequences (counts), as in "char_wb" n-grams of each key."""
        if self._char_map is None:
            ids, rows, cols = {}, [], []
            low, high = CHAR_NGRAMS
            for row, key in enumerate(self.keys):
                padded = f" {key} "
                for size in range(low, high + 1):
                    for start in range(max(1, len(padded) - size + 1)):
                        rows.append(row)
                        cols.append(ids.setdefault(padded[start : start + size], len(ids)))
            self._char_map = _matrix(rows, cols, (len(self.keys), len(ids)), binary=False)
        return self._char_map


def _matrix(rows, cols, shape, binary):
    data = np.ones(len(rows), dtype=np.float64)
    matrix = sparse.csr_matrix((data, (rows, cols)), shape=shape)
    matrix.sum_duplicates()
    if binary:
        matrix.data[:] = 1.0
    return matrix


# ---------------------------------------------------------------- features


def _normalise_rows(matrix):
    if sparse.issparse(matrix):
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.diags(1.0 / norms) @ matrix
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def _sublinear(matrix):
    matrix = matrix.tocsr(copy=True)
    matrix.data = 1.0 + np.log(matrix.data)
    return matrix


def _idf(binary_counts, n):
    df = np.asarray((binary_counts > 0).sum(axis=0)).ravel()
    return np.where(df > 0, np.log((1.0 + n) / (1.0 + df)) + 1.0, 0.0)


class _Features:
    """TF-IDF of lemmas and of letter sequences, fitted on a sample of texts.

    A text's letter sequences are those of its lemmas, each lemma counting as
    much as in the lemma part (sublinear frequency times its weight).
    """

    def __init__(self, corpus, sample):
        self.corpus = corpus
        counts = corpus.counts[sample]
        self.word_scale = sparse.diags(_idf(counts, len(sample)) * corpus.weights)
        self.char_scale = sparse.diags(_idf(counts @ corpus.char_map(), len(sample)))
        self.weights = sparse.diags(corpus.weights)

    def transform(self, rows):
        tf = _sublinear(self.corpus.counts[rows])
        word = _normalise_rows(tf @ self.word_scale)
        chars = _normalise_rows((tf @ self.weights) @ self.corpus.char_map() @ self.char_scale)
        return sparse.hstack([word, chars], format="csr") * (1.0 / math.sqrt(2.0))


# -------------------------------------------------------------- clustering


def _kmeans(points, k, seed, n_init):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        model = KMeans(n_clusters=k, n_init=n_init, random_state=seed)
        return model.fit_predict(points)


def _lsa_sizes(n_texts, n_features):
    limit = min(n_texts - 1, n_features - 1)
    return sorted({min(size, limit) for size in LSA_SIZES if min(size, limit) >= 2})


def _smooth(points, k=None):
    """Average each point with its nearest neighbours (cosine), then renormalise.
    With many small themes (fewer texts per theme than NEIGHBOURS + 1), fewer
    neighbours, so that most of them can be of the text's own theme."""
    n = points.shape[0]
    neighbours = min(NEIGHBOURS, n - 1)
    if k and ADAPTIVE_NEIGHBOURS:
        neighbours = max(1, min(neighbours, int(round(n / k)) - 1))
    if neighbours < 1:
        return points
    similarity = points @ points.T
    np.fill_diagonal(similarity, -np.inf)
    nearest = np.argpartition(-similarity, neighbours - 1, axis=1)[:, :neighbours]
    rows = np.repeat(np.arange(n), neighbours)
    weights = np.maximum(similarity[rows, nearest.ravel()], 0.0)
    graph = sparse.csr_matrix((weights, (rows, nearest.ravel())), shape=(n, n))
    graph = (graph + graph.T) * 0.5
    degree = np.asarray(graph.sum(axis=1)).ravel()
    degree[degree == 0] = 1.0
    graph = sparse.diags(1.0 / degree) @ graph
    return _normalise_rows(points + graph @ points)


class _Space:
    """Latent spaces of a sample: the SVD of each size and the smoothed points."""

    def __init__(self, features, sample, rng, k=None):
        matrix = features.transform(sample)
        self.features = features
        self.svd, self.smoothed = None, []
        sizes = _lsa_sizes(len(sample), matrix.shape[1])
        if not sizes:  # a handful of texts: cluster the TF-IDF vectors themselves
            self.smoothed.append(_normalise_rows(matrix.toarray()))
            self.plain = self.smoothed[0]
            return
        # Truncated SVDs are nested: the first d components of the largest one
        # are the SVD of size d, so one decomposition gives every space.
        self.svd = TruncatedSVD(n_components=sizes[-1], random_state=rng.randint(2**31 - 1))
        with warnings.catch_warnings():  # texts that all say the same: no variance
            warnings.simplefilter("ignore", RuntimeWarning)
            points = self.svd.fit_transform(matrix)
        for size in sizes:
            self.smoothed.append(_smooth(_normalise_rows(points[:, :size]), k))
        self.plain = _normalise_rows(points)

    def project(self, rows):
        """Unsmoothed points of the largest latent space, for any texts."""
        if self.svd is None:
            return _normalise_rows(self.features.transform(rows).toarray())
        parts = []
        for start in range(0, len(rows), _CHUNK):
            chunk = self.features.transform(rows[start : start + _CHUNK])
            parts.append(_normalise_rows(self.svd.transform(chunk)))
        return np.vstack(parts)


def _consensus(space, k, rng, restarts=RESTARTS):
    """Labels agreed by k-means runs over every latent space, and a consistency score."""
    runs = []
    for points in space.smoothed:
        for _ in range(restarts):
            runs.append(_kmeans(points, k, rng.randint(2**31 - 1), n_init=1))
    n = len(runs[0])
    membership = np.zeros((n, k * len(runs)), dtype=np.float32)
    for number, labels in enumerate(runs):
        membership[np.arange(n), number * k + labels] = 1.0
    labels = _kmeans(membership, k, rng.randint(2**31 - 1), n_init=10)
    # For each theme, the share of runs that keep its texts together, averaged
    # over texts.
    sizes = np.bincount(labels, minlength=k)
    agreement = np.zeros(k)
    for theme in np.flatnonzero(sizes):
        block = membership[labels == theme]
        agreement[theme] = block.mean(axis=0).reshape(len(runs), k).max(axis=1).mean()
    return labels, float(np.dot(agreement, sizes) / n)


def _choose_k(corpus, usable, rng):
    """The number of themes, when it is not given.

    For each k in the range, the consistency of the consensus (how often the
    k-means runs agree with it) is compared with the same on shuffled points,
    where there is no structure to find. On short texts that excess keeps
    growing with k (ever finer themes, down to the same idea said twice), so
    no maximum can be used: the smallest k reaching ``CHOSEN_SHARE`` of the
    best excess in the range is taken (the knee of the curve), so that the
    themes stay few and broad.
    """
    high = min(MAX_THEMES_CHOSEN, len(usable) // TEXTS_PER_THEME)
    if high < 2:
        return 1
    sample = _sample(usable, SELECTION_SAMPLE_SIZE, rng)
    space = _Space(_Features(corpus, sample), sample, rng)
    null = _NullSpace(space, rng)
    excess = {}
    for k in range(2, high + 1):
        consistency = _consensus(space, k, rng, restarts=SELECTION_RESTARTS)[1]
        expected = _consensus(null, k, rng, restarts=SELECTION_RESTARTS)[1]
        excess[k] = consistency - expected
    best = max(excess.values())
    return min(k for k, value in excess.items() if value >= CHOSEN_SHARE * best)


class _NullSpace:
    def __init__(self, space, rng):
        self.smoothed = []
        for points in space.smoothed:
            shuffled = points.copy()
            for column in range(shuffled.shape[1]):
                rng.shuffle(shuffled[:, column])
            self.smoothed.append(_normalise_rows(shuffled))


def _sample(usable, size, rng):
    if len(usable) <= size:
        return usable
    return np.sort(rng.choice(usable, size=size, replace=False))


def _cluster(corpus, usable, k, rng):
    """Labels (0..k-1) for the usable texts, and the space used to describe them."""
    n = len(usable)
    if k is None:
        k = _choose_k(corpus, usable, rng)
    k = max(1, min(int(k), n))
    sample = _sample(usable, SAMPLE_SIZE, rng)
    features = _Features(corpus, sample)
    space = _Space(features, sample, rng, k)
    if k == 1:
        labels = np.zeros(n, dtype=int)
    elif k == n:
        labels = np.arange(n)
    else:
        sample_labels, _ = _consensus(space, k, rng)
        if len(sample) == n:
            labels = sample_labels
        else:
            centres = _centres(space.plain, sample_labels, k)
            labels = np.empty(n, dtype=int)
            for start in range(0, n, _CHUNK):
                rows = usable[start : start + _CHUNK]
                points = space.project(rows)
                labels[start : start + _CHUNK] = np.argmax(points @ centres.T, axis=1)
            position = np.searchsorted(usable, sample)
            labels[position] = sample_labels
    points = space.plain if len(sample) == n else space.project(usable)
    labels = _ensure_k(labels, points, k)
    return labels, points


def _centres(points, labels, k):
    centres = np.zeros((k, points.shape[1]))
    np.add.at(centres, labels, points)
    return _normalise_rows(centres)


def _ensure_k(labels, points, k):
    """Exactly k non-empty themes: split off the farthest texts of the largest ones."""
    labels = _relabel(labels)
    while labels.max() + 1 < k:
        sizes = np.bincount(labels)
        largest = int(np.argmax(sizes))
        members = np.flatnonzero(labels == largest)
        centre = _centres(points[members], np.zeros(len(members), dtype=int), 1)[0]
        similarity = points[members] @ centre
        labels[members[int(np.argmin(similarity))]] = labels.max() + 1
    return labels


def _relabel(labels):
    _values, first = np.unique(labels, return_index=True)
    order = np.argsort(first)
    mapping = np.empty(labels.max() + 1, dtype=int)
    mapping[_values[order]] = np.arange(len(order))
    return mapping[labels]
