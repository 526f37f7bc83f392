"""What the organisers' pages of events share: the collective and the event read for
the person (404 or 403 otherwise), the addresses of an event's page and its moments,
the page of a small form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode

from maillage.collectives.access import get_collective

from .models import Event, Registration

CHANGE = "events.change_event"
REGISTRATIONS = "events.manage_registrations"


def _collective(request, slug, perm):
    collective = get_collective(request, slug)
    if not request.user.has_perm(perm, collective):
        raise PermissionDenied
    return collective


def _event(request, slug, pk, perm):
    """The collective's event at ``pk``: 404 when the collective is hidden from the
    person or the event is another collective's, 403 without ``perm``."""
    collective = get_collective(request, slug)
    event = get_object_or_404(
        Event.objects.select_related("collective", "programme"), collective=collective, pk=pk
    )
    user = request.user
    if not user.has_perm("events.view_event", event) or not user.has_perm(perm, event):
        raise PermissionDenied
    return event


def _registration(request, slug, pk, registration_pk):
    event = _event(request, slug, pk, REGISTRATIONS)
    registration = get_object_or_404(
        Registration.objects.select_related("event__collective"),
        event=event,
        pk=registration_pk,
        erased_at__isnull=True,
    )
    return event, registration


def _to(name, event, **query):
    url = reverse(f"events:{name}", args=[event.collective.slug, event.pk])
    query = {key: value for key, value in query.items() if value}
    return f"{url}?{urlencode(query)}" if query else url


def _refused(request, exc):
    messages.error(request, exc.message)


# The moments of an event's page.
BEFORE, DAY, AFTER = "before", "day", "after"
MOMENTS = (BEFORE, DAY, AFTER)


def _page_url(event, moment=None, anchor=""):
    url = _to("event_manage", event, moment=moment)
    return f"{url}#{anchor}" if anchor else url


def _form_page(request, event, form, *, heading, action, submit, help_text="", status=200):
    """A small form of an event's page, on a page of its own: what the page's
    disclosure loads (its part marked data-disclosure-content), what a browser without
    JavaScript opens, and where the form comes back with its errors."""
    return render(
        request,
        "events/manage/form_page.html",
        {
            "collective": event.collective,
            "event": event,
            "form": form,
            "heading": heading,
            "action": reverse(f"events:{action}", args=[event.collective.slug, event.pk]),
            "submit": submit,
            "help_text": help_text,
        },
        status=status,
    )
