"""Charts of shared premises drawn as SVG on the server: no JavaScript, each an image
with its title and description (role="img", <title>, <desc>), the same figures always
in a table beside it. Colours are the SVG's own attributes (no inline style), with a
pattern of dashes so that lines do not depend on colour alone.
"""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

# From light to dark, readable text on each (dark text on the first three).
HEAT = ("#f1f5f9", "#cfe3f3", "#9cc7e8", "#4f8fc4", "#1f5f99")
LINES = (("#1f5f99", ""), ("#b5472a", "6 4"), ("#2f7d4a", "2 3"))
_ids = {"n": 0}


def _id(prefix):
    _ids["n"] += 1
    return f"{prefix}-{_ids['n']}"


def _heat(share):
    if share is None:
        return "#ffffff"
    index = min(len(HEAT) - 1, int(Decimal(share) // 20))
    return HEAT[index]


def heatmap(*, rows, columns, title, description, empty="–"):
    """A grid of coloured cells: ``rows`` = [(label, [share or None, ...])] (a
    percentage each), ``columns`` = the columns' short labels."""
    label_width, cell, height = 150, 38, 26
    width = label_width + cell * len(columns) + 4
    total = height * (len(rows) + 1) + 4
    title_id, desc_id = _id("chart-title"), _id("chart-desc")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-heatmap" role="img" '
        f'viewBox="0 0 {width} {total}" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]
    for index, label in enumerate(columns):
        x = label_width + index * cell + cell / 2
        out.append(
            f'<text x="{x:.0f}" y="{height - 8}" text-anchor="middle" font-size="11" '
            f'fill="#1e293b">{escape(label)}</text>'
        )
    for number, (label, shares) in enumerate(rows, start=1):
        y = number * height
        out.append(
            f'<text x="{label_width - 6}" y="{y + height / 2 + 4:.0f}" text-anchor="end" '
            f'font-size="11" fill="#1e293b">{escape(str(label)[:24])}</text>'
        )
        for index, share in enumerate(shares):
            x = label_width + index * cell
            fill = _heat(share)
            dark = share is not None and Decimal(share) >= 60
            text = empty if share is None else f"{Decimal(share):.0f}"
            out.append(
                f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{height - 2}" '
                f'fill="{fill}" stroke="#94a3b8" stroke-width="0.5"/>'
            )
            out.append(
                f'<text x="{x + cell / 2 - 1:.0f}" y="{y + height / 2 + 3:.0f}" '
                f'text-anchor="middle" font-size="10" '
                f'fill="{"#ffffff" if dark else "#1e293b"}">{escape(text)}</text>'
            )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


def _scale(low, high, start, end):
    span = (high - low) or 1

    def to(value):
        return start + (float(value) - low) / span * (end - start)

    return to


def line_chart(*, series, title, description, x_label, y_label, x_suffix=""):
    """Lines of (x, y) points, up to three (``series`` = [(name, [(x, y), ...])]),
    with the zero of y drawn when it is in view."""
    width, height = 560, 300
    left, right, top, bottom = 78, 16, 16, 58
    xs = [float(x) for _name, points in series for x, _y in points] or [0, 1]
    ys = [float(y) for _name, points in series for _x, y in points] or [0, 1]
    low_y, high_y = min(min(ys), 0), max(max(ys), 0)
    to_x = _scale(min(xs), max(xs), left, width - right)
    to_y = _scale(low_y, high_y, height - bottom, top)
    title_id, desc_id = _id("chart-title"), _id("chart-desc")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-lines" role="img" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#64748b"/>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" '
        f'y2="{height - bottom}" stroke="#64748b"/>',
    ]
    zero = to_y(0)
    out.append(
        f'<line x1="{left}" y1="{zero:.1f}" x2="{width - right}" y2="{zero:.1f}" '
        f'stroke="#1e293b" stroke-dasharray="3 3"/>'
    )
    for value in (low_y, 0, high_y):
        out.append(
            f'<text x="{left - 6}" y="{to_y(value) + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#1e293b">{escape(f"{value:,.0f}")}</text>'
        )
    ticks = sorted({float(x) for _name, points in series for x, _y in points})
    for value in ticks:
        out.append(
            f'<text x="{to_x(value):.1f}" y="{height - bottom + 16}" text-anchor="middle" '
            f'font-size="10" fill="#1e293b">{escape(f"{value:.0f}{x_suffix}")}</text>'
        )
    out.append(
        f'<text x="{(left + width - right) / 2:.0f}" y="{height - bottom + 32}" '
        f'text-anchor="middle" font-size="11" fill="#1e293b">{escape(x_label)}</text>'
    )
    out.append(
        f'<text x="12" y="{top + (height - bottom - top) / 2:.0f}" font-size="11" '
        f'fill="#1e293b" transform="rotate(-90 12 {top + (height - bottom - top) / 2:.0f})" '
        f'text-anchor="middle">{escape(y_label)}</text>'
    )
    for index, (name, points) in enumerate(series[: len(LINES)]):
        colour, dashes = LINES[index]
        path = " ".join(f"{to_x(x):.1f},{to_y(y):.1f}" for x, y in points)
        dash = f' stroke-dasharray="{dashes}"' if dashes else ""
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>'
        )
        legend_y = height - 10
        legend_x = left + index * 160
        out.append(
            f'<line x1="{legend_x}" y1="{legend_y - 4}" x2="{legend_x + 24}" y2="{legend_y - 4}" '
            f'stroke="{colour}" stroke-width="2.5"{dash}/>'
        )
        out.append(
            f'<text x="{legend_x + 30}" y="{legend_y}" font-size="11" fill="#1e293b">'
            f"{escape(str(name)[:22])}</text>"
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped
