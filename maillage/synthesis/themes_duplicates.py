"""Near-duplicates among short texts: the same idea said twice or more.

MinHash signatures and locality-sensitive hashing on the sets of lemmas, then an
exact check (Jaccard similarity of the two sets), so no pair of texts is compared
unless they are likely to be near-duplicates. Used by ``themes.find_themes``.
"""

from collections import defaultdict

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

DUPLICATE_JACCARD = 0.7  # share of distinct lemmas two near-duplicates have in common
_HASHES, _BANDS = 72, 24  # MinHash signature length and LSH bands (3 rows each)

_PRIME = (1 << 31) - 1


def near_duplicates(corpus):
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
