"""The members' pages of bookings: the week grid of a site (one day at a time on a
phone), booking a half-day or a day, a series by rule and what it booked and
skipped, "My bookings" and cancelling one booking, a period of a series or its rest.

Views bind a form and call one service of services_bookings; a refused change keeps
what was typed and shows the service's message on the form. Who may: rules.py and
rules_bookings.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from maillage.collectives.rules import organisations_of
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import grid as week_grid
from . import halfdays
from . import services_bookings as services
from .access import site_of
from .forms_bookings import BookingForm, RangeForm, RestForm, SeriesForm
from .models import BLOCKING, Booking, BookingSeries

# "My bookings" shows this many upcoming half-days at most.
MY_BOOKINGS_SHOWN = 200


def _grid_url(site, **query):
    url = reverse("premises:grid", args=[site.collective.slug, site.slug])
    query = {key: value for key, value in query.items() if value}
    return f"{url}?{urlencode(query)}" if query else url


def _half_label(site, slot):
    half = halfdays.slot_of(site, slot)
    return half.label if half else slot


def _describe(site, booking):
    return _("%(space)s, %(date)s, %(slot)s") % {
        "space": booking.space.name,
        "date": date_format(booking.date),
        "slot": _half_label(site, booking.slot),
    }


# ------------------------------------------------------------------ the week grid


def grid(request, slug, site):
    site = site_of(request, slug, site)
    today = halfdays.local_today(site)
    one_day = week_grid.parse_day(request.GET.get("day"))
    monday = week_grid.parse_week(request.GET.get("week"), week_grid.week_to_show(site, today))
    can_book = request.user.has_perm("premises.book", site)
    data = week_grid.build(site, request.user, monday, one_day=one_day)
    week_grid.words(
        data, reverse("premises:book", args=[site.collective.slug, site.slug]) if can_book else None
    )
    context = {
        "collective": site.collective,
        "site": site,
        "grid": data,
        "today": today,
        "can_book": can_book,
    }
    template = (
        "premises/bookings/grid_table.html" if request.htmx else "premises/bookings/grid.html"
    )
    return render(request, template, context)


# ------------------------------------------------------------------ booking


def _initial_organisation(request, site):
    mine = sorted(organisations_of(request.user, site.collective))
    return mine[0] if len(mine) == 1 else None


def book(request, slug, site):
    site = site_of(request, slug, site, "premises.book")
    initial = {
        "space": request.GET.get("space"),
        "day": week_grid.parse_day(request.GET.get("day")),
        "slot": request.GET.get("slot"),
        "organisation": _initial_organisation(request, site),
        "desks": 1,
        "people": 1,
        "back": "day" if request.GET.get("back") == "day" else "",
    }
    form = BookingForm(form_data(request), initial=initial, site=site, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            bookings = services.book(
                actor=request.user,
                space=data["space"],
                day=data["day"],
                slots=form.slots(),
                organisation=data["organisation"],
                desks=data.get("desks") or 0,
                purpose=data["purpose"],
                people=data["people"],
                client_key=data["client_key"],
            )
        except DomainError as exc:
            add_domain_error(form, exc, {"slots": "slot"})
        else:
            messages.success(
                request,
                ngettext(
                    "Booked: %(what)s.",
                    "Booked: %(what)s and the rest of the day.",
                    len(bookings),
                )
                % {"what": _describe(site, bookings[0])},
            )
            if data["back"] == "day":
                return redirect(_grid_url(site, day=data["day"].isoformat()))
            return redirect(
                _grid_url(site, week=week_grid.week_value(week_grid.monday_of(data["day"])))
            )
    return render(
        request,
        "premises/bookings/book.html",
        {"collective": site.collective, "site": site, "form": form},
    )


def book_series(request, slug, site):
    site = site_of(request, slug, site, "premises.book")
    initial = {
        "space": request.GET.get("space"),
        "starts_on": week_grid.parse_day(request.GET.get("day")),
        "slots": [request.GET["slot"]] if request.GET.get("slot") else [],
        "organisation": _initial_organisation(request, site),
        "every": 1,
        "desks": 1,
        "people": 1,
    }
    form = SeriesForm(form_data(request), initial=initial, site=site, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            series, booked, skipped = services.book_series(
                actor=request.user,
                space=data["space"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                weekdays=data["weekdays"],
                slots=data["slots"],
                organisation=data["organisation"],
                every=data["every"],
                desks=data.get("desks") or 0,
                purpose=data["purpose"],
                people=data["people"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Series made: %(booked)s half-day booked.",
                    "Series made: %(booked)s half-days booked.",
                    len(booked),
                )
                % {"booked": len(booked)},
            )
            if skipped:
                messages.warning(
                    request,
                    ngettext(
                        "%(skipped)s half-day skipped: see why below.",
                        "%(skipped)s half-days skipped: see why below.",
                        len(skipped),
                    )
                    % {"skipped": len(skipped)},
                )
            return redirect("premises:series", site.collective.slug, site.slug, series.pk)
    return render(
        request,
        "premises/bookings/series_form.html",
        {
            "collective": site.collective,
            "site": site,
            "form": form,
            "max_dates": services.MAX_SERIES_DATES,
        },
    )


# ------------------------------------------------------------------ a series


def _series(request, slug, site, pk):
    site = site_of(request, slug, site)
    series = get_object_or_404(
        BookingSeries.objects.select_related("space", "organisation", "booked_by"), site=site, pk=pk
    )
    series.site = site
    if not request.user.has_perm("premises.view_series", series):
        raise PermissionDenied
    return site, series


def _skipped(site, series):
    rows = []
    for entry in series.skipped or ():
        day = week_grid.parse_day(entry.get("date"))
        rows.append(
            {
                "date": day,
                "slot": _half_label(site, entry.get("slot")),
                "reason": entry.get("reason", ""),
            }
        )
    return rows


def _series_page(request, site, series, range_form=None, rest_form=None):
    now = timezone.now()
    today = halfdays.local_today(site)
    upcoming = list(
        series.bookings.filter(status__in=BLOCKING, starts_at__gt=now).order_by("starts_at")
    )
    return render(
        request,
        "premises/bookings/series.html",
        {
            "collective": site.collective,
            "site": site,
            "series": series,
            "upcoming": upcoming,
            "skipped": _skipped(site, series),
            "range_form": range_form or RangeForm(initial={"starts_on": today, "ends_on": today}),
            "rest_form": rest_form or RestForm(initial={"from_day": today}),
            "can_cancel": request.user.has_perm("premises.cancel_booking", series),
        },
    )


def series(request, slug, site, pk):
    site, series = _series(request, slug, site, pk)
    return _series_page(request, site, series)


def _cancelled_message(request, site, bookings):
    late = sum(booking.late_cancellation for booking in bookings)
    messages.success(
        request,
        ngettext("%(count)s half-day cancelled.", "%(count)s half-days cancelled.", len(bookings))
        % {"count": len(bookings)},
    )
    if late and site.late_cancellation_charged:
        messages.warning(
            request,
            ngettext(
                "%(count)s of them was cancelled less than %(hours)s hours before its start: "
                "it is charged.",
                "%(count)s of them were cancelled less than %(hours)s hours before their "
                "start: they are charged.",
                late,
            )
            % {"count": late, "hours": site.cancellation_hours},
        )


@require_POST
def cancel_series_range(request, slug, site, pk):
    site, series = _series(request, slug, site, pk)
    if not request.user.has_perm("premises.cancel_booking", series):
        raise PermissionDenied
    form = RangeForm(request.POST)
    if form.is_valid():
        try:
            cancelled = services.cancel_range(
                actor=request.user,
                series=series,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            _cancelled_message(request, site, cancelled)
            return redirect("premises:series", site.collective.slug, site.slug, series.pk)
    return _series_page(request, site, series, range_form=form)


@require_POST
def cancel_series_rest(request, slug, site, pk):
    site, series = _series(request, slug, site, pk)
    if not request.user.has_perm("premises.cancel_booking", series):
        raise PermissionDenied
    form = RestForm(request.POST)
    if form.is_valid():
        try:
            cancelled = services.cancel_rest_of_series(
                actor=request.user, series=series, from_day=form.cleaned_data["from_day"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            _cancelled_message(request, site, cancelled)
            return redirect("premises:series", site.collective.slug, site.slug, series.pk)
    return _series_page(request, site, series, rest_form=form)


# ------------------------------------------------------------------ my bookings


def my_bookings(request, slug, site):
    site = site_of(request, slug, site)
    user = request.user
    mine = Q(booked_by=user) | Q(organisation_id__in=organisations_of(user, site.collective))
    bookings = list(
        Booking.objects.filter(mine, site=site, status__in=BLOCKING, ends_at__gt=timezone.now())
        .select_related("space", "organisation", "series")
        .order_by("starts_at", "space__position")[:MY_BOOKINGS_SHOWN]
    )
    for booking in bookings:
        booking.site = site
        booking.slot_label = _half_label(site, booking.slot)
    return render(
        request,
        "premises/bookings/mine.html",
        {
            "collective": site.collective,
            "site": site,
            "bookings": bookings,
            "shown": MY_BOOKINGS_SHOWN,
        },
    )


def _booking(request, slug, site, pk):
    site = site_of(request, slug, site)
    booking = get_object_or_404(
        Booking.objects.select_related("space", "organisation"), site=site, pk=pk
    )
    booking.site = site
    if not request.user.has_perm("premises.cancel_booking", booking):
        raise PermissionDenied
    return site, booking


def cancel_booking(request, slug, site, pk):
    site, booking = _booking(request, slug, site, pk)
    now = timezone.now()
    error = None
    if request.method == "POST":
        try:
            booking = services.cancel_booking(actor=request.user, booking=booking)
        except DomainError as exc:
            error = exc.message
        else:
            _cancelled_message(request, site, [booking])
            return redirect("premises:my_bookings", site.collective.slug, site.slug)
    late = (booking.starts_at - now).total_seconds() < site.cancellation_hours * 3600
    return render(
        request,
        "premises/bookings/cancel.html",
        {
            "collective": site.collective,
            "site": site,
            "booking": booking,
            "what": _describe(site, booking),
            "late": late,
            "over": booking.starts_at <= now,
            "active": booking.is_blocking,
            "error": error,
        },
    )
