"""Opinion groups, representative statements and consensus from agree/disagree votes.

A re-implementation, written from its published description, of the method of Pol.is
(Small et al., "Polis: Scaling deliberation by mapping high dimensional opinion
spaces", 2021; the documentation of red-dwarf, an open re-implementation). No Pol.is
code is used. See docs/synthesis.md for the facilitators' side.

1. **Who is placed in a group.** A participant who voted (agree, disagree or pass)
   on at least ``min(min_votes, number of statements)`` statements (Pol.is: 7),
   votes on statements later moderated out included, as in Pol.is. Everyone's votes
   count in the statement figures.
2. **Opinion map.** In the participants × statements matrix (agree +1, disagree -1,
   pass 0), a missing vote is replaced by the statement's mean vote and every column
   is centred: a missing vote then becomes exactly 0, so the centred matrix keeps the
   sparsity of the votes and no dense copy is made. Its two principal axes (exact
   eigen-decomposition of the statements' Gram matrix up to 2,000 statements,
   randomized SVD of the sparse matrix beyond) place each participant on a 2-D map.
   As in Pol.is, a participant's point is scaled by sqrt(statements / statements they
   voted on), so that those who voted little are not all squeezed in the middle.
   Statements moderated out, when the conversation lists them (``moderated``),
   count as in Pol.is, which zeroes them: as a neutral vote of everyone.
3. **Groups.** Up to BASE_POINTS (1,000) distinct points, participants are grouped
   directly. Beyond, as Pol.is does with 100, they are first summarised by that many
   k-means "base clusters" (started, as Pol.is does, from the first distinct points
   in the participants' order) and groups are made of base clusters, weighted by
   their size. Groups:
   k-means for k = 2..5 (at most 2 + participants / 12 groups, as Pol.is), k chosen
   by the silhouette score, keeping the fewer groups unless more groups are better by
   more than one standard error of the silhouette (Pol.is smooths its choice of k
   over successive updates; a one-off analysis can only ask for clear evidence). For
   each k, k-means runs from RESTARTS k-means++ seedings and the best separated local
   optimum (silhouette) is kept. A group must hold at least MIN_GROUP_SIZE
   participants: a "group" of one or two people would show their own votes to
   everyone.
4. **Representative statements** of a group: the group agrees (or disagrees) with
   them more than the other participants, both the group's own rate and its
   difference from the others being significant at 90 % (Pol.is's one- and
   two-proportion tests, with a pseudocount of 1), ranked by Pol.is's
   representativeness metric (ratio × its test × probability × its test); the
   group's most agreed distinctive statement first; at most PICK_MAX.
5. **Consensus**: statements that most voters agree (or disagree) with, significant
   at 90 %, ranked by probability × test, at most PICK_MAX each. **Group-informed
   consensus** of a statement: the product over the groups of (agrees + 1) /
   (votes + 2), high only when every group tends to agree.

Nothing here imports Django: the platform's Delphi rounds can build a
``PolisConversation`` in memory and call ``find_opinion_groups`` on it.
"""

import math
from numbers import Integral

import numpy as np
from scipy import sparse
from scipy.linalg import eigh
from sklearn.cluster import KMeans
from sklearn.utils.extmath import randomized_svd
from threadpoolctl import ThreadpoolController

from .errors import SynthesisInputError

Z_90 = 1.2815515655446004  # one-sided 90 % quantile of the standard normal distribution
PICK_MAX = 5  # statements listed per group, and per direction of consensus
RESTARTS = 8  # k-means++ seedings per number of groups
MIN_GROUP_SIZE = 3  # participants; fewer would disclose individual votes
PARTICIPANTS_PER_EXTRA_GROUP = 12  # at most 2 + n / 12 groups (Pol.is)
BASE_POINTS = 1000  # above this many distinct points, group base clusters (Pol.is: 100)
EXACT_PCA_STATEMENTS = 2000  # up to this many statements, exact eigen-decomposition
MAX_LLOYD_ITERATIONS = 100

