"""The report's chart: posts by band of weekly hours, before pooling (one post per
need) and after (the jobs, and the needs left out). Drawn on the server as SVG for the
page (role="img", <title>, <desc>; no script, no inline style) and as a Figure of the
document layer for the DOCX and PDF; the same figures are always in a table beside it.
Bars differ by fill and by outline, not by colour alone."""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from maillage.documents import Figure, Label, Rect

BEFORE = ("#cfe3f3", "#1f5f99")  # fill, outline
AFTER = ("#1f5f99", "#0b2e4f")
WIDTH, HEIGHT = 480, 220
LEFT, BOTTOM, TOP = 36, 48, 18


def description(rows):
    """The chart in words (its text alternative)."""
    parts = [
        _("%(band)s: %(before)s before, %(after)s after")
        % {"band": label, "before": before, "after": after}
        for label, before, after in rows
    ]
    return _("Number of posts by weekly hours. %(bands)s.") % {"bands": "; ".join(parts)}


def _layout(rows):
    top = max([1, *(max(before, after) for _label, before, after in rows)])
    band = (WIDTH - LEFT - 10) / max(1, len(rows))
    bar = min(34.0, band / 3)
    scale = (HEIGHT - BOTTOM - TOP) / top
    bars = []
    for index, (label, before, after) in enumerate(rows):
        x = LEFT + index * band + (band - 2 * bar - 4) / 2
        bars.append((label, x, bar, before, before * scale, after, after * scale))
    return band, bars


def svg(rows, *, title):
    band, bars = _layout(rows)
    base = HEIGHT - BOTTOM
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-bars" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-labelledby="report-chart-title report-chart-desc">',
        f'<title id="report-chart-title">{escape(title)}</title>',
        f'<desc id="report-chart-desc">{escape(description(rows))}</desc>',
        f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH - 6}" y2="{base}" stroke="#64748b"/>',
    ]
    for label, x, bar, before, before_h, after, after_h in bars:
        for offset, count, height, (fill, stroke) in (
            (0, before, before_h, BEFORE),
            (bar + 4, after, after_h, AFTER),
        ):
            out.append(
                f'<rect x="{x + offset:.1f}" y="{base - height:.1f}" width="{bar:.1f}" '
                f'height="{height:.1f}" fill="{fill}" stroke="{stroke}" stroke-width="1"/>'
            )
            out.append(
                f'<text x="{x + offset + bar / 2:.1f}" y="{base - height - 4:.1f}" '
                f'text-anchor="middle" font-size="11" fill="#1e293b">{count}</text>'
            )
        out.append(
            f'<text x="{x + bar + 2:.1f}" y="{base + 16}" text-anchor="middle" font-size="10" '
            f'fill="#1e293b">{escape(label)}</text>'
        )
    for index, (name, (fill, stroke)) in enumerate(
        ((_("Before: one post per need"), BEFORE), (_("After: jobs and needs left out"), AFTER))
    ):
        x = LEFT + index * 220
        out.append(
            f'<rect x="{x}" y="{HEIGHT - 16}" width="12" height="10" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{x + 18}" y="{HEIGHT - 7}" font-size="11" fill="#1e293b">'
            f"{escape(name)}</text>"
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


def figure(rows, *, title):
    """The same chart as a Figure of the document layer."""
    _band, bars = _layout(rows)
    shapes = []
    for label, x, bar, before, before_h, after, after_h in bars:
        for offset, count, height, (fill, stroke) in (
            (0, before, before_h, BEFORE),
            (bar + 4, after, after_h, AFTER),
        ):
            shapes.append(Rect(x + offset, BOTTOM, bar, max(height, 0.1), fill, stroke))
            shapes.append(Label(x + offset + bar / 2, BOTTOM + height + 3, str(count), 8))
        shapes.append(Label(x + bar + 2, BOTTOM - 12, label, 7))
    for index, (name, (fill, stroke)) in enumerate(
        ((_("Before: one post per need"), BEFORE), (_("After: jobs and needs left out"), AFTER))
    ):
        x = LEFT + index * 220
        shapes.append(Rect(x, 6, 12, 10, fill, stroke))
        shapes.append(Label(x + 18, 8, name, 8, "start"))
    return Figure(WIDTH, HEIGHT, description(rows), shapes=shapes, caption=title)
