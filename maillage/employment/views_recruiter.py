"""Pages opened by a personal link, without an account: the recruiter's page (their
schedule, the outcome of each meeting in three buttons, the consenting seekers of their
café with a short profile and their CV) and a seeker's own rounds.

The key in the address is the credential: a wrong key is a 404, and a recruiter
reaches only their own café's consenting seekers and their own meetings. Every profile
and CV shown is logged (``ProfileView``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from maillage.core.errors import DomainError

from . import rotations_data
from .forms_rotations import OutcomeForm
from .models import Recruiter, Seeker, SeekerStatus, Slot
from .services_rotations import record_meeting_outcome
from .services_seekers import log_profile_views


def _recruiter(key):
    return get_object_or_404(Recruiter.objects.select_related("cafe__event__collective"), key=key)


def _consenting_seekers(recruiter):
    """The seekers a recruiter may read: their café's, consenting, not erased, not
    cancelled."""
    return (
        Seeker.objects.filter(
            cafe=recruiter.cafe, consented_at__isnull=False, erased_at__isnull=True
        )
        .exclude(status=SeekerStatus.CANCELLED)
        .order_by("name", "pk")
    )


def _meeting_context(recruiter, slot):
    return {
        "recruiter": recruiter,
        "slot": slot,
        "outcomes": OutcomeForm.base_fields["outcome"].choices,
    }


@login_not_required
@never_cache
@require_GET
def recruiter_page(request, key):
    recruiter = _recruiter(key)
    seekers = list(_consenting_seekers(recruiter))
    for seeker in seekers:
        seeker.first_name = rotations_data.first_name(seeker)
    log_profile_views(seekers=seekers, recruiter=recruiter)
    response = render(
        request,
        "employment/rotations/recruiter.html",
        {
            "recruiter": recruiter,
            "cafe": recruiter.cafe,
            "event": recruiter.cafe.event,
            "schedule": rotations_data.recruiter_schedule(recruiter),
            "seekers": seekers,
            "outcomes": OutcomeForm.base_fields["outcome"].choices,
        },
    )
    return response


@login_not_required
@require_POST
def recruiter_outcome(request, key, slot):
    recruiter = _recruiter(key)
    slot = get_object_or_404(Slot.objects.select_related("seeker"), pk=slot, recruiter=recruiter)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the outcomes offered."))
    else:
        try:
            slot = record_meeting_outcome(
                slot=slot, outcome=form.cleaned_data["outcome"], recruiter=recruiter
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The outcome is saved."))
    if request.htmx:
        # The meeting as it now stands replaces itself; the message goes to the page's
        # live region.
        slot.time = rotations_data.recruiter_schedule_time(slot)
        slot.shown_name = rotations_data.shown_name(slot.seeker)
        return render(
            request, "employment/rotations/_meeting_answer.html", _meeting_context(recruiter, slot)
        )
    return redirect(f"{recruiter.get_absolute_url()}#meeting-{slot.pk}")


@login_not_required
@never_cache
@require_GET
def recruiter_seeker_cv(request, key, seeker):
    recruiter = _recruiter(key)
    seeker = get_object_or_404(_consenting_seekers(recruiter), pk=seeker)
    if not seeker.cv:
        raise Http404
    log_profile_views(seekers=[seeker], recruiter=recruiter, what="cv")
    # A CV is small (its size is limited when it is sent): read whole.
    with seeker.cv.open("rb") as cv:
        response = HttpResponse(cv.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="cv-{seeker.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_not_required
@never_cache
@require_GET
def seeker_rounds(request, key):
    seeker = get_object_or_404(
        Seeker.objects.select_related("cafe__event__collective"), key=key, erased_at__isnull=True
    )
    response = render(
        request,
        "employment/rotations/seeker_rounds.html",
        {
            "seeker": seeker,
            "cafe": seeker.cafe,
            "event": seeker.cafe.event,
            "my_rounds": rotations_data.seeker_rounds(seeker),
        },
    )
    return response
