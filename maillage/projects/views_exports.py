"""The board's exports (XLSX, CSV, DOCX) and its timeline page.

Everyone in the collective may read them (projects.view_board); outsiders get 404.
Views only read: the files come from exports.py, the picture from timeline.py.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .access import get_board_collective
from .exports import board_csv, board_docx, board_xlsx, load_board
from .models import WorkStream
from .timeline import timeline_items, timeline_svg

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(content, content_type, collective, extension):
    today = timezone.localdate()
    response = HttpResponse(content, content_type=content_type)
    name = f"{collective.slug}-board-{today.isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def export_xlsx(request, slug):
    collective = get_board_collective(request, slug)
    return _download(board_xlsx(collective), XLSX, collective, "xlsx")


def export_csv(request, slug):
    collective = get_board_collective(request, slug)
    return _download(board_csv(collective), "text/csv; charset=utf-8", collective, "csv")


def export_docx(request, slug):
    collective = get_board_collective(request, slug)
    return _download(board_docx(collective), DOCX, collective, "docx")


def timeline(request, slug):
    collective = get_board_collective(request, slug)
    today = timezone.localdate()
    all_streams = list(
        WorkStream.objects.filter(collective=collective, archived_at__isnull=True).order_by(
            "position", "pk"
        )
    )
    chosen = None
    value = request.GET.get("stream", "")
    if value.isdigit():
        chosen = next((s for s in all_streams if s.pk == int(value)), None)
    streams = load_board(collective, stream_pk=chosen.pk if chosen else None)
    return render(
        request,
        "projects/timeline.html",
        {
            "collective": collective,
            "all_streams": all_streams,
            "chosen": chosen,
            "streams": streams,
            "svg": timeline_svg(streams, today),
            "items": timeline_items(streams, today),
            "today": today,
        },
    )
