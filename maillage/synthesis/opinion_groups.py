"""Opinion groups from the participants' points on the opinion map (see opinions.py).

The method's choices are the fields of ``Method``, whose defaults are Pol.is's
published procedure (POLIS):

- base clusters: above ``base_clusters`` (100) distinct points, participants are
  first summarised by that many k-means centres, started from the first distinct
  points in the participants' order; groups are made of base clusters, weighted by
  their size;
- k-means for every k from 2 to 5 (at most 2 + base clusters / 12, as Pol.is),
  started from the first k distinct points (Pol.is's ``init-clusters``);
- the number of groups with the highest silhouette, computed over the base clusters.

DEFAULT, the engine's method, is Pol.is's procedure made independent of the order in
which participants joined; leave-one-conversation-out over the public Pol.is
conversations kept every other choice of Pol.is's (bench/loco_opinions.py; figures in
docs/synthesis.md). A group must hold at least MIN_GROUP_SIZE participants whatever
the method: a "group" of one or two people would show their own votes to everyone.
"""

import math
from dataclasses import dataclass, fields

import numpy as np
from scipy.spatial import cKDTree

MIN_GROUP_SIZE = 3  # participants; fewer would disclose individual votes
RESTARTS = 8  # k-means++ seedings per number of groups, with init="restarts"
MAX_LLOYD_ITERATIONS = 100
TWIN_CHECK_EVERY = 4  # iterations; twins give the same groups whenever they are found


@dataclass(frozen=True)
class Method:
    """The choices of the opinion-group method; the defaults are Pol.is's.

    - ``min_votes``: a participant is placed in a group with at least
      min(min_votes, statements) votes (Pol.is: 7).
    - ``moderated``: "zero" counts statements moderated out as Pol.is does (a
      neutral vote of everyone in the map; votes cast on them count towards
      ``min_votes``); "drop" ignores them.
    - ``dimensions``: principal axes of the map (Pol.is: 2).
    - ``scaled``: scale a participant's point by sqrt(statements / their votes), as
      Pol.is does, so that those who voted little are not squeezed in the middle.
    - ``base_clusters``: 0 for none (every distinct point is grouped directly).
    - ``init``: "first" starts k-means from the first k distinct points (Pol.is);
      "restarts" from RESTARTS k-means++ seedings.
    - ``pick``: with restarts, the one kept for each number of groups: "inertia",
      the lowest k-means objective (the sum of squared distances to the centres,
      what k-means itself lowers, so the closest to Pol.is's one k-means), or
      "silhouette", the best separated.
    - ``k_rule``: "best" keeps the number of groups with the highest silhouette
      (Pol.is); "fewer" the fewest groups within one standard error of it.
    - ``k_cap``: at most 2 + (base clusters or distinct points) / 12 groups (Pol.is).
    - ``silhouette``: "points" averages it over the base clusters (or distinct
      points), each counting once, as Pol.is does; "participants" over the
      participants.
    """

    min_votes: int = 7
    moderated: str = "zero"
    dimensions: int = 2
    scaled: bool = True
    base_clusters: int = 100
    init: str = "first"
    pick: str = "inertia"
    k_rule: str = "best"
    k_cap: bool = True
    silhouette: str = "points"

    def differences(self, other=None):
        """The names of the fields where this method departs from ``other`` (default:
        Pol.is's procedure)."""
        other = other or Method()
        return [f.name for f in fields(self) if getattr(self, f.name) != getattr(other, f.name)]


POLIS = Method()
# Pol.is's procedure made independent of the order in which participants joined (a live
# wall fills group by group), then checked decision by decision by leave-one-conversation-out
# over the public Pol.is conversations (bench/loco_opinions.py; figures in docs/synthesis.md).
# Pol.is starts k-means from the first participants' places, its base clusters and its groups
# alike: here the groups start from several k-means++ seedings, keeping the lowest k-means
# objective for each number of groups, and participants are grouped directly up to 1,000
# distinct places, base clusters being kept for large conversations only (they make 20,000
# participants tractable). With 1,000 base clusters, a silhouette counting each once loses
# planted groups on large conversations: it counts the participants (the conversations
# cannot tell the two apart). Every other choice is Pol.is's.
DEFAULT = Method(base_clusters=1000, init="restarts", silhouette="participants")


