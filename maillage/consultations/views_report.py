"""The consultation's report, with its PDF, Word and CSV exports."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from maillage.core import downloads
from maillage.documents import csv_filename, wants_french_csv

from . import charts, documents
from .access import get_consultation
from .views_rounds import _context, _runs

# ---------------------------------------------------------------------------- report


def _readers_view(request, consultation):
    """What this reader may see of the report (documents.report_content)."""
    return {
        "full": _runs(request, consultation),
        "show_people": request.user.has_perm("collectives.view_members", consultation.collective),
    }


def _report(request, slug, pk):
    consultation = get_consultation(request, slug, pk)
    return consultation, documents.report_content(
        consultation, **_readers_view(request, consultation)
    )


@login_not_required
def report(request, slug, pk):
    consultation, content = _report(request, slug, pk)
    return render(
        request,
        "consultations/report/report.html",
        _context(
            request,
            consultation,
            report=content,
            legend=charts.legend(),
            crumb_rounds=False,
        ),
    )


# The report's documents: the function of documents.py that writes each, and its
# content type. Each is made once and kept until the report changes (core.downloads):
# anyone may ask for a public collective's, as often as they like.
REPORT_DOCUMENTS = {
    "pdf": ("report_pdf", "application/pdf"),
    "docx": (
        "report_docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "csv": ("data_csv", "text/csv; charset=utf-8"),
}


def _report_document(request, slug, pk, extension):
    consultation = get_consultation(request, slug, pk)
    seen = _readers_view(request, consultation)
    writer, content_type = REPORT_DOCUMENTS[extension]
    write = getattr(documents, writer)
    french = extension == "csv" and wants_french_csv(request)
    extra = {"french": True} if french else {}
    return downloads.download(
        request,
        kind=f"consultations.report.{extension}{'.fr' if french else ''}",
        fingerprint=documents.report_fingerprint(consultation, **seen),
        build=lambda: write(documents.report_content(consultation, **seen), **extra),
        filename=csv_filename(documents.filename(consultation, extension), french),
        content_type=content_type,
        public=not request.user.is_authenticated,
    )


@login_not_required
def report_pdf(request, slug, pk):
    return _report_document(request, slug, pk, "pdf")


@login_not_required
def report_docx(request, slug, pk):
    return _report_document(request, slug, pk, "docx")


@login_not_required
def data_csv(request, slug, pk):
    return _report_document(request, slug, pk, "csv")
