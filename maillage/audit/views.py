from django.core.paginator import Paginator
from django.shortcuts import render

from maillage.collectives.access import get_collective

from .history import describe
from .models import AuditEvent


def collective_log(request, slug):
    collective = get_collective(request, slug, "audit.view_log")
    events = AuditEvent.objects.for_collective(collective).select_related("actor")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    page.object_list = describe(page.object_list)
    return render(request, "audit/log.html", {"collective": collective, "page": page})
