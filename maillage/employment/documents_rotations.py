"""The day's sheets as a PDF of the document layer: one block per recruiter's table
(rounds, times, seekers' first names and wished jobs when they consented), then one per
seeker (rounds, times, recruiters, tables). Each block is kept on one page."""

from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from maillage.documents import (
    Document,
    Heading,
    Paragraph,
    Table,
    Together,
    render_pdf,
)


def _round():
    return pgettext("job café", "Round")


def _time(value):
    return formats.time_format(value, "TIME_FORMAT") if value else ""


def fingerprint(cafe, tables, seekers):
    """Everything the PDF says, as plain values."""
    return (
        cafe.pk,
        cafe.version,
        cafe.event.title,
        [
            (
                sheet["recruiter"].name,
                sheet["table"],
                [
                    (
                        r["number"],
                        r["time"].isoformat(),
                        [(s["name"], s["wishes"]) for s in r["seekers"]],
                    )
                    for r in sheet["rounds"]
                ],
            )
            for sheet in tables
        ],
        [
            (
                sheet["seeker"].pk,
                sheet["seeker"].name,
                [
                    (r["number"], r["time"].isoformat(), r["recruiter"], r["table"])
                    for r in sheet["rounds"]
                ],
            )
            for sheet in seekers
        ],
    )


def filename(cafe):
    return f"{slugify(cafe.event.title) or 'cafe'}-rounds.pdf"


def sheets_document(cafe, tables, seekers):
    blocks = [Heading(1, _("Tables"))]
    for sheet in tables:
        rows = [
            [
                str(r["number"]),
                _time(r["time"]),
                [
                    Paragraph.of(f"{s['name']} — {s['wishes']}" if s["wishes"] else s["name"])
                    for s in r["seekers"]
                ]
                or "",
            ]
            for r in sheet["rounds"]
        ]
        blocks.append(
            Together(
                [
                    Heading(
                        2,
                        _("%(recruiter)s, table %(table)s")
                        % {"recruiter": sheet["recruiter"].name, "table": sheet["table"]},
                    ),
                    Table(
                        header=[_round(), _("Time"), _("Job seekers")],
                        rows=rows,
                        widths=[6, 8, 40],
                    ),
                ]
            )
        )
    blocks.append(Heading(1, _("Job seekers")))
    for sheet in seekers:
        blocks.append(
            Together(
                [
                    Heading(2, sheet["seeker"].name),
                    Table(
                        header=[_round(), _("Time"), _("Recruiter"), _("Table")],
                        rows=[
                            [str(r["number"]), _time(r["time"]), r["recruiter"], str(r["table"])]
                            for r in sheet["rounds"]
                        ],
                        widths=[6, 8, 30, 6],
                    ),
                ]
            )
        )
    if not tables and not seekers:
        blocks.append(Paragraph.of(_("The rounds are not planned yet.")))
    return Document(
        title=_("Rounds of the day"),
        subtitle=cafe.event.collective.name,
        topic=cafe.event.title,
        blocks=blocks,
        footer=cafe.event.title,
    )


def sheets_pdf(cafe, tables, seekers):
    return render_pdf(sheets_document(cafe, tables, seekers))
