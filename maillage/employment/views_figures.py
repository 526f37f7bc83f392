"""The job cafés' figures (figures_after.py): a café's, the collective's across its
cafés, and their exports (XLSX, CSV). Members read them (``employment.view_figures``):
they name nobody."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maillage.collectives.access import get_collective
from maillage.core import downloads
from maillage.documents import csv_filename, wants_french_csv

from .figures_after import (
    cafe_figures as compute,
)
from .figures_after import (
    export_tables,
    figures_csv,
    figures_xlsx,
    legend,
    outcomes_chart,
)
from .models import Cafe

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"xlsx": XLSX, "csv": "text/csv; charset=utf-8"}


def _cafes(collective):
    return list(
        Cafe.objects.filter(event__collective=collective)
        .select_related("event__collective")
        .order_by("-event__starts_at", "pk")
    )


def _page(request, collective, cafes, *, cafe=None):
    per, total = compute(cafes)
    return render(
        request,
        "employment/after/figures.html",
        {
            "collective": collective,
            "cafe": cafe,
            "lines": [(item, per[item.pk]) for item in cafes],
            "total": total,
            "checkpoint_rows": total.checkpoints(),
            "chart": outcomes_chart(total, uid="outcomes"),
            "legend": legend(),
        },
    )


@require_GET
def figures(request, slug):
    collective = get_collective(request, slug, "employment.view_figures")
    return _page(request, collective, _cafes(collective))


@require_GET
def cafe_figures(request, slug, pk):
    collective = get_collective(request, slug, "employment.view_figures")
    cafe = get_object_or_404(
        Cafe.objects.select_related("event__collective"), event_id=pk, event__collective=collective
    )
    return _page(request, collective, [cafe], cafe=cafe)


@require_GET
def figures_export(request, slug):
    """``?format=xlsx`` (the default) or ``csv``; ``?cafe=<event id>`` for one café."""
    collective = get_collective(request, slug, "employment.view_figures")
    extension = request.GET.get("format", "xlsx")
    if extension not in FORMATS:
        raise Http404
    cafes = _cafes(collective)
    chosen = request.GET.get("cafe", "")
    if chosen:
        cafes = [cafe for cafe in cafes if chosen.isdigit() and cafe.event_id == int(chosen)]
        if not cafes:
            raise Http404
    per, total = compute(cafes)
    tables = export_tables(cafes, per, total)
    title = _("Job cafés: figures") if not chosen else str(cafes[0])
    today = timezone.localdate()
    french = extension == "csv" and wants_french_csv(request)
    name = f"{collective.slug}-cafes-{chosen or 'all'}-{today.isoformat()}.{extension}"
    return downloads.download(
        request,
        kind=f"employment.figures.{extension}{'.fr' if french else ''}",
        fingerprint=(collective.pk, chosen, [(t.caption, t.header, t.rows) for t in tables]),
        build=(lambda: figures_xlsx(title, tables, collective.name))
        if extension == "xlsx"
        else (lambda: figures_csv(tables, french=french)),
        filename=csv_filename(name, french),
        content_type=FORMATS[extension],
    )
