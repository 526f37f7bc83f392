"""The consultation's report as documents: a PDF, a Word document and raw data
(CSV). ``report_document`` builds the report's blocks once (maillage.documents),
so that every format says the same; the figures come from results.py and what
the report says from report.py.

Nothing here names a participant: votes are only counted, comments are listed
without their authors, notes are given with their group only.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.documents import (
    Bullets,
    Document,
    Figure,
    Heading,
    Label,
    Paragraph,
    Rect,
    Table,
    render_csv,
    render_docx,
    render_pdf,
)

from . import charts
from .models import RoundStatus

# The figures and the report's content, where views and tests have always found them.
from .report import (  # noqa: F401
    CSV_COLUMNS,
    Report,
    commitment_person,
    data_rows,
    filename,
    report_content,
    report_fingerprint,
)
from .report_territory import territory_outline
from .results import (  # noqa: F401
    BROAD_SHARE,
    CHOICE_NAMES,
    MIN_VOTES_FOR_LISTS,
    SPLIT_SHARE,
    SPREAD_IQR,
    RoundResults,
    StatementFigures,
    earlier_answers,
    eligible_participants,
    group_label,
    latest_opinions,
    lists_text,
    number,
    round_results,
    rule_text,
)


def _round_line(round_):
    parts = [round_.get_kind_display(), round_.get_status_display()]
    if round_.starts_on:
        parts.append(formats.date_format(round_.starts_on, "SHORT_DATE_FORMAT"))
    if round_.ends_on:
        parts.append(formats.date_format(round_.ends_on, "SHORT_DATE_FORMAT"))
    return " · ".join(str(p) for p in parts)


def _votes_line(results):
    return ngettext(
        "%(voters)s participant answered, of %(eligible)s who could.",
        "%(voters)s participants answered, of %(eligible)s who could.",
        results.voters,
    ) % {
        "voters": results.voters,
        "eligible": results.eligible,
    }


# ---------------------------------------------------------------------------- figures

CM = 72 / 2.54  # points


def _bar(shares, votes, width=4.2 * CM, height=9):
    """The agree, disagree and pass shares as one bar (green, red, grey)."""
    shapes, x = [], 0.0
    for name in ("agree", "disagree", "pass"):
        part = float(shares.get(name) or 0) * width
        if part > 0:
            fill = charts.CHOICE_COLOURS[name]
            shapes.append(Rect(x, 0, part, height, fill=fill, stroke="#ffffff"))
            x += part
    if x == 0:
        shapes.append(Rect(0, 0, width, height, stroke="#7a8496"))
    return Figure(width, height, charts.shares_text(shares, votes), shapes=shapes)


def _distribution(counts, width=3.6 * CM, height=36):
    """The number of answers for each rating from 1 to 9, as columns."""
    top = max(counts) or 1
    step = width / 9
    shapes = []
    for index, count in enumerate(counts):
        rating = index + 1
        colour = charts.LOW if rating <= 3 else charts.HIGH if rating >= 7 else charts.MIDDLE
        if count:
            shapes.append(Rect(index * step + 2, 10, step - 4, height * count / top, fill=colour))
        shapes.append(Label(index * step + step / 2, 0, str(rating), size=7))
    return Figure(width, height + 10, charts.distribution_text(counts), shapes=shapes)


# ------------------------------------------------------------------------ the outline


def _outline(report):
    """The report's body as a sequence of (kind, value) blocks, turned into the
    document's blocks by ``report_document``."""
    consultation = report.consultation
    if consultation.purpose:
        yield "h1", _("Purpose")
        yield "paragraphs", consultation.purpose
    yield "h1", _("Questions")
    yield "bullets", [question.text for question in report.questions] or [_("No question.")]
    yield "h1", _("Groups")
    if report.groups:
        yield (
            "table",
            (
                [_("Group"), _("Territory"), _("Participants"), _("Notes")],
                [
                    [
                        group.name,
                        group.territory.name if group.territory_id else "",
                        str(group.participant_count),
                        str(group.note_count),
                    ]
                    for group in report.groups
                ],
            ),
        )
    else:
        yield "body", _("No group.")

    yield "h1", _("Themes")
    if not report.show_synthesis:
        yield "body", _("The synthesis is not published yet.")
    else:
        for entry in report.group_themes:
            yield "h2", entry["group"].name
            if not entry["themes"]:
                yield "body", _("No theme yet.")
            for item in entry["themes"]:
                yield "h3", item["theme"].title
                if item["theme"].statement:
                    yield "quote", item["theme"].statement
                yield "bullets", [note.text for note in item["notes"]]
            if entry["unsorted"]:
                yield "h3", _("Notes not sorted into a theme")
                yield "bullets", [note.text for note in entry["unsorted"]]
        if report.cross_themes:
            yield "h2", _("Themes shared across groups")
            for item in report.cross_themes:
                yield "h3", item["theme"].title
                if item["theme"].statement:
                    yield "quote", item["theme"].statement
                yield (
                    "body",
                    _("From: %(sources)s")
                    % {
                        "sources": "; ".join(
                            f"{title} ({group})" for title, group in item["sources"]
                        )
                    },
                )

    yield "h1", _("Rounds")
    for entry in report.rounds:
        round_, results = entry["round"], entry["results"]
        yield "h2", str(round_)
        yield "small", _round_line(round_)
        if results is None:
            if round_.is_vote:
                yield "body", _("The results are shown once the round is closed.")
            continue
        if round_.status == RoundStatus.OPEN:
            yield "small", _("Provisional: the round is still open.")
        yield "body", _votes_line(results)
        if not results.statements:
            yield "body", _("No statement in this round.")
            continue
        if results.is_rating:
            yield "small", results.rule
            yield "rating_table", results.statements
        else:
            yield (
                "agree_table",
                [(item.statement.text, item.votes, item.shares) for item in results.statements],
            )
            yield "bar_legend", None
            yield "small", results.lists_rule
        for title, found in (
            (_("Consensus"), results.consensus),
            (_("Broad disagreement"), results.rejected),
            (_("Divided or spread out"), results.divergent),
        ):
            if found:
                yield "h3", title
                yield "bullets", [item.statement.text for item in found]
        opinions = results.opinions
        if opinions and opinions["k"]:
            yield "h3", _("Opinion groups")
            for group in opinions["groups"]:
                yield (
                    "body",
                    ngettext(
                        "%(group)s: %(size)s participant",
                        "%(group)s: %(size)s participants",
                        group["size"],
                    )
                    % {
                        "group": group["label"],
                        "size": group["size"],
                    },
                )
                yield (
                    "bullets",
                    [
                        _("%(statement)s (%(direction)s: %(percent)s)")
                        % {
                            "statement": entry["figures"].statement.text,
                            "direction": _("agree")
                            if entry["direction"] == "agree"
                            else _("disagree"),
                            "percent": entry["group"]["percents"][entry["direction"]],
                        }
                        for entry in group["statements"]
                    ],
                )
        changed = [item for item in results.statements if item.change and item.change["n"]]
        if changed:
            yield "h3", _("Changes since the previous round")
            yield (
                "bullets",
                [
                    ngettext(
                        "%(statement)s: %(percent)s of %(n)s participant changed their answer",
                        "%(statement)s: %(percent)s of %(n)s participants changed their answer",
                        item.change["n"],
                    )
                    % {
                        "statement": item.statement.text,
                        "percent": item.change["percent_changed"],
                        "n": item.change["n"],
                    }
                    for item in changed
                ],
            )

    if consultation.network_id:  # a section per territory
        yield from territory_outline(report)

    if report.show_synthesis:
        yield "h1", _("Commitments")
        if report.commitments:
            header = [_("Commitment"), _("Due on"), _("Group")]
            if report.show_people:
                header.insert(1, _("Who"))
            rows = []
            for commitment in report.commitments:
                row = [
                    commitment.text,
                    formats.date_format(commitment.due_on, "SHORT_DATE_FORMAT"),
                    commitment.note.group.name,
                ]
                if report.show_people:
                    row.insert(1, commitment_person(commitment, True))
                rows.append(row)
            yield "table", (header, rows)
        else:
            yield "body", _("No commitment.")
    yield "h1", _("Conclusions")
    if consultation.conclusions:
        yield "paragraphs", consultation.conclusions
    else:
        yield "body", _("No conclusions yet.")


