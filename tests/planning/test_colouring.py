"""König's edge colouring (maillage/planning/colouring.py): any bipartite graph whose
degrees are at most k is coloured with k colours, no two edges of a vertex alike."""

from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.planning.colouring import colour_edges


@st.composite
def bipartite(draw):
    left = draw(st.integers(1, 12))
    right = draw(st.integers(1, 12))
    pairs = draw(
        st.sets(st.tuples(st.integers(0, left - 1), st.integers(0, right - 1)), max_size=80)
    )
    return sorted(pairs)


@settings(max_examples=200, deadline=None)
@given(bipartite())
def test_max_degree_colours_suffice(edges):
    degrees = {}
    for u, v in edges:
        degrees[("l", u)] = degrees.get(("l", u), 0) + 1
        degrees[("r", v)] = degrees.get(("r", v), 0) + 1
    colours = max(degrees.values(), default=0)
    result = colour_edges(edges, colours)
    assert all(0 <= c < colours for c in result)
    seen = set()
    for (u, v), colour in zip(edges, result, strict=True):
        assert ("l", u, colour) not in seen and ("r", v, colour) not in seen
        seen.update({("l", u, colour), ("r", v, colour)})


def test_a_complete_bipartite_graph_is_a_latin_square():
    n = 7
    edges = [(u, v) for u in range(n) for v in range(n)]
    result = colour_edges(edges, n)
    rows = [[None] * n for _ in range(n)]
    for (u, v), colour in zip(edges, result, strict=True):
        rows[u][v] = colour
    assert all(sorted(row) == list(range(n)) for row in rows)
    assert all(sorted(column) == list(range(n)) for column in zip(*rows, strict=True))