_BLAS = None  # the BLAS libraries' thread pools, found at the first analysis


# ------------------------------------------------------------------------------ input


def _matrices(conversation):
    try:
        participants = [str(p) for p in conversation.participants]
        statements = [str(s) for s in conversation.statements]
        votes = sparse.csr_matrix(conversation.votes, dtype=np.float64)
        seen = sparse.csr_matrix(conversation.seen, dtype=np.float64)
    except AttributeError as exc:
        raise SynthesisInputError(
            f"a conversation needs participants, statements, votes and seen ({exc})."
        ) from None
    except (TypeError, ValueError) as exc:
        raise SynthesisInputError(f"votes and seen must be sparse matrices ({exc}).") from None
    shape = (len(participants), len(statements))
    for name, matrix in (("votes", votes), ("seen", seen)):
        if matrix.shape != shape:
            raise SynthesisInputError(
                f"{name} is {matrix.shape[0]} × {matrix.shape[1]} but there are "
                f"{shape[0]} participants and {shape[1]} statements."
            )
    if len(set(participants)) != len(participants):
        raise SynthesisInputError("participant ids must be unique.")
    if len(set(statements)) != len(statements):
        raise SynthesisInputError("statement ids must be unique.")
    votes.sum_duplicates()
    votes.eliminate_zeros()
    if not np.isin(votes.data, (-1.0, 1.0)).all():
        raise SynthesisInputError(
            "votes must be +1 (agree) or -1 (disagree); a pass is a 1 in seen only."
        )
    # A vote means the statement was seen, even where ``seen`` says nothing.
    seen = ((seen != 0) + (votes != 0)).astype(np.float64).tocsr()
    return participants, statements, votes, seen


def _moderation(conversation, n_participants):
    """(number of statements moderated out, votes each participant cast on them).

    Read from the conversation's optional ``moderated`` (statement ids) and
    ``moderated_seen`` (participants × moderated, non-zero where a vote was cast).
    """
    moderated = list(getattr(conversation, "moderated", None) or [])
    counts = np.zeros(n_participants)
    moderated_seen = getattr(conversation, "moderated_seen", None)
    if moderated and moderated_seen is not None:
        moderated_seen = sparse.csr_matrix(moderated_seen)
        if moderated_seen.shape != (n_participants, len(moderated)):
            raise SynthesisInputError(
                f"moderated_seen is {moderated_seen.shape[0]} × {moderated_seen.shape[1]} "
                f"but there are {n_participants} participants and {len(moderated)} "
                "moderated statements."
            )
        counts = np.asarray((moderated_seen != 0).sum(axis=1), dtype=np.float64).ravel()
    return len(moderated), counts


# ---------------------------------------------------------------------------- the map


def _axes(centred, seed):
    """The two leading principal axes (statements × 2) of the centred sparse matrix.

    An axis along which nobody differs is left at 0.
    """
    n, m = centred.shape
    axes = np.zeros((m, 2))
    if min(n, m) == 0 or centred.nnz == 0:
        return axes
    top = min(2, n, m)
    if m <= EXACT_PCA_STATEMENTS:
        gram = centred.T @ centred.toarray() if n * m <= 4_000_000 else centred.T @ centred
        gram = gram.toarray() if sparse.issparse(gram) else np.asarray(gram)
        values, vectors = eigh(gram, subset_by_index=[m - top, m - 1])
        values, vectors = values[::-1], vectors[:, ::-1]
    else:
        _, singular, vt = randomized_svd(centred, top, n_iter=7, random_state=seed)
        values, vectors = singular**2, vt.T
    for j in range(top):
        if values[j] <= 1e-9 * values[0]:
            continue
        vector = vectors[:, j]
        if vector[np.argmax(np.abs(vector))] < 0:  # a fixed orientation, for determinism
            vector = -vector
        axes[:, j] = vector
    return axes


