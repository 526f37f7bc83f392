"""What the events' services share: the event's lock, the seats taken, the e-mail to a
registrant (see services.py for the rules they keep)."""

import logging

from django.conf import settings

from maillage.core.feeds import CannotWrite
from maillage.core.mail import queue_email

from . import ical
from .models import Event, RegistrationStatus

logger = logging.getLogger(__name__)

CONFIRMED = RegistrationStatus.CONFIRMED
WAITING = RegistrationStatus.WAITING
CANCELLED = RegistrationStatus.CANCELLED


def _setting(name, default):
    return getattr(settings, name, default)


def _lock(event):
    """The event, re-read under its lock (see the module's docstring)."""
    return (
        Event.objects.select_for_update(of=("self",)).select_related("collective").get(pk=event.pk)
    )


def _confirmed(event):
    return event.registrations.filter(status=CONFIRMED).count()


# ------------------------------------------------------------------------- e-mails


def _mail(registration, template, *, event, method="REQUEST", calendar=True):
    """E-mail a registrant, in their language. The event's calendar file comes with the
    seat: it is attached for a confirmed registration only. A waiting person gets none
    (their calendar would show them a seat they do not have, with nothing to remove it
    if none frees up); they get it with the e-mail that gives them a seat (_promote)."""
    if not registration.email:
        return
    attachments = []
    if calendar and registration.status == CONFIRMED:
        try:
            text = ical.registration(event, registration, method=method)
        except CannotWrite:
            # A date stored outside 1900–2100: the e-mail still goes, without the file.
            logger.warning("Event %s: e-mail sent without its calendar file.", event.pk)
        else:
            attachments.append(("event.ics", text, ical.mime(method)))
    queue_email(
        template=template,
        to=registration.email,
        context={
            "event": event,
            "registration": registration,
            "link": f"{settings.SITE_URL}{registration.get_absolute_url()}",
            "event_link": f"{settings.SITE_URL}{event.get_absolute_url()}",
            "calendar_attached": bool(attachments),
        },
        language=registration.language,
        attachments=attachments,
    )
