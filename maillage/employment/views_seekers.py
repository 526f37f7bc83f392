"""Job seekers' pages (urls_cafe.py).

- For the café's organisers only: the list of seekers with check-in, a seeker's
  profile and CV. Each view of a profile or CV is recorded (``log_profile_view``).
- Public, without an account: the registration form of a published job café of a
  public collective, and its "sent" page (the same whether the address was new or
  already registered: nothing tells a visitor who registered).
- The seeker's personal link (``key``): their page, profile, consent, CV, "keep my
  data", download, deletion. A wrong key is a 404; the page shows that seeker's data
  only. Views by the seeker themselves are not recorded as profile views.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error
from maillage.core.requests import client_ip
from maillage.events.models import PUBLIC_STATUSES, Event, EventKind
from maillage.events.services_registrations import check_open

from . import services_cafe as services
from . import services_seekers as seeker_services
from .forms_cafe import PROFILE_FORM_FIELDS, ConsentForm, CvForm, ProfileForm, RegisterForm
from .models import Cafe, Seeker, SeekerStatus
from .views_cafe import SEEKERS, get_cafe, page_link, seeker_counts

# ------------------------------------------------------------------ organisers


@require_GET
def seekers(request, slug, pk):
    cafe = get_cafe(request, slug, pk, SEEKERS)
    listed = list(
        cafe.seekers.filter(erased_at__isnull=True)
        .exclude(status=SeekerStatus.CANCELLED)
        .order_by("name", "pk")
    )
    return render(
        request,
        "employment/seekers.html",
        {
            "collective": cafe.event.collective,
            "event": cafe.event,
            "cafe": cafe,
            "seekers": listed,
            "counts": seeker_counts(cafe),
        },
    )


def _organiser_seeker(request, slug, pk, seeker):
    cafe = get_cafe(request, slug, pk, SEEKERS)
    return cafe, get_object_or_404(Seeker, cafe=cafe, pk=seeker, erased_at__isnull=True)


@never_cache
@require_GET
def seeker(request, slug, pk, seeker):
    cafe, seeker = _organiser_seeker(request, slug, pk, seeker)
    seeker_services.log_profile_view(seeker=seeker, user=request.user, what="profile")
    return render(
        request,
        "employment/seeker.html",
        {
            "collective": cafe.event.collective,
            "event": cafe.event,
            "cafe": cafe,
            "seeker": seeker,
            "wishes": seeker.wishes.select_related("recruiter").order_by("-weight"),
            "views": seeker.views.select_related("user", "recruiter")[:20],
        },
    )


def _pdf(seeker, name):
    with seeker.cv.open("rb") as stored:  # at most EMPLOYMENT_CV_MAX_BYTES
        response = HttpResponse(stored.read(), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def seeker_cv(request, slug, pk, seeker):
    cafe, seeker = _organiser_seeker(request, slug, pk, seeker)
    if not seeker.cv:
        raise Http404
    seeker_services.log_profile_view(seeker=seeker, user=request.user, what="cv")
    return _pdf(seeker, f"cv-{seeker.pk}.pdf")


# ------------------------------------------------------------------ registration


def _public_cafe(pk):
    """A published (or cancelled) job café; 404 otherwise. A private collective's café
    takes registrations too, through this address, which the prescribers (France
    Travail, the missions locales…) hand out: it is listed nowhere public, and the page
    shows the café, not the collective's other events."""
    event = get_object_or_404(
        Event.objects.filter(status__in=PUBLIC_STATUSES).select_related("collective"),
        pk=pk,
        kind=EventKind.JOB_CAFE,
    )
    return get_object_or_404(Cafe.objects.select_related("event__collective"), event=event)


def _recruiters(cafe):
    return list(cafe.recruiters.filter(present=True).prefetch_related("offers"))


