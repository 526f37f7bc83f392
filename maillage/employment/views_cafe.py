"""The organisers' pages of job cafés (urls_cafe.py): the collective's employment page,
setting a café up from its event, the café's page (settings, recruiters and offers,
job seekers), the recruiters' and offers' forms, walk-ins and check-in.

A café is found within the collective by its EVENT's pk; who may see what follows
rules.py: the café's organisers see and handle its job seekers (each view of a
profile or CV is logged: views_seekers.py), the coordinators set it up and see counts
only, the members read the employment page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.collectives.access import get_collective
from maillage.collectives.rules import is_coordinator
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data
from maillage.core.zones import local_datetime
from maillage.events.models import Event, EventKind

from . import services_cafe as services
from .forms_cafe import CafeForm, CheckInForm, OfferForm, PresenceForm, RecruiterForm, WalkInForm
from .models import Cafe, Recruiter, RecruiterOffer, Seeker, SeekerStatus
from .models_operations import Operation

CHANGE = "employment.change_cafe"
SEEKERS = "employment.manage_seekers"


def page_link(name, *args):
    """The address of another part's page."""
    return reverse(name, args=args)


def get_cafe(request, slug, pk, perm=CHANGE):
    collective = get_collective(request, slug)
    cafe = get_object_or_404(
        Cafe.objects.select_related("event__collective"), event__collective=collective, event_id=pk
    )
    if not request.user.has_perm(perm, cafe):
        raise PermissionDenied
    return cafe


def seeker_counts(cafe):
    return cafe.seekers.aggregate(
        registered=Count("pk", filter=Q(erased_at__isnull=True) & ~Q(status="cancelled")),
        consenting=Count("pk", filter=Q(consented_at__isnull=False, erased_at__isnull=True)),
        arrived=Count("pk", filter=Q(status__in=[SeekerStatus.ARRIVED, SeekerStatus.LEFT])),
        left=Count("pk", filter=Q(status=SeekerStatus.LEFT)),
    )


@require_GET
def home(request, slug):
    collective = get_collective(request, slug, "employment.view_figures")
    cafes = list(
        Cafe.objects.filter(event__collective=collective)
        .select_related("event")
        .annotate(
            seeker_count=Count("seekers", filter=Q(seekers__erased_at__isnull=True), distinct=True),
            recruiter_count=Count("recruiters", distinct=True),
        )
        .order_by("-event__starts_at")
    )
    now = timezone.now()
    user = request.user
    for one in cafes:
        one.can_open = user.has_perm(CHANGE, one)
    to_set_up = []
    if (
        is_coordinator(user, collective)
        or Event.objects.filter(collective=collective, organisers=user).exists()
    ):
        to_set_up = [
            event
            for event in Event.objects.filter(
                collective=collective, kind=EventKind.JOB_CAFE, cafe__isnull=True
            ).order_by("starts_at")
            if user.has_perm("events.change_event", event)
        ]
    return render(
        request,
        "employment/home.html",
        {
            "collective": collective,
            "coming": [cafe for cafe in cafes if cafe.event.ends_at >= now][::-1],
            "past": [cafe for cafe in cafes if cafe.event.ends_at < now],
            "to_set_up": to_set_up,
            "operation_count": Operation.objects.filter(collective=collective).count(),
            "operations_url": page_link("employment:operations", collective.slug),
            "figures_url": page_link("employment:figures", collective.slug),
        },
    )


def _cafe_values(form, event):
    data = form.cleaned_data
    start = None
    if data.get("first_round"):
        start = local_datetime(event.local_start.date(), data["first_round"], event.zone)
    return {
        "rotations": data["rotations"],
        "minutes_per_rotation": data["minutes_per_rotation"],
        "seats": data["seats"],
        "rotations_start_at": start,
        "consent_text": data.get("consent_text") or "",
    }


