"""The tenancy pages: applying with the needs table, the coordinators' list of
applications and their decision, the tenancies (all of them for coordinators, their own
for a tenant's representatives), a tenancy's page, its changes and its end."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.collectives.models import Organisation
from maillage.collectives.rules import organisations_of
from maillage.collectives.services import current_charter
from maillage.core.errors import ConflictError, DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services_tenancy as services
from .access import site_of, site_reverse
from .booking_core import has_quota, quota_used
from .forms_tenancy import (
    ApplicationForm,
    EndTenancyForm,
    RefuseForm,
    TenancyEditForm,
    TenancyFields,
)
from .models import ApplicationStatus, Tenancy, TenancyApplication
from .views_sites import MANAGE, weekday_names

VIEW_TENANCY = "premises.view_tenancy"


def _organisations(user, site):
    """The organisations ``user`` may apply for: the ones they represent, or all the
    collective's for a coordinator."""
    collective = site.collective
    if user.has_perm(MANAGE, site):
        return collective.organisations.order_by("name")
    return Organisation.objects.filter(pk__in=organisations_of(user, collective)).order_by("name")


# ------------------------------------------------------------------ applying


def apply(request, slug, site):
    site = site_of(request, slug, site, "premises.book")
    organisations = _organisations(request.user, site)
    charter = current_charter(site.collective)
    form = ApplicationForm(
        form_data(request),
        prefix="application",
        site=site,
        organisations=organisations,
        charter=charter,
        initial={"organisation": organisations.first() if organisations.count() == 1 else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.apply_for_tenancy(
                user=request.user, site=site, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("The application is sent: the coordinators will answer it by e-mail."),
            )
            return redirect(site_reverse("application", site, application.pk))
    return render(
        request,
        "premises/tenancy/apply.html",
        {
            "collective": site.collective,
            "site": site,
            "form": form,
            "charter": charter,
            "can_apply": organisations.exists(),
        },
        status=400 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------- applications


def applications(request, slug, site):
    site = site_of(request, slug, site, MANAGE)
    rows = list(
        site.applications.select_related("organisation", "applicant", "charter_version__text")
    )
    return render(
        request,
        "premises/tenancy/applications.html",
        {
            "collective": site.collective,
            "site": site,
            "waiting": [row for row in rows if row.status == ApplicationStatus.SUBMITTED],
            "answered": [row for row in rows if row.status != ApplicationStatus.SUBMITTED],
        },
    )


def _application(request, slug, site, pk, perm=VIEW_TENANCY):
    site = site_of(request, slug, site)
    application = get_object_or_404(
        TenancyApplication.objects.select_related(
            "site__collective", "organisation", "applicant", "decided_by", "charter_version__text"
        ),
        site=site,
        pk=pk,
    )
    if not request.user.has_perm(perm, application):
        raise PermissionDenied
    return application


def application(request, slug, site, pk, *, accept_form=None, refuse_form=None, status=200):
    application = _application(request, slug, site, pk)
    site = application.site
    can_decide = request.user.has_perm(MANAGE, site) and (
        application.status == ApplicationStatus.SUBMITTED
    )
    charter = current_charter(site.collective)
    context = {
        "collective": site.collective,
        "site": site,
        "application": application,
        "spaces": list(application.spaces.all()),
        "weekdays": weekday_names(application.weekdays),
        "can_decide": can_decide,
        "charter_now": charter,
        "charter_changed": (
            charter is not None
            and application.charter_version is not None
            and charter.pk != application.charter_version_id
        ),
    }
    if can_decide:
        context |= {
            "accept_form": accept_form
            or TenancyFields(
                prefix="accept", site=site, initial=TenancyFields.initial_for(application)
            ),
            "refuse_form": refuse_form or RefuseForm(prefix="refuse"),
        }
    return render(request, "premises/tenancy/application.html", context, status=status)


@require_POST
def accept(request, slug, site, pk):
    found = _application(request, slug, site, pk, MANAGE)
    form = TenancyFields(request.POST, prefix="accept", site=found.site)
    if form.is_valid():
        try:
            tenancy = services.accept_application(
                actor=request.user, application=found, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("The application is accepted: %(organisation)s is a tenant. It is told.")
                % {"organisation": found.organisation.name},
            )
            return redirect(site_reverse("tenancy", found.site, tenancy.pk))
    return application(request, slug, site, pk, accept_form=form, status=400)


@require_POST
def refuse(request, slug, site, pk):
    found = _application(request, slug, site, pk, MANAGE)
    form = RefuseForm(request.POST, prefix="refuse")
    if form.is_valid():
        try:
            services.refuse_application(
                actor=request.user, application=found, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The application is refused; the applicant is told."))
            return redirect(site_reverse("applications", found.site))
    return application(request, slug, site, pk, refuse_form=form, status=400)


# ------------------------------------------------------------------ tenancies


def tenancies(request, slug, site):
    """Coordinators see every tenancy; a member the ones of the organisations they
    represent."""
    site = site_of(request, slug, site)
    rows = Tenancy.objects.filter(site=site).select_related("organisation", "category")
    can_manage = request.user.has_perm(MANAGE, site)
    if not can_manage:
        rows = rows.filter(organisation__in=organisations_of(request.user, site.collective))
    today = timezone.localdate()
    rows = list(rows)
    return render(
        request,
        "premises/tenancy/tenancies.html",
        {
            "collective": site.collective,
            "site": site,
            "current": [row for row in rows if row.ends_on is None or row.ends_on >= today],
            "ended": [row for row in rows if row.ends_on is not None and row.ends_on < today],
            "can_manage": can_manage,
            "waiting": (
                site.applications.filter(status=ApplicationStatus.SUBMITTED).count()
                if can_manage
                else 0
            ),
        },
    )


def _tenancy(request, slug, site, pk, perm=VIEW_TENANCY):
    site = site_of(request, slug, site)
    tenancy = get_object_or_404(
        Tenancy.objects.select_related("site__collective", "organisation", "category"),
        site=site,
        pk=pk,
    )
    if not request.user.has_perm(perm, tenancy):
        raise PermissionDenied
    return tenancy


def tenancy(request, slug, site, pk):
    tenancy = _tenancy(request, slug, site, pk)
    site = tenancy.site
    today = timezone.localdate()
    return render(
        request,
        "premises/tenancy/tenancy.html",
        {
            "collective": site.collective,
            "site": site,
            "tenancy": tenancy,
            "spaces": list(tenancy.spaces.all()),
            "weekdays": weekday_names(tenancy.weekdays),
            "has_quota": has_quota(tenancy),
            "used": quota_used(tenancy, today),
            "today": today,
            "can_manage": request.user.has_perm(MANAGE, site),
        },
    )


def tenancy_edit(request, slug, site, pk):
    tenancy = _tenancy(request, slug, site, pk, MANAGE)
    site = tenancy.site
    status = 200
    conflict = None
    if request.method == "POST":
        form = TenancyEditForm(request.POST, prefix="tenancy", site=site)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.update_tenancy(actor=request.user, tenancy=tenancy, **data)
            except ConflictError as exc:
                conflict, status = exc, 409
                tenancy = _tenancy(request, slug, site.slug, pk, MANAGE)
                typed = request.POST.copy()
                typed["tenancy-base_version"] = tenancy.version
                form = TenancyEditForm(typed, prefix="tenancy", site=site)
                form.is_valid()
            except DomainError as exc:
                add_domain_error(form, exc)
                status = 400
            else:
                messages.success(request, _("The tenancy is saved."))
                return redirect(site_reverse("tenancy", site, tenancy.pk))
        else:
            status = 400
    else:
        form = TenancyEditForm(
            prefix="tenancy",
            site=site,
            initial={
                "base_version": tenancy.version,
                "quota_half_days": tenancy.quota_half_days,
                "category": tenancy.category,
                "ends_on": tenancy.ends_on,
            },
        )
    return render(
        request,
        "premises/tenancy/form_page.html",
        {
            "collective": site.collective,
            "site": site,
            "tenancy": tenancy,
            "form": form,
            "conflict": conflict,
            "heading": _("Edit the tenancy"),
            "action": site_reverse("tenancy_edit", site, tenancy.pk),
            "submit": _("Save"),
        },
        status=status,
    )


def tenancy_end(request, slug, site, pk):
    tenancy = _tenancy(request, slug, site, pk, MANAGE)
    site = tenancy.site
    form = EndTenancyForm(form_data(request), prefix="end")
    if request.method == "POST" and form.is_valid():
        try:
            services.end_tenancy(
                actor=request.user, tenancy=tenancy, ends_on=form.cleaned_data["ends_on"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The tenancy ends on the day given."))
            return redirect(site_reverse("tenancy", site, tenancy.pk))
    return render(
        request,
        "premises/tenancy/form_page.html",
        {
            "collective": site.collective,
            "site": site,
            "tenancy": tenancy,
            "form": form,
            "conflict": None,
            "heading": _("End the tenancy"),
            "action": site_reverse("tenancy_end", site, tenancy.pk),
            "submit": _("End the tenancy"),
        },
        status=400 if request.method == "POST" else 200,
    )
