"""Small charts of vote results, drawn on the server as SVG.

Every chart is an image with a text alternative (``role="img"`` and a ``<title>``
saying the same figures in words); the pages also give the figures in a table, so
nothing depends on seeing the colours. Colours meet WCAG AA contrast against white
and the segments are separated by a white gap.
"""

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core.typography import labelled

AGREE = "#1e6b2e"
DISAGREE = "#a4161a"
PASS = "#5f6673"  # noqa: S105 - a colour, not a password
LOW = DISAGREE
MIDDLE = PASS
HIGH = AGREE

CHOICE_COLOURS = {"agree": AGREE, "disagree": DISAGREE, "pass": PASS}


def percent(share):
    """A share (0–1) as a whole percentage for people: "60 %"."""
    if share is None:
        return ""
    return _("%(value)s %%") % {"value": round(share * 100)}


def shares_text(shares, votes):
    """The figures of a bar in words (its text alternative)."""
    return ngettext(
        "Agree %(agree)s, disagree %(disagree)s, pass %(pass)s (%(votes)s vote)",
        "Agree %(agree)s, disagree %(disagree)s, pass %(pass)s (%(votes)s votes)",
        votes,
    ) % {
        "agree": percent(shares["agree"]),
        "disagree": percent(shares["disagree"]),
        "pass": percent(shares["pass"]),
        "votes": votes,
    }


def shares_bar(shares, votes, *, uid, label=""):
    """A horizontal bar of the agree, disagree and pass shares, 100 % wide.

    ``uid`` must be unique in the page: it names the bar's title for assistive
    technology. ``label`` (optional) is said before the figures.
    """
    text = shares_text(shares, votes)
    if label:
        text = labelled(label, text)
    parts = []
    x = 0.0
    for name in ("agree", "disagree", "pass"):
        width = max(0.0, float(shares.get(name) or 0.0)) * 100
        if width <= 0:
            continue
        width = min(width, 100 - x)
        parts.append(
            format_html(
                '<rect class="bar-{}" x="{}" y="0" width="{}" height="10" fill="{}"/>',
                name,
                f"{x:.2f}",
                f"{width:.2f}",
                CHOICE_COLOURS[name],
            )
        )
        x += width
    if not parts:  # nobody voted: an empty outline
        parts.append(
            mark_safe(  # noqa: S308 - constant markup
                '<rect x="0.5" y="0.5" width="99" height="9" fill="none" stroke="#7a8496"/>'
            )
        )
    separators = []
    x = 0.0
    for name in ("agree", "disagree"):
        x += max(0.0, float(shares.get(name) or 0.0)) * 100
        if 0 < x < 100:
            separators.append(
                format_html(
                    '<line x1="{}" y1="0" x2="{}" y2="10" stroke="#fff" stroke-width="0.8"/>',
                    f"{x:.2f}",
                    f"{x:.2f}",
                )
            )
    return format_html(
        '<svg class="chart chart-bar" role="img" aria-labelledby="{uid}-title" '
        'viewBox="0 0 100 10" preserveAspectRatio="none" width="100%" height="18" '
        'focusable="false" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{uid}-title">{text}</title>{parts}{separators}</svg>',
        uid=uid,
        text=text,
        parts=mark_safe("".join(parts)),  # noqa: S308 - built with format_html above
        separators=mark_safe("".join(separators)),  # noqa: S308 - idem
    )


def distribution_text(counts):
    return _("Number of answers per rating: %(figures)s") % {
        "figures": ", ".join(
            _("%(rating)s: %(count)s") % {"rating": rating, "count": count}
            for rating, count in enumerate(counts, start=1)
        )
    }


def distribution(counts, *, uid, low=(1, 3), high=(7, 9)):
    """Columns of the number of answers for each rating from 1 to 9."""
    counts = list(counts)
    top = max(counts) if counts and max(counts) > 0 else 1
    columns = []
    for index, count in enumerate(counts):
        rating = index + 1
        if low[0] <= rating <= low[1]:
            colour = LOW
        elif high[0] <= rating <= high[1]:
            colour = HIGH
        else:
            colour = MIDDLE
        height = 40 * count / top
        x = index * 20 + 3
        columns.append(
            format_html(
                '<rect x="{}" y="{}" width="14" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="9">{}</text>'
                '<text x="{}" y="60" text-anchor="middle" font-size="9">{}</text>',
                x,
                f"{48 - height:.2f}",
                f"{height:.2f}",
                colour,
                x + 7,
                f"{max(8.0, 46 - height):.2f}" if count else "46",
                count if count else "",
                x + 7,
                rating,
            )
        )
    return format_html(
        '<svg class="chart chart-distribution" role="img" aria-labelledby="{uid}-title" '
        'viewBox="0 0 180 64" width="270" height="96" focusable="false" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{uid}-title">{text}</title>'
        '<line x1="0" y1="48.5" x2="180" y2="48.5" stroke="#7a8496" stroke-width="0.5"/>'
        "{columns}</svg>",
        uid=uid,
        text=distribution_text(counts),
        columns=mark_safe("".join(columns)),  # noqa: S308 - built with format_html above
    )


def legend():
    """The colours of the bars, for those who see them (the figures are also in words)."""
    items = [("agree", _("Agree")), ("disagree", _("Disagree")), ("pass", _("Pass"))]
    return format_html(
        '<ul class="chart-legend" aria-hidden="true">{}</ul>',
        mark_safe(  # noqa: S308 - each item built with format_html
            "".join(
                format_html('<li><span class="swatch swatch-{}"></span>{}</li>', name, label)
                for name, label in items
            )
        ),
    )
