"""The sites pages of shared premises: the collective's sites, a site's page (its
opening days and half-days, closed periods, spaces by kind, desk pools), and the
coordinators' forms (a site, a closed period, a space, reserved desks, a price
category). Each form also has a page of its own, for browsers without JavaScript; a
refused change keeps what was typed and shows the service's message."""

from itertools import groupby

import holidays
from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from maillage.collectives.access import get_collective
from maillage.collectives.models import Visibility
from maillage.core.errors import ConflictError, DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services_sites as services
from .access import VIEW, site_of
from .forms_sites import (
    ClosedPeriodForm,
    HolidaysForm,
    PriceCategoryForm,
    ReservedDesksForm,
    SiteForm,
    SpaceForm,
)
from .halfdays import slots
from .models import ClosedPeriod, PriceCategory, ReservedDesks, Site, Space, SpaceKind

MANAGE = "premises.manage_premises"


def site_url(site, anchor=""):
    url = reverse("premises:site", args=[site.collective.slug, site.slug])
    return f"{url}#{anchor}" if anchor else url


def form_page(request, site, form, *, heading, action, submit, back=None, status=200, **more):
    """A coordinator's form on a page of its own (what a disclosure loads, what a
    browser without JavaScript opens, where the form comes back with its errors)."""
    return render(
        request,
        "premises/sites/form_page.html",
        {
            "collective": site.collective,
            "site": site,
            "form": form,
            "heading": heading,
            "action": action,
            "submit": submit,
            "back": back or site_url(site),
            **more,
        },
        status=status,
    )


def form_change(request, site, form, change, *, success, anchor, **page):
    """The shape of a coordinator's small form: on a valid POST, ``change(form)`` (one
    service) and back to the site's section ``anchor`` with ``success``; a refusal, or
    invalid data, comes back on the form's page (400) with what was typed."""
    if request.method == "POST" and form.is_valid():
        try:
            change(form)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, success)
            return redirect(site_url(site, anchor))
    status = 200 if request.method != "POST" else 400
    return form_page(request, site, form, status=status, **page)


# --------------------------------------------------------------------- the sites


def sites(request, slug):
    collective = get_collective(request, slug, VIEW)
    return render(
        request,
        "premises/sites/sites.html",
        {
            "collective": collective,
            "sites": list(
                Site.objects.filter(collective=collective).prefetch_related(
                    Prefetch("spaces", queryset=Space.objects.filter(archived_at__isnull=True))
                )
            ),
            "can_manage": request.user.has_perm(MANAGE, collective),
        },
    )


def site_create(request, slug):
    collective = get_collective(request, slug, MANAGE)
    form = SiteForm(form_data(request), initial={"open_weekdays": ["0", "1", "2", "3", "4"]})
    if request.method == "POST" and form.is_valid():
        try:
            site = services.create_site(
                actor=request.user, collective=collective, **form.site_fields()
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The site is created. Add its spaces."))
            return redirect(site_url(site))
    return render(
        request, "premises/sites/site_form.html", {"collective": collective, "form": form}
    )


def site(request, slug, site):
    site = site_of(request, slug, site)
    spaces = list(
        site.spaces.filter(archived_at__isnull=True).prefetch_related(
            Prefetch(
                "reserved_desks",
                queryset=ReservedDesks.objects.select_related("organisation").order_by(
                    "organisation__name"
                ),
            )
        )
    )
    order = list(SpaceKind.values)
    spaces.sort(key=lambda space: (order.index(space.kind), space.position, space.name))
    for space in spaces:
        space.reserved_total = sum(reserved.count for reserved in space.reserved_desks.all())
    can_manage = request.user.has_perm(MANAGE, site)
    context = {
        "collective": site.collective,
        "site": site,
        "half_days": slots(site),
        "weekdays": weekday_names(site.open_weekdays),
        "closed_periods": list(site.closed_periods.all()),
        "kinds": [
            (SpaceKind(kind).label, list(group))
            for kind, group in groupby(spaces, key=lambda space: space.kind)
        ],
        "desk_pools": [space for space in spaces if space.is_desk_pool],
        "can_manage": can_manage,
        "takes_requests": site.public_requests and site.collective.visibility == Visibility.PUBLIC,
    }
    if can_manage:
        context |= {
            "categories": list(site.price_categories.all()),
            "archived": list(site.spaces.filter(archived_at__isnull=False)),
        }
    return render(request, "premises/sites/site.html", context)


def weekday_names(days):
    """The names of the weekdays ``days`` (0 = Monday), in order, in the reader's language."""
    return [WEEKDAYS[day] for day in sorted(days) if day in WEEKDAYS]


def site_edit(request, slug, site):
    site = site_of(request, slug, site, MANAGE)
    if request.method != "POST":
        form = SiteForm(initial=SiteForm.initial_for(site))
        return _site_form(request, site, form)
    form = SiteForm(request.POST)
    if not form.is_valid():
        return _site_form(request, site, form)
    try:
        services.update_site(
            actor=request.user,
            site=site,
            base_version=form.cleaned_data["base_version"],
            **form.site_fields(),
        )
    except ConflictError as exc:
        site = site_of(request, slug, site.slug, MANAGE)
        typed = request.POST.copy()
        typed["base_version"] = site.version
        form = SiteForm(typed)
        form.is_valid()
        return _site_form(request, site, form, conflict=exc, status=409)
    except DomainError as exc:
        add_domain_error(form, exc)
        return _site_form(request, site, form)
    messages.success(request, _("The site is saved."))
    return redirect(site_url(site))


def _site_form(request, site, form, status=200, **more):
    return render(
        request,
        "premises/sites/site_form.html",
        {"collective": site.collective, "site": site, "form": form, **more},
        status=status,
    )


# --------------------------------------------------------------- closed periods


def closed_add(request, slug, site):
    site = site_of(request, slug, site, MANAGE)
    return form_change(
        request,
        site,
        ClosedPeriodForm(form_data(request), prefix="closed"),
        lambda form: services.add_closed_period(actor=request.user, site=site, **form.cleaned_data),
        success=_("The closed period is added."),
        anchor="closed",
        heading=_("Add a closed period"),
        action=reverse("premises:closed_add", args=[site.collective.slug, site.slug]),
        submit=_("Add"),
    )


def holidays_add(request, slug, site):
    site = site_of(request, slug, site, MANAGE)
    country = services.holiday_country(site)
    form = HolidaysForm(
        form_data(request),
        prefix="holidays",
        subdivisions=holidays.list_supported_countries().get(country, []),
        initial={"year": timezone.localdate().year + 1},
    )
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_public_holidays(actor=request.user, site=site, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s public holiday is added to the closed periods.",
                    "%(count)s public holidays are added to the closed periods.",
                    added,
                )
                % {"count": added},
            )
            return redirect(site_url(site, "closed"))
    return form_page(
        request,
        site,
        form,
        heading=_("Add the public holidays of a year"),
        action=reverse("premises:holidays_add", args=[site.collective.slug, site.slug]),
        submit=_("Add the public holidays"),
        status=200 if request.method != "POST" else 400,
    )


