"""Requests from outside, the coordinators' list of them, the availability search and
the calendar feeds.

- The public request page (and its availability search) answers only for a PUBLIC
  collective's site that takes requests; 404 for everyone otherwise, members
  included. No account; a honeypot field and rate limits (services_requests).
- The coordinators' list of requests and their decisions: ``premises.manage_premises``.
- The availability search: members and above (``premises.view_premises``).
- The calendar feeds' page: coordinators see and renew every space's address and every
  tenant organisation's; a tenant's representatives see and renew their
  organisation's. A feed itself is reached by its secret token, without an account.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.collectives.access import get_public_collective
from maillage.collectives.models import Organisation
from maillage.collectives.rules import organisations_of
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data
from maillage.core.requests import client_ip
from maillage.core.typography import elide

from . import ical, search, services_requests
from .access import site_of
from .forms_requests import RefuseForm, RequestForm, SearchForm, consent_text
from .models import Booking, BookingStatus, Site, Tenancy
from .models_requests import CalendarFeed, RoomRequest

WAITING = (BookingStatus.REQUESTED, BookingStatus.HELD, BookingStatus.EXPIRED)


def _public_site(slug, site):
    collective = get_public_collective(slug)
    return get_object_or_404(
        Site.objects.select_related("collective"),
        collective=collective,
        slug=site,
        public_requests=True,
    )


def _search(site, data):
    """The search form bound to ``data`` (when it has people) and its results."""
    form = SearchForm(data if data and "people" in data else None, site=site)
    results = None
    if form.is_bound and form.is_valid():
        results = search.find_free(site, **form.search_arguments())
    return form, results


@login_not_required
@require_http_methods(["GET", "POST"])
def request_room(request, slug, site):
    site = _public_site(slug, site)
    form = RequestForm(form_data(request), site=site)
    search_form, results = _search(site, request.GET)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_spam():
            # Nothing is stored, and nothing tells a robot what gave it away.
            form.is_valid()
            form.add_error(None, _("Your request could not be recorded. Please try again."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services_requests.submit_request(
                    site=site,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    organisation=data["organisation"],
                    purpose=data["purpose"],
                    people=data["people"],
                    day=data["day"],
                    first_slot=data["first_slot"],
                    last_slot=data["last_slot"],
                    space=data["space"],
                    consent_text=consent_text(site),
                    language=request.LANGUAGE_CODE,
                    ip=client_ip(request),
                    client_key=data["client_key"],
                )
            except DomainError as refusal:
                add_domain_error(form, refusal)
            else:
                messages.success(
                    request,
                    elide(
                        _(
                            "Thank you: your request is recorded. The coordinators will answer "
                            "at %(email)s."
                        )
                        % {"email": data["email"]}
                    ),
                )
                return redirect("premises:request", site.collective.slug, site.slug)
    return render(
        request,
        "premises/requests/request.html",
        {
            "collective": site.collective,
            "site": site,
            "form": form,
            "search_form": search_form,
            "results": results,
            "search_url": reverse("premises:request", args=[site.collective.slug, site.slug]),
        },
        status=status,
    )


def _requests_of(site):
    bookings = Booking.objects.select_related("space").order_by("starts_at", "pk")
    return RoomRequest.objects.filter(site=site).prefetch_related(
        Prefetch("bookings", queryset=bookings, to_attr="asked")
    )


def _describe(room_requests):
    for room_request in room_requests:
        asked = room_request.asked
        room_request.first = asked[0] if asked else None
        room_request.status = asked[0].status if asked else ""
        room_request.status_label = asked[0].get_status_display() if asked else ""
        room_request.is_waiting = room_request.status in WAITING
        room_request.is_held = room_request.status == BookingStatus.HELD
    return room_requests


@require_GET
def requests(request, slug, site):
    site = site_of(request, slug, site, "premises.manage_premises")
    collective = site.collective
    everything = _describe(list(_requests_of(site).order_by("-created_at", "-pk")[:200]))
    waiting = [item for item in everything if item.is_waiting]
    decided = [item for item in everything if not item.is_waiting][:50]
    return render(
        request,
        "premises/requests/list.html",
        {
            "collective": collective,
            "site": site,
            "waiting": sorted(waiting, key=lambda item: item.first.starts_at),
            "decided": decided,
            "refuse_form": RefuseForm(),
            "now": timezone.now(),
        },
    )


DECISIONS = {
    "accept": (services_requests.accept_request, _("The request is accepted: the room is booked.")),
    "hold": (services_requests.hold_request, _("The room is held for the person.")),
    "release": (services_requests.release_hold, _("The hold is released.")),
}


@require_POST
def decide(request, slug, site, pk, decision):
    site = site_of(request, slug, site, "premises.manage_premises")
    collective = site.collective
    room_request = get_object_or_404(RoomRequest.objects.select_related("site"), site=site, pk=pk)
    back = reverse("premises:requests", args=[collective.slug, site.slug])
    try:
        if decision == "refuse":
            form = RefuseForm(request.POST)
            if not form.is_valid():
                raise DomainError(form.errors["reason"][0], field="reason")
            services_requests.refuse_request(
                actor=request.user, room_request=room_request, reason=form.cleaned_data["reason"]
            )
            done = _("The request is refused; the person is told why.")
        else:
            service, done = DECISIONS[decision]
            service(actor=request.user, room_request=room_request)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, str(done))
    return redirect(f"{back}#request-{room_request.pk}")


@require_GET
def search_page(request, slug, site):
    site = site_of(request, slug, site, "premises.view_premises")
    collective = site.collective
    form, results = _search(site, request.GET)
    return render(
        request,
        "premises/requests/search.html",
        {
            "collective": collective,
            "site": site,
            "search_form": form,
            "results": results,
            "search_url": reverse("premises:search", args=[collective.slug, site.slug]),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _feed_url(request, feed):
    if feed is None:
        return ""
    return request.build_absolute_uri(
        reverse("premises:feed", args=[feed.site.collective.slug, feed.site.slug, feed.token])
    )


def _feed_organisations(request, collective, site):
    """The tenant organisations whose feed the person may see: every tenant for a
    coordinator, the ones they represent for a member."""
    tenants = Organisation.objects.filter(
        pk__in=Tenancy.objects.filter(site=site).values("organisation")
    ).order_by("name")
    if request.user.has_perm("premises.manage_premises", site):
        return list(tenants)
    return list(tenants.filter(pk__in=organisations_of(request.user, collective)))


@require_GET
def feeds(request, slug, site):
    site = site_of(request, slug, site, "premises.view_premises")
    collective = site.collective
    manage = request.user.has_perm("premises.manage_premises", site)
    existing = {
        (feed.space_id, feed.organisation_id): feed
        for feed in CalendarFeed.objects.filter(site=site).select_related("site__collective")
    }
    spaces = []
    if manage:
        for space in services_requests.request_rooms(site):
            space.feed_url = _feed_url(request, existing.get((space.pk, None)))
            spaces.append(space)
    organisations = _feed_organisations(request, collective, site)
    for organisation in organisations:
        organisation.feed_url = _feed_url(request, existing.get((None, organisation.pk)))
    return render(
        request,
        "premises/requests/feeds.html",
        {
            "collective": collective,
            "site": site,
            "spaces": spaces,
            "organisations": organisations,
            "manage": manage,
        },
    )


def _renewed(request, collective, site, *, space=None, organisation=None):
    services_requests.renew_feed(
        actor=request.user, site=site, space=space, organisation=organisation
    )
    messages.success(
        request,
        _(
            "The calendar has a new address: the old one no longer works. Give the new one to "
            "your calendar application."
        ),
    )
    return redirect("premises:feeds", collective.slug, site.slug)


@require_POST
def renew_space_feed(request, slug, site, space):
    site = site_of(request, slug, site, "premises.manage_premises")
    collective = site.collective
    space = get_object_or_404(services_requests.request_rooms(site), pk=space)
    return _renewed(request, collective, site, space=space)


@require_POST
def renew_organisation_feed(request, slug, site, organisation):
    site = site_of(request, slug, site, "premises.view_premises")
    collective = site.collective
    allowed = {org.pk: org for org in _feed_organisations(request, collective, site)}
    if organisation not in allowed:
        raise PermissionDenied
    return _renewed(request, collective, site, organisation=allowed[organisation])


@login_not_required
@require_GET
def feed(request, slug, site, token):
    calendar_feed = get_object_or_404(
        CalendarFeed.objects.select_related("site__collective", "space", "organisation"),
        token=token,
        site__slug=site,
        site__collective__slug=slug,
    )
    what = calendar_feed.space or calendar_feed.organisation
    name = f"{what} · {calendar_feed.site.name}"
    response = HttpResponse(
        ical.feed(calendar_feed, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="bookings.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
