"""Around the wall: the projection screen with the join code, opening and closing the
live session, notes typed from paper, and the mood check ("météo de l'humeur")."""

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from maillage.core.errors import DomainError

from . import access, services
from .forms_live import MoodForm, PaperForm
from .views_live import (
    _mood_chart,
    _mood_form_context,
    _participant_in,
    _render_wall,
    _session_open,
    wall_reader,
)

# --------------------------------------------------------------------- projection screen


def join_url(group):
    return settings.SITE_URL + reverse("consultations:join_code", args=[group.join_code])


def qr_svg(url):
    """The QR code of ``url`` as inline SVG, drawn on the server, named by its <title>."""
    svg = segno.make(url, error="m").svg_inline(
        scale=10,
        border=4,
        omitsize=True,
        svgclass="qr-code",
        lineclass=None,
        title=_("QR code opening %(url)s") % {"url": url},
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 - segno escapes


def screen(request, slug, pk):
    """What the facilitator projects: the join code, its address and QR code."""
    group = access.get_group(request, slug, pk)
    context = {
        "collective": group.consultation.collective,
        "consultation": group.consultation,
        "group": group,
        "session_open": _session_open(group),
        "participant_count": group.participants.count(),
    }
    if context["session_open"]:
        url = join_url(group)
        context.update(join_url=url, qr=qr_svg(url), code=group.join_code)
    return render(request, "consultations/live/screen.html", context)


@require_POST
def live_session(request, slug, pk):
    group = access.get_group(request, slug, pk)
    action = request.POST.get("action")
    if action == "open":
        services.open_live_session(actor=request.user, group=group)
        messages.success(
            request,
            _("The live session is open. Participants join with the code %(code)s.")
            % {"code": group.join_code},
        )
    elif action == "close":
        services.close_live_session(actor=request.user, group=group)
        messages.success(request, _("The live session is closed: its code no longer works."))
    else:
        messages.error(request, _("Choose to open or to close the live session."))
    return redirect("consultations:screen", group.consultation.collective.slug, group.pk)


# --------------------------------------------------------------------------- paper entry


def paper(request, slug, pk):
    """Notes written on paper, typed in by a facilitator, one per line."""
    group = access.get_group(request, slug, pk)
    consultation = group.consultation
    form = PaperForm(
        request.POST if request.method == "POST" else None,
        consultation=consultation,
        initial={"question": request.GET.get("question")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            notes = services.enter_paper_notes(
                actor=request.user,
                group=group,
                question=form.cleaned_data["question"],
                lines=form.cleaned_data["lines"],
                client_key=form.cleaned_data["client_key"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s note is added to the wall.",
                    "%(count)s notes are added to the wall.",
                    len(notes),
                )
                % {"count": len(notes)},
            )
            return redirect(group)
    return render(
        request,
        "consultations/live/paper.html",
        {
            "collective": consultation.collective,
            "consultation": consultation,
            "group": group,
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
@wall_reader
def mood(request, group):
    """Participants say how they feel at the start and at the end; the facilitators
    see the figures."""
    participant = _participant_in(request, group)
    moderator = request.user.has_perm("consultations.facilitate_group", group)
    if participant is None and not moderator:
        raise PermissionDenied
    if request.method == "POST":
        if participant is None:
            raise PermissionDenied
        return _record_mood(request, group, participant)
    context = {
        "collective": group.consultation.collective,
        "consultation": group.consultation,
        "group": group,
        "participant": participant,
    }
    if participant is not None:
        context.update(_mood_form_context(participant))
    if moderator:
        context["mood_chart"] = _mood_chart(group)
    return render(request, "consultations/live/mood.html", context)


def _record_mood(request, group, participant):
    form = MoodForm(request.POST, auto_id="mood_%s")
    recorded = False
    if form.is_valid():
        try:
            services.record_mood(
                participant=participant,
                moment=form.cleaned_data["moment"],
                value=form.cleaned_data["value"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            recorded = True
    if request.htmx:
        context = {
            "group": group,
            "collective": group.consultation.collective,
            "recorded": recorded,
            **_mood_form_context(participant, None if recorded else form),
        }
        return render(request, "consultations/live/includes/mood_form.html", context)
    if recorded:
        messages.success(request, _("Thank you: your weather is noted."))
        return redirect(group)
    return _render_wall(request, group, mood_form=form)