def _form_page(request, *, cafe=None, event, form, heading, submit, action, status=200, **more):
    return render(
        request,
        "employment/form_page.html",
        {
            "collective": event.collective,
            "event": event,
            "cafe": cafe,
            "form": form,
            "heading": heading,
            "submit": submit,
            "action": action,
            **more,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def cafe_setup(request, slug, pk):
    collective = get_collective(request, slug)
    event = get_object_or_404(Event, collective=collective, pk=pk)
    if not request.user.has_perm("events.change_event", event):
        raise PermissionDenied
    if Cafe.objects.filter(event=event).exists():
        return redirect("employment:cafe", collective.slug, event.pk)
    form = CafeForm(form_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.set_up_cafe(actor=request.user, event=event, **_cafe_values(form, event))
            except DomainError as refusal:
                add_domain_error(form, refusal)
            else:
                messages.success(request, _("The job café is set up: add its recruiters."))
                return redirect("employment:cafe", collective.slug, event.pk)
    return _form_page(
        request,
        event=event,
        form=form,
        heading=_("Set up the job café"),
        submit=_("Set up the job café"),
        action=reverse("employment:cafe_setup", args=[collective.slug, event.pk]),
        status=status,
    )


@require_GET
def cafe(request, slug, pk):
    cafe = get_cafe(request, slug, pk)
    event = cafe.event
    can_seekers = request.user.has_perm(SEEKERS, cafe)
    recruiters = list(cafe.recruiters.prefetch_related("offers").annotate(wished=Count("wishes")))
    seekers = []
    if can_seekers:
        seekers = list(cafe.seekers.filter(erased_at__isnull=True).order_by("name", "pk"))
    return render(
        request,
        "employment/cafe.html",
        {
            "collective": event.collective,
            "event": event,
            "cafe": cafe,
            "recruiters": recruiters,
            "can_seekers": can_seekers,
            "seekers": seekers,
            "counts": seeker_counts(cafe),
            "register_url": reverse("employment:register", args=[event.pk]),
            "rotations_url": page_link("employment:rotations", event.collective.slug, event.pk),
            "follow_up_url": page_link("employment:follow_up", event.collective.slug, event.pk),
        },
    )


@require_http_methods(["GET", "POST"])
def cafe_edit(request, slug, pk):
    cafe = get_cafe(request, slug, pk)
    event = cafe.event
    initial = {
        "rotations": cafe.rotations,
        "minutes_per_rotation": cafe.minutes_per_rotation,
        "seats": cafe.seats,
        "consent_text": cafe.consent_text,
        "first_round": (
            timezone.localtime(cafe.rotations_start_at, event.zone).time()
            if cafe.rotations_start_at
            else None
        ),
    }
    form = CafeForm(form_data(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.update_cafe(actor=request.user, cafe=cafe, **_cafe_values(form, event))
            except DomainError as refusal:
                add_domain_error(form, refusal)
            else:
                messages.success(request, _("The job café's settings are saved."))
                return redirect(cafe)
    return _form_page(
        request,
        cafe=cafe,
        event=event,
        form=form,
        heading=_("Settings of the job café"),
        submit=_("Save"),
        action=reverse("employment:cafe_edit", args=[slug, pk]),
        status=status,
    )


def _recruiter_values(form):
    return {
        name: form.cleaned_data.get(name)
        for name in (
            "organisation",
            "name",
            "contact_name",
            "contact_email",
            "contact_phone",
            "sectors",
            "tables",
        )
    }


def _recruiter_form_page(request, cafe, recruiter=None):
    event = cafe.event
    initial = {}
    if recruiter is not None:
        initial = {
            "organisation": recruiter.organisation_id,
            "name": recruiter.name,
            "contact_name": recruiter.contact_name,
            "contact_email": recruiter.contact_email,
            "contact_phone": recruiter.contact_phone,
            "sectors": recruiter.sectors,
            "tables": recruiter.tables,
        }
    form = RecruiterForm(form_data(request), initial=initial, collective=event.collective)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if recruiter is None:
                    services.add_recruiter(actor=request.user, cafe=cafe, **_recruiter_values(form))
                else:
                    services.update_recruiter(
                        actor=request.user, recruiter=recruiter, **_recruiter_values(form)
                    )
            except DomainError as refusal:
                add_domain_error(form, refusal)
            else:
                messages.success(request, _("The recruiter is saved."))
                return redirect(cafe)
    if recruiter is None:
        heading, action = (
            _("Add a recruiter"),
            reverse("employment:recruiter_add", args=[event.collective.slug, event.pk]),
        )
    else:
        heading, action = (
            recruiter.name,
            reverse(
                "employment:recruiter_edit", args=[event.collective.slug, event.pk, recruiter.pk]
            ),
        )
    return _form_page(
        request,
        cafe=cafe,
        event=event,
        form=form,
        heading=heading,
        submit=_("Save"),
        action=action,
        status=status,
    )


@require_http_methods(["GET", "POST"])
def recruiter_add(request, slug, pk):
    return _recruiter_form_page(request, get_cafe(request, slug, pk))


def _recruiter(request, slug, pk, recruiter):
    cafe = get_cafe(request, slug, pk)
    return cafe, get_object_or_404(Recruiter, cafe=cafe, pk=recruiter)


@require_http_methods(["GET", "POST"])
def recruiter_edit(request, slug, pk, recruiter):
    cafe, recruiter = _recruiter(request, slug, pk, recruiter)
    return _recruiter_form_page(request, cafe, recruiter)


def _done(request, cafe, action, success, **kwargs):
    try:
        action(actor=request.user, **kwargs)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, success)
    return redirect(cafe)


@require_POST
def recruiter_remove(request, slug, pk, recruiter):
    cafe, recruiter = _recruiter(request, slug, pk, recruiter)
    return _done(
        request,
        cafe,
        services.remove_recruiter,
        _("The recruiter is removed."),
        recruiter=recruiter,
    )


@require_POST
def recruiter_presence(request, slug, pk, recruiter):
    cafe, recruiter = _recruiter(request, slug, pk, recruiter)
    form = PresenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the answers offered."))
        return redirect(cafe)
    present = form.cleaned_data["present"]
    return _done(
        request,
        cafe,
        services.set_recruiter_present,
        _("Marked present.") if present else _("Marked absent."),
        recruiter=recruiter,
        present=present,
    )


@require_POST
def recruiter_send_link(request, slug, pk, recruiter):
    cafe, recruiter = _recruiter(request, slug, pk, recruiter)
    return _done(
        request,
        cafe,
        services.send_recruiter_link,
        _("The personal link is sent to the recruiter's contact."),
        recruiter=recruiter,
    )


def _offer_form_page(request, cafe, recruiter, offer=None):
    event = cafe.event
    initial = {}
    if offer is not None:
        initial = {
            name: getattr(offer, name)
            for name in ("title", "contract", "hours", "place", "posts", "requirements")
        }
    form = OfferForm(form_data(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if offer is None:
                    services.add_offer(actor=request.user, recruiter=recruiter, **form.cleaned_data)
                else:
                    services.update_offer(actor=request.user, offer=offer, **form.cleaned_data)
            except DomainError as refusal:
                add_domain_error(form, refusal)
            else:
                messages.success(request, _("The offer is saved."))
                return redirect(cafe)
    slug = event.collective.slug
    if offer is None:
        action = reverse("employment:offer_add", args=[slug, event.pk, recruiter.pk])
    else:
        action = reverse("employment:offer_edit", args=[slug, event.pk, offer.pk])
    return _form_page(
        request,
        cafe=cafe,
        event=event,
        form=form,
        heading=(_("An offer at %(name)s") % {"name": recruiter.name}),
        submit=_("Save"),
        action=action,
        status=status,
    )


@require_http_methods(["GET", "POST"])
def offer_add(request, slug, pk, recruiter):
    cafe, recruiter = _recruiter(request, slug, pk, recruiter)
    return _offer_form_page(request, cafe, recruiter)


def _offer(request, slug, pk, offer):
    cafe = get_cafe(request, slug, pk)
    return cafe, get_object_or_404(
        RecruiterOffer.objects.select_related("recruiter"), recruiter__cafe=cafe, pk=offer
    )


@require_http_methods(["GET", "POST"])
def offer_edit(request, slug, pk, offer):
    cafe, offer = _offer(request, slug, pk, offer)
    return _offer_form_page(request, cafe, offer.recruiter, offer)


@require_POST
def offer_remove(request, slug, pk, offer):
    cafe, offer = _offer(request, slug, pk, offer)
    return _done(request, cafe, services.remove_offer, _("The offer is removed."), offer=offer)


# --------------------------------------------------------------- seekers, on the day


@require_http_methods(["GET", "POST"])
def walk_in(request, slug, pk):
    cafe = get_cafe(request, slug, pk, SEEKERS)
    form = WalkInForm(form_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.add_walk_in(actor=request.user, cafe=cafe, **form.cleaned_data)
            except DomainError as refusal:
                add_domain_error(form, refusal)
            else:
                messages.success(request, _("The person is added, arrived."))
                return redirect("employment:seekers", slug, pk)
    return _form_page(
        request,
        cafe=cafe,
        event=cafe.event,
        form=form,
        heading=_("Someone came without registering"),
        submit=_("Add"),
        action=reverse("employment:walk_in", args=[slug, pk]),
        status=status,
    )


@require_POST
def check_in(request, slug, pk, seeker):
    cafe = get_cafe(request, slug, pk, SEEKERS)
    seeker = get_object_or_404(Seeker, cafe=cafe, pk=seeker, erased_at__isnull=True)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the answers offered."))
    else:
        try:
            services.check_in(actor=request.user, seeker=seeker, status=form.cleaned_data["status"])
        except DomainError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {"name": seeker.name, "status": SeekerStatus(form.cleaned_data["status"]).label},
            )
    return redirect("employment:seekers", slug, pk)
