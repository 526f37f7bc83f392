"""The trace pages: a decision's, an action's and a project's chain (chain.py).

A decision's and an action's trace are read like the meeting and the action: by the
collective's members (404 for a private collective's outsiders, 403 for a public
one's). A project's trace is also open, without an account, for a public project of a
public collective, with only what its public results page shows; any other project
of a public collective answers 404 to outsiders, as its public page does.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode

from maillage.actions.models import Action
from maillage.collectives.access import get_collective
from maillage.collectives.models import Collective
from maillage.meetings.models import Decision
from maillage.projects.models import Project

from . import chain

VIEW = "trace.view_trace"


def _page(request, trace):
    return render(request, "trace/trace.html", {"collective": trace.collective, "trace": trace})


def decision(request, slug, pk):
    collective = get_collective(request, slug, VIEW)
    found = get_object_or_404(Decision, collective=collective, pk=pk)
    trace = chain.build(request.user, collective, decision=found)
    # A meeting's decision is carried out from its meeting's page; one by consultation here.
    if found.meeting_id is None and request.user.has_perm("actions.add_action", collective):
        query = urlencode({"decision": found.pk, "next": request.path})
        trace.add_action_url = f"{reverse('actions:create', args=[collective.slug])}?{query}"
    return _page(request, trace)


def action(request, slug, pk):
    collective = get_collective(request, slug, VIEW)
    found = get_object_or_404(Action, collective=collective, pk=pk)
    return _page(request, chain.build(request.user, collective, action=found))


@login_not_required
def project(request, slug, pk):
    collective = get_object_or_404(Collective.objects.visible_to(request.user), slug=slug)
    if request.user.has_perm(VIEW, collective):
        found = get_object_or_404(Project, collective=collective, pk=pk)
        return _page(request, chain.build(request.user, collective, project=found))
    found = get_object_or_404(
        Project,
        collective=collective,
        pk=pk,
        public=True,
        archived_at=None,
        work_stream__archived_at=None,
    )
    return _page(request, chain.public_trace(collective, found))