def _kmeans_plus_plus(points, weights, k, restarts, rng):
    """k-means++ seeds of several restarts at once (restarts × k × d)."""
    n, d = points.shape
    cumulative = np.cumsum(weights)

    def by_weight():
        draw = rng.random(restarts) * cumulative[-1]
        return np.minimum(np.searchsorted(cumulative, draw, side="right"), n - 1)

    def squared(chosen):  # restarts × n squared distances, summed over the axes in order
        total = (points[:, 0] - chosen[:, :1]) ** 2
        for axis in range(1, d):
            total += (points[:, axis] - chosen[:, axis : axis + 1]) ** 2
        return total

    centres = np.empty((restarts, k, d))
    centres[:, 0] = points[by_weight()]
    nearest = squared(centres[:, 0])
    for j in range(1, k):
        mass = np.cumsum(nearest * weights[None, :], axis=1)
        total = mass[:, -1]
        chosen = np.minimum((mass <= (rng.random(restarts) * total)[:, None]).sum(axis=1), n - 1)
        if not (total > 0).all():  # every point is already a centre
            chosen = np.where(total > 0, chosen, by_weight())
        centres[:, j] = points[chosen]
        np.minimum(nearest, squared(centres[:, j]), out=nearest)
    return centres


def _lloyd(points, weights, centres, used):
    """Weighted Lloyd iterations of many restarts at once.

    ``centres`` is restarts × K × d and ``used`` (restarts × K, boolean) marks the
    centres each restart uses, so that restarts with different numbers of groups run
    together. Returns the labels (restarts × n) and the weighted inertia of each
    restart. A group that empties keeps its centre. A restart stops once it has
    converged, or once it assigns the points exactly as another one with the same
    groups, none empty: from there on, both follow the same path.
    """
    restarts, k, d = centres.shape
    n = len(points)
    penalty = np.where(used, 0.0, np.inf)
    centres = np.where(used[..., None], centres, 0.0)
    follows = np.arange(restarts)  # the restart whose path each one shares
    moments = np.vstack([weights, weights * points.T]).T  # n × (1 + d)
    # Labels in one byte (the comparisons below are faster), unless there are more groups.
    small = np.int8 if k <= np.iinfo(np.int8).max else np.intp
    numbers = np.arange(k, dtype=small)[None, :, None]
    # Weights to spot equal label rows cheaply (the golden ratio's multiples, spread evenly).
    fingerprint = np.arange(1.0, n + 1) * 0.6180339887498949 % 1.0
    group_code = used @ (np.arange(1, k + 1) * (n + 1.0))

    across = np.ascontiguousarray(points.T, dtype=np.float32)  # d × n

    def assign(block, block_penalty):  # labels of the points for these restarts' centres
        # Squared distances less each point's own squared norm, the same for all centres.
        # Single precision: twice as fast, and a point as near to two centres as that
        # makes no difference to the groups.
        flat = block.reshape(-1, d)
        table = (-2 * flat).astype(np.float32) @ across
        table += ((flat**2).sum(axis=1) + block_penalty.reshape(-1)).astype(np.float32)[:, None]
        table = table.reshape(len(block), k, n)
        # The first nearest centre, as argmin would give it, but argmin along a short axis
        # is several times slower than the smallest value and a few comparisons with it.
        nearest = table.min(axis=1)
        farther = table[:, 0] != nearest
        labels = farther.astype(small)
        for j in range(1, k - 1):
            farther &= table[:, j] != nearest
            labels += farther.view(np.int8)
        return labels

    labels = assign(centres, penalty)
    # The restarts still moving, kept together (their ids, centres, labels...) so that an
    # iteration indexes nothing: with a few hundred points, the cost of an iteration is
    # mostly the number of numpy calls.
    ids = np.arange(restarts)
    moving, moving_labels = centres.copy(), labels.copy()
    moving_penalty, unused, codes = penalty, ~used, group_code
    for iteration in range(1, MAX_LLOYD_ITERATIONS + 1):
        count = len(ids)
        # Each group's weight and weighted sums, as the product of its members' indicator
        # with the moments: twice as fast as counting them with np.bincount.
        members = (moving_labels[:, None, :] == numbers).view(np.uint8)
        summed = members.reshape(count * k, n).astype(np.float64) @ moments
        mass = summed[:, 0]
        filled = mass > 0
        block = moving.reshape(count * k, d)
        # An empty group keeps its centre.
        np.divide(summed[:, 1:], mass[:, None], out=block, where=filled[:, None])
        new = assign(moving, moving_penalty)
        changed = (new != moving_labels).any(axis=1)
        moving_labels = new
        # Restarts now in the same state (same groups, same labels) share their path.
        # Looked for every TWIN_CHECK_EVERY iterations only: on the shared conversations,
        # looking at every iteration costs more than it saves.
        same = []
        if not iteration % TWIN_CHECK_EVERY:
            complete = (filled.reshape(count, k) | unused).all(axis=1)
            same = np.flatnonzero(changed & complete)
        if len(same) > 1:
            code = new[same] @ fingerprint + codes[same]
            order = np.argsort(code, kind="stable")
            ordered = same[order]
            for t in np.flatnonzero(np.diff(code[order]) == 0).tolist():
                first, later = ordered[t], ordered[t + 1]
                if codes[first] == codes[later] and np.array_equal(new[first], new[later]):
                    # The later of two twins follows the earlier.
                    follows[ids[later]] = follows[ids[first]]
                    changed[later] = False
        if not changed.all():
            done = ~changed
            centres[ids[done]] = moving[done]
            labels[ids[done]] = new[done]
            ids, moving, moving_labels = ids[changed], moving[changed], new[changed]
            moving_penalty, unused, codes = moving_penalty[changed], unused[changed], codes[changed]
        if not len(ids):
            break
    centres[ids] = moving
    while not np.array_equal(follows[follows], follows):  # a leader may follow another
        follows = follows[follows]
    centres = centres[follows]
    labels = assign(centres, penalty)
    labels = labels.astype(np.intp)
    nearest = np.zeros((restarts, n))
    for axis in range(d):  # squared distance of each point to its own centre
        own = np.take_along_axis(centres[:, :, axis], labels, 1)
        nearest += (points[:, axis] - own) ** 2
    return labels, nearest @ weights


