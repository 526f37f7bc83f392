"""The feasibility report (urls_agreements.py): the page and its downloads (DOCX,
PDF), for the coordinators. Its figures are those of ``figures.report``."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from maillage.core.downloads import download

from . import charts_report, documents_report, figures
from .views_agreements import MANAGE, get_group

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_GET
def report(request, slug):
    group = get_group(request, slug, MANAGE)
    made = figures.report(group)
    title = documents_report.chart_title(made)
    return render(
        request,
        "employers/agreements/report.html",
        {
            "collective": group.collective,
            "group": group,
            "report": made,
            "runs": [
                (run_figures, documents_report.run_rows(run_figures))
                for run_figures in made.runs.values()
            ],
            "agreement_rows": documents_report.agreement_rows(made.agreements),
            "chart": charts_report.svg(made.distribution, title=title) if made.distribution else "",
            "chart_title": title,
        },
    )


def _download(request, slug, extension, content_type, render_document):
    group = get_group(request, slug, MANAGE)
    document = documents_report.report_document(figures.report(group))
    return download(
        request,
        kind=f"employers-report-{extension}",
        fingerprint=repr(document),
        build=lambda: render_document(document),
        filename=documents_report.filename(group, extension),
        content_type=content_type,
    )


@require_GET
def report_docx(request, slug):
    from maillage.documents import render_docx

    return _download(request, slug, "docx", DOCX, render_docx)


@require_GET
def report_pdf(request, slug):
    from maillage.documents import render_pdf

    return _download(request, slug, "pdf", "application/pdf", render_pdf)
