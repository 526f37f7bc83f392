"""Opinion groups, representative statements and consensus from agree/disagree votes.

A re-implementation, written from its published description, of the method of Pol.is
(Small et al., "Polis: Scaling deliberation by mapping high dimensional opinion
spaces", 2021; the documentation of red-dwarf, an open re-implementation). No Pol.is
code is used. It is Pol.is's published procedure made independent of the order in
which participants joined; every other choice was checked by leave-one-conversation-out
over the public Pol.is conversations (bench/loco_opinions.py). See docs/synthesis.md for
the facilitators' side.

1. **Who is placed in a group.** A participant who voted (agree, disagree or pass)
   on at least ``min(min_votes, number of statements)`` statements (Pol.is: 7),
   votes on statements later moderated out included, as in Pol.is. Everyone's votes
   count in the statement figures.
2. **Opinion map.** In the participants × statements matrix (agree +1, disagree -1,
   pass 0), a missing vote is replaced by the statement's mean vote and every column
   is centred: a missing vote then becomes exactly 0, so the centred matrix keeps the
   sparsity of the votes and no dense copy is made beyond DENSE_MAP_CELLS
   (participants × statements; below, dense arithmetic is faster). Its two principal axes (exact
   eigen-decomposition of the statements' Gram matrix up to 2,000 statements,
   randomized SVD of the sparse matrix beyond) place each participant on a 2-D map.
   As in Pol.is, a participant's point is scaled by sqrt(statements / statements they
   voted on), so that those who voted little are not all squeezed in the middle.
   Statements moderated out, when the conversation lists them (``moderated``),
   count as in Pol.is, which zeroes them: as a neutral vote of everyone.
3. **Groups** (opinion_groups.py, where each choice of the method is a field of
   ``Method``; DEFAULT is Pol.is's procedure made independent of the participants'
   order, checked by leave-one-conversation-out, bench/loco_opinions.py): k-means for
   k = 2..5 (at most 2 + points / 12 groups, as Pol.is), k with the highest
   silhouette, as Pol.is. Pol.is starts k-means from the first participants' places,
   so that who joined first shapes the groups; here, for each k, k-means runs from
   RESTARTS k-means++ seedings and keeps the lowest k-means objective, and
   participants are grouped directly up to 1,000 distinct points, through that many
   k-means "base clusters" beyond (Pol.is: 100, started from the first participants).
   A group must hold at least MIN_GROUP_SIZE participants: a "group" of one or two
   people would show their own votes to everyone.
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

from dataclasses import replace
from numbers import Integral

import numpy as np
from scipy import sparse
from scipy.linalg import eigh
from scipy.sparse.linalg import ArpackNoConvergence, LinearOperator, eigsh
from sklearn.utils.extmath import randomized_svd
from threadpoolctl import ThreadpoolController

from .errors import SynthesisInputError
from .opinion_groups import DEFAULT, MIN_GROUP_SIZE, Method, cluster

Z_90 = 1.2815515655446004  # one-sided 90 % quantile of the standard normal distribution
PICK_MAX = 5  # statements listed per group, and per direction of consensus
EXACT_PCA_STATEMENTS = 2000  # up to this many statements, exact eigen-decomposition
GRAM_STATEMENTS = 200  # up to this many, of the Gram matrix; beyond, by Lanczos iterations
DENSE_MAP_CELLS = 1_000_000  # up to this many participants × statements, a dense map
SPARSE_SEEN_SHARE = 8  # a dense map is centred cell by cell below 1 seen cell in this many

_THREADS = None  # the BLAS and OpenMP thread pools, found at the first analysis


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


def _column_sums(matrix):
    """matrix.sum(axis=0) of a CSR matrix of whole numbers (exact in any order), without
    the cost of a sparse product."""
    return np.bincount(matrix.indices, weights=matrix.data, minlength=matrix.shape[1])


def _row_sums(matrix):
    """matrix.sum(axis=1) of a CSR matrix of whole numbers, as a flat array."""
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    return np.bincount(rows, weights=matrix.data, minlength=matrix.shape[0])


def _axes(centred, seed, dimensions=2):
    """The leading principal axes (statements × dimensions) of the centred sparse
    matrix.

    An axis along which nobody differs is left at 0.
    """
    n, m = centred.shape
    axes = np.zeros((m, dimensions))
    if min(n, m) == 0 or not (centred.nnz if sparse.issparse(centred) else centred.any()):
        return axes
    top = min(dimensions, n, m)
    found = None
    if GRAM_STATEMENTS < m <= EXACT_PCA_STATEMENTS:
        found = _lanczos(centred, top)
    if found is not None:
        values, vectors = found
    elif m <= EXACT_PCA_STATEMENTS:
        if not sparse.issparse(centred):
            gram = centred.T @ centred
        elif n * m <= 4_000_000:
            gram = centred.T @ centred.toarray()
        else:
            gram = centred.T @ centred
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


def _lanczos(centred, top):
    """The ``top`` leading eigenvalues (largest first) and eigenvectors of the Gram
    matrix centred.T @ centred, by Lanczos iterations on the products with ``centred``
    and its transpose, to machine precision, without forming the Gram matrix: with a
    few hundred statements, 5 times faster than forming it and decomposing it whole, for
    the same axes (docs/synthesis.md). None when the iterations do not converge."""
    m = centred.shape[1]
    transposed = centred.T.tocsr() if sparse.issparse(centred) else centred.T
    gram = LinearOperator((m, m), matvec=lambda x: transposed @ (centred @ x), dtype=float)
    try:  # from a fixed starting vector: the same axes at every run
        values, vectors = eigsh(gram, k=top, which="LA", v0=np.ones(m), tol=1e-12)
    except ArpackNoConvergence:
        return None
    return values[::-1], vectors[:, ::-1]


def _project(votes, seen, n_moderated, seed, dimensions=2, scaled=True):
    """Each participant's point on the opinion map (n × dimensions)."""
    n, m = votes.shape
    seen_per_statement = _column_sums(seen)
    means = np.divide(
        _column_sums(votes),
        seen_per_statement,
        out=np.zeros(m),
        where=seen_per_statement > 0,
    )
    # Seen votes minus the statement's mean; a missing vote stays an implicit 0.
    if n * m <= DENSE_MAP_CELLS:  # small enough: dense arithmetic is much faster
        centred = votes.toarray()
        if seen.nnz * SPARSE_SEEN_SHARE <= n * m:  # few votes: subtract at the seen cells
            cells = seen.tocoo()  # canonical: each cell once
            centred[cells.row, cells.col] -= means[cells.col]
        else:
            centred -= seen.toarray() * means
    else:
        centred = (votes - seen.multiply(means[None, :])).tocsr()
    points = centred @ _axes(centred, seed, dimensions)
    if scaled:
        voted = _row_sums(seen) + n_moderated
        points *= np.sqrt((m + n_moderated) / np.maximum(voted, 1.0))[:, None]
    return points


