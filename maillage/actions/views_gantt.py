"""Gantt chart pages: a consultation's here, and the page every Gantt shares
(``render_gantt``, used by the projects' and work streams' pages too).

Views only read: who sees a plan and the plan itself come from gantt_access.py, the
picture and the table from gantt.py. The page works without JavaScript: a GET form
chooses the zoom, the grouping and the paper; moving a task is the action's dates
form (the drag of ``static/js/gantt.js`` posts that same form).
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.collectives.rules import is_facilitator_or_above, is_in_collective

from .gantt import gantt_svg, gantt_table
from .gantt_access import consultation_plan
from .models import ActionOwner

ZOOM_CHOICES = [
    ("week", gettext_lazy("Days (by week)")),
    ("month", gettext_lazy("Weeks (by month)")),
    ("quarter", gettext_lazy("Months (by quarter)")),
]
GROUP_LABELS = {
    "phase": gettext_lazy("By phase"),
    "owner": gettext_lazy("By owner"),
    "project": gettext_lazy("By project"),
}
PAPER_CHOICES = [("a4", "A4"), ("a3", "A3")]


def url_with(name, args, query=None):
    """The URL named ``name``, with ``query`` when given."""
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def movable(user, collective, plan):
    """The pks of the plan's bars ``user`` may move (``actions.change_action``: those
    who run the collective move any action, an owner their own), in one query."""
    if is_facilitator_or_above(user, collective):
        return {bar.pk for bar in plan.bars}
    if not is_in_collective(user, collective):
        return set()
    return set(
        ActionOwner.objects.filter(user=user, action__in=[bar.pk for bar in plan.bars]).values_list(
            "action_id", flat=True
        )
    )


def _move_urls(collective, plan, pks):
    """{pk: the URL the bar's dates are posted to}."""
    return {pk: reverse("actions:dates", args=[collective.slug, pk]) for pk in pks}


def render_gantt(request, *, obj, plan, chosen, groupings, exports, context, phases=None):
    """The Gantt page of ``obj`` (a project, a work stream or a consultation).
    ``exports``: (XLSX URL name, PDF URL name, their args); ``phases``: (the phases
    page's URL name, its args), linked for those who may change ``obj``'s phases;
    ``context``: the template and what it needs besides (breadcrumbs)."""
    collective = obj.collective
    phases_url = None
    if phases and request.user.has_perm("actions.change_phases", obj):
        phases_url = url_with(*phases)
    urls = _move_urls(collective, plan, movable(request.user, collective, plan))
    svg = gantt_svg(plan, chosen["zoom"], move_urls=urls)
    xlsx_name, pdf_name, export_args = exports
    export_query = {"group": chosen["group"], "paper": chosen["paper"]}
    downloads = [
        (url_with(xlsx_name, export_args, export_query), _("Spreadsheet (XLSX)")),
        (url_with(pdf_name, export_args, export_query), _("Document (PDF)")),
    ]
    prints = [
        (f"{request.path}?{urlencode({**chosen, 'paper': paper, 'print': '1'})}", label, paper)
        for paper, label in (("a4", _("Print on A4")), ("a3", _("Print on A3")))
    ]
    return render(
        request,
        context.pop("template", "actions/gantt.html"),
        {
            "object": obj,
            "collective": collective,
            "plan": plan,
            "svg": svg,
            "groups": gantt_table(plan),
            "undated": plan.undated,
            "chosen": chosen,
            "zooms": ZOOM_CHOICES,
            "groupings": [(value, GROUP_LABELS[value]) for value in groupings],
            "papers": PAPER_CHOICES,
            "downloads": downloads,
            "prints": prints,
            "page_query": request.get_full_path(),
            "movable": bool(urls),
            "phases_url": phases_url,
            **context,
        },
    )


def consultation_gantt(request, slug, pk):
    consultation, plan, chosen = consultation_plan(request, slug, pk)
    return render_gantt(
        request,
        obj=consultation,
        plan=plan,
        chosen=chosen,
        groupings=("phase", "owner"),
        exports=("actions:consultation_gantt_xlsx", "actions:consultation_gantt_pdf", [slug, pk]),
        phases=("actions:consultation_phases", [slug, pk]),
        context={"template": "actions/gantt_consultation.html", "consultation": consultation},
    )
