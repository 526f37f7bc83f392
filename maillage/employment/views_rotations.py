"""The organisers' pages of the day's rounds: the plan as a grid with its "plan" or
"re-plan from round N" form, the per-table and per-seeker sheets (HTML that prints,
and a PDF through the document layer). Organisers only (``employment.manage_seekers``):
these pages name the seekers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from maillage.collectives.access import get_collective
from maillage.core import downloads
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import documents_rotations, rotations_data
from .forms_rotations import PlanForm
from .models import Cafe
from .services_rotations import next_round, plan_rotations, round_in_progress


def _cafe(request, slug, pk, perm="employment.manage_seekers"):
    collective = get_collective(request, slug)
    cafe = get_object_or_404(
        Cafe.objects.select_related("event__collective"), event__pk=pk, event__collective=collective
    )
    if not request.user.has_perm(perm, cafe):
        raise PermissionDenied
    return collective, cafe


def _cafe_url(cafe):
    """The café's organiser page."""
    return reverse("employment:cafe", args=[cafe.event.collective.slug, cafe.event_id])


def rotations(request, slug, pk):
    collective, cafe = _cafe(request, slug, pk)
    suggested = min(next_round(cafe), cafe.rotations - 1)
    form = PlanForm(
        form_data(request), rounds=cafe.rotations, initial={"from_round": suggested + 1}
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_rotations(
                actor=request.user, cafe=cafe, from_rotation=form.cleaned_data["from_round"] - 1
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Rounds %(first)s to %(last)s are planned: %(count)s meeting.",
                    "Rounds %(first)s to %(last)s are planned: %(count)s meetings.",
                    len(plan.meetings),
                )
                % {
                    "first": form.cleaned_data["from_round"],
                    "last": cafe.rotations,
                    "count": len(plan.meetings),
                },
            )
            return redirect("employment:rotations", slug, pk)
    cafe.refresh_from_db()
    current = round_in_progress(cafe)
    return render(
        request,
        "employment/rotations/plan.html",
        {
            "collective": collective,
            "cafe": cafe,
            "event": cafe.event,
            "grid": rotations_data.plan_grid(cafe),
            "form": form,
            # The round under way, from 1; None before the first and after the last.
            "current": None if current is None or current >= cafe.rotations else current + 1,
            "cafe_url": _cafe_url(cafe),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_GET
def table_sheets(request, slug, pk):
    collective, cafe = _cafe(request, slug, pk)
    return render(
        request,
        "employment/rotations/table_sheets.html",
        {
            "collective": collective,
            "cafe": cafe,
            "event": cafe.event,
            "sheets": rotations_data.table_sheets(cafe),
        },
    )


@require_GET
def seeker_sheets(request, slug, pk):
    collective, cafe = _cafe(request, slug, pk)
    return render(
        request,
        "employment/rotations/seeker_sheets.html",
        {
            "collective": collective,
            "cafe": cafe,
            "event": cafe.event,
            "sheets": rotations_data.seeker_sheets(cafe),
        },
    )


@require_GET
def sheets_pdf(request, slug, pk):
    _collective, cafe = _cafe(request, slug, pk)
    tables = rotations_data.table_sheets(cafe)
    seekers = rotations_data.seeker_sheets(cafe)
    return downloads.download(
        request,
        kind="employment.sheets.pdf",
        fingerprint=documents_rotations.fingerprint(cafe, tables, seekers),
        build=lambda: documents_rotations.sheets_pdf(cafe, tables, seekers),
        filename=documents_rotations.filename(cafe),
        content_type="application/pdf",
    )
