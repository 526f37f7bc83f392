"""A Gantt chart as XLSX and PDF: the consultation's here, and ``serve`` for the
projects' and work streams' (projects.views_gantt_exports).

Who may see the chart may download it (gantt_access); each file is made once per
plan, day, language and options (core.downloads)."""

from django.utils import timezone

from maillage.core import downloads
from maillage.documents import render_pdf

from .gantt_access import consultation_plan
from .gantt_documents import gantt_document, gantt_xlsx, plan_fingerprint

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def serve(request, *, kind, collective, subject, plan, options, extension):
    """The chart of ``subject`` (a project, a work stream, a consultation) as a file."""
    today = timezone.localdate()
    name = collective.name
    if extension == "xlsx":
        content_type = XLSX

        def build():
            return gantt_xlsx(plan, collective_name=name, today=today, paper=options["paper"])
    else:
        content_type = PDF

        def build():
            return render_pdf(
                gantt_document(plan, collective_name=name, today=today, paper=options["paper"])
            )

    return downloads.download(
        request,
        kind=f"{kind}.gantt.{extension}",
        fingerprint=(subject.pk, plan_fingerprint(plan, options, name)),
        build=build,
        filename=f"{collective.slug}-gantt-{subject.pk}-{today.isoformat()}.{extension}",
        content_type=content_type,
    )


def serve_plan(request, slug, pk, *, load, kind, extension):
    """The file of the plan ``load`` (a gantt_access loader: subject, plan, options)
    gives for this request."""
    subject, plan, options = load(request, slug, pk)
    return serve(
        request,
        kind=kind,
        collective=subject.collective,
        subject=subject,
        plan=plan,
        options=options,
        extension=extension,
    )


def consultation_gantt_xlsx(request, slug, pk):
    return serve_plan(
        request, slug, pk, load=consultation_plan, kind="actions.consultation", extension="xlsx"
    )


def consultation_gantt_pdf(request, slug, pk):
    return serve_plan(
        request, slug, pk, load=consultation_plan, kind="actions.consultation", extension="pdf"
    )