def _register_page(request, cafe, form=None, status=200):
    event = cafe.event
    try:
        check_open(event)
        closed_reason = None
    except DomainError as refusal:
        closed_reason = refusal.message
    recruiters = _recruiters(cafe)
    if form is None and closed_reason is None:
        form = RegisterForm(recruiters=recruiters)
    return render(
        request,
        "employment/register.html",
        {
            "collective": event.collective,
            "event": event,
            "cafe": cafe,
            "form": form,
            "closed_reason": closed_reason,
            "consent_text": services.consent_text_of(cafe),
            "had_cv": request.method == "POST" and bool(request.FILES.get("cv")),
        },
        status=status,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def register(request, pk):
    cafe = _public_cafe(pk)
    if request.method == "GET":
        return _register_page(request, cafe)
    form = RegisterForm(request.POST, request.FILES, recruiters=_recruiters(cafe))
    if form.is_spam():
        form.is_valid()
        form.add_error(None, _("Your registration could not be recorded. Please try again."))
        return _register_page(request, cafe, form, status=400)
    if not form.is_valid():
        return _register_page(request, cafe, form, status=400)
    try:
        services.register_seeker(
            cafe=cafe,
            email=form.cleaned_data["email"],
            wishes=form.wishes(),
            consent=form.cleaned_data["consent"],
            cv=form.cleaned_data.get("cv"),
            language=request.LANGUAGE_CODE,
            ip=client_ip(request),
            **form.profile(),
        )
    except DomainError as refusal:
        add_domain_error(form, refusal)
        return _register_page(request, cafe, form, status=400)
    messages.success(
        request,
        _("Thank you. Check the e-mail at %(email)s: it carries your personal link.")
        % {"email": form.cleaned_data["email"]},
    )
    return redirect("employment:register_sent", cafe.event_id)


@login_not_required
@never_cache
@require_GET
def register_sent(request, pk):
    cafe = _public_cafe(pk)
    return render(
        request,
        "employment/register_sent.html",
        {"collective": cafe.event.collective, "event": cafe.event, "cafe": cafe},
    )


# ------------------------------------------------------------- the seeker's link


def _own(key):
    seeker = get_object_or_404(
        Seeker.objects.select_related("cafe__event__collective"), key=key, erased_at__isnull=True
    )
    return seeker


def _seeker_context(seeker, **more):
    event = seeker.cafe.event
    return {
        "collective": event.collective,
        "event": event,
        "cafe": seeker.cafe,
        "seeker": seeker,
        **more,
    }


@login_not_required
@never_cache
@require_GET
def seeker_page(request, key):
    seeker = _own(key)
    return render(
        request,
        "employment/seeker_page.html",
        _seeker_context(
            seeker,
            wishes=seeker.wishes.select_related("recruiter").order_by("-weight", "recruiter__name"),
            slots=seeker.slots.select_related("recruiter").order_by("rotation"),
            views=seeker.views.select_related("user", "recruiter")[:50],
            cv_form=CvForm(),
            outcome_url=page_link("employment:seeker_outcome", seeker.key),
            retention_days=settings.EMPLOYMENT_SEEKER_RETENTION_DAYS,
        ),
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def seeker_profile(request, key):
    seeker = _own(key)
    recruiters = _recruiters(seeker.cafe)
    initial = {name: getattr(seeker, name) for name in PROFILE_FORM_FIELDS}
    for wish in seeker.wishes.all():
        initial[f"wish_{wish.recruiter_id}"] = str(wish.weight)
    form = ProfileForm(
        request.POST if request.method == "POST" else None, initial=initial, recruiters=recruiters
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                seeker_services.update_profile(
                    seeker=seeker, wishes=form.wishes(), **form.profile()
                )
            except DomainError as refusal:
                add_domain_error(form, refusal)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect(seeker)
    return render(
        request, "employment/seeker_profile.html", _seeker_context(seeker, form=form), status=status
    )


def _act(request, seeker, action, success, **kwargs):
    try:
        action(seeker=seeker, **kwargs)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, success)
    return redirect("employment:seeker_page", seeker.key)


@login_not_required
@require_POST
def seeker_consent(request, key):
    seeker = _own(key)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the answers offered."))
        return redirect(seeker)
    consent = form.cleaned_data["consent"]
    return _act(
        request,
        seeker,
        seeker_services.set_consent,
        _("The recruiters of the café may now see your profile.")
        if consent
        else _("Your consent is withdrawn: the recruiters no longer see your profile."),
        consent=consent,
    )


@login_not_required
@require_POST
def seeker_cv_upload(request, key):
    seeker = _own(key)
    form = CvForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form.errors["cv"][0])
        return redirect(seeker)
    return _act(
        request,
        seeker,
        seeker_services.replace_cv,
        _("Your CV is saved."),
        cv=form.cleaned_data["cv"],
    )


@login_not_required
@require_POST
def seeker_cv_delete(request, key):
    seeker = _own(key)
    return _act(request, seeker, seeker_services.delete_cv, _("Your CV is deleted."))


@login_not_required
@require_GET
def seeker_own_cv(request, key):
    seeker = _own(key)
    if not seeker.cv:
        raise Http404
    return _pdf(seeker, "cv.pdf")


@login_not_required
@require_POST
def seeker_keep(request, key):
    seeker = _own(key)
    return _act(
        request,
        seeker,
        seeker_services.keep_data,
        _("Your data is kept for a year from today."),
    )


@login_not_required
@never_cache
@require_GET
def seeker_data(request, key):
    seeker = _own(key)
    content = json.dumps(seeker_services.seeker_data(seeker), ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, "my-data.json")
    response["Cache-Control"] = "private, no-store"
    return response


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def seeker_delete(request, key):
    seeker = _own(key)
    if request.method == "POST":
        try:
            seeker_services.erase_seeker(seeker=seeker)
        except DomainError as refusal:
            messages.error(request, refusal.message)
            return redirect(seeker)
        messages.success(request, _("Your data is deleted."))
        return redirect(seeker.cafe.event.get_absolute_url() if _is_public(seeker) else "core:home")
    return render(
        request,
        "employment/seeker_delete.html",
        _seeker_context(seeker, action=reverse("employment:seeker_delete", args=[seeker.key])),
    )


def _is_public(seeker):
    return Event.objects.public().filter(pk=seeker.cafe.event_id).exists()
