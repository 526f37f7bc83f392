"""The board's exports (XLSX, CSV, DOCX) and its timeline page.

Everyone in the collective may read them (projects.view_board); outsiders get 404.
Views only read: the files come from exports.py (each made once per board and day,
kept by core.downloads), the picture from timeline.py.
"""

from django.shortcuts import render
from django.utils import timezone

from maillage.core import downloads
from maillage.documents import csv_filename, wants_french_csv

from .access import get_board_collective
from .exports import board_csv, board_docx, board_fingerprint, board_xlsx, load_board
from .models import WorkStream
from .timeline import timeline_items, timeline_svg

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(request, collective, extension, write, content_type, french=False):
    """The board read once; the document made only when no process has it for this
    board and day already (core.downloads). ``french``: the ";" CSV, kept apart."""
    today = timezone.localdate()
    streams = load_board(collective)
    extra = {"french": True} if french else {}
    return downloads.download(
        request,
        kind=f"projects.board.{extension}{'.fr' if french else ''}",
        fingerprint=board_fingerprint(collective, today, streams),
        build=lambda: write(collective, today, streams=streams, **extra),
        filename=csv_filename(f"{collective.slug}-board-{today.isoformat()}.{extension}", french),
        content_type=content_type,
    )


def export_xlsx(request, slug):
    collective = get_board_collective(request, slug)
    return _download(request, collective, "xlsx", board_xlsx, XLSX)


def export_csv(request, slug):
    collective = get_board_collective(request, slug)
    return _download(
        request,
        collective,
        "csv",
        board_csv,
        "text/csv; charset=utf-8",
        french=wants_french_csv(request),
    )


def export_docx(request, slug):
    collective = get_board_collective(request, slug)
    return _download(request, collective, "docx", board_docx, DOCX)


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
