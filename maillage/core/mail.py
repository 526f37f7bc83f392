import re

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .tasks import send_email

_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def queue_email(
    *,
    template: str,
    to: str,
    context: dict,
    language: str | None = None,
    attachments: list | None = None,
):
    """Render ``<template>_subject.txt``, ``.txt`` and ``.html`` and queue the message.

    The message is written in ``language`` (the recipient's) and is queued only
    once the surrounding transaction commits, so a refused change sends nothing.
    ``attachments`` are (file name, text, MIME type) triples, e.g. an iCalendar invitation.
    """
    with translation.override(language or translation.get_language()):
        # One line; str.split() would also break the no-break spaces of French.
        subject = _SPACES.sub(" ", render_to_string(f"{template}_subject.txt", context)).strip()
        body = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    transaction.on_commit(
        lambda: send_email.enqueue(
            subject=subject, body=body, html=html, to=[to], attachments=attachments or []
        )
    )
