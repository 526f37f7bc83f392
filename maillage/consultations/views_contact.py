"""Participants who can be reached again: leaving (and removing) an e-mail address to
be told when a round opens, the personal return link and its QR code, and opening that
link on another device.

Only the participant without an account reaches these pages about themselves; their
address is shown to nobody, not even to them (a wall may be read over a shoulder).
The return link is a secret: the pages that show or open it are never cached and send
no Referer.
"""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services
from .access import remember_participant
from .forms_contact import ContactForm, wall_contact
from .services_contact import (
    ReturnLinkError,
    contact_from_stop_key,
    participant_from_key,
    return_url,
)
from .views_live import _participant_in, wall_reader

CONTACT_TEMPLATE = "consultations/live/includes/contact.html"


def _own_participation(request, group):
    """The request's participant in ``group`` when they joined without an account."""
    participant = _participant_in(request, group)
    if participant is None or participant.user_id is not None:
        raise PermissionDenied
    return participant


def _no_referrer(response):
    response["Referrer-Policy"] = "no-referrer"
    return response


def _same_origin_referrer(response):
    """For a secret link's page that posts a form: its address goes to no other site,
    while the browser still sends the origin Django's CSRF check needs (under
    "no-referrer", Chromium posts with the origin "null" and the form is refused)."""
    response["Referrer-Policy"] = "same-origin"
    return response


def keep_contact(request, form, participant):
    """On joining: keep the address left on the join form (JoinContactForm), if any."""
    if participant.user_id is not None or not form.leaves_contact:
        return
    try:
        services.leave_contact(
            participant=participant,
            email=form.cleaned_data["email"],
            consent=form.consent_shown,
            language=get_language(),
        )
    except DomainError as exc:
        messages.warning(request, exc.message)
    else:
        messages.info(request, _("You will be told by e-mail when a new round opens."))


def _contact_context(group, participant, form=None, **extra):
    return {
        "collective": group.consultation.collective,
        "consultation": group.consultation,
        "group": group,
        "participant": participant,
        **wall_contact(participant, form, consultation=group.consultation),
        **extra,
    }


@require_http_methods(["GET", "POST"])
@wall_reader
def contact(request, group):
    """Leave an address to be told when a round opens. With htmx, only the wall's
    section changes (a note being typed stays as it is); without, the form's own page
    shows the refusal with what was typed."""
    participant = _own_participation(request, group)
    form = ContactForm(form_data(request), auto_id="contact_%s")
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_contact(
                participant=participant,
                email=form.cleaned_data["email"],
                consent=form.consent_shown,
                language=get_language(),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if request.htmx:
                context = _contact_context(group, participant, left=True)
                return render(request, CONTACT_TEMPLATE, context)
            messages.success(request, _("You will be told by e-mail when a new round opens."))
            return redirect(f"{group.get_absolute_url()}#contact")
    context = _contact_context(group, participant, form)
    if request.htmx and request.method == "POST":
        # 200, so that htmx shows the refusal in place.
        return render(request, CONTACT_TEMPLATE, context)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "consultations/live/contact.html", context, status=status)


@require_POST
@wall_reader
def forget_contact(request, group):
    """Remove the address: no e-mail any more."""
    participant = _own_participation(request, group)
    services.withdraw_contact(participant=participant)
    if request.htmx:
        return render(request, CONTACT_TEMPLATE, _contact_context(group, participant, removed=True))
    messages.success(request, _("Your address is removed: you will not be told by e-mail."))
    return redirect(f"{group.get_absolute_url()}#contact")


def _qr(url):
    """The QR code of the return link as inline SVG, drawn on the server. Its name does
    not spell the link out (a screen reader would read a secret aloud)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=8,
        border=4,
        omitsize=True,
        svgclass="qr-code",
        lineclass=None,
        title=_("QR code of your personal return link"),
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 - segno escapes


@never_cache
@require_GET
@wall_reader
def my_link(request, group):
    """The participant's personal return link and its QR code (the wall's disclosure
    "Come back later from another device" loads this page's content)."""
    participant = _own_participation(request, group)
    url = return_url(participant)
    context = _contact_context(group, participant, return_link=url, qr=_qr(url))
    # The link is in the page, not in its address: the Referer may go to this site
    # (the form below needs its origin), never to another.
    return _same_origin_referrer(render(request, "consultations/live/return_link.html", context))


@require_POST
@wall_reader
def renew_link(request, group):
    """Make a new personal return link: the older ones stop working."""
    participant = _own_participation(request, group)
    services.renew_return_link(participant=participant)
    messages.success(request, _("Here is your new link: the older ones no longer work."))
    return redirect("consultations:my_link", group.consultation.collective.slug, group.pk)


@login_not_required
@never_cache
@require_GET
def come_back(request, key):
    """A personal return link opened, on any device: the participant's cookie is set,
    as joining sets it, and the group's wall opens."""
    try:
        participant = participant_from_key(key)
    except ReturnLinkError as exc:
        status = 404 if exc.code in ("gone", "replaced") else 400
        template = "consultations/live/return_link_refused.html"
        response = render(request, template, {"code": exc.code}, status=status)
        return _no_referrer(response)
    messages.success(request, _("Welcome back: this device now takes part in your name."))
    response = redirect(participant.group.get_absolute_url())
    remember_participant(response, participant)
    return _no_referrer(response)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def stop_emails(request, key):
    """The link of every e-mail sent to an address left by a participant: asked to
    confirm (a link opened by a mail program's preview removes nothing), then the
    address is removed, as from the wall."""
    try:
        contact = contact_from_stop_key(key)
    except ReturnLinkError as exc:
        if exc.code == "gone":
            # Removed already (the button pressed twice, or from the wall): done.
            context = {"removed": True, "consultation": None}
            return _same_origin_referrer(
                render(request, "consultations/live/stop_emails.html", context)
            )
        template = "consultations/live/return_link_refused.html"
        return _same_origin_referrer(render(request, template, {"code": exc.code}, status=400))
    consultation = contact.participant.consultation
    removed = False
    if request.method == "POST":
        services.withdraw_contact(participant=contact.participant)
        removed = True
    context = {"removed": removed, "consultation": consultation}
    return _same_origin_referrer(render(request, "consultations/live/stop_emails.html", context))