def _project(votes, seen, n_moderated, seed):
    """Each participant's point on the opinion map (n × 2)."""
    n, m = votes.shape
    seen_per_statement = np.asarray(seen.sum(axis=0)).ravel()
    means = np.divide(
        np.asarray(votes.sum(axis=0)).ravel(),
        seen_per_statement,
        out=np.zeros(m),
        where=seen_per_statement > 0,
    )
    # Seen votes minus the statement's mean; a missing vote stays an implicit 0.
    centred = (votes - seen.multiply(means[None, :])).tocsr()
    points = centred @ _axes(centred, seed)
    voted = np.asarray(seen.sum(axis=1)).ravel() + n_moderated
    points *= np.sqrt((m + n_moderated) / np.maximum(voted, 1.0))[:, None]
    return points


# ------------------------------------------------------------------------- the groups


def _kmeans_plus_plus(points, weights, k, restarts, rng):
    """k-means++ seeds of several restarts at once (restarts × k × 2)."""
    n = len(points)
    cumulative = np.cumsum(weights)

    def by_weight():
        draw = rng.random(restarts) * cumulative[-1]
        return np.minimum(np.searchsorted(cumulative, draw, side="right"), n - 1)

    centres = np.empty((restarts, k, 2))
    centres[:, 0] = points[by_weight()]
    nearest = ((points[None, :, :] - centres[:, :1, :]) ** 2).sum(axis=2)
    for j in range(1, k):
        mass = np.cumsum(nearest * weights[None, :], axis=1)
        total = mass[:, -1]
        chosen = np.minimum((mass <= (rng.random(restarts) * total)[:, None]).sum(axis=1), n - 1)
        if not (total > 0).all():  # every point is already a centre
            chosen = np.where(total > 0, chosen, by_weight())
        centres[:, j] = points[chosen]
        added = ((points[None, :, :] - centres[:, j : j + 1, :]) ** 2).sum(axis=2)
        nearest = np.minimum(nearest, added)
    return centres


def _lloyd(points, weights, centres, used):
    """Weighted Lloyd iterations of many restarts at once.

    ``centres`` is restarts × K × 2 and ``used`` (restarts × K, boolean) marks the
    centres each restart uses, so that restarts with different numbers of groups run
    together. Returns the labels (restarts × n) and the weighted inertia of each
    restart. A group that empties keeps its centre. A restart stops once it has
    converged, or once it assigns the points exactly as another one with the same
    groups, none empty: from there on, both follow the same path.
    """
    restarts, k, _ = centres.shape
    n = len(points)
    squared = (points**2).sum(axis=1)[:, None]
    penalty = np.where(used, 0.0, np.inf)
    centres = np.where(used[..., None], centres, 0.0)
    follows = np.arange(restarts)  # the restart whose path each one shares
    moments = np.stack([weights, weights * points[:, 0], weights * points[:, 1]])
    fingerprint = np.random.default_rng(0).random(n)  # to spot equal label rows cheaply
    group_code = used @ (np.arange(1, k + 1) * (n + 1.0))

    def assign(rows):  # labels of the points for these restarts
        flat = centres[rows].reshape(-1, 2)
        table = points @ (-2 * flat.T)
        table += (flat**2).sum(axis=1) + penalty[rows].reshape(-1)
        table += squared
        return table.reshape(n, len(rows), k).argmin(axis=2).T

    active = np.arange(restarts)
    labels = assign(active)
    count = None
    for _ in range(MAX_LLOYD_ITERATIONS):
        if len(active) != count:
            count = len(active)
            offsets = (np.arange(count) * k)[:, None]
            tiled = np.tile(moments, count)
        bins = (labels[active] + offsets).ravel()
        sums = np.stack([np.bincount(bins, weights=w, minlength=count * k) for w in tiled])
        filled = sums[0] > 0
        block = centres[active].reshape(count * k, 2)
        block[filled] = (sums[1:, filled] / sums[0, filled]).T
        centres[active] = block.reshape(count, k, 2)
        new = assign(active)
        changed = (new != labels[active]).any(axis=1)
        labels[active] = new
        # Restarts now in the same state (same groups, same labels) share their path.
        complete = (filled.reshape(count, k) | ~used[active]).all(axis=1)
        same = np.flatnonzero(changed & complete)
        if len(same) > 1:
            code = new[same] @ fingerprint + group_code[active[same]]
            order = np.argsort(code, kind="stable")
            ordered = same[order]
            twin = np.flatnonzero(
                (np.diff(code[order]) == 0)
                & (new[ordered[1:]] == new[ordered[:-1]]).all(axis=1)
                & (group_code[active[ordered[1:]]] == group_code[active[ordered[:-1]]])
            )
            for t in twin.tolist():  # the later of two twins follows the earlier
                follows[active[ordered[t + 1]]] = follows[active[ordered[t]]]
                changed[ordered[t + 1]] = False
        active = active[changed]
        if not len(active):
            break
    while not np.array_equal(follows[follows], follows):  # a leader may follow another
        follows = follows[follows]
    centres = centres[follows]
    labels = assign(np.arange(restarts))
    flat = centres.reshape(-1, 2)
    table = (points @ (-2 * flat.T) + (flat**2).sum(axis=1) + squared).reshape(n, restarts, k)
    nearest = np.take_along_axis(table, labels.T[:, :, None], 2)[:, :, 0]
    return labels, weights @ np.maximum(nearest, 0.0)


