"""Themes in short contributions, and the same idea said twice.

``find_themes(texts, k=None, seed=0)`` groups short texts (mostly French, some
German, English or Italian) into themes; docs/synthesis.md explains the
method to facilitators. In short:

1. Each text becomes its content words' lemmas (``text.py``): case, accents,
   plural and conjugation no longer matter, stop words are dropped.
2. Two weighted bags describe it: its lemmas (sublinear TF-IDF) and the letter
   sequences (3 to 5 letters) inside those lemmas, so that words of one family
   ("agriculture", "agricole", "agriculteur") are close even when they never
   appear together.
3. Latent semantic analysis (a truncated SVD) at a few sizes turns these sparse
   bags into short dense vectors; each vector is then averaged with those of its
   few nearest neighbours, which helps texts of twenty words that share little
   vocabulary with any single other text.
4. K-means is run several times for each size; texts that these runs keep
   putting together form a theme (consensus clustering), which is much more
   stable than any single run.
5. When k is not given, the number of themes that gives the most consistent
   consensus (the runs agree most) is chosen in a small range.

Large inputs are handled by fitting the steps above on a fixed-size random
sample and giving every other text the theme whose centre is nearest, so time
and memory grow linearly with the number of texts.

Near-duplicates are found separately over all texts, with MinHash signatures
and locality-sensitive hashing on the sets of lemmas, then checked exactly
(Jaccard similarity of the two sets), so no pair of texts is compared unless
they are likely to be near-duplicates.
"""

import math
import warnings
from collections import Counter, defaultdict

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import threadpool_limits

from .text import Analyser, SurfaceForms

# General settings, not tuned to any one data set.
SAMPLE_SIZE = 3000  # texts used to fit the themes; the others are assigned to them
SELECTION_SAMPLE_SIZE = 1000  # texts used to choose k when it is not given
SELECTION_RESTARTS = 2  # k-means runs per latent space when choosing k
CHOSEN_SHARE = 0.75  # see _choose_k
LSA_SIZES = (20, 40, 60)  # dimensions of the latent spaces of the consensus
RESTARTS = 4  # k-means runs per latent space
NEIGHBOURS = 5  # neighbours averaged with each text
CHAR_NGRAMS = (3, 5)  # letter sequences inside lemmas
MAX_THEMES_CHOSEN = 12  # upper end of the range searched when k is not given
TEXTS_PER_THEME = 4  # ... and at least that many texts per theme on average
VERB_WEIGHT = 0.25  # weight of a French verb relative to a noun or an adjective
FAR = 0.05  # below this similarity to its theme's centre a text is "far from every theme"
DUPLICATE_JACCARD = 0.7  # share of distinct lemmas two near-duplicates have in common
_HASHES, _BANDS = 72, 24  # MinHash signature length and LSH bands (3 rows each)
_CHUNK = 8192


def find_themes(texts, k=None, seed=0):
    """Group ``texts`` into themes; see the module docstring and the contract below.

    Returns ``{"themes": [{"label", "keywords", "representative", "members"}],
    "unassigned": [...], "duplicates": [[...], ...]}`` where every int is a
    0-based position in ``texts``. Every position is either the member of one
    theme or unassigned. With ``k`` given there are exactly ``k`` themes when at
    least ``k`` texts have content words (fewer otherwise).
    """
    # Small dense problems: one thread is faster than several, which fight for
    # the cores with each other and with other processes (measured).
    with threadpool_limits(limits=1):
        return _find_themes(texts, k, seed)


def _find_themes(texts, k, seed):
    texts = ["" if text is None else str(text) for text in texts]
    corpus = _Corpus(texts)
    duplicates = _near_duplicates(corpus)
    usable = np.flatnonzero(corpus.content_lengths > 0)
    themes = []
    if len(usable):
        labels, points = _cluster(corpus, usable, k, np.random.RandomState(seed))
        themes = _describe(corpus, usable, labels, points, texts)
    placed = np.zeros(len(texts), dtype=bool)
    for theme in themes:
        placed[theme["members"]] = True
    unassigned = [int(i) for i in np.flatnonzero(~placed)]
    return {"themes": themes, "unassigned": unassigned, "duplicates": duplicates}


