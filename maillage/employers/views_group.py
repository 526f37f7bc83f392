"""The employer group's own pages (urls_needs.py): its home page with its figures,
creating it, its rules, its members and their sites.

- The home page: every member of the collective (``view_group``); its figures name no
  member's needs. Without a group, coordinators get the form that creates it.
- The rules, adding and ending members, the sites: coordinators (``manage_group``).
- A member's page (its sites and needs): coordinators and who acts for it.

A member or site of another group answers 404.
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.collectives.access import get_collective
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services_needs as services
from .forms_needs import EndMemberForm, GroupCreateForm, GroupForm, MemberForm, SiteForm
from .models import Group, Job, Period, Run, RunStatus, Site
from .rules import employers_of

VIEW = "employers.view_group"
MANAGE = "employers.manage_group"


def group_of(request, slug, perm=VIEW):
    """The collective's group, once the person may see the collective (404) and holds
    ``perm`` (403); 404 when the collective has no group."""
    collective = get_collective(request, slug, VIEW)
    group = Group.objects.filter(collective=collective).select_related("collective").first()
    if group is None:
        raise Http404
    if perm != VIEW and not request.user.has_perm(perm, group):
        raise PermissionDenied
    return group


def link(name, *args):
    """The address of another page of the group."""
    return reverse(name, args=args)


def _weekly_hours(needs):
    """``{period: hours}`` of ``needs`` (with their slots prefetched), and the total."""
    hours = dict.fromkeys(Period.values, Decimal(0))
    for need in needs:
        hours[need.period] += Decimal(need.minutes) / 60
    return hours


def figures(group):
    """The home page's figures, which name no member."""
    needs = list(services.active_needs(group).prefetch_related("slots"))
    hours = _weekly_hours(needs)
    latest = (
        Run.objects.filter(group=group, status=RunStatus.DONE)
        .order_by("-requested_at", "-pk")
        .first()
    )
    return {
        "members": group.employers.filter(left_on__isnull=True).count(),
        "needs": len(needs),
        "by_period": [
            {"period": label, "hours": hours[value], "count": sum(n.period == value for n in needs)}
            for value, label in Period.choices
        ],
        "jobs": Job.objects.filter(group=group, ended_at__isnull=True).count(),
        "latest_run": latest,
    }


@require_GET
def home(request, slug):
    collective = get_collective(request, slug, VIEW)
    group = Group.objects.filter(collective=collective).first()
    user = request.user
    if group is None:
        may_create = user.has_perm(MANAGE, collective)
        return render(
            request,
            "employers/home.html",
            {
                "collective": collective,
                "group": None,
                "form": GroupCreateForm() if may_create else None,
            },
        )
    manages = user.has_perm(MANAGE, group)
    mine = list(
        employers_of(user, group).filter(left_on__isnull=True).select_related("organisation")
    )
    shares = [
        {
            "employer": employer,
            "url": link("employers:employer_shares", collective.slug, employer.pk),
        }
        for employer in mine
    ]
    return render(
        request,
        "employers/home.html",
        {
            "collective": collective,
            "group": group,
            "figures": figures(group),
            "manages": manages,
            "declares": user.has_perm("employers.declare_needs", group),
            "mine": shares,
            "runs_url": link("employers:runs", collective.slug),
            "jobs_url": link("employers:jobs", collective.slug),
            "lendings_url": link("employers:lendings", collective.slug),
            "sponsorships_url": link("employers:sponsorships", collective.slug),
            "report_url": link("employers:report", collective.slug),
        },
    )


