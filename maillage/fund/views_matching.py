"""Pages of the matching funds (urls_matching.py): the coordinators and the treasurers
see them, what each drew, per project, and what its funder paid; the coordinators
create, change and end them; the treasurers record what a funder paid."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services_gifts, services_matching
from .access import get_foundation, get_object
from .forms_matching import ConfirmForm, FunderPaymentForm, MatchingFundForm
from .models import MatchingFund

MANAGE = "fund.manage_foundation"
MONEY = "fund.handle_money"


def _fund(request, slug, pk, perm=MONEY):
    return get_object(
        request,
        slug,
        MatchingFund.objects.select_related("foundation__collective", "funder"),
        pk,
        perm,
        on_object=False,
    )


def _context(foundation, **extra):
    return {"foundation": foundation, "collective": foundation.collective, **extra}


@require_http_methods(["GET"])
def matching_funds(request, slug):
    foundation = get_foundation(request, slug, MONEY)
    funds = foundation.matching_funds.select_related("funder").prefetch_related("campaigns")
    rows = [(fund, services_matching.summary(fund)) for fund in funds]
    return render(
        request,
        "fund/matching/funds.html",
        _context(foundation, rows=rows, manages=request.user.has_perm(MANAGE, foundation)),
    )


@require_http_methods(["GET", "POST"])
def matching_add(request, slug):
    foundation = get_foundation(request, slug, MANAGE)
    form = MatchingFundForm(
        form_data(request),
        foundation=foundation,
        initial={"starts_on": timezone.localdate(), "ratio": "1"},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                fund = services_matching.create_matching_fund(
                    actor=request.user, foundation=foundation, **form.service_fields()
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Matching fund created."))
                return redirect("fund:matching", slug, fund.pk)
    return render(
        request,
        "fund/matching/form.html",
        _context(foundation, form=form, fund=None),
        status=status,
    )


@require_http_methods(["GET"])
def matching(request, slug, pk):
    fund = _fund(request, slug, pk)
    foundation = fund.foundation
    return render(
        request,
        "fund/matching/fund.html",
        _context(
            foundation,
            fund=fund,
            figures=services_matching.summary(fund),
            campaigns=fund.campaigns.all(),
            payments=fund.payments.all(),
            manages=request.user.has_perm(MANAGE, foundation),
        ),
    )


@require_http_methods(["GET", "POST"])
def matching_edit(request, slug, pk):
    fund = _fund(request, slug, pk, MANAGE)
    foundation = fund.foundation
    form = MatchingFundForm(form_data(request), foundation=foundation, fund=fund)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services_matching.change_matching_fund(
                    actor=request.user, fund=fund, **form.service_fields()
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Matching fund saved."))
                return redirect("fund:matching", slug, fund.pk)
    return render(
        request,
        "fund/matching/form.html",
        _context(foundation, form=form, fund=fund),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def matching_end(request, slug, pk):
    fund = _fund(request, slug, pk, MANAGE)
    form = ConfirmForm(form_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services_matching.end_matching_fund(actor=request.user, fund=fund)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Matching fund ended: it matches no new gift."))
                return redirect("fund:matching", slug, fund.pk)
    return render(
        request,
        "fund/matching/end.html",
        _context(fund.foundation, fund=fund, form=form, figures=services_matching.summary(fund)),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def funder_payment(request, slug, pk):
    fund = _fund(request, slug, pk)
    form = FunderPaymentForm(form_data(request), initial={"received_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services_gifts.receive_funder_payment(
                    actor=request.user,
                    fund=fund,
                    amount=form.cleaned_data["amount"],
                    received_on=form.cleaned_data["received_on"],
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Funder's payment recorded."))
                return redirect("fund:matching", slug, fund.pk)
    return render(
        request,
        "fund/matching/payment.html",
        _context(fund.foundation, fund=fund, form=form, figures=services_matching.summary(fund)),
        status=status,
    )
