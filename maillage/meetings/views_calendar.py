"""Calendar feeds and files.

A feed's address holds a random key, the only credential a calendar application
can present; without a valid key nothing is said, not even whether the collective
exists (404). A collective's feed stops working when the person leaves it, and a
key can be replaced at any time. Feeds list meetings, never who is invited; a meeting
that cannot be written (a date stored outside 1900–2100) is left out of a feed, and
its own calendar file is replaced by a message on its page.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maillage.collectives.models import Collective, Membership
from maillage.core.dates import FIRST_DAY, LAST_DAY
from maillage.core.feeds import CannotWrite

from . import ical, services
from .access import get_meeting
from .forms import FeedForm
from .models import CalendarFeed, Meeting

# How far back a feed goes: calendar applications keep what they already have.
FEED_HISTORY = timedelta(days=180)


def _calendar_response(text, filename):
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_not_required
@require_GET
def feed(request, key):
    found = get_object_or_404(
        CalendarFeed.objects.select_related("user", "collective"), key=key, user__is_active=True
    )
    user = found.user
    member_of = Membership.objects.active().filter(user=user).values("collective_id")
    meetings = Meeting.objects.filter(
        collective__in=member_of, ends_at__gte=timezone.now() - FEED_HISTORY
    ).select_related("collective")
    if found.collective is not None:
        if not Membership.objects.active().filter(user=user, collective=found.collective).exists():
            raise Http404
        meetings = meetings.filter(collective=found.collective)
        name = found.collective.short_name or found.collective.name
    else:
        # A person's own calendar: the meetings they are invited to.
        meetings = meetings.filter(invitees__user=user).distinct()
    # Calendar applications send no language: the feed is in its owner's.
    with translation.override(user.language):
        if found.collective is None:
            name = _("My meetings (Maillage)")
        text = ical.feed(meetings.order_by("starts_at"), name=name)
    return _calendar_response(text, "maillage.ics")


def calendars(request):
    """The person's private calendar addresses; POST creates or replaces one."""
    collectives = Collective.objects.of_member(request.user).order_by("name")
    if request.method == "POST":
        form = FeedForm(request.POST)
        if not form.is_valid():
            raise Http404
        slug, renew = form.cleaned_data["collective"], form.cleaned_data["renew"]
        collective = get_object_or_404(collectives, slug=slug) if slug else None
        services.calendar_feed(user=request.user, collective=collective, renew=renew)
        if renew:
            messages.success(request, _("The new address is ready; the old one no longer works."))
        else:
            messages.success(request, _("Your calendar address is ready."))
        return redirect("meetings:calendars")
    feeds = {feed.collective_id: feed for feed in request.user.calendar_feeds.all()}
    rows = [(None, feeds.get(None))] + [(c, feeds.get(c.pk)) for c in collectives]
    return render(
        request,
        "meetings/calendars.html",
        {"rows": rows, "site_url": request.build_absolute_uri("/")[:-1]},
    )


@require_GET
def meeting_ics(request, slug, pk):
    meeting = get_meeting(request, slug, pk)
    try:
        text = ical.meeting_file(meeting)
    except CannotWrite:
        # Data stored before forms refused such dates: say so on the meeting's page.
        messages.error(
            request,
            _(
                "The date of this meeting cannot be written in a calendar file: "
                "it is not between %(first)s and %(last)s."
            )
            % {"first": FIRST_DAY.year, "last": LAST_DAY.year},
        )
        return redirect(meeting)
    return _calendar_response(text, "reunion.ics")