@require_http_methods(["GET", "POST"])
def create(request, slug):
    collective = get_collective(request, slug, MANAGE)
    if Group.objects.filter(collective=collective).exists():
        return redirect("employers:home", collective.slug)
    form = GroupCreateForm(form_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.create_group(
                    actor=request.user, collective=collective, name=form.cleaned_data["name"]
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Employer group created. Add its members now."))
                return redirect("employers:members", collective.slug)
    return render(
        request,
        "employers/needs/form_page.html",
        {
            "collective": collective,
            "group": None,
            "form": form,
            "heading": _("Create the employer group"),
            "submit": _("Create the group"),
            "back": reverse("employers:home", args=[collective.slug]),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def settings(request, slug):
    group = group_of(request, slug, MANAGE)
    form = GroupForm(form_data(request), group=group)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.change_group(actor=request.user, group=group, **form.cleaned_data)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("The group's rules are saved."))
                return redirect("employers:home", group.collective.slug)
    return _form_page(
        request,
        group,
        form,
        heading=_("The group's rules"),
        submit=_("Save the rules"),
        lead=_(
            "The planner makes jobs of at most the full time and at least the minimum hours, "
            "and leaves the time to travel between sites at this speed."
        ),
        status=status,
    )


def _form_page(request, group, form, *, heading, submit, status=200, lead="", back=None):
    return render(
        request,
        "employers/needs/form_page.html",
        {
            "collective": group.collective,
            "group": group,
            "form": form,
            "heading": heading,
            "submit": submit,
            "lead": lead,
            "back": back or reverse("employers:home", args=[group.collective.slug]),
        },
        status=status,
    )


@require_GET
def members(request, slug):
    group = group_of(request, slug)
    listed = (
        group.employers.select_related("organisation")
        .annotate(
            site_count=Count("sites", distinct=True),
            need_count=Count("needs", filter=Q(needs__withdrawn_at__isnull=True), distinct=True),
        )
        .order_by("left_on", "organisation__name")
    )
    user = request.user
    mine = set(employers_of(user, group).values_list("pk", flat=True))
    manages = user.has_perm(MANAGE, group)
    return render(
        request,
        "employers/needs/members.html",
        {
            "collective": group.collective,
            "group": group,
            "members": listed,
            "mine": mine,
            "manages": manages,
        },
    )


def _employer(request, slug, pk, perm):
    group = group_of(request, slug)
    employer = get_object_or_404(group.employers.select_related("organisation"), pk=pk)
    if not request.user.has_perm(perm, employer):
        raise PermissionDenied
    return group, employer


@require_GET
def member(request, slug, pk):
    group, employer = _employer(request, slug, pk, "employers.act_for_employer")
    needs = (
        employer.needs.filter(withdrawn_at__isnull=True)
        .select_related("family", "site", "qualification")
        .prefetch_related("slots")
    )
    return render(
        request,
        "employers/needs/member.html",
        {
            "collective": group.collective,
            "group": group,
            "employer": employer,
            "sites": employer.sites.all(),
            "needs": needs,
            "manages": request.user.has_perm(MANAGE, group),
            "shares_url": link("employers:employer_shares", group.collective.slug, employer.pk),
        },
    )


@require_http_methods(["GET", "POST"])
def member_add(request, slug):
    group = group_of(request, slug, MANAGE)
    form = MemberForm(form_data(request), group=group)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                made = services.add_employer(actor=request.user, group=group, **form.cleaned_data)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Member added. Add its sites now."))
                return redirect("employers:site_add", group.collective.slug, made.pk)
    return _form_page(
        request,
        group,
        form,
        heading=_("Add a member employer"),
        submit=_("Add the member"),
        back=reverse("employers:members", args=[group.collective.slug]),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def member_end(request, slug, pk):
    group, employer = _employer(request, slug, pk, MANAGE)
    form = EndMemberForm(form_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.end_employer(actor=request.user, employer=employer, **form.cleaned_data)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("The member has left the group."))
                return redirect("employers:members", group.collective.slug)
    return _form_page(
        request,
        group,
        form,
        heading=_("%(member)s leaves the group") % {"member": employer.organisation.name},
        submit=_("Record the departure"),
        lead=_("Its needs leave the next pooling runs; the jobs kept keep them until changed."),
        back=reverse("employers:member", args=[group.collective.slug, employer.pk]),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def site_add(request, slug, pk):
    group, employer = _employer(request, slug, pk, MANAGE)
    form = SiteForm(form_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.add_site(actor=request.user, employer=employer, **form.cleaned_data)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Site added."))
                return redirect("employers:member", group.collective.slug, employer.pk)
    return _form_page(
        request,
        group,
        form,
        heading=_("A site of %(member)s") % {"member": employer.organisation.name},
        submit=_("Add the site"),
        back=reverse("employers:member", args=[group.collective.slug, employer.pk]),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def site_edit(request, slug, pk):
    group = group_of(request, slug, MANAGE)
    site = get_object_or_404(
        Site.objects.select_related("employer__organisation"), employer__group=group, pk=pk
    )
    form = SiteForm(form_data(request), site=site)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.change_site(actor=request.user, site=site, **form.cleaned_data)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Site saved."))
                return redirect("employers:member", group.collective.slug, site.employer_id)
    return _form_page(
        request,
        group,
        form,
        heading=_("Change the site %(site)s") % {"site": site.name},
        submit=_("Save the site"),
        back=reverse("employers:member", args=[group.collective.slug, site.employer_id]),
        status=status,
    )