# ------------------------------------------------------------------------- documents


def _agree_table(value):
    return Table(
        header=[_("Statement"), _("Votes"), _("Agree"), _("Disagree"), _("Pass"), ""],
        rows=[
            [
                label,
                votes,
                charts.percent(shares["agree"]),
                charts.percent(shares["disagree"]),
                charts.percent(shares["pass"]),
                _bar(shares, votes),
            ]
            for label, votes, shares in value
        ],
        widths=[53, 16, 22, 22, 17, 44],
        align=["left", "right", "right", "right", "right", "left"],
    )


def _rating_table(value):
    return Table(
        header=[
            _("Statement"),
            _("Answers"),
            _("Median"),
            _("Q1 – Q3"),
            _("IQR"),
            _("7–9"),
            _("Consensus"),
            "",
        ],
        rows=[
            [
                item.statement.text,
                item.votes,
                item.median,
                item.quartiles,
                item.iqr,
                item.high_percent,
                _("yes") if item.rating["consensus"] else _("no"),
                _distribution(item.distribution) if item.votes else "",
            ]
            for item in value
        ],
        widths=[36, 21, 19, 19, 11, 13, 24, 33],
        align=["left", "right", "right", "right", "right", "right", "left", "left"],
    )


def _blocks(report):
    for kind, value in _outline(report):
        if kind in ("h1", "h2", "h3"):
            yield Heading(int(kind[1]), value)
        elif kind in ("body", "small", "quote"):
            yield Paragraph.of(value, kind)
        elif kind == "paragraphs":
            for chunk in str(value).split("\n\n"):
                if chunk.strip():
                    yield Paragraph.of(chunk.strip())
        elif kind == "bullets":
            yield Bullets([str(item) for item in value])
        elif kind == "agree_table":
            yield _agree_table(value)
        elif kind == "rating_table":
            yield _rating_table(value)
        elif kind == "table":
            header, rows = value
            yield Table(header=header, rows=rows)
        elif kind == "bar_legend":
            yield Paragraph.of(_("Bars: agree in green, disagree in red, pass in grey."), "small")


