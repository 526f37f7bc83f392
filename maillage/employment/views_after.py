"""The pages after a job café (urls_after.py):

- the café's follow-up page (``follow_up``): for its organisers, the seekers with their
  outcome at each checkpoint and the follow-up requests sent and answered; for the
  organisers and the coordinators, the follow-up sessions and the obstacles (the
  coordinators see no seeker's name);
- recording an outcome (organisers), planning a session, noting an obstacle and making
  it an action (organisers and coordinators);
- the seeker's "where are you now?" page and the recruiter's outcome page, opened by
  their personal link without an account (a wrong link is a 404; a recruiter reaches
  only a consenting seeker of their café whom they met).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from maillage.collectives.access import get_collective
from maillage.core.errors import ConflictError, DomainError
from maillage.core.forms import add_domain_error, form_data
from maillage.core.zones import local_datetime

from . import services_after as services
from .figures_after import checkpoint_label
from .forms_after import ObstacleActionForm, ObstacleForm, OutcomeForm, SessionForm
from .models import Cafe, Recruiter, Seeker
from .models_after import CHECKPOINTS, FollowUpRequest, Obstacle, Outcome, RecordedBy


def get_cafe(request, slug, pk, perm):
    """The café whose event is ``pk`` in the collective ``slug``: 404 when the collective
    is not visible or has no such café, 403 without ``perm`` on the café."""
    collective = get_collective(request, slug)
    cafe = get_object_or_404(
        Cafe.objects.select_related("event__collective"), event_id=pk, event__collective=collective
    )
    if not request.user.has_perm(perm, cafe):
        raise PermissionDenied
    return cafe


def _link(name, *args):
    """A page of another part of the app."""
    return reverse(name, args=args)


def current_checkpoint(cafe, today=None):
    """The checkpoint a person answers for today: the latest one reached since the café."""
    today = today or timezone.localdate()
    day = services.cafe_date(cafe)
    reached = [months for months in CHECKPOINTS if services.add_months(day, months) <= today]
    return reached[-1] if reached else 0


# ------------------------------------------------------------------------- organisers


@require_GET
def follow_up(request, slug, pk):
    cafe = get_cafe(request, slug, pk, "employment.change_cafe")
    sees_seekers = request.user.has_perm("employment.manage_seekers", cafe)
    rows = []
    labels = [(months, checkpoint_label(months)) for months in CHECKPOINTS]
    if sees_seekers:
        seekers = (
            cafe.seekers.filter(erased_at__isnull=True)
            .order_by("name", "pk")
            .prefetch_related(
                Prefetch("outcomes", queryset=Outcome.objects.order_by("checkpoint")),
                Prefetch("follow_ups", queryset=FollowUpRequest.objects.order_by("months")),
            )
        )
        for seeker in seekers:
            known = {outcome.checkpoint: outcome for outcome in seeker.outcomes.all()}
            rows.append(
                {
                    "seeker": seeker,
                    "cells": [
                        (months, label, known.get(months), _described(known.get(months)))
                        for months, label in labels
                    ],
                    "requests": list(seeker.follow_ups.all()),
                }
            )
    return render(
        request,
        "employment/after/follow_up.html",
        {
            "collective": cafe.collective,
            "cafe": cafe,
            "event": cafe.event,
            "sees_seekers": sees_seekers,
            "rows": rows,
            "checkpoints": labels,
            "sessions": cafe.sessions.select_related("meeting"),
            "obstacles": cafe.obstacles.select_related("action", "session__meeting"),
            "cafe_link": _link("employment:cafe", cafe.collective.slug, cafe.event_id),
        },
    )


def _described(outcome):
    return services.describe_outcome(outcome) if outcome is not None else ""


def _back(cafe):
    return redirect("employment:follow_up", cafe.collective.slug, cafe.event_id)


def _show_conflict(form, refused):
    """Keep what was typed and carry the version recorded now, so that saving again
    replaces it."""
    add_domain_error(form, refused)
    if isinstance(refused, ConflictError) and form.outcome is not None:
        form.data = form.data.copy()
        form.data["version"] = form.outcome.version


@require_http_methods(["GET", "POST"])
def record_outcome(request, slug, pk, seeker):
    cafe = get_cafe(request, slug, pk, "employment.manage_seekers")
    seeker = get_object_or_404(cafe.seekers.filter(erased_at__isnull=True), pk=seeker)
    checkpoint = request.GET.get("checkpoint", "0")
    checkpoint = int(checkpoint) if checkpoint.isdigit() else 0
    outcome = seeker.outcomes.filter(checkpoint=checkpoint).first()
    initial = OutcomeForm.initial_for(outcome) or {"checkpoint": checkpoint}
    form = OutcomeForm(form_data(request), cafe=cafe, initial=initial)
    form.outcome = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_outcome(
                    seeker=seeker,
                    checkpoint=data["checkpoint"],
                    kind=data["kind"],
                    contract=data["contract"],
                    hours=data["hours"],
                    recruiter=data["recruiter"],
                    note=data["note"],
                    recorded_by=RecordedBy.ORGANISER,
                    actor=request.user,
                    version=data["version"],
                )
            except DomainError as refused:
                form.outcome = seeker.outcomes.filter(checkpoint=data["checkpoint"]).first()
                _show_conflict(form, refused)
                if refused.code == "already":
                    status = 409
            else:
                messages.success(request, _("Outcome recorded."))
                return _back(cafe)
    return render(
        request,
        "employment/after/record_outcome.html",
        {
            "collective": cafe.collective,
            "cafe": cafe,
            "seeker": seeker,
            "form": form,
            "action": request.get_full_path(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def plan_session(request, slug, pk):
    cafe = get_cafe(request, slug, pk, "employment.change_cafe")
    event = cafe.event
    form = SessionForm(
        form_data(request),
        initial={"title": _("Follow-up of %(cafe)s") % {"cafe": event.title}, "place": event.place},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                session = services.plan_session(
                    actor=request.user,
                    cafe=cafe,
                    title=data["title"],
                    starts_at=local_datetime(data["date"], data["start_time"], event.time_zone),
                    ends_at=local_datetime(data["date"], data["end_time"], event.time_zone),
                    place=data["place"],
                    address=data["address"],
                    purpose=data["purpose"],
                    invite_members=data["invite_members"],
                    send_now=data["send_now"],
                )
            except DomainError as refused:
                add_domain_error(form, refused, {"starts_at": "start_time", "ends_at": "end_time"})
            else:
                messages.success(
                    request,
                    _("Session planned, with %(count)s job seekers invited.")
                    % {"count": session.meeting.invitees.filter(user__isnull=True).count()},
                )
                return _back(cafe)
    return render(
        request,
        "employment/after/plan_session.html",
        {
            "collective": cafe.collective,
            "cafe": cafe,
            "form": form,
            "invited": services.invited_seekers(cafe).count(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def note_obstacle(request, slug, pk):
    cafe = get_cafe(request, slug, pk, "employment.change_cafe")
    form = ObstacleForm(form_data(request), cafe=cafe)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.note_obstacle(
                    actor=request.user,
                    cafe=cafe,
                    theme=data["theme"],
                    text=data["text"],
                    session=data["session"],
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Obstacle noted."))
                return _back(cafe)
    return render(
        request,
        "employment/after/note_obstacle.html",
        {"collective": cafe.collective, "cafe": cafe, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def obstacle_action(request, slug, pk, obstacle):
    cafe = get_cafe(request, slug, pk, "employment.change_cafe")
    obstacle = get_object_or_404(Obstacle.objects.filter(cafe=cafe), pk=obstacle)
    form = ObstacleActionForm(
        form_data(request),
        collective=cafe.collective,
        initial={"title": obstacle.get_theme_display()},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                action = services.make_action(
                    actor=request.user,
                    obstacle=obstacle,
                    title=data["title"],
                    owners=form.chosen_owners(),
                    due_date=data["due_date"],
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("The obstacle is now an action of the collective."))
                return redirect(action.get_absolute_url())
    return render(
        request,
        "employment/after/obstacle_action.html",
        {"collective": cafe.collective, "cafe": cafe, "obstacle": obstacle, "form": form},
        status=status,
    )


# ------------------------------------------------------------------------- by link


def _answer(request, *, cafe, seeker, recorded_by, recruiter=None, who):
    """The outcome form of a person with a link, for the checkpoint of the day."""
    checkpoint = current_checkpoint(cafe)
    outcome = seeker.outcomes.filter(checkpoint=checkpoint).first()
    form = OutcomeForm(
        form_data(request), cafe=cafe, who=who, initial=OutcomeForm.initial_for(outcome)
    )
    form.outcome = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_outcome(
                seeker=seeker,
                checkpoint=checkpoint,
                kind=data["kind"],
                contract=data["contract"],
                hours=data["hours"],
                recruiter=recruiter if recruiter is not None else data.get("recruiter"),
                note=data["note"],
                recorded_by=recorded_by,
                version=data["version"],
            )
        except DomainError as refused:
            form.outcome = seeker.outcomes.filter(checkpoint=checkpoint).first()
            _show_conflict(form, refused)
        else:
            return None, checkpoint, outcome
    return form, checkpoint, outcome


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def seeker_outcome(request, key):
    seeker = get_object_or_404(
        Seeker.objects.select_related("cafe__event__collective").filter(erased_at__isnull=True),
        key=key,
    )
    cafe = seeker.cafe
    form, checkpoint, outcome = _answer(
        request, cafe=cafe, seeker=seeker, recorded_by=RecordedBy.SEEKER, who="seeker"
    )
    if form is None:
        messages.success(request, _("Thank you: your answer is recorded."))
        return redirect("employment:seeker_outcome", seeker.key)
    return render(
        request,
        "employment/after/seeker_outcome.html",
        {
            "seeker": seeker,
            "cafe": cafe,
            "event": cafe.event,
            "checkpoint": checkpoint_label(checkpoint),
            "outcome": _described(outcome),
            "form": form,
            "seeker_page": _link("employment:seeker_page", seeker.key),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def recruiter_outcome(request, key, seeker):
    recruiter = get_object_or_404(
        Recruiter.objects.select_related("cafe__event__collective"), key=key
    )
    seeker = get_object_or_404(
        Seeker.objects.filter(
            cafe=recruiter.cafe,
            erased_at__isnull=True,
            consented_at__isnull=False,
            slots__recruiter=recruiter,
        ),
        pk=seeker,
    )
    cafe = recruiter.cafe
    form, checkpoint, outcome = _answer(
        request,
        cafe=cafe,
        seeker=seeker,
        recorded_by=RecordedBy.RECRUITER,
        recruiter=recruiter,
        who="recruiter",
    )
    recruiter_page = _link("employment:recruiter_page", recruiter.key)
    if form is None:
        messages.success(request, _("Thank you: the outcome is recorded."))
        return redirect(recruiter_page or request.path)
    return render(
        request,
        "employment/after/recruiter_outcome.html",
        {
            "recruiter": recruiter,
            "seeker": seeker,
            "cafe": cafe,
            "event": cafe.event,
            "checkpoint": checkpoint_label(checkpoint),
            "outcome": _described(outcome),
            "form": form,
            "recruiter_page": recruiter_page,
        },
        status=400 if request.method == "POST" else 200,
    )