class _Corpus:
    """Texts as sparse matrices of lemma counts (content lemmas, and all lemmas)."""

    def __init__(self, texts):
        self.analyser = Analyser()
        self.surfaces = SurfaceForms()
        key_ids, all_ids, verbs = {}, {}, set()
        content_rows, content_cols = [], []
        every_rows, every_cols = [], []
        polar_rows, polar_cols = [], []
        for row, text in enumerate(texts):
            tokens = self.analyser.tokens(text)
            content_keys, content_words = [], []
            for word, info in tokens:
                column = all_ids.setdefault(info.key, len(all_ids))
                every_rows.append(row)
                every_cols.append(column)
                if info.polarity:
                    polar_rows.append(row)
                    polar_cols.append(column)
                if not info.stop:
                    column = key_ids.setdefault(info.key, len(key_ids))
                    content_rows.append(row)
                    content_cols.append(column)
                    content_keys.append(info.key)
                    content_words.append(word)
                    if info.verb:
                        verbs.add(column)
            self.surfaces.add(content_keys, content_words)
        n = len(texts)
        self.keys = list(key_ids)
        self.weights = np.ones(len(key_ids))
        self.weights[sorted(verbs)] = VERB_WEIGHT
        self.counts = _matrix(content_rows, content_cols, (n, len(key_ids)), binary=False)
        self.lemma_sets = _matrix(every_rows, every_cols, (n, len(all_ids)), binary=True)
        self.polarity = _matrix(polar_rows, polar_cols, (n, len(all_ids)), binary=True)
        self.content_lengths = np.asarray(self.counts.sum(axis=1)).ravel()
        self._char_map = None

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


def _smooth(points):
    """Average each point with its nearest neighbours (cosine), then renormalise."""
    n = points.shape[0]
    neighbours = min(NEIGHBOURS, n - 1)
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

    def __init__(self, features, sample, rng):
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
        points = self.svd.fit_transform(matrix)
        for size in sizes:
            self.smoothed.append(_smooth(_normalise_rows(points[:, :size])))
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
    space = _Space(features, sample, rng)
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


# ------------------------------------------------------------- description


def _describe(corpus, usable, labels, points, texts):
    """Themes with members, representative, keywords and label, largest first."""
    k = labels.max() + 1
    centres = _centres(points, labels, k)
    similarity = np.einsum("ij,ij->i", points, centres[labels])
    binary = corpus.counts[usable].copy()
    binary.data[:] = 1.0
    df = np.asarray(binary.sum(axis=0)).ravel()
    n = len(usable)
    themes = []
    for theme in range(k):
        inside = np.flatnonzero(labels == theme)
        keep = similarity[inside] >= FAR
        if not keep.any():
            keep[np.argmax(similarity[inside])] = True
        members = usable[inside[keep]]
        best = inside[keep][np.argmax(similarity[inside[keep]])]
        theme_df = np.asarray(binary[inside[keep]].sum(axis=0)).ravel()
        keywords = _keywords(corpus, theme_df, df, len(members), n)
        themes.append(
            {
                "label": _label(corpus, texts, members, keywords),
                "keywords": [corpus.surfaces.show(key, corpus.analyser) for key in keywords],
                "representative": int(usable[best]),
                "members": [int(i) for i in members],
            }
        )
    themes.sort(key=lambda theme: (-len(theme["members"]), theme["members"][0]))
    return themes


def _keywords(corpus, theme_df, df, size, n, count=8):
    """Lemmas frequent in the theme and rarer elsewhere (class-based TF-IDF),
    verbs counting for less as in the features."""
    with np.errstate(divide="ignore", invalid="ignore"):
        score = (theme_df / max(size, 1)) * np.log1p(n / np.maximum(df, 1)) * corpus.weights
    if size >= 3:
        score[theme_df < 2] = 0.0
    order = np.lexsort((np.arange(len(score)), -score))
    chosen = [int(i) for i in order[:count] if score[i] > 0]
    if not chosen:  # tiny theme: its most specific words
        with np.errstate(divide="ignore"):
            fallback = np.where(theme_df > 0, np.log1p(n / np.maximum(df, 1)), 0.0)
        order = np.lexsort((np.arange(len(fallback)), -fallback))
        chosen = [int(i) for i in order[:count] if fallback[i] > 0]
    return [corpus.keys[i] for i in chosen]


_PHRASE_TEXTS = 1000  # members read to find a theme's frequent phrase


def _label(corpus, texts, members, keywords):
    """A frequent two-word phrase of the theme if there is one, else its top keywords."""
    shown = [corpus.surfaces.show(key, corpus.analyser) for key in keywords]
    if not keywords:
        return "(no keywords)"
    phrase = _phrase(corpus, texts, members[:_PHRASE_TEXTS], set(keywords[:3]))
    if phrase:
        surface, keys = phrase
        extra = [s for key, s in zip(keywords, shown, strict=True) if key not in keys]
        if len(surface.split()) <= 2 and extra:
            return f"{surface}, {extra[0]}"
        return surface
    return ", ".join(shown[:3])


def _phrase(corpus, texts, members, wanted):
    """The most frequent phrase "content word (+ up to 2 small words) + content word"."""
    support, spellings = Counter(), defaultdict(Counter)
    for index in members:
        text = texts[index]
        found = set()
        tokens = corpus.analyser.tokens(text)
        for start, (first, info) in enumerate(tokens):
            if info.stop:
                continue
            for gap in range(0, 3):
                end = start + gap + 1
                if end >= len(tokens):
                    break
                last, last_info = tokens[end]
                if not last_info.stop:
                    if not (info.verb or last_info.verb):
                        key = (info.key, last_info.key)
                        if info.key != last_info.key and (key[0] in wanted or key[1] in wanted):
                            found.add(key)
                            spellings[key][_spelling(first, tokens[start + 1 : end], last)] += 1
                    break
        support.update(found)
    if not support:
        return None
    needed = max(2, math.ceil(0.2 * len(members)))
    best = min(support, key=lambda key: (-support[key], key))
    if support[best] < needed:
        return None
    spelling = min(spellings[best], key=lambda s: (-spellings[best][s], s))
    return spelling, set(best)


