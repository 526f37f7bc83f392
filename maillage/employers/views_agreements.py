"""Pages of staff lending and skills sponsorship (urls_agreements.py), under the
group's pages:

- the lending agreements: coordinators see them all; someone who acts for a member
  sees those their member is party to (lender or borrower) and may propose one as the
  lender (a draft); an agreement's page says who pays whom how much; the coordinators
  sign and end them;
- the sponsorship offers: every member of the collective reads the open ones (and those
  given to their member); the coordinators add, change, give and close them.

A group of another collective, or an agreement of another group, answers 404; an
agreement the reader is not party to, 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.collectives.access import get_collective
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services_agreements as services
from .forms_agreements import (
    AssignForm,
    CloseForm,
    EndLendingForm,
    LendingForm,
    SponsorshipForm,
    VersionForm,
)
from .models import AgreementStatus, Group, LendingAgreement, OfferStatus, SponsorshipOffer
from .rules import employers_of

VIEW = "employers.view_group"
MANAGE = "employers.manage_group"
DECLARE = "employers.declare_needs"


def get_group(request, slug, perm=VIEW):
    """The group of the collective at ``slug`` (404 when the collective is hidden or has
    no group), checked against ``perm`` (403)."""
    collective = get_collective(request, slug, VIEW)
    group = get_object_or_404(Group.objects.select_related("collective"), collective=collective)
    if not request.user.has_perm(perm, group):
        raise PermissionDenied
    return group


def _lending(request, slug, pk, perm="employers.view_agreement"):
    group = get_group(request, slug)
    lending = get_object_or_404(
        LendingAgreement.objects.select_related(
            "group__collective", "lender__organisation", "borrower__organisation"
        ),
        group=group,
        pk=pk,
    )
    if not request.user.has_perm(perm, lending):
        raise PermissionDenied
    return lending


def _may_change(user, lending):
    if lending.status != AgreementStatus.DRAFT:
        return False
    return user.has_perm(MANAGE, lending.group) or user.has_perm(
        "employers.act_for_employer", lending.lender
    )


def _lenders(user, group):
    """The members ``user`` may propose a lending for (None: every member)."""
    if user.has_perm(MANAGE, group):
        return None
    return employers_of(user, group).filter(left_on__isnull=True).select_related("organisation")


def _render_form(request, template, context, form, status):
    return render(request, template, {**context, "form": form}, status=status)


@require_http_methods(["GET"])
def lendings(request, slug):
    group = get_group(request, slug, DECLARE)
    listed = group.lendings.select_related("lender__organisation", "borrower__organisation")
    manages = request.user.has_perm(MANAGE, group)
    if not manages:
        mine = employers_of(request.user, group)
        listed = listed.filter(Q(lender__in=mine) | Q(borrower__in=mine))
    rows = [(lending, services.lending_cost(lending)) for lending in listed]
    return render(
        request,
        "employers/agreements/lendings.html",
        {
            "collective": group.collective,
            "group": group,
            "rows": rows,
            "manages": manages,
        },
    )


@require_http_methods(["GET", "POST"])
def lending_add(request, slug):
    group = get_group(request, slug, DECLARE)
    form = LendingForm(form_data(request), group=group, lenders=_lenders(request.user, group))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                made = services.add_lending(
                    actor=request.user, group=group, **form.service_fields()
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(
                    request,
                    _("Lending agreement proposed. The coordinators sign it.")
                    if made.status == AgreementStatus.DRAFT
                    else _("Lending agreement saved."),
                )
                return redirect("employers:lending", group.collective.slug, made.pk)
    return _render_form(
        request,
        "employers/agreements/lending_form.html",
        {"collective": group.collective, "group": group, "lending": None},
        form,
        status,
    )


@require_http_methods(["GET"])
def lending(request, slug, pk):
    lending = _lending(request, slug, pk)
    group = lending.group
    manages = request.user.has_perm(MANAGE, group)
    return render(
        request,
        "employers/agreements/lending.html",
        {
            "collective": group.collective,
            "group": group,
            "lending": lending,
            "cost": services.lending_cost(lending),
            "may_change": _may_change(request.user, lending),
            "may_sign": manages and lending.status == AgreementStatus.DRAFT,
            "may_end": manages and lending.status != AgreementStatus.ENDED,
        },
    )


@require_http_methods(["GET", "POST"])
def lending_edit(request, slug, pk):
    lending = _lending(request, slug, pk)
    group = lending.group
    if not _may_change(request.user, lending):
        raise PermissionDenied
    form = LendingForm(
        form_data(request), group=group, lenders=_lenders(request.user, group), lending=lending
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.change_lending(
                    actor=request.user,
                    lending=lending,
                    version=form.cleaned_data.get("version"),
                    **form.service_fields(),
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Lending agreement saved."))
                return redirect("employers:lending", group.collective.slug, lending.pk)
    return _render_form(
        request,
        "employers/agreements/lending_form.html",
        {"collective": group.collective, "group": group, "lending": lending},
        form,
        status,
    )


def _lending_step(request, slug, pk, *, form_class, service, template, done):
    lending = _lending(request, slug, pk)
    group = lending.group
    if not request.user.has_perm(MANAGE, group):
        raise PermissionDenied
    form = form_class(form_data(request), initial={"version": lending.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                service(actor=request.user, lending=lending, **data)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, done)
                return redirect("employers:lending", group.collective.slug, lending.pk)
    return render(
        request,
        template,
        {
            "collective": group.collective,
            "group": group,
            "lending": lending,
            "cost": services.lending_cost(lending),
            "form": form,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def lending_sign(request, slug, pk):
    return _lending_step(
        request,
        slug,
        pk,
        form_class=VersionForm,
        service=services.sign_lending,
        template="employers/agreements/lending_sign.html",
        done=_("Lending agreement signed."),
    )


@require_http_methods(["GET", "POST"])
def lending_end(request, slug, pk):
    return _lending_step(
        request,
        slug,
        pk,
        form_class=EndLendingForm,
        service=services.end_lending,
        template="employers/agreements/lending_end.html",
        done=_("Lending agreement ended."),
    )


# ------------------------------------------------------------------- sponsorship


def _offer(request, slug, pk):
    group = get_group(request, slug, MANAGE)
    return get_object_or_404(
        SponsorshipOffer.objects.select_related("group__collective", "sponsor", "beneficiary"),
        group=group,
        pk=pk,
    )


@require_http_methods(["GET"])
def sponsorships(request, slug):
    group = get_group(request, slug)
    manages = request.user.has_perm(MANAGE, group)
    listed = group.sponsorships.select_related("sponsor", "beneficiary__organisation")
    if not manages:
        listed = listed.filter(
            Q(status=OfferStatus.OPEN) | Q(beneficiary__in=employers_of(request.user, group))
        )
    return render(
        request,
        "employers/agreements/sponsorships.html",
        {"collective": group.collective, "group": group, "offers": listed, "manages": manages},
    )


@require_http_methods(["GET", "POST"])
def sponsorship_add(request, slug):
    group = get_group(request, slug, MANAGE)
    form = SponsorshipForm(form_data(request), group=group)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.add_sponsorship(actor=request.user, group=group, **form.service_fields())
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Sponsorship offer added."))
                return redirect("employers:sponsorships", group.collective.slug)
    return render(
        request,
        "employers/agreements/sponsorship_form.html",
        {"collective": group.collective, "group": group, "offer": None, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def sponsorship_edit(request, slug, pk):
    offer = _offer(request, slug, pk)
    group = offer.group
    form = SponsorshipForm(form_data(request), group=group, offer=offer)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.change_sponsorship(
                    actor=request.user, offer=offer, **form.service_fields()
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Sponsorship offer saved."))
                return redirect("employers:sponsorships", group.collective.slug)
    return render(
        request,
        "employers/agreements/sponsorship_form.html",
        {
            "collective": group.collective,
            "group": group,
            "offer": offer,
            "form": form,
            "assign_form": AssignForm(group=group, offer=offer),
        },
        status=status,
    )


@require_http_methods(["POST"])
def sponsorship_assign(request, slug, pk):
    offer = _offer(request, slug, pk)
    group = offer.group
    form = AssignForm(request.POST, group=group, offer=offer)
    if form.is_valid():
        try:
            services.assign_sponsorship(
                actor=request.user, offer=offer, beneficiary=form.cleaned_data["beneficiary"]
            )
        except DomainError as refused:
            add_domain_error(form, refused)
        else:
            messages.success(request, _("Sponsorship offer given."))
            return redirect("employers:sponsorships", group.collective.slug)
    return render(
        request,
        "employers/agreements/sponsorship_form.html",
        {
            "collective": group.collective,
            "group": group,
            "offer": offer,
            "form": SponsorshipForm(group=group, offer=offer),
            "assign_form": form,
        },
        status=400,
    )


@require_http_methods(["GET", "POST"])
def sponsorship_close(request, slug, pk):
    offer = _offer(request, slug, pk)
    group = offer.group
    form = CloseForm(form_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.close_sponsorship(
                    actor=request.user, offer=offer, status=form.cleaned_data["status"]
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Sponsorship offer closed."))
                return redirect("employers:sponsorships", group.collective.slug)
    return render(
        request,
        "employers/agreements/sponsorship_close.html",
        {"collective": group.collective, "group": group, "offer": offer, "form": form},
        status=status,
    )
