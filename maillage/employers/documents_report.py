"""The feasibility report as a Document of the document layer (DOCX and PDF): the
figures of ``figures.report`` in words and tables, with the chart of weekly hours."""

from decimal import Decimal

from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.documents import (
    Bullets,
    Document,
    Heading,
    Paragraph,
    Table,
    render_docx,
    render_pdf,
)

from . import charts_report


def number(value, places=1):
    """A number as the reader writes it (a comma in French), ``places`` decimals at
    most, none for a whole number."""
    if value is None:
        return "—"
    if float(value) == int(value):
        places = 0
    return formats.number_format(round(float(value), places), places, use_l10n=True)


def money(value):
    if value is None:
        return "—"
    amount = formats.number_format(
        Decimal(value).quantize(Decimal("0.01")), 2, use_l10n=True, force_grouping=True
    )
    return _("%(amount)s €") % {"amount": amount}


def share(value):
    return "—" if value is None else _("%(percent)s %%") % {"percent": number(value)}


def chart_title(report):
    return _("Posts by weekly hours, before and after pooling (%(week)s)") % {
        "week": report.distribution_week
    }


def _needs_blocks(report):
    needs = report.needs
    return [
        Heading(1, _("Needs declared")),
        Paragraph.of(
            ngettext(
                "%(count)s need declared by the members, %(hours)s hours a week in all.",
                "%(count)s needs declared by the members, %(hours)s hours a week in all.",
                needs.count,
            )
            % {"count": needs.count, "hours": number(needs.hours)}
        ),
        Table(
            header=[_("Job family"), _("Period"), _("Needs"), _("Hours a week")],
            rows=[
                [line.label, line.detail, line.count, number(line.hours)]
                for line in needs.by_family
            ],
            widths=[24, 18, 8, 10],
            align=["left", "left", "right", "right"],
            caption=_("Needs by job family and period"),
        ),
        Table(
            header=[_("Member"), _("Needs"), _("Hours a week")],
            rows=[[line.label, line.count, number(line.hours)] for line in needs.by_member],
            widths=[34, 8, 10],
            align=["left", "right", "right"],
            caption=_("Needs by member"),
        ),
    ]


def run_rows(figures):
    return [
        [_("Needs planned"), figures.needs_count],
        [_("Hours declared a week"), number(figures.hours_declared)],
        [_("Jobs proposed"), figures.jobs],
        [_("Hours a week in the jobs"), number(figures.hours_in_jobs)],
        [_("Share of the hours placed in jobs"), share(figures.placed_share)],
        [_("Jobs at full time"), figures.full_time],
        [_("Share of the jobs at full time"), share(figures.full_time_share)],
        [_("Average hours of a post before (one post per need)"), number(figures.average_before)],
        [_("Average hours of a job after pooling"), number(figures.average_after)],
        [_("Hours in jobs of first-fit, for comparison"), number(figures.baseline_hours)],
        [_("Needs left uncovered"), figures.uncovered_count],
    ]


def _run_blocks(report):
    blocks = [Heading(1, _("Jobs proposed"))]
    if not report.runs:
        blocks.append(Paragraph.of(_("No pooling run has gone through yet.")))
        return blocks
    for figures in report.runs.values():
        blocks.append(Heading(2, figures.week_label))
        blocks.append(Table(header=[], rows=run_rows(figures), widths=[40, 12], label_column=True))
        if figures.uncovered:
            blocks.append(Paragraph.of(_("Why needs stay uncovered:"), bold=True))
            blocks.append(
                Table(
                    header=[_("Reason"), _("Needs"), _("Hours a week")],
                    rows=[
                        [line.label, line.count, number(line.hours)] for line in figures.uncovered
                    ],
                    widths=[40, 8, 10],
                    align=["left", "right", "right"],
                )
            )
    if report.distribution:
        title = chart_title(report)
        blocks.append(Heading(2, title))
        blocks.append(charts_report.figure(report.distribution, title=title))
        blocks.append(
            Table(
                header=[_("Weekly hours"), _("Posts before"), _("Posts after")],
                rows=[[label, before, after] for label, before, after in report.distribution],
                widths=[24, 10, 10],
                align=["left", "right", "right"],
            )
        )
    return blocks