def _pair_distances(points):
    squared = (points**2).sum(axis=1)
    return np.sqrt(np.maximum(squared[:, None] - 2 * points @ points.T + squared[None, :], 0.0))


def _silhouettes(distances, weights, labels, k):
    """Mean silhouette over the participants of each partition (row of labels), with
    its standard error.

    Each point stands for ``weights`` participants at the same place; a participant
    alone in their group scores 0, as usual.
    """
    count, n = labels.shape
    members = (labels[:, :, None] == np.arange(k)) * weights[None, :, None]  # P × n × k
    sums = (distances @ members.transpose(1, 0, 2).reshape(n, count * k)).reshape(n, count, k)
    sums = sums.transpose(1, 0, 2)  # P × n × k: summed distance to each group's members
    mass = members.sum(axis=1)  # P × k
    own = np.take_along_axis(sums, labels[:, :, None], 2)[:, :, 0]
    others = np.take_along_axis(mass, labels, 1) - 1.0  # one's own copy is not counted
    inside = np.divide(own, others, out=np.zeros((count, n)), where=others > 0)
    between = sums / np.maximum(mass, 1e-300)[:, None, :]
    np.put_along_axis(between, labels[:, :, None], np.inf, 2)
    nearest = between.min(axis=2)
    largest = np.maximum(inside, nearest)
    scores = np.divide(nearest - inside, largest, out=np.zeros((count, n)), where=largest > 0)
    scores = np.where(others > 0, scores, 0.0)
    total = weights.sum()
    mean = scores @ weights / total
    spread = np.sqrt(((scores - mean[:, None]) ** 2) @ weights / total)
    return mean, spread / math.sqrt(total)


def _best_partition(labels, inertia, weights, distances, k):
    """The best separated of the local optima of k-means reached by the restarts.

    Returns (labels, mean silhouette, its standard error), or None when no
    partition gives every group MIN_GROUP_SIZE participants.
    """
    sizes = np.stack([np.bincount(row, weights=weights, minlength=k) for row in labels])
    valid = np.flatnonzero((sizes >= MIN_GROUP_SIZE).all(axis=1))
    if not len(valid):
        return None
    # The same partition under other group numbers is the same partition.
    first = (labels[valid][:, :, None] == np.arange(k)).argmax(axis=1)  # valid × k
    order = np.argsort(np.argsort(first, axis=1), axis=1)
    canonical = np.take_along_axis(order, labels[valid], 1)
    keep = {}
    for r in np.argsort(inertia[valid], kind="stable").tolist():
        keep.setdefault(canonical[r].tobytes(), r)
    keep = np.array(list(keep.values()))
    mean, error = _silhouettes(distances, weights, canonical[keep], k)
    best = int(np.argmax(mean))
    return canonical[keep][best], float(mean[best]), float(error[best])