@require_POST
def closed_remove(request, slug, site, pk):
    site = site_of(request, slug, site, MANAGE)
    period = get_object_or_404(ClosedPeriod, site=site, pk=pk)
    try:
        services.remove_closed_period(actor=request.user, period=period)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The closed period is removed."))
    return redirect(site_url(site, "closed"))


# ------------------------------------------------------------------------ spaces


def space_add(request, slug, site):
    site = site_of(request, slug, site, MANAGE)
    return form_change(
        request,
        site,
        SpaceForm(
            form_data(request), request.FILES or None, prefix="space", initial={"step_free": True}
        ),
        lambda form: services.add_space(actor=request.user, site=site, **form.space_fields()),
        success=_("The space is added."),
        anchor="spaces",
        heading=_("Add a space"),
        action=reverse("premises:space_add", args=[site.collective.slug, site.slug]),
        submit=_("Add the space"),
        multipart=True,
    )


def _space(request, slug, site, pk):
    site = site_of(request, slug, site, MANAGE)
    return get_object_or_404(Space.objects.select_related("site__collective"), site=site, pk=pk)


def space_edit(request, slug, site, pk):
    space = _space(request, slug, site, pk)
    site = space.site
    if request.method == "POST":
        form = SpaceForm(request.POST, request.FILES or None, prefix="space", editing=True)
        if form.is_valid():
            data = form.space_fields()
            try:
                services.update_space(
                    actor=request.user,
                    space=space,
                    remove_photo=form.cleaned_data["remove_photo"],
                    **data,
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The space is saved."))
                return redirect(site_url(site, "spaces"))
    else:
        form = SpaceForm(prefix="space", editing=True, initial=SpaceForm.initial_for(space))
    return form_page(
        request,
        site,
        form,
        heading=_("Edit the space"),
        action=reverse("premises:space_edit", args=[site.collective.slug, site.slug, space.pk]),
        submit=_("Save"),
        multipart=True,
        space=space,
        status=200 if request.method != "POST" else 400,
    )


@require_POST
def space_archive(request, slug, site, pk):
    space = _space(request, slug, site, pk)
    try:
        services.archive_space(actor=request.user, space=space)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The space is archived: it is no longer shown nor booked."))
    return redirect(site_url(space.site, "spaces"))


def reserved_desks(request, slug, site, pk):
    space = _space(request, slug, site, pk)
    site = space.site
    return form_change(
        request,
        site,
        ReservedDesksForm(form_data(request), prefix="reserved", collective=site.collective),
        lambda form: services.set_reserved_desks(
            actor=request.user, space=space, **form.cleaned_data
        ),
        success=_("The reserved desks are saved."),
        anchor="desks",
        heading=_("Reserve desks for an organisation"),
        action=reverse("premises:reserved_desks", args=[site.collective.slug, site.slug, space.pk]),
        submit=_("Save"),
        space=space,
    )


# -------------------------------------------------------------- price categories


def category_add(request, slug, site):
    site = site_of(request, slug, site, MANAGE)
    return form_change(
        request,
        site,
        PriceCategoryForm(form_data(request), prefix="category"),
        lambda form: services.add_price_category(
            actor=request.user, site=site, **form.cleaned_data
        ),
        success=_("The price category is added."),
        anchor="categories",
        heading=_("Add a price category"),
        action=reverse("premises:category_add", args=[site.collective.slug, site.slug]),
        submit=_("Add"),
    )


def category_edit(request, slug, site, pk):
    site = site_of(request, slug, site, MANAGE)
    category = get_object_or_404(PriceCategory, site=site, pk=pk)
    if request.method == "POST":
        form = PriceCategoryForm(request.POST, prefix="category")
        if form.is_valid():
            try:
                services.update_price_category(
                    actor=request.user, category=category, **form.cleaned_data
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The price category is saved."))
                return redirect(site_url(site, "categories"))
    else:
        form = PriceCategoryForm(
            prefix="category", initial={"name": category.name, "outside": category.outside}
        )
    return form_page(
        request,
        site,
        form,
        heading=_("Edit the price category"),
        action=reverse("premises:category_edit", args=[site.collective.slug, site.slug, pk]),
        submit=_("Save"),
        status=200 if request.method != "POST" else 400,
    )
