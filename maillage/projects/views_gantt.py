"""The Gantt chart pages of a project and of a work stream.

Who sees them and their plans come from gantt_access.py; the page itself is the one
every Gantt shares (actions/views_gantt.py).
"""

from maillage.actions.views_gantt import render_gantt

from .gantt_access import project_plan, stream_plan


def project_gantt(request, slug, pk):
    project, plan, chosen = project_plan(request, slug, pk)
    return render_gantt(
        request,
        obj=project,
        plan=plan,
        chosen=chosen,
        groupings=("phase", "owner"),
        exports=("projects:gantt_xlsx", "projects:gantt_pdf", [slug, pk]),
        phases=("actions:project_phases", [slug, pk]),
        context={"template": "projects/gantt_project.html", "project": project},
    )


def stream_gantt(request, slug, pk):
    stream, plan, chosen = stream_plan(request, slug, pk)
    return render_gantt(
        request,
        obj=stream,
        plan=plan,
        chosen=chosen,
        groupings=("project", "phase", "owner"),
        exports=("projects:stream_gantt_xlsx", "projects:stream_gantt_pdf", [slug, pk]),
        context={"template": "projects/gantt_stream.html", "stream": stream},
    )