def _pair_distances(points):
    """The distances between every two points, in single precision for _silhouettes:
    computed so from the differences of the coordinates, twice as fast as in double
    precision and within a unit in the last place of it (not through a matrix product,
    which loses the small distances)."""
    single = points.astype(np.float32)
    total = np.zeros((len(points), len(points)), dtype=np.float32)
    for axis in single.T:
        difference = np.subtract.outer(axis, axis)
        difference *= difference
        total += difference
    return np.sqrt(total, out=total)


def _silhouettes(distances, weights, labels, k):
    """Mean silhouette over the participants of each partition (row of labels) into at
    most k groups, with its standard error.

    Each point stands for ``weights`` participants at the same place; a participant
    alone in their group scores 0, as usual. Partitions into fewer groups are scored
    together with the others: the distance matrix, the largest thing here, is read once.
    """
    count, n = labels.shape
    members = (labels[:, :, None] == np.arange(k)) * weights[None, :, None]  # P × n × k
    # Summed distances in single precision (twice as fast; 7 significant digits are
    # plenty for a mean silhouette), the rest in double precision.
    grouped = members.transpose(1, 0, 2).reshape(n, count * k).astype(np.float32)
    sums = (distances @ grouped).astype(np.float64).reshape(n, count, k)
    sums = sums.transpose(1, 0, 2)  # P × n × k: summed distance to each group's members
    mass = members.sum(axis=1)  # P × k
    own = np.take_along_axis(sums, labels[:, :, None], 2)[:, :, 0]
    others = np.take_along_axis(mass, labels, 1) - 1.0  # one's own copy is not counted
    inside = np.divide(own, others, out=np.zeros((count, n)), where=others > 0)
    # The mean distance to each other group; a group a partition does not have is none.
    between = np.divide(
        sums, mass[:, None, :], out=np.full(sums.shape, np.inf), where=mass[:, None, :] > 0
    )
    np.put_along_axis(between, labels[:, :, None], np.inf, 2)
    nearest = between.min(axis=2)
    largest = np.maximum(inside, nearest)
    scores = np.divide(nearest - inside, largest, out=np.zeros((count, n)), where=largest > 0)
    scores = np.where(others > 0, scores, 0.0)
    total = weights.sum()
    mean = scores @ weights / total
    spread = np.sqrt(((scores - mean[:, None]) ** 2) @ weights / total)
    return mean, spread / math.sqrt(total)


