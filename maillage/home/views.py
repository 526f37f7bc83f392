from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from maillage.collectives.models import Collective
from maillage.events.models import Event

from . import dashboard as board

# What the home page lists of the public collectives and of their coming events.
HOME_COLLECTIVES = 6
HOME_EVENTS = 6


@login_not_required
def home(request):
    """The public entrance: what Maillage is, and the ways in: the public collectives
    (all of them at /collectifs/), their coming public events (each leading to its
    collective's agenda), and joining a workshop with a code."""
    public = Collective.objects.public().order_by("name", "pk")
    events = (
        Event.objects.public()
        .published()
        .upcoming()
        .select_related("collective")
        .order_by("starts_at", "pk")[:HOME_EVENTS]
    )
    return render(
        request,
        "core/home.html",
        {
            "public_collectives": list(public[:HOME_COLLECTIVES]),
            "public_count": public.count(),
            "public_events": list(events),
        },
    )


def dashboard(request):
    """A person's own page: what is coming for them (meetings and invitations to
    answer, rounds to vote in, events they organise, actions due, requests waiting
    for a coordinator) and their collectives; see home/dashboard.py."""
    found = board.build(request.user)
    return render(
        request,
        "core/dashboard.html",
        {
            "board": found,
            # actions/includes/my_actions.html reads these two.
            "my_actions": found.my_actions,
            "my_actions_count": found.my_actions_count,
        },
    )