def _spelling(first, middle, last):
    parts = [first, *(word for word, _info in middle), last]
    return " ".join(word if (word.isupper() and len(word) > 1) else word.lower() for word in parts)


# -------------------------------------------------------- near-duplicates


_PRIME = (1 << 31) - 1


def _near_duplicates(corpus):
    """Groups of texts whose lemma sets overlap by at least DUPLICATE_JACCARD.

    MinHash signatures (``_HASHES`` hash functions) are cut into ``_BANDS``
    bands; texts sharing a band are candidates, and each candidate pair is
    checked exactly, so the work grows with the number of texts, not its square.
    Two texts differing by a negation or by "for"/"against" are not grouped.
    """
    sets = corpus.lemma_sets
    n = sets.shape[0]
    sizes = np.diff(sets.indptr)
    rows = np.flatnonzero(sizes > 0)
    if len(rows) < 2:
        return []
    signatures = _minhash(sets, rows)
    rows_per_band = _HASHES // _BANDS
    pairs = []
    for band in range(_BANDS):
        block = signatures[:, band * rows_per_band : (band + 1) * rows_per_band]
        pairs.append(_bucket_pairs(block, rows))
    pairs = np.vstack(pairs)
    pairs = np.unique(np.sort(pairs, axis=1), axis=0)
    if not len(pairs):
        return []
    keep = _verify(corpus, pairs)
    pairs = pairs[keep]
    if not len(pairs):
        return []
    graph = sparse.csr_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _count, component = connected_components(graph, directed=False)
    involved = np.unique(pairs.ravel())
    groups = defaultdict(list)
    for index in involved:
        groups[component[index]].append(int(index))
    return sorted(sorted(group) for group in groups.values() if len(group) > 1)


def _minhash(sets, rows):
    state = np.random.RandomState(12345)
    a = state.randint(1, _PRIME, size=_HASHES).astype(np.uint64)
    b = state.randint(0, _PRIME, size=_HASHES).astype(np.uint64)
    sub = sets[rows]
    tokens = sub.indices.astype(np.uint64) + np.uint64(1)
    starts = sub.indptr[:-1]
    signatures = np.empty((len(rows), _HASHES), dtype=np.uint64)
    for h in range(_HASHES):
        hashed = (a[h] * tokens + b[h]) % np.uint64(_PRIME)
        signatures[:, h] = np.minimum.reduceat(hashed, starts)
    return signatures


def _bucket_pairs(block, rows, small=16):
    """Candidate pairs of texts with the same band of signature.

    All pairs in small buckets; in large ones (many copies of one text), each
    text with the bucket's first text, so the number of pairs stays linear.
    """
    code = np.zeros(len(block), dtype=np.uint64)
    for column in range(block.shape[1]):  # one 64-bit code per band (wrapping)
        code = code * np.uint64(1_000_003) + block[:, column]
    _unique, inverse, counts = np.unique(code, return_inverse=True, return_counts=True)
    order = np.argsort(inverse, kind="stable")
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    found = [np.empty((0, 2), dtype=np.int64)]
    for size in range(2, small + 1):
        first = starts[counts == size]
        if len(first):
            members = rows[order[first[:, None] + np.arange(size)]]
            i, j = np.triu_indices(size, 1)
            found.append(np.column_stack([members[:, i].ravel(), members[:, j].ravel()]))
    large = np.flatnonzero(counts > small)
    if len(large):
        positions = np.concatenate([np.arange(starts[b] + 1, starts[b] + counts[b]) for b in large])
        heads = np.repeat(starts[large], counts[large] - 1)
        found.append(np.column_stack([rows[order[heads]], rows[order[positions]]]))
    return np.vstack(found)


def _verify(corpus, pairs):
    """Exact check of candidate pairs: Jaccard of lemma sets, same polarity words."""
    keep = np.zeros(len(pairs), dtype=bool)
    sets, polarity = corpus.lemma_sets, corpus.polarity
    sizes = np.diff(sets.indptr)
    for start in range(0, len(pairs), 200_000):
        chunk = pairs[start : start + 200_000]
        left, right = sets[chunk[:, 0]], sets[chunk[:, 1]]
        common = np.asarray(left.multiply(right).sum(axis=1)).ravel()
        union = sizes[chunk[:, 0]] + sizes[chunk[:, 1]] - common
        jaccard = common / np.maximum(union, 1)
        differ = np.asarray(abs(polarity[chunk[:, 0]] - polarity[chunk[:, 1]]).sum(axis=1)).ravel()
        keep[start : start + len(chunk)] = (jaccard >= DUPLICATE_JACCARD) & (differ == 0)
    return keep
