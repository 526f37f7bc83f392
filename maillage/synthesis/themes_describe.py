"""Describing themes: members, representative, keywords and a label.

The label is a phrase of 2 to 5 consecutive words found in the theme's notes,
which neither starts nor ends with a small word, an adverb ("surtout") or a
preposition ("depuis"), and is the most representative of the theme: among the
phrases of its notes, the one whose content words are the most specific to the
theme (class-based TF-IDF, as the keywords), times the share of the theme's notes
that contain it. Labels are unique: a theme whose best phrase already names another
takes its next best one.
"""

import re

import numpy as np

from .text import word_spans

FAR = 0.05  # below this similarity to its theme's centre a text is "far from every theme"
PHRASE_TEXTS = 200  # members read to find a theme's label
PHRASE_WORDS = (2, 5)  # words in a label
LABEL_CHOICES = 8  # phrases kept per theme so that labels can be unique
_CLAUSE_BREAK = re.compile(r"[.;:!?,()\[\]\n/|«»\"]")
# Words a label neither starts nor ends with, though they are no stop words for the
# themes: adverbs and prepositions, which leave a phrase hanging ("élus de terrain et
# surtout", "au-dessus de 20000 habitants", "aujourd'hui", "la voiture depuis"); and
# words a label does not end with ("un seul", where "seul mandat" is a fine label).
# Written folded, as Analyser.folded() gives.
_EDGE = """
afin ainsi assez aujourd hui autant beaucoup depuis dessous dessus durant egalement enfin
ensuite envers exemple hors malgre notamment outre parfois parmi pendant sauf souvent
surtout toujours vraiment also always especially even just often really
auch besonders immer sehr anche sempre soprattutto spesso
"""
_EDGE_WORDS = frozenset(_EDGE.split())
_NOT_LAST = _EDGE_WORDS | frozenset(("seul", "seule", "seuls", "seules", "only", "nur", "solo"))


