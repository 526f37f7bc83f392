"""Pages of standing orders and round-up programmes (urls_recurring.py).

- ``give_monthly``: anyone may start a standing order for a public collective's
  foundation (members for a private one), without an account; ``monthly`` is the
  donor's own page, reached by its secret key (the key is the credential), with the
  bank details and a button to end it. The treasurers list and end standing orders.
- Round-ups: the coordinators and treasurers see every programme and the coordinators
  create and end them; the people who represent the employer see their own programme
  and report each month's total.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services_recurring
from .access import get_foundation, get_object, readable_by_anyone
from .forms_matching import ConfirmForm
from .forms_recurring import MonthlyForm, RoundUpForm, RoundUpReportForm
from .models import Currency, MonthlyGift, RoundUpProgramme

MANAGE = "fund.manage_foundation"
MONEY = "fund.handle_money"
REPORT = "fund.report_round_up"


def _context(foundation, **extra):
    return {"foundation": foundation, "collective": foundation.collective, **extra}


def _payment_qr(monthly):
    """The QR code of the standing order's bank details (the part "campaigns, gifts"
    draws it, in qr.py), or None while that part is not there."""
    try:
        from . import qr
    except ImportError:
        return None
    draw = getattr(qr, "standing_order_svg", None)
    return draw(monthly) if draw is not None else None


# ------------------------------------------------------------------ standing orders


@login_not_required
@require_http_methods(["GET", "POST"])
def give_monthly(request, slug):
    if not request.user.is_authenticated and not readable_by_anyone(slug):
        # A private collective's pages send anonymous visitors to log in, whether or
        # not the collective exists.
        return redirect_to_login(request.get_full_path())
    foundation = get_foundation(request, slug, "fund.view_public")
    form = MonthlyForm(
        form_data(request), foundation=foundation, initial={"currency": Currency.EUR}
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                monthly = services_recurring.start_monthly(
                    foundation=foundation, **form.cleaned_data
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(
                    request,
                    _("Thank you! Set up the standing order with your bank as shown below."),
                )
                return redirect("fund:monthly", slug, monthly.key)
    return render(
        request, "fund/recurring/give_monthly.html", _context(foundation, form=form), status=status
    )


def _by_key(slug, key):
    return get_object_or_404(
        MonthlyGift.objects.select_related("foundation__collective", "campaign", "donor"),
        foundation__collective__slug=slug,
        key=key,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def monthly(request, slug, key):
    """The donor's page (by key): the reference, the bank details, the months pledged;
    a POST ends the standing order."""
    monthly = _by_key(slug, key)
    foundation = monthly.foundation
    form = ConfirmForm(form_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services_recurring.end_monthly(actor=None, monthly=monthly)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(
                    request,
                    _("Your standing order has ended here. Remember to stop it at your bank too."),
                )
                return redirect("fund:monthly", slug, key)
    return render(
        request,
        "fund/recurring/monthly.html",
        _context(
            foundation,
            monthly=monthly,
            iban=foundation.iban(monthly.currency),
            bic=foundation.bic_eur if monthly.currency == Currency.EUR else "",
            gifts=monthly.gifts.order_by("-month"),
            qr=_payment_qr(monthly),
            form=form,
        ),
        status=status,
    )


@require_http_methods(["GET"])
def monthlies(request, slug):
    foundation = get_foundation(request, slug, MONEY)
    listed = foundation.monthlies.select_related("campaign", "donor").order_by(
        "ended_at", "-created_at"
    )
    return render(request, "fund/recurring/monthlies.html", _context(foundation, monthlies=listed))


@require_http_methods(["GET", "POST"])
def monthly_end(request, slug, pk):
    monthly = get_object(
        request,
        slug,
        MonthlyGift.objects.select_related("foundation__collective", "donor"),
        pk,
        MONEY,
        on_object=False,
    )
    form = ConfirmForm(form_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services_recurring.end_monthly(actor=request.user, monthly=monthly)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Standing order ended."))
                return redirect("fund:monthlies", slug)
    return render(
        request,
        "fund/recurring/monthly_end.html",
        _context(monthly.foundation, monthly=monthly, form=form),
        status=status,
    )


# ------------------------------------------------------------------ round-ups


@require_http_methods(["GET"])
def round_ups(request, slug):
    foundation = get_foundation(request, slug)
    listed = foundation.round_ups.select_related("organisation", "campaign")
    sees_all = request.user.has_perm(MONEY, foundation)
    if not sees_all:
        listed = [p for p in listed if request.user.has_perm(REPORT, p)]
    return render(
        request,
        "fund/recurring/round_ups.html",
        _context(
            foundation,
            programmes=listed,
            sees_all=sees_all,
            manages=request.user.has_perm(MANAGE, foundation),
        ),
    )


@require_http_methods(["GET", "POST"])
def round_up_add(request, slug):
    foundation = get_foundation(request, slug, MANAGE)
    form = RoundUpForm(form_data(request), foundation=foundation, initial={"currency": "EUR"})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                programme = services_recurring.create_round_up(
                    actor=request.user, foundation=foundation, **form.cleaned_data
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Round-up programme created."))
                return redirect("fund:round_up", slug, programme.pk)
    return render(
        request, "fund/recurring/round_up_form.html", _context(foundation, form=form), status=status
    )


def _programme(request, slug, pk, perm=REPORT):
    return get_object(
        request,
        slug,
        RoundUpProgramme.objects.select_related(
            "foundation__collective", "organisation", "campaign"
        ),
        pk,
        perm,
    )


@require_http_methods(["GET"])
def round_up(request, slug, pk):
    programme = _programme(request, slug, pk)
    foundation = programme.foundation
    reports = programme.reports.select_related("gift").order_by("-month")
    return render(
        request,
        "fund/recurring/round_up.html",
        _context(
            foundation,
            programme=programme,
            reports=reports,
            iban=foundation.iban(programme.currency),
            manages=request.user.has_perm(MANAGE, foundation),
            today=timezone.localdate(),
        ),
    )


@require_http_methods(["GET", "POST"])
def round_up_report(request, slug, pk):
    programme = _programme(request, slug, pk)
    form = RoundUpReportForm(form_data(request), programme=programme)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services_recurring.report_round_up(
                    actor=request.user, programme=programme, **form.cleaned_data
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(
                    request,
                    _("Total reported. Send the transfer with the programme's reference."),
                )
                return redirect("fund:round_up", slug, programme.pk)
    return render(
        request,
        "fund/recurring/round_up_report.html",
        _context(
            programme.foundation,
            programme=programme,
            form=form,
            iban=programme.foundation.iban(programme.currency),
        ),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def round_up_end(request, slug, pk):
    programme = _programme(request, slug, pk, MANAGE)
    form = ConfirmForm(form_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services_recurring.end_round_up(actor=request.user, programme=programme)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Round-up programme ended."))
                return redirect("fund:round_up", slug, programme.pk)
    return render(
        request,
        "fund/recurring/round_up_end.html",
        _context(programme.foundation, programme=programme, form=form),
        status=status,
    )
