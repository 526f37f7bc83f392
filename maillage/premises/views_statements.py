"""The pages of prices and statements of a site.

- The price grid: every member reads it; coordinators change it (categories × kinds),
  add services and subscribe tenants to them.
- The site's statements (coordinators): filtered by month and tenant; issuing a
  month's statements; a statement's credit note; marking it paid.
- A tenant's statements: the members who represent an organisation see its
  statements, never another's (``premises.view_statement``: any other person gets 404,
  so that a statement's existence is not revealed).
- A statement's page, its PDF and CSV.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from maillage.collectives.models import Organisation
from maillage.collectives.rules import organisations_of
from maillage.core import downloads
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data
from maillage.documents import csv_filename, wants_french_csv

from . import documents_statements as documents
from . import services_statements as services
from .access import site_of, site_reverse
from .forms_statements import (
    GRID_COLUMNS,
    CreditNoteForm,
    FilterForm,
    IssueForm,
    PaidForm,
    PriceGridForm,
    ServicePriceForm,
    SubscribeForm,
    column_label,
)
from .models_statements import Price, PriceUnit, Statement, TenancyService


def _site(request, slug, site_slug, perm="premises.view_premises"):
    site = site_of(request, slug, site_slug, perm)
    return site.collective, site


def _statement(request, slug, site_slug, pk):
    collective, site = _site(request, slug, site_slug)
    statement = get_object_or_404(
        Statement.objects.select_related("organisation", "credits", "paid_by", "issued_by"),
        site=site,
        pk=pk,
    )
    if not request.user.has_perm("premises.view_statement", statement):
        raise Http404
    statement.site = site
    return collective, site, statement


# ------------------------------------------------------------------ price grid


def _prices_page(request, collective, site, grid=None, service=None, subscribe=None, status=200):
    can_manage = request.user.has_perm("premises.manage_premises", site)
    categories = list(site.price_categories.all())
    prices = list(Price.objects.filter(site=site).select_related("category"))
    grid = grid or PriceGridForm(site=site, categories=categories, prices=prices)
    context = {
        "collective": collective,
        "site": site,
        "can_manage": can_manage,
        "grid": grid,
        "columns": [column_label(kind, unit) for kind, unit in GRID_COLUMNS],
        "services": [p for p in prices if p.unit == PriceUnit.SERVICE],
        "subscriptions": TenancyService.objects.filter(tenancy__site=site).select_related(
            "tenancy__organisation", "price"
        ),
    }
    if can_manage:
        context["service_form"] = service or ServicePriceForm(site=site)
        context["subscribe_form"] = subscribe or SubscribeForm(site=site)
    return render(request, "premises/statements/prices.html", context, status=status)


def prices(request, slug, site):
    collective, site = _site(request, slug, site)
    if request.method != "POST":
        return _prices_page(request, collective, site)
    if not request.user.has_perm("premises.manage_premises", site):
        raise PermissionDenied
    categories = list(site.price_categories.all())
    grid = PriceGridForm(
        form_data(request),
        site=site,
        categories=categories,
        prices=Price.objects.filter(site=site),
    )
    if grid.is_valid():
        try:
            changed = services.set_prices(actor=request.user, site=site, prices=grid.prices())
        except DomainError as exc:
            add_domain_error(grid, exc)
        else:
            messages.success(
                request,
                ngettext("%(count)s price changed.", "%(count)s prices changed.", changed)
                % {"count": changed},
            )
            return redirect(site_reverse("prices", site))
    return _prices_page(request, collective, site, grid=grid, status=400)


@require_POST
def price_service(request, slug, site):
    collective, site = _site(request, slug, site, "premises.manage_premises")
    form = ServicePriceForm(form_data(request), site=site)
    if form.is_valid():
        try:
            services.set_service_price(actor=request.user, site=site, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The service's price is saved."))
            return redirect(site_reverse("prices", site) + "#services")
    return _prices_page(request, collective, site, service=form, status=400)


@require_POST
def service_subscribe(request, slug, site):
    collective, site = _site(request, slug, site, "premises.manage_premises")
    form = SubscribeForm(form_data(request), site=site)
    if form.is_valid():
        try:
            services.subscribe_service(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The tenant takes the service from now on."))
            return redirect(site_reverse("prices", site) + "#services")
    return _prices_page(request, collective, site, subscribe=form, status=400)


@require_POST
def service_unsubscribe(request, slug, site, pk):
    collective, site = _site(request, slug, site, "premises.manage_premises")
    subscription = get_object_or_404(TenancyService, tenancy__site=site, pk=pk)
    services.unsubscribe_service(actor=request.user, subscription=subscription)
    messages.success(request, _("The tenant no longer takes the service."))
    return redirect(site_reverse("prices", site) + "#services")


# ------------------------------------------------------------------ statements


def _statements_page(request, collective, site, issue=None, status=200):
    tenants = Organisation.objects.filter(premises_statements__site=site).distinct()
    filters = FilterForm(request.GET or None, organisations=tenants)
    rows = Statement.objects.filter(site=site).select_related("organisation", "credits")
    if filters.is_valid():
        data = filters.cleaned_data
        if data["year"]:
            rows = rows.filter(year=data["year"])
        if data["month"]:
            rows = rows.filter(month=data["month"])
        if data["organisation"]:
            rows = rows.filter(organisation_id=data["organisation"])
    return render(
        request,
        "premises/statements/list.html",
        {
            "collective": collective,
            "site": site,
            "filters": filters,
            "issue_form": issue or IssueForm(),
            "statements": rows[:500],
        },
        status=status,
    )


def statements(request, slug, site):
    collective, site = _site(request, slug, site, "premises.manage_premises")
    return _statements_page(request, collective, site)


@require_POST
def statements_issue(request, slug, site):
    collective, site = _site(request, slug, site, "premises.manage_premises")
    form = IssueForm(form_data(request))
    if form.is_valid():
        year, month = form.cleaned_data["year"], form.cleaned_data["month"]
        try:
            issued = services.issue_statements(
                actor=request.user, site=site, year=year, month=month
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if issued:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s statement issued.", "%(count)s statements issued.", len(issued)
                    )
                    % {"count": len(issued)},
                )
            else:
                messages.info(request, _("Nothing more to bill for that month."))
            return redirect(site_reverse("statements", site) + f"?year={year}&month={month}")
    return _statements_page(request, collective, site, issue=form, status=400)


def statements_mine(request, slug, site):
    """The statements of the organisations the person represents."""
    collective, site = _site(request, slug, site)
    mine = organisations_of(request.user, collective)
    rows = Statement.objects.filter(site=site, organisation_id__in=mine).select_related(
        "organisation", "credits"
    )
    return render(
        request,
        "premises/statements/mine.html",
        {"collective": collective, "site": site, "statements": rows, "represents": bool(mine)},
    )


def _statement_page(request, collective, site, statement, paid=None, status=200):
    can_manage = request.user.has_perm("premises.manage_premises", site)
    texts, _figure = documents.payment_details(statement)
    return render(
        request,
        "premises/statements/statement.html",
        {
            "collective": collective,
            "site": site,
            "statement": statement,
            "title": documents.title(statement),
            "list_url": site_reverse("statements" if can_manage else "statements_mine", site),
            "lines": statement.lines.all(),
            "credit_notes": statement.credit_notes.all(),
            "payment": texts,
            "can_manage": can_manage,
            "paid_form": paid or (PaidForm() if can_manage else None),
            "can_credit": can_manage
            and not statement.is_credit_note
            and statement.lines.filter(credited_by__isnull=True).exists(),
        },
        status=status,
    )


def statement(request, slug, site, pk):
    collective, site, statement = _statement(request, slug, site, pk)
    return _statement_page(request, collective, site, statement)


def _download(request, statement, kind):
    lines = list(statement.lines.all())
    if kind == "pdf":
        build, content_type = (lambda: documents.statement_pdf(statement, lines)), "application/pdf"
    french = kind == "csv" and wants_french_csv(request)
    if kind != "pdf":
        build, content_type = (
            lambda: documents.statement_csv(statement, lines, french=french),
            "text/csv; charset=utf-8",
        )
    return downloads.download(
        request,
        kind=f"premises.statement.{kind}{'.fr' if french else ''}",
        fingerprint=documents.fingerprint(statement),
        build=build,
        filename=csv_filename(documents.filename(statement, kind), french),
        content_type=content_type,
    )


def statement_pdf(request, slug, site, pk):
    _collective, _site_, statement = _statement(request, slug, site, pk)
    return _download(request, statement, "pdf")


def statement_csv(request, slug, site, pk):
    _collective, _site_, statement = _statement(request, slug, site, pk)
    return _download(request, statement, "csv")


def statement_credit(request, slug, site, pk):
    collective, site, statement = _statement(request, slug, site, pk)
    if not request.user.has_perm("premises.manage_premises", site):
        raise PermissionDenied
    lines = list(statement.lines.filter(credited_by__isnull=True))
    form = CreditNoteForm(form_data(request), lines=lines)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                note = services.credit_note(
                    actor=request.user,
                    statement=statement,
                    lines=form.cleaned_data["lines"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request, _("Credit note %(number)s issued.") % {"number": note.number}
                )
                return redirect(site_reverse("statement", site, note.pk))
    return render(
        request,
        "premises/statements/credit_note.html",
        {"collective": collective, "site": site, "statement": statement, "form": form},
        status=status,
    )


@require_POST
def statement_paid(request, slug, site, pk):
    collective, site, statement = _statement(request, slug, site, pk)
    if not request.user.has_perm("premises.manage_premises", site):
        raise PermissionDenied
    form = PaidForm(form_data(request))
    if form.is_valid():
        try:
            services.mark_paid(
                actor=request.user, statement=statement, paid_on=form.cleaned_data["paid_on"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The statement is marked paid."))
            return redirect(site_reverse("statement", site, statement.pk))
    return _statement_page(request, collective, site, statement, paid=form, status=400)
