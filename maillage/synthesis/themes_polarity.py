"""A theme never mixes opposite notes.

Two notes are *opposite* when they differ by a negation ("pas de logement" /
"un logement", "manque de bus" / "des bus") or by an antonym ("mal-être" /
"bien-être", "inaccessible" / "accessible", "insatisfait" / "satisfait"; see
``text.NEGATIONS``, ``text.ANTONYMS`` and ``text.antonym_base``): one note is
*negative* (it holds a negation, or an antonym whose counterpart is a word of the
texts), the other is not and says what the negative one negates (one of the few
content words after a negation, or the antonym's counterpart), and, the antonym
counting as its counterpart and the negation words left out, at least half of
the content words of the shorter of the two are words of the other ("un logement
chauffé et pas trop cher" is not the opposite of "un logement chauffé l'hiver").
A theme holding opposite notes is split in two: its negative notes that have an
opposite in it form a theme of their own. When the number of themes was asked
for, the smallest themes then join the closest theme they can join without
mixing opposite notes, so that the number asked for is kept whenever possible.
"""

import numpy as np
from scipy import sparse

from .text import antonym_base

OVERLAP = 0.5  # share of the shorter note's content words the other must hold
_CHUNK = 2048


class Polarity:
    """Per text: its content words, the same with antonyms turned around, and
    whether it is negative."""

    def __init__(self, corpus):
        counts = corpus.counts.tocsr()
        n, width = counts.shape
        keep = np.ones(width)
        keep[sorted(corpus.negation_columns)] = 0.0
        words = (counts @ sparse.diags(keep)).tocsr()
        words.eliminate_zeros()
        words.data[:] = 1.0
        turn = np.arange(width)
        antonym = np.zeros(width, dtype=bool)
        for column, key in enumerate(corpus.keys):
            base = antonym_base(key)
            if base is not None and base != key and base in corpus.column_of:
                turn[column] = corpus.column_of[base]
                antonym[column] = True
        mapping = sparse.csr_matrix((np.ones(width), (np.arange(width), turn)), (width, width))
        turned = (words @ mapping).tocsr()
        turned.data[:] = 1.0
        # What each negative note says the opposite of: the words its negations
        # bear on, and the counterparts of its antonyms.
        opposite = corpus.negated_words.tocsr() @ mapping
        opposite = (opposite + words[:, antonym] @ mapping[antonym]).tocsr()
        opposite.data[:] = 1.0
        self.words, self.turned, self.opposite = words, turned, opposite
        self.word_sizes = np.diff(words.indptr)
        self.turned_sizes = np.diff(turned.indptr)
        has_antonym = np.asarray(words[:, antonym].sum(axis=1)).ravel() > 0
        self.negative = np.asarray(corpus.negated, dtype=bool) | has_antonym

    def opposed(self, negative, positive):
        """For each of the ``negative`` rows, whether one of the ``positive`` rows is
        its opposite."""
        found = np.zeros(len(negative), dtype=bool)
        if not len(negative) or not len(positive):
            return found
        right = self.words[positive].T.tocsc()
        right_sizes = self.word_sizes[positive]
        for start in range(0, len(negative), _CHUNK):
            rows = negative[start : start + _CHUNK]
            common = (self.turned[rows] @ right).tocoo()
            if not common.nnz:
                continue
            shorter = np.minimum(self.turned_sizes[rows][common.row], right_sizes[common.col])
            close = common.data >= OVERLAP * np.maximum(shorter, 1)
            close = sparse.csr_matrix(
                (np.ones(close.sum()), (common.row[close], common.col[close])), common.shape
            )
            # ... and the positive note says what the negative one negates.
            hit = close.multiply(self.opposite[rows] @ right).tocoo()
            hit.eliminate_zeros()
            found[start + np.unique(hit.row)] = True
        return found

    def split(self, rows):
        """The rows of ``rows`` that are negative and have an opposite among them."""
        rows = np.asarray(rows)
        negative = rows[self.negative[rows]]
        positive = rows[~self.negative[rows]]
        return negative[self.opposed(negative, positive)]

    def mixes(self, rows):
        return len(self.split(rows)) > 0


def separate(polarity, usable, labels, points, k):
    """Labels with no theme mixing opposite notes (see the module docstring)."""
    labels = labels.copy()
    for theme in range(labels.max() + 1):
        inside = np.flatnonzero(labels == theme)
        if len(inside) < 2:
            continue
        moved = polarity.split(usable[inside])
        if len(moved):
            labels[inside[np.isin(usable[inside], moved)]] = labels.max() + 1
    if k is not None:
        labels = _merge_back(polarity, usable, labels, points, k)
    return labels


def _merge_back(polarity, usable, labels, points, k):
    """Down to k themes: the smallest theme joins the closest theme it can join
    without mixing opposite notes (the next smallest if it can join none)."""
    while labels.max() + 1 > k:
        count = labels.max() + 1
        sizes = np.bincount(labels, minlength=count)
        centres = np.zeros((count, points.shape[1]))
        np.add.at(centres, labels, points)
        norms = np.linalg.norm(centres, axis=1, keepdims=True)
        centres /= np.where(norms == 0, 1.0, norms)
        similarity = centres @ centres.T
        merged = False
        for small in np.lexsort((np.arange(count), sizes)):
            candidates = [t for t in np.argsort(-similarity[small], kind="stable") if t != small]
            for other in candidates:
                if not polarity.mixes(usable[(labels == small) | (labels == other)]):
                    keep, gone = min(small, other), max(small, other)
                    labels[labels == gone] = keep
                    labels[labels > gone] -= 1
                    merged = True
                    break
            if merged:
                break
        if not merged:
            break  # every union would mix opposite notes: more themes than asked
    return labels
