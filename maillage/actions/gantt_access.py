"""Finding a consultation's plan from a request, for its Gantt page and exports.

Whoever may see the consultation and is in its collective, or runs it, sees its plan;
the others get what the consultation's pages give them (404 or 403).
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from maillage.consultations.access import get_consultation

from .gantt_data import GROUPINGS, plan_for_consultation

ZOOMS = ("week", "month", "quarter")
PAPERS = ("a4", "a3")


def options(request, default_grouping="phase"):
    """The chart's options from the query: zoom, grouping and paper, each one of its
    known values (anything else gives the default)."""
    zoom = request.GET.get("zoom", "month")
    group = request.GET.get("group", default_grouping)
    paper = request.GET.get("paper", "a4")
    return {
        "zoom": zoom if zoom in ZOOMS else "month",
        "group": group if group in GROUPINGS else default_grouping,
        "paper": paper if paper in PAPERS else "a4",
    }


def consultation_plan(request, slug, pk):
    """(consultation, plan, options) for the request, or 404/403."""
    consultation = get_consultation(request, slug, pk)
    if not request.user.has_perm("actions.view_consultation_plan", consultation):
        raise PermissionDenied
    chosen = options(request)
    if chosen["group"] == "project":
        chosen["group"] = "phase"
    plan = plan_for_consultation(consultation, timezone.localdate(), chosen["group"])
    return consultation, plan, chosen
