"""Edge colouring of a bipartite graph with as many colours as its largest degree.

König's theorem says a bipartite graph whose vertices have at most ``colours`` edges
each can be coloured with ``colours`` colours, so that no two edges of one vertex share
a colour. The classical proof is the algorithm: colour the edges one by one; when the
edge (u, v) finds no colour free at both ends, take a colour ``a`` free at u and ``b``
free at v, and swap a and b along the path of a/b edges that starts at v. That path
cannot reach u (the graph is bipartite and a is free at u), so afterwards a is free at
both ends. Each edge costs at most one path, O(E · V) in all and far less in practice.
"""

from __future__ import annotations


def colour_edges(edges: list[tuple[int, int]], colours: int) -> list[int]:
    """A colour in ``range(colours)`` for each edge (left vertex, right vertex).

    Left and right vertices are numbered separately. Every vertex must have at most
    ``colours`` edges, and an edge must not be given twice.
    """
    left: dict[int, list] = {}
    right: dict[int, list] = {}
    # at[vertex][colour] = the edge's index, or None when the colour is free there.
    result = [-1] * len(edges)

    def slots(side, vertex):
        table = side.get(vertex)
        if table is None:
            table = side[vertex] = [None] * colours
        return table

    for index, (u, v) in enumerate(edges):
        at_u, at_v = slots(left, u), slots(right, v)
        a = _free(at_u)
        if at_v[a] is not None:
            b = _free(at_v)
            _swap_path(edges, result, left, right, v, a, b)
        at_u[a] = at_v[a] = index
        result[index] = a
    return result


def _free(table) -> int:
    for colour, edge in enumerate(table):
        if edge is None:
            return colour
    raise ValueError("a vertex has more edges than there are colours")


def _swap_path(edges, result, left, right, start, a, b):
    """Swap colours a and b along the alternating path from right vertex ``start``,
    whose first edge has colour a (b is free at ``start``)."""
    path = []
    on_right, vertex, colour = True, start, a
    while True:
        table = (right if on_right else left)[vertex]
        edge = table[colour]
        if edge is None:
            break
        path.append(edge)
        u, v = edges[edge]
        vertex = u if on_right else v
        on_right = not on_right
        colour = b if colour == a else a
    # Clear the path's slots first, then write them back with the colours swapped.
    for edge in path:
        u, v = edges[edge]
        left[u][result[edge]] = None
        right[v][result[edge]] = None
    for edge in path:
        u, v = edges[edge]
        new = b if result[edge] == a else a
        result[edge] = new
        left[u][new] = edge
        right[v][new] = edge