def _base_clusters(points, weights, order):
    """BASE_POINTS weighted k-means centres summarising many points: Pol.is's base
    clusters, started as Pol.is does from the first distinct points (``order`` lists
    the points in the participants' order). Returns (centres, their weights, the base
    cluster of each point)."""
    model = KMeans(BASE_POINTS, init=points[order[:BASE_POINTS]], n_init=1, max_iter=100)
    labels = model.fit_predict(points, sample_weight=weights)
    mass = np.bincount(labels, weights=weights, minlength=BASE_POINTS)
    used = np.flatnonzero(mass > 0)
    renumber = np.full(BASE_POINTS, -1)
    renumber[used] = np.arange(len(used))
    return model.cluster_centers_[used], mass[used], renumber[labels]


def _cluster(points, k_range, seed):
    """Group of each point (0..k-1, the largest group first), or None for no groups."""
    rng = np.random.default_rng(seed)
    # Participants at the same place count as one point of that weight.
    _, first, inverse, counts = np.unique(
        points[:, 0] + 1j * points[:, 1], return_index=True, return_inverse=True, return_counts=True
    )
    distinct, weights = points[first], counts.astype(np.float64)
    if len(distinct) > BASE_POINTS:
        distinct, weights, to_base = _base_clusters(distinct, weights, np.argsort(first))
        inverse = to_base[inverse]
    low, high = k_range
    high = min(
        high,
        2 + len(points) // PARTICIPANTS_PER_EXTRA_GROUP,
        len(points) // MIN_GROUP_SIZE,
        len(distinct),
    )
    if high < low:
        return None
    # k-means from RESTARTS k-means++ seedings for every number of groups, run together;
    # the first k seeds of a k-means++ seeding are a k-means++ seeding for k groups.
    ks = list(range(low, high + 1))
    seeds = _kmeans_plus_plus(distinct, weights, high, RESTARTS, rng)
    centres = np.tile(seeds, (len(ks), 1, 1))
    used = np.repeat(np.arange(high)[None, :] < np.array(ks)[:, None], RESTARTS, axis=0)
    labels, inertia = _lloyd(distinct, weights, centres, used)
    distances = _pair_distances(distinct)
    candidates = []
    for i, k in enumerate(ks):
        rows = slice(i * RESTARTS, (i + 1) * RESTARTS)
        found = _best_partition(labels[rows], inertia[rows], weights, distances, k)
        if found is not None:
            candidates.append((k, *found))
    if not candidates:
        return None
    # The fewest groups whose silhouette is within one standard error of the best one.
    best = max(candidates, key=lambda c: c[2])
    k, labels, _, _ = min((c for c in candidates if c[2] >= best[2] - best[3]), key=lambda c: c[0])
    labels = labels[inverse]
    sizes = np.bincount(labels, minlength=k)
    first = np.array([np.argmax(labels == g) for g in range(k)])
    rank = np.empty(k, dtype=int)
    rank[np.lexsort((first, -sizes))] = np.arange(k)
    return rank[labels]


# ------------------------------------------------------------------- the statements


def _counts(votes, seen, indicator):
    """Agree, disagree and vote counts per (row of indicator, statement)."""
    balance = (indicator @ votes).toarray()  # agrees − disagrees
    cast = (indicator @ abs(votes)).toarray()  # agrees + disagrees
    total = (indicator @ seen).toarray()
    return (cast + balance) / 2, (cast - balance) / 2, total


