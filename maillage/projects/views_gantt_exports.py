"""A project's and a work stream's Gantt chart as XLSX and PDF (who may see the
chart may download it: gantt_access; the files: actions.gantt_documents)."""

from maillage.actions.views_gantt_exports import serve

from .gantt_access import project_plan, stream_plan


def _project(request, slug, pk, extension):
    project, plan, options = project_plan(request, slug, pk)
    return serve(
        request,
        kind="projects.project",
        collective=project.collective,
        subject=project,
        plan=plan,
        options=options,
        extension=extension,
    )


def _stream(request, slug, pk, extension):
    stream, plan, options = stream_plan(request, slug, pk)
    return serve(
        request,
        kind="projects.stream",
        collective=stream.collective,
        subject=stream,
        plan=plan,
        options=options,
        extension=extension,
    )


def gantt_xlsx(request, slug, pk):
    return _project(request, slug, pk, "xlsx")


def gantt_pdf(request, slug, pk):
    return _project(request, slug, pk, "pdf")


def stream_gantt_xlsx(request, slug, pk):
    return _stream(request, slug, pk, "xlsx")


def stream_gantt_pdf(request, slug, pk):
    return _stream(request, slug, pk, "pdf")