def _kept_blocks(report):
    blocks = [Heading(1, _("Jobs kept"))]
    if not report.kept:
        blocks.append(Paragraph.of(_("No job kept yet.")))
        return blocks
    blocks.append(
        Table(
            header=[
                _("Job"),
                _("Qualification"),
                _("Term-time week (h)"),
                _("Holiday week (h)"),
                _("Hours a year"),
                _("Training"),
            ],
            rows=[
                [
                    item.job.title,
                    item.job.qualification.name,
                    number(item.term_hours),
                    number(item.holiday_hours),
                    number(item.annual_hours),
                    money(item.training_cost) if item.trainings else "—",
                ]
                for item in report.kept
            ],
            widths=[22, 14, 9, 9, 9, 10],
            align=["left", "left", "right", "right", "right", "right"],
        )
    )
    trainings = [
        _("%(job)s: %(training)s (%(hours)s h, %(cost)s)")
        % {
            "job": item.job.title,
            "training": training.name,
            "hours": training.hours,
            "cost": money(training.cost),
        }
        for item in report.kept
        for training in item.trainings
    ]
    if trainings:
        blocks.append(Paragraph.of(_("Training needed:"), bold=True))
        blocks.append(Bullets(trainings))
    blocks.append(Heading(2, _("Each member's share")))
    blocks.append(
        Table(
            header=[
                _("Member"),
                _("Term-time week (h)"),
                _("Holiday week (h)"),
                _("Hours a year"),
                _("Cost a year"),
                _("Share of training"),
            ],
            rows=[
                [
                    line.name,
                    number(line.term_hours),
                    number(line.holiday_hours),
                    number(line.annual_hours),
                    money(line.annual_cost),
                    money(line.training_cost),
                ]
                for line in report.members
            ],
            widths=[22, 9, 9, 9, 11, 11],
            align=["left", "right", "right", "right", "right", "right"],
        )
    )
    return blocks


def agreement_rows(figures):
    return [
        [_("Staff lending agreements signed"), figures.lendings_signed],
        [_("Hours lent over their dates"), number(figures.lending_hours)],
        [_("Paid back to the lenders"), money(figures.lending_amount)],
        [_("Agreements proposed, not signed yet"), figures.lendings_draft],
        [_("Skills sponsorship offers"), figures.offers],
        [_("Hours of skills offered"), figures.offer_hours],
        [_("Offers given to a member"), figures.offers_given],
        [_("Hours given to members"), figures.given_hours],
    ]


def report_document(report):
    group = report.group
    blocks = [
        Paragraph.of(
            _(
                "The employer group pools its members' part-time needs into jobs one person "
                "can hold: no overlapping slots, time to travel between sites, one "
                "qualification for every need, at most %(full)s h and at least %(min)s h a "
                "week."
            )
            % {"full": number(group.target_hours), "min": number(group.min_hours)}
        ),
        *_needs_blocks(report),
        *_run_blocks(report),
        *_kept_blocks(report),
        Heading(1, _("Staff lending and skills sponsorship")),
        Table(
            header=[], rows=agreement_rows(report.agreements), widths=[40, 12], label_column=True
        ),
    ]
    return Document(
        title=_("Feasibility study"),
        subtitle=group.collective.name,
        topic=group.name,
        blocks=blocks,
        footer=group.name,
    )


def filename(group, extension):
    return f"{slugify(group.name) or 'groupement'}-etude.{extension}"


def report_docx(report):
    return render_docx(report_document(report))


def report_pdf(report):
    return render_pdf(report_document(report))