def _figures(agree, disagree, total):
    """{"agree", "disagree", "pass", "votes"} dictionaries, one per column."""
    cast = np.maximum(total, 1.0)
    agree_share, disagree_share = agree / cast, disagree / cast
    pass_share = np.where(total > 0, np.maximum(0.0, 1.0 - agree_share - disagree_share), 0.0)
    return [
        {"agree": a, "disagree": d, "pass": p, "votes": v}
        for a, d, p, v in zip(
            agree_share.tolist(),
            disagree_share.tolist(),
            pass_share.tolist(),
            total.astype(int).tolist(),
            strict=True,
        )
    ]


def _one_proportion(success, n):
    """Pol.is's test that a rate (with pseudocounts) is above one half."""
    return 2 * np.sqrt(n + 1) * ((success + 1) / (n + 1) - 0.5)


def _two_proportion(success_in, n_in, success_out, n_out):
    """Test that a rate inside the group is above the rate outside (pseudocounts of 1)."""
    s1, s2, n1, n2 = success_in + 1, success_out + 1, n_in + 1, n_out + 1
    pooled = (s1 + s2) / (n1 + n2)
    spread = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    difference = s1 / n1 - s2 / n2
    return np.divide(difference, spread, out=np.zeros_like(difference), where=spread > 0)


def _representative(agree, disagree, total, statement_ids):
    """The representative statements of each group (row of the count matrices)."""
    everyone_agree, everyone_disagree, everyone = agree.sum(0), disagree.sum(0), total.sum(0)
    result = {}
    for g in range(agree.shape[0]):
        na, nd, ns = agree[g], disagree[g], total[g]
        oa, od, os_ = everyone_agree - na, everyone_disagree - nd, everyone - ns
        pa, pd = (na + 1) / (ns + 2), (nd + 1) / (ns + 2)
        pat, pdt = _one_proportion(na, ns), _one_proportion(nd, ns)
        ra, rd = pa / ((oa + 1) / (os_ + 2)), pd / ((od + 1) / (os_ + 2))
        rat, rdt = _two_proportion(na, ns, oa, os_), _two_proportion(nd, ns, od, os_)
        voted = ns > 0
        metric = np.where(rat >= rdt, ra * rat * pa * pat, rd * rdt * pd * pdt)
        significant = voted & (((pat > Z_90) & (rat > Z_90)) | ((pdt > Z_90) & (rdt > Z_90)))
        chosen = np.flatnonzero(significant)
        chosen = chosen[np.argsort(-metric[chosen], kind="stable")].tolist()
        agreed = voted & (pa > 0.5) & (pat > Z_90) & (ra > 1.0)
        if agreed.any():  # the group's most agreed distinctive statement comes first
            head = int(np.argmax(np.where(agreed, ra * rat * pa * pat, -np.inf)))
            chosen = [head] + [j for j in chosen if j != head]
        elif not chosen and voted.any():  # else at least its most distinctive one
            chosen = [int(np.argmax(np.where(voted, np.maximum(rat, rdt), -np.inf)))]
        result[str(g)] = [statement_ids[j] for j in chosen[:PICK_MAX]]
    return result


def _consensus(agree, disagree, total, statement_ids):
    result = {}
    for name, success in (("agree", agree), ("disagree", disagree)):
        probability = (success + 1) / (total + 2)
        test = _one_proportion(success, total)
        keep = np.flatnonzero((total > 0) & (probability > 0.5) & (test > Z_90))
        keep = keep[np.argsort(-(probability * test)[keep], kind="stable")][:PICK_MAX]
        result[name] = [statement_ids[j] for j in keep]
    return result


# ----------------------------------------------------------------------------- public