def _candidates(labels, inertia, weights, k, pick):
    """The local optima of k-means into k groups worth scoring, among those the
    restarts reached (rows of ``labels``): by ``pick``, the one of lowest inertia or
    all of them, each once, its groups numbered in the order of their first point.
    None when no partition gives every group MIN_GROUP_SIZE participants (``weights``
    are the participants at each point)."""
    count = len(labels)
    bins = (labels + (np.arange(count) * k)[:, None]).ravel()
    sizes = np.bincount(bins, weights=np.tile(weights, count), minlength=count * k)
    sizes = sizes.reshape(count, k)
    valid = np.flatnonzero((sizes >= MIN_GROUP_SIZE).all(axis=1))
    if not len(valid):
        return None
    if pick == "inertia":
        valid = valid[np.argmin(inertia[valid])][None]
    elif pick != "silhouette":
        raise ValueError(f"unknown pick {pick!r}")
    # The same partition under other group numbers is the same partition.
    first = (labels[valid][:, :, None] == np.arange(k)).argmax(axis=1)  # valid × k
    order = np.argsort(np.argsort(first, axis=1), axis=1)
    canonical = np.take_along_axis(order, labels[valid], 1)
    keep = {}
    for r in np.argsort(inertia[valid], kind="stable").tolist():
        keep.setdefault(canonical[r].tobytes(), r)
    return canonical[np.array(list(keep.values()))]


def _best_partitions(found, distances, counted):
    """For each number of groups, the best separated of its ``found`` partitions
    ({k: partitions}; ``counted`` is the weight of each point in the silhouette):
    {k: (labels, mean silhouette, its standard error)}."""
    if not found:
        return {}
    everyone = np.vstack(list(found.values()))
    mean, error = _silhouettes(distances, counted, everyone, max(found))
    best, start = {}, 0
    for k, partitions in found.items():
        end = start + len(partitions)
        i = start + int(np.argmax(mean[start:end]))
        best[k] = (everyone[i], float(mean[i]), float(error[i]))
        start = end
    return best


def _base_clusters(points, weights, count):
    """``count`` weighted k-means centres summarising many distinct points (listed in
    the participants' order): Pol.is's base clusters, started as Pol.is does from the
    first distinct points, and moved by Lloyd iterations until no point changes centre.
    Returns (centres, their weights, the base cluster of each point), the base clusters
    in the order of their starting points.

    The nearest centre is found in a k-d tree: with hundreds of centres on a 2-D map,
    several times faster than comparing every point with every centre."""
    centres = points[:count].copy()
    moments = weights * points.T
    # The points are distinct: each starting centre is the nearest to its own point.
    nearest = np.concatenate([np.arange(count), cKDTree(centres).query(points[count:])[1]])
    labels = None
    for _ in range(MAX_LLOYD_ITERATIONS):
        if labels is not None and np.array_equal(nearest, labels):
            break
        labels = nearest
        mass = np.bincount(labels, weights=weights, minlength=count)
        filled = mass > 0  # an empty base cluster keeps its centre
        for axis, moment in enumerate(moments):
            summed = np.bincount(labels, weights=moment, minlength=count)
            centres[filled, axis] = summed[filled] / mass[filled]
        nearest = cKDTree(centres).query(points)[1]
    used = np.flatnonzero(filled)  # of the last labels: the loop ends having counted them
    renumber = np.full(count, -1)
    renumber[used] = np.arange(len(used))
    return centres[used], mass[used], renumber[labels]


