"""A project's and a work stream's Gantt chart as XLSX and PDF (who may see the
chart may download it: gantt_access; the files: actions.gantt_documents)."""

from functools import partial

from maillage.actions.views_gantt_exports import serve_plan

from .gantt_access import project_plan, stream_plan

gantt_xlsx = partial(serve_plan, load=project_plan, kind="projects.project", extension="xlsx")
gantt_pdf = partial(serve_plan, load=project_plan, kind="projects.project", extension="pdf")
stream_gantt_xlsx = partial(serve_plan, load=stream_plan, kind="projects.stream", extension="xlsx")
stream_gantt_pdf = partial(serve_plan, load=stream_plan, kind="projects.stream", extension="pdf")