def find_opinion_groups(conversation, seed: int = 0, min_votes: int = 7, k_range=(2, 5)) -> dict:
    """Opinion groups, representative statements and consensus of a conversation.

    ``conversation`` is a ``PolisConversation`` (see ``io.read_polis``) or any object
    with its fields: ``participants``, ``statements``, ``votes`` (sparse, +1/-1) and
    ``seen`` (sparse, 1 wherever a vote, pass included, was cast); optionally
    ``moderated`` and ``moderated_seen`` (see ``_moderation``). Returns::

        {"groups": {participant id: group index or None},
         "repness": {"<group index>": [statement ids]},
         "consensus": {"agree": [statement ids], "disagree": [statement ids]},
         "statements": {statement id: {"overall": figures,
                                       "groups": {"<group index>": figures},
                                       "group_informed_consensus": float}},
         "k": number of groups}

    where figures are ``{"agree": share, "disagree": share, "pass": share, "votes": n}``,
    shares of the votes cast on the statement (all 0 when nobody voted on it). Groups
    are numbered from the largest. Only participants with at least ``min(min_votes,
    number of statements)`` votes are placed in a group; the others get None. When no
    two groups can be formed (too few participants or votes, or everyone voted
    alike), everybody gets None, ``k`` is 0, ``repness`` is empty and the
    group-informed consensus is computed over all participants taken as one group.
    The same ``seed`` always gives the same result.
    """
    for name, value, least in (("seed", seed, 0), ("min_votes", min_votes, 1)):
        if isinstance(value, bool) or not isinstance(value, Integral) or value < least:
            raise SynthesisInputError(f"{name} must be a whole number of at least {least}.")
    try:
        low, high = (int(k) for k in k_range)
    except (TypeError, ValueError):  # not two numbers
        raise SynthesisInputError("k_range must be two whole numbers: (fewest, most).") from None
    if not 2 <= low <= high:
        raise SynthesisInputError("k_range must be (fewest, most) groups, 2 ≤ fewest ≤ most.")
    participants, statement_ids, votes, seen = _matrices(conversation)
    # One BLAS thread: these are small products, and on a shared machine several
    # threads spinning for each other cost far more than they save.
    global _BLAS
    if _BLAS is None:
        _BLAS = ThreadpoolController()
    with _BLAS.limit(limits=1, user_api="blas"):
        return _analyse(
            conversation, participants, statement_ids, votes, seen, seed, min_votes, low, high
        )


def _analyse(conversation, participants, statement_ids, votes, seen, seed, min_votes, low, high):
    n, m = votes.shape
    n_moderated, moderated_votes = _moderation(conversation, n)

    voted = np.asarray(seen.sum(axis=1)).ravel() + moderated_votes
    clustered = np.flatnonzero(voted >= max(1, min(min_votes, m + n_moderated)))
    labels = None
    if m and len(clustered) >= low * MIN_GROUP_SIZE:
        points = _project(votes, seen, n_moderated, seed)[clustered]
        labels = _cluster(points, (low, high), seed)
    k = 0 if labels is None else int(labels.max()) + 1
    if not k:
        clustered = clustered[:0]
        labels = np.zeros(0, dtype=int)

    rows = np.concatenate([np.zeros(n, dtype=int), 1 + labels])
    columns = np.concatenate([np.arange(n), clustered])
    indicator = sparse.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(1 + k, n))
    agree, disagree, total = _counts(votes, seen, indicator)
    if k:
        informed = ((agree[1:] + 1) / (total[1:] + 2)).prod(axis=0)
    else:
        informed = (agree[0] + 1) / (total[0] + 2)

    groups = dict.fromkeys(participants)
    for position, label in zip(clustered.tolist(), labels.tolist(), strict=True):
        groups[participants[position]] = label
    overall = _figures(agree[0], disagree[0], total[0])
    by_group = [_figures(agree[g], disagree[g], total[g]) for g in range(1, k + 1)]
    informed = informed.tolist()
    statements = {
        statement: {
            "overall": overall[j],
            "groups": {str(g): by_group[g][j] for g in range(k)},
            "group_informed_consensus": informed[j],
        }
        for j, statement in enumerate(statement_ids)
    }
    return {
        "groups": groups,
        "repness": _representative(agree[1:], disagree[1:], total[1:], statement_ids),
        "consensus": _consensus(agree[0], disagree[0], total[0], statement_ids),
        "statements": statements,
        "k": k,
    }