def centres(points, labels, k):
    found = np.zeros((k, points.shape[1]))
    np.add.at(found, labels, points)
    norms = np.linalg.norm(found, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return found / norms


def describe(corpus, usable, labels, points, texts):
    """Themes with members, representative, keywords and label choices, largest
    first; ``name_themes`` then picks unique labels."""
    k = labels.max() + 1
    similarity = np.einsum("ij,ij->i", points, centres(points, labels, k)[labels])
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
        order = np.argsort(-similarity[inside[keep]], kind="stable")
        best = inside[keep][order[0]]
        theme_df = np.asarray(binary[inside[keep]].sum(axis=0)).ravel()
        scores = _specificity(corpus, theme_df, df, len(members), n)
        keywords = _keywords(scores, theme_df, df, len(members), n)
        # The label is read in the notes closest to the theme's centre first.
        readers = usable[inside[keep][order[:PHRASE_TEXTS]]]
        themes.append(
            {
                "label": None,
                "keywords": [_show(corpus, i) for i in keywords],
                "representative": int(usable[best]),
                "members": [int(i) for i in members],
                "_choices": _phrases(corpus, texts, readers, scores, keywords),
            }
        )
    themes.sort(key=lambda theme: (-len(theme["members"]), theme["members"][0]))
    return themes


def name_themes(themes):
    """Give each theme the best of its label choices not taken by a larger theme."""
    taken = set()
    for theme in themes:
        choices = theme.pop("_choices")
        label = next((c for c in choices if c.casefold() not in taken), None)
        if label is None:
            base = choices[0] if choices else "(no keywords)"
            number = 2
            while f"{base} ({number})".casefold() in taken:
                number += 1
            label = f"{base} ({number})"
        taken.add(label.casefold())
        theme["label"] = label
    return themes


def _specificity(corpus, theme_df, df, size, n):
    """Class-based TF-IDF of each lemma for the theme, verbs counting for less."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return (theme_df / max(size, 1)) * np.log1p(n / np.maximum(df, 1)) * corpus.weights


def _keywords(scores, theme_df, df, size, n, count=8):
    """Lemmas frequent in the theme and rarer elsewhere (column ids)."""
    score = scores.copy()
    if size >= 3:
        score[theme_df < 2] = 0.0
    order = np.lexsort((np.arange(len(score)), -score))
    chosen = [int(i) for i in order[:count] if score[i] > 0]
    if not chosen:  # tiny theme: its most specific words
        with np.errstate(divide="ignore"):
            fallback = np.where(theme_df > 0, np.log1p(n / np.maximum(df, 1)), 0.0)
        order = np.lexsort((np.arange(len(fallback)), -fallback))
        chosen = [int(i) for i in order[:count] if fallback[i] > 0]
    return chosen


def _phrases(corpus, texts, readers, scores, keywords):
    """Up to LABEL_CHOICES phrases of the theme's notes, best first (see module)."""
    column_of = corpus.column_of
    low, high = PHRASE_WORDS
    support, spellings, negated = {}, {}, set()
    for index in readers:
        text = texts[index]
        tokens = corpus.analyser.tokens(text)
        spans = word_spans(text)
        keys = [info.key for _word, info in tokens]
        gaps = [text[spans[i][1] : spans[i + 1][0]] for i in range(len(spans) - 1)]
        breaks = [_CLAUSE_BREAK.search(gap) is not None for gap in gaps]
        joined = [gap == "-" for gap in gaps]  # "mal-être", "bien-être"
        # A phrase starts with a content word that is not a verb ("mettre en
        # place" says nothing of a theme), or with a negation ("pas de logement");
        # it ends with a content word or the second half of a compound.
        folded = [corpus.analyser.folded(word) for word, _info in tokens]
        starts = [
            (not info.stop and not info.verb and folded[i] not in _EDGE_WORDS) or info.negation
            for i, (_word, info) in enumerate(tokens)
        ]
        ends = [not info.stop and folded[i] not in _NOT_LAST for i, (_w, info) in enumerate(tokens)]
        for i in range(1, len(tokens)):
            ends[i] = ends[i] or joined[i - 1]
        found = set()
        for start in range(len(tokens)):
            if not starts[start]:
                continue
            for end in range(start + 1, min(start + high, len(tokens))):
                if breaks[end - 1]:
                    break
                if not ends[end] or end - start + 1 < low:
                    continue
                key = tuple(keys[start : end + 1])
                if key in found:
                    continue
                found.add(key)
                surface = _surface(text, spans[start][0], spans[end][1])
                spellings.setdefault(key, {})
                spellings[key][surface] = spellings[key].get(surface, 0) + 1
                if tokens[start][1].negation:
                    negated.add(key)
        for key in found:
            support[key] = support.get(key, 0) + 1
    ranked = []
    for key, count in support.items():
        columns = {column_of[part] for part in key if part in column_of}
        relevance = sum(float(scores[c]) for c in columns if np.isfinite(scores[c]))
        if relevance > 0:
            # Of two phrases as frequent, the one that keeps the negation.
            bonus = 1.01 if key in negated else 1.0
            ranked.append((-(count / len(readers)) * relevance * bonus, key))
    ranked.sort()
    choices, seen = [], set()
    for _score, key in ranked:
        forms = spellings[key]
        # The most frequent spelling; of two as frequent, the one that shouts least.
        surface = min(forms, key=lambda s: (-forms[s], sum(ch.isupper() for ch in s), s))
        if surface.casefold() not in seen:
            seen.add(surface.casefold())
            choices.append(surface)
        if len(choices) >= LABEL_CHOICES:
            break
    if not choices:  # notes of one content word each: the theme's words
        choices = [_show(corpus, i) for i in keywords[:3]]
    return choices


def _show(corpus, column):
    return corpus.surfaces.show(corpus.keys[column], corpus.analyser)


def _surface(text, start, end):
    """The phrase as written, spaces tidied, lower case except acronyms ("PSN")."""
    phrase = " ".join(text[start:end].split())
    return re.sub(r"[^\W\d_]+", lambda m: m[0] if _acronym(m[0]) else m[0].lower(), phrase)


def _acronym(word):
    return len(word) > 1 and any(ch.isupper() for ch in word[1:])