# ------------------------------------------------------------------- the statements


def _counts(votes, seen, group, k):
    """Agree, disagree and vote counts per statement: of everyone (row 0), then of each
    group (row g + 1), ``group`` being 0 for a participant in no group and g + 1 for one
    in group g. Whole numbers, so summed in any order they are exact."""
    m = votes.shape[1]

    def by_row(matrix, weights):
        rows = np.repeat(group, np.diff(matrix.indptr))
        grouped = np.bincount(rows * m + matrix.indices, weights=weights, minlength=(1 + k) * m)
        grouped = grouped.reshape(1 + k, m)
        grouped[0] = np.bincount(matrix.indices, weights=weights, minlength=m)
        return grouped

    agree = by_row(votes, (votes.data > 0).astype(np.float64))
    disagree = by_row(votes, (votes.data < 0).astype(np.float64))
    return agree, disagree, by_row(seen, seen.data)


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


def find_opinion_groups(
    conversation, seed: int = 0, min_votes: int | None = None, k_range=(2, 5), method=None
) -> dict:
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
    ``method`` (an ``opinion_groups.Method``, default ``opinion_groups.DEFAULT``) sets
    the method's choices; ``min_votes``, when given, replaces its ``min_votes``. The same
    ``seed`` always gives the same result.
    """
    method = DEFAULT if method is None else method
    if not isinstance(method, Method):
        raise SynthesisInputError("method must be an opinion_groups.Method.")
    if min_votes is not None:
        method = replace(method, min_votes=min_votes)
    for name, value, least in (("seed", seed, 0), ("min_votes", method.min_votes, 1)):
        if isinstance(value, bool) or not isinstance(value, Integral) or value < least:
            raise SynthesisInputError(f"{name} must be a whole number of at least {least}.")
    try:
        low, high = (int(k) for k in k_range)
    except (TypeError, ValueError):  # not two numbers
        raise SynthesisInputError("k_range must be two whole numbers: (fewest, most).") from None
    if not 2 <= low <= high:
        raise SynthesisInputError("k_range must be (fewest, most) groups, 2 ≤ fewest ≤ most.")
    participants, statement_ids, votes, seen = _matrices(conversation)
    # One thread: these are small products, and on a shared machine several threads
    # spinning for each other cost far more than they save.
    global _THREADS
    if _THREADS is None:
        _THREADS = ThreadpoolController()
    with _THREADS.limit(limits=1):
        return _analyse(
            conversation, participants, statement_ids, votes, seen, seed, method, low, high
        )


def clustered_points(conversation, method=DEFAULT, seed=0):
    """(positions of the participants placed in groups, their points on the map).

    The first steps of ``find_opinion_groups``, without its checks: for benchmarks
    that try several clusterings of the same map.
    """
    _, _, votes, seen = _matrices(conversation)
    return _placed(conversation, votes, seen, method, seed)


def _placed(conversation, votes, seen, method, seed):
    n, m = votes.shape
    n_moderated, moderated_votes = 0, np.zeros(n)
    if method.moderated == "zero":
        n_moderated, moderated_votes = _moderation(conversation, n)
    voted = _row_sums(seen) + moderated_votes
    clustered = np.flatnonzero(voted >= max(1, min(method.min_votes, m + n_moderated)))
    if not m:
        return clustered, np.zeros((len(clustered), method.dimensions))
    points = _project(votes, seen, n_moderated, seed, method.dimensions, method.scaled)
    return clustered, points[clustered]


def _analyse(conversation, participants, statement_ids, votes, seen, seed, method, low, high):
    n, m = votes.shape
    clustered, points = _placed(conversation, votes, seen, method, seed)
    labels = None
    if m and len(clustered) >= low * MIN_GROUP_SIZE:
        labels = cluster(points, (low, high), seed, method)
    k = 0 if labels is None else int(labels.max()) + 1
    if not k:
        clustered = clustered[:0]
        labels = np.zeros(0, dtype=int)

    group = np.zeros(n, dtype=np.intp)
    group[clustered] = 1 + labels
    agree, disagree, total = _counts(votes, seen, group, k)
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