def report_document(report):
    """The report as a document (maillage.documents), whatever the format."""
    consultation = report.consultation
    generated = formats.date_format(timezone.localtime(report.generated_at), "DATE_FORMAT")
    meta = (
        consultation.get_method_display(),
        consultation.get_status_display(),
        _("report of %(date)s") % {"date": generated},
    )
    return Document(
        title=consultation.title,
        subtitle=consultation.collective.name,
        meta=" · ".join(str(part) for part in meta),
        author=consultation.collective.name,
        subject=_("Report of the consultation"),
        footer=consultation.title,
        blocks=list(_blocks(report)),
    )


def report_pdf(report):
    """The report as PDF bytes."""
    return render_pdf(report_document(report))


def report_docx(report):
    """The report as a Word document (bytes)."""
    return render_docx(report_document(report))


# ------------------------------------------------------------------------------- CSV


def data_csv(report, french=False):
    """Raw data, one row per record: the visible notes (with their group, question,
    theme, code and time; never who wrote them) when the synthesis is shown, then
    the answers of each round counted per statement (never who answered what).
    Column names are stable identifiers, in English; text that a spreadsheet would
    read as a formula is neutralised (maillage.documents). ``french``: the ";"
    variant, with decimal commas and days first."""
    rows = [[row.get(column, "") for column in CSV_COLUMNS] for row in data_rows(report)]
    return render_csv(Table(header=CSV_COLUMNS, rows=rows), french=french)
