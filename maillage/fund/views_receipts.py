"""Pages of the receipts (urls_receipts.py), for the foundation's treasurers and the
collective's coordinators (``fund.handle_money``):

- the receipts of a year, with a form to issue one for a gift (by its number or
  payment reference) and the year's receipts for every eligible donor;
- issuing one for a gift (from the gift's page: the gift's number in the address);
- a receipt's page (its fields, what it cancels or what cancelled it), its PDF, and
  cancelling it (a new document). Nobody edits a receipt: there is no such page.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services_receipts as services
from .access import get_foundation
from .documents_receipts import filename
from .documents_receipts import receipt_pdf as render_receipt_pdf
from .forms_receipts import CancelForm, IssueForm, YearForm
from .models import Gift, Receipt

MONEY = "fund.handle_money"
PER_PAGE = 50


def _context(foundation, **extra):
    return {"collective": foundation.collective, "foundation": foundation, **extra}


def _receipt(request, slug, pk):
    foundation = get_foundation(request, slug, MONEY)
    receipt = get_object_or_404(
        Receipt.objects.select_related("foundation__collective", "donor", "cancels", "issued_by"),
        foundation=foundation,
        pk=pk,
    )
    return foundation, receipt


def _year(request):
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        year = timezone.localdate().year
    return year if 2000 <= year <= 9999 else timezone.localdate().year


@require_http_methods(["GET", "POST"])
def receipts(request, slug):
    foundation = get_foundation(request, slug, MONEY)
    year = _year(request)
    form = IssueForm(form_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                gift = services.gift_by_number(foundation, form.cleaned_data["gift"])
                made = services.issue_receipt(actor=request.user, gift=gift)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Receipt %(number)s issued.") % {"number": made.number})
                return redirect("fund:receipt", foundation.collective.slug, made.pk)
    listed = (
        Receipt.objects.filter(foundation=foundation, year=year)
        .select_related("cancels")
        .order_by("-sequence")
    )
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    cancelled = {
        row.cancels_id: row
        for row in Receipt.objects.filter(cancels__in=list(page.object_list)).only(
            "number", "cancels_id"
        )
    }
    years = sorted(
        set(Receipt.objects.filter(foundation=foundation).values_list("year", flat=True))
        | {timezone.localdate().year},
        reverse=True,
    )
    return render(
        request,
        "fund/receipts/receipts.html",
        _context(
            foundation,
            form=form,
            year=year,
            years=years,
            page=page,
            rows=[(row, cancelled.get(row.pk)) for row in page.object_list],
            year_form=YearForm(initial={"year": timezone.localdate().year}),
        ),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def receipt_issue(request, slug, gift):
    foundation = get_foundation(request, slug, MONEY)
    gift = get_object_or_404(
        Gift.objects.select_related("foundation", "donor", "receipt", "campaign"),
        foundation=foundation,
        pk=gift,
    )
    refusal = services.refusal(gift)
    status = 200
    if request.method == "POST":
        try:
            made = services.issue_receipt(actor=request.user, gift=gift)
        except DomainError as refused:
            refusal, status = refused.message, 400
        else:
            messages.success(request, _("Receipt %(number)s issued.") % {"number": made.number})
            return redirect("fund:receipt", foundation.collective.slug, made.pk)
    return render(
        request,
        "fund/receipts/issue.html",
        _context(
            foundation,
            gift=gift,
            refusal=refusal,
            kind=services.kind_for(foundation, gift.currency),
        ),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def receipts_year(request, slug):
    foundation = get_foundation(request, slug, MONEY)
    form = YearForm(
        form_data(request) or request.GET or None, initial={"year": timezone.localdate().year}
    )
    status = 200
    year = timezone.localdate().year
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                made = services.issue_year(actor=request.user, foundation=foundation, year=year)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                if made:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)d receipt issued for the gifts of %(year)d.",
                            "%(count)d receipts issued for the gifts of %(year)d.",
                            len(made),
                        )
                        % {"count": len(made), "year": year},
                    )
                else:
                    messages.info(
                        request,
                        _("Every eligible gift of %(year)d already has its receipt.")
                        % {"year": year},
                    )
                listed = reverse("fund:receipts", args=[foundation.collective.slug])
                return redirect(f"{listed}?annee={made[0].year if made else year}")
    gifts = services.year_gifts(foundation, year)
    donors = {}
    for gift in gifts:
        row = donors.setdefault((gift.donor_id, gift.currency), [gift.donor, gift.currency, 0, 0])
        row[2] += 1
        row[3] += gift.amount
    return render(
        request,
        "fund/receipts/year.html",
        _context(foundation, form=form, year=year, rows=list(donors.values()), count=len(gifts)),
        status=status,
    )


@require_http_methods(["GET"])
def receipt(request, slug, pk):
    foundation, receipt = _receipt(request, slug, pk)
    cancelled_by = Receipt.objects.filter(cancels=receipt).first()
    return render(
        request,
        "fund/receipts/receipt.html",
        _context(
            foundation,
            receipt=receipt,
            gifts=receipt.gifts.select_related("campaign").order_by("received_on", "pk"),
            cancelled_by=cancelled_by,
            may_cancel=not receipt.is_cancellation and cancelled_by is None,
        ),
    )


@require_http_methods(["GET"])
def receipt_pdf(request, slug, pk):
    _foundation, receipt = _receipt(request, slug, pk)
    response = HttpResponse(render_receipt_pdf(receipt), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename(receipt)}"'
    return response


@require_http_methods(["GET", "POST"])
def receipt_cancel(request, slug, pk):
    foundation, receipt = _receipt(request, slug, pk)
    form = CancelForm(form_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                made = services.cancel_receipt(
                    actor=request.user, receipt=receipt, reason=form.cleaned_data["reason"]
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(
                    request,
                    _(
                        "Receipt %(number)s cancelled by %(cancellation)s. Its gifts can have a "
                        "corrected receipt."
                    )
                    % {"number": receipt.number, "cancellation": made.number},
                )
                return redirect("fund:receipt", foundation.collective.slug, made.pk)
    return render(
        request,
        "fund/receipts/cancel.html",
        _context(foundation, receipt=receipt, form=form),
        status=status,
    )
