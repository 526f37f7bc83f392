"""Pages of a collective: its home, its settings, its organisations, its networks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.errors import DomainError
from maillage.governance.models import KIND_ORDER, GovernanceText

from . import services
from .access import get_collective
from .forms import CollectiveForm, DirectoryForm, OrganisationForm
from .models import Collective, Membership, MembershipRequest, RequestStatus, Role
from .rules import role_in


def members_by_organisation(collective):
    """Active members grouped under the organisation they represent, people on their own last."""
    memberships = (
        Membership.objects.active()
        .filter(collective=collective)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__display_name")
    )
    groups, individuals = {}, []
    for membership in memberships:
        if membership.organisation is None:
            individuals.append(membership)
        else:
            groups.setdefault(membership.organisation, []).append(membership)
    return list(groups.items()), individuals


# Coming public events shown on a public collective's page.
EVENTS_SHOWN = 5


def _coming_public_events(collective):
    """The first coming events anyone may read (events.models.EventQuerySet.public),
    for a public collective; none for a private one."""
    if not collective.is_public:
        return []
    events = list(collective.events.public().upcoming().order_by("starts_at", "pk")[:EVENTS_SHOWN])
    for event in events:
        event.collective = collective  # spares a query per link
    return events


# Collectives per page of the public list.
DIRECTORY_PAGE = 20


@login_not_required
def directory(request):
    """The public collectives, for anyone: a search on the name and the territory, a
    territory filter (GET, so that it works without JavaScript), pages of
    DIRECTORY_PAGE. Private collectives never appear here, even to their members."""
    from maillage.events.models import EventStatus  # events depend on collectives

    public = Collective.objects.public()
    territories = (
        public.exclude(territory="")
        .order_by("territory")
        .values_list("territory", flat=True)
        .distinct()
    )
    form = DirectoryForm(request.GET or None, territories=list(territories))
    valid = not form.is_bound or form.is_valid()
    collectives = form.filter(public) if form.is_bound else public
    collectives = collectives.annotate(
        upcoming_events=Count(
            "events",
            filter=Q(events__status=EventStatus.PUBLISHED, events__ends_at__gte=timezone.now()),
        )
    ).order_by("name", "pk")
    page = Paginator(collectives, DIRECTORY_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "collectives/directory.html",
        {
            "form": form,
            "page": page,
            "filtered": form.is_bound
            and (not valid or any(form.cleaned_data.get(name) for name in form.fields)),
        },
        status=200 if valid else 400,
    )


@login_not_required
def detail(request, slug):
    """A collective's home: who we are, its organisations and networks; members for members."""
    collective = get_collective(request, slug)
    user = request.user
    texts = sorted(
        GovernanceText.objects.filter(collective=collective),
        key=lambda text: (KIND_ORDER[text.kind], text.title),
    )
    context = {
        "collective": collective,
        "texts": texts,
        "organisations": collective.organisations.all(),
        "networks": collective.networks.all(),
        "role": role_in(user, collective),
        # A public collective's projects it chose to show (projects' public results page).
        "has_public_results": collective.is_public
        and collective.projects.filter(public=True, archived_at=None).exists(),
        # A public collective's coming public events (the events app's agenda lists all).
        "public_events": _coming_public_events(collective),
    }
    if context["role"]:
        context["role_label"] = Role(context["role"]).label
    if user.has_perm("collectives.view_members", collective):
        context["organisation_groups"], context["individuals"] = members_by_organisation(collective)
    if user.is_authenticated and user.has_perm("collectives.request_to_join", collective):
        context["pending_request"] = MembershipRequest.objects.filter(
            collective=collective, user=user, status=RequestStatus.PENDING
        ).first()
    if user.has_perm("collectives.manage_requests", collective):
        context["pending_requests_count"] = MembershipRequest.objects.filter(
            collective=collective, status=RequestStatus.PENDING
        ).count()
    return render(request, "collectives/detail.html", context)


def create(request):
    if not request.user.has_perm("collectives.add_collective"):
        raise PermissionDenied
    form = CollectiveForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        networks = data.pop("networks")
        if not data.get("logo"):
            data.pop("logo")
        collective = services.create_collective(actor=request.user, networks=networks, **data)
        messages.success(
            request,
            _("The collective %(name)s is created. You are its coordinator.")
            % {"name": collective.short_name},
        )
        return redirect(collective)
    return render(request, "collectives/form.html", {"form": form})


def edit(request, slug):
    collective = get_collective(request, slug, "collectives.change_collective")
    form = CollectiveForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=collective,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        networks = data.pop("networks")
        if data.get("logo") is None:
            data.pop("logo")
        elif data["logo"] is False:
            data["logo"] = ""
        collective = Collective.objects.get(pk=collective.pk)
        services.update_collective(
            actor=request.user, collective=collective, networks=networks, **data
        )
        messages.success(request, _("The collective's settings are saved."))
        return redirect(collective)
    return render(request, "collectives/form.html", {"form": form, "collective": collective})


def organisations(request, slug):
    collective = get_collective(request, slug)
    can_manage = request.user.has_perm("collectives.manage_organisations", collective)
    form = (
        OrganisationForm(
            request.POST if request.method == "POST" else None,
            collective=collective,
            user=request.user,
        )
        if can_manage
        else None
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                organisation = services.add_organisation(
                    actor=request.user,
                    collective=collective,
                    organisation=data["existing"],
                    name=data["name"],
                    kind=data["kind"],
                    website=data["website"],
                    address=data["address"],
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request,
                    _("%(organisation)s now takes part in the collective.")
                    % {"organisation": organisation},
                )
                return redirect("collectives:organisations", collective.slug)
    member_counts = {}
    if request.user.has_perm("collectives.view_members", collective):
        for org_id in (
            Membership.objects.active()
            .filter(collective=collective)
            .values_list("organisation_id", flat=True)
        ):
            member_counts[org_id] = member_counts.get(org_id, 0) + 1
    orgs = [(org, member_counts.get(org.pk)) for org in collective.organisations.all()]
    return render(
        request,
        "collectives/organisations.html",
        {"collective": collective, "organisations": orgs, "form": form},
    )
