"""Pages of the donors (urls_donors.py): seen by the foundation's treasurers and the
collective's coordinators only (``fund.view_donors``).

- the donors, searched by name or e-mail address, with what each gave per year;
- a donor's page: their gifts and receipts, the correction of their name, address and
  kind (before a receipt), and the way to erase them;
- erasing a donor on request, after a page that says what is kept and why.
"""

from collections import defaultdict

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services_donors as services
from .access import get_foundation
from .forms_receipts import DonorForm, DonorSearchForm, EraseForm
from .models import Donor, Gift, GiftStatus, Receipt
from .money import cents_sum, from_cents

DONORS = "fund.view_donors"
PER_PAGE = 25


def _donor(request, slug, pk):
    foundation = get_foundation(request, slug, DONORS)
    donor = get_object_or_404(
        Donor.objects.select_related("foundation__collective"), foundation=foundation, pk=pk
    )
    return foundation, donor


def _totals(donors):
    """{donor pk: [(year, currency, total received)]}, newest year first."""
    rows = (
        Gift.objects.filter(donor__in=donors, status=GiftStatus.RECEIVED)
        .annotate(year=ExtractYear("received_on"))
        .values("donor_id", "year", "currency")
        .annotate(total=cents_sum("amount"))
        .order_by("donor_id", "-year", "currency")
    )
    totals = defaultdict(list)
    for row in rows:
        totals[row["donor_id"]].append((row["year"], row["currency"], from_cents(row["total"])))
    return totals


@require_http_methods(["GET"])
def donors(request, slug):
    foundation = get_foundation(request, slug, DONORS)
    search = DonorSearchForm(request.GET or None)
    listed = Donor.objects.filter(foundation=foundation).order_by("name", "pk")
    query = ""
    if search.is_valid():
        query = search.cleaned_data["q"].strip()
        if query:
            listed = listed.filter(
                Q(name__icontains=query) | Q(email__icontains=query) | Q(pseudonym__iexact=query)
            )
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    totals = _totals(list(page.object_list))
    return render(
        request,
        "fund/donors/donors.html",
        {
            "collective": foundation.collective,
            "foundation": foundation,
            "search": search,
            "query": query,
            "page": page,
            "rows": [(donor, totals.get(donor.pk, [])) for donor in page.object_list],
        },
    )


@require_http_methods(["GET", "POST"])
def donor(request, slug, pk):
    foundation, donor = _donor(request, slug, pk)
    initial = {"name": donor.name, "address": donor.address, "kind": donor.kind}
    form = DonorForm(form_data(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.change_donor(actor=request.user, donor=donor, **form.cleaned_data)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("The donor's details are saved."))
                return redirect("fund:donor", foundation.collective.slug, donor.pk)
    return render(
        request,
        "fund/donors/donor.html",
        {
            "collective": foundation.collective,
            "foundation": foundation,
            "donor": donor,
            "form": form,
            "gifts": donor.gifts.select_related("campaign", "receipt").order_by("-pledged_at"),
            "receipts": Receipt.objects.filter(donor=donor).select_related("cancels"),
            "totals": _totals([donor]).get(donor.pk, []),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def donor_erase(request, slug, pk):
    foundation, donor = _donor(request, slug, pk)
    form = EraseForm(form_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.erase_donor(actor=request.user, donor=donor)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(
                    request,
                    _("The donor is erased: they are now known as %(pseudonym)s.")
                    % {"pseudonym": donor.pseudonym},
                )
                return redirect("fund:donor", foundation.collective.slug, donor.pk)
    return render(
        request,
        "fund/donors/erase.html",
        {
            "collective": foundation.collective,
            "foundation": foundation,
            "donor": donor,
            "form": form,
            "gifts": donor.gifts.count(),
            "receipts": Receipt.objects.filter(donor=donor).count(),
        },
        status=status,
    )