def _distinct_rows(points):
    """np.unique(points, axis=0, return_index=True, return_inverse=True,
    return_counts=True) but the rows themselves, several times faster: (first row of
    each distinct point, the distinct point of each row, rows at each)."""
    order = np.lexsort(points.T[::-1])  # stable: the first row of a run comes first
    ordered = points[order]
    starts = np.ones(len(points), dtype=bool)
    starts[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    run = np.cumsum(starts) - 1
    inverse = np.empty(len(points), dtype=np.intp)
    inverse[order] = run
    return order[starts], inverse, np.diff(np.append(np.flatnonzero(starts), len(points)))


def choose_k(candidates, rule):
    """The number of groups among ``candidates`` [(k, silhouette, standard error)].

    "best": the highest silhouette (Pol.is; the fewer groups on a tie); "fewer": the
    fewest groups whose silhouette is within one standard error of the highest.
    """
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c[1], -c[0]))
    if rule == "best":
        return best[0]
    if rule == "fewer":
        return min(c[0] for c in candidates if c[1] >= best[1] - best[2])
    raise ValueError(f"unknown k rule {rule!r}")


def largest_k(participants, points, low, high, cap):
    """The most groups worth trying: ``high``, at most one per MIN_GROUP_SIZE
    participants and per distinct point, and with ``cap`` at most 2 + points / 12
    (Pol.is: 2 + base clusters / 12)."""
    most = min(high, participants // MIN_GROUP_SIZE, points)
    if cap:
        most = min(most, 2 + points // 12)
    return most if most >= low else None


def cluster(points, k_range, seed, method=DEFAULT):
    """Group of each point (0..k-1, the largest group first), or None for no groups.

    ``points`` are the participants' places on the map, in the participants' order.
    """
    rng = np.random.default_rng(seed)
    # Participants at the same place count as one point of that weight, listed in
    # the order of the first participant at each place.
    first, inverse, counts = _distinct_rows(points)
    order = np.argsort(first, kind="stable")
    rank = np.empty(len(order), dtype=int)
    rank[order] = np.arange(len(order))
    distinct, weights, inverse = (
        points[first[order]],
        counts[order].astype(np.float64),
        rank[inverse],
    )
    if method.base_clusters and len(distinct) > method.base_clusters:
        distinct, weights, to_base = _base_clusters(distinct, weights, method.base_clusters)
        inverse = to_base[inverse]
    low, high = k_range
    high = largest_k(len(points), len(distinct), low, high, method.k_cap)
    if high is None:
        return None
    ks = list(range(low, high + 1))
    if method.init == "first":
        seeds = distinct[None, :high]
    elif method.init == "restarts":
        # The first k seeds of a k-means++ seeding are a k-means++ seeding for k groups.
        seeds = _kmeans_plus_plus(distinct, weights, high, RESTARTS, rng)
    else:
        raise ValueError(f"unknown init {method.init!r}")
    per_k = len(seeds)
    centres = np.tile(seeds, (len(ks), 1, 1))
    used = np.repeat(np.arange(high)[None, :] < np.array(ks)[:, None], per_k, axis=0)
    labels, inertia = _lloyd(distinct, weights, centres, used)
    distances = _pair_distances(distinct)
    counted = weights if method.silhouette == "participants" else np.ones(len(distinct))
    found = {}
    for i, k in enumerate(ks):
        rows = slice(i * per_k, (i + 1) * per_k)
        partitions = _candidates(labels[rows], inertia[rows], weights, k, method.pick)
        if partitions is not None:
            found[k] = partitions
    best = _best_partitions(found, distances, counted)
    k = choose_k([(k, score, error) for k, (_, score, error) in best.items()], method.k_rule)
    if k is None:
        return None
    labels = best[k][0][inverse]
    sizes = np.bincount(labels, minlength=k)
    first = np.array([np.argmax(labels == g) for g in range(k)])
    rank = np.empty(k, dtype=int)
    rank[np.lexsort((first, -sizes))] = np.arange(k)
    return rank[labels]
