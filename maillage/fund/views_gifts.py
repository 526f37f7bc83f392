"""The treasurers' pages of gifts (urls_gifts.py): the list with its filters, one gift
with its movements in the ledger and what the matching funds drew for it, a transfer
received by hand, a promise cancelled, a gift refunded, cash or a cheque handed over.

The foundation's treasurers and the collective's coordinators only
(``fund.handle_money``); donors' names are shown to those who may see donors
(``fund.view_donors``).
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data
from maillage.events.models import Event

from . import services_gifts
from .access import get_foundation
from .forms_gifts import CashForm, GiftFilterForm, ReasonForm, ReceiveForm
from .models import Gift, Method, Movement

MONEY = "fund.handle_money"
PAGE_SIZE = 50


def _gift(request, slug, pk):
    foundation = get_foundation(request, slug, MONEY)
    gift = get_object_or_404(
        Gift.objects.select_related("campaign", "donor", "project", "event"),
        foundation=foundation,
        pk=pk,
    )
    return foundation, gift


def _context(request, foundation, **extra):
    return {
        "collective": foundation.collective,
        "foundation": foundation,
        "sees_donors": request.user.has_perm("fund.view_donors", foundation),
        **extra,
    }


@require_http_methods(["GET"])
def gifts(request, slug):
    foundation = get_foundation(request, slug, MONEY)
    form = GiftFilterForm(request.GET or None, foundation=foundation)
    listed = foundation.gifts.select_related("campaign", "donor")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data.get("status"):
            listed = listed.filter(status=data["status"])
        if data.get("method"):
            listed = listed.filter(method=data["method"])
        if data.get("campaign"):
            listed = listed.filter(campaign=data["campaign"])
    page = Paginator(listed.order_by("-pledged_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "fund/gifts/list.html",
        _context(request, foundation, form=form, page=page),
    )


@require_http_methods(["GET"])
def gift(request, slug, pk):
    foundation, gift = _gift(request, slug, pk)
    movements = [
        (
            movement,
            [(line, max(line.amount, 0), max(-line.amount, 0)) for line in movement.lines.all()],
        )
        for movement in Movement.objects.filter(gift=gift)
        .prefetch_related("lines")
        .order_by("occurred_at", "pk")
    ]
    return render(
        request,
        "fund/gifts/detail.html",
        _context(
            request,
            foundation,
            gift=gift,
            movements=movements,
            draws=gift.draws.select_related("fund__funder"),
        ),
    )


def _gift_step(request, slug, pk, *, form_class, act, template, done):
    foundation, gift = _gift(request, slug, pk)
    form = form_class(form_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                act(gift, form.cleaned_data)
            except DomainError as refusal:
                add_domain_error(form, refusal)
            else:
                messages.success(request, done)
                return redirect("fund:gift", foundation.collective.slug, gift.pk)
    return render(
        request, template, _context(request, foundation, gift=gift, form=form), status=status
    )


@require_http_methods(["GET", "POST"])
def gift_receive(request, slug, pk):
    def act(gift, data):
        services_gifts.receive_gift(
            actor=request.user,
            gift=gift,
            received_on=data["received_on"],
            amount=data.get("amount") or None,
        )

    return _gift_step(
        request,
        slug,
        pk,
        form_class=ReceiveForm,
        act=act,
        template="fund/gifts/receive.html",
        done=_("The gift is received; the matching funds drew their share."),
    )


@require_http_methods(["GET", "POST"])
def gift_cancel(request, slug, pk):
    return _gift_step(
        request,
        slug,
        pk,
        form_class=ReasonForm,
        act=lambda gift, data: services_gifts.cancel_pledge(
            actor=request.user, gift=gift, reason=data.get("reason", "")
        ),
        template="fund/gifts/cancel.html",
        done=_("The promised gift is cancelled."),
    )


@require_http_methods(["GET", "POST"])
def gift_refund(request, slug, pk):
    return _gift_step(
        request,
        slug,
        pk,
        form_class=ReasonForm,
        act=lambda gift, data: services_gifts.refund_gift(
            actor=request.user, gift=gift, reason=data.get("reason", "")
        ),
        template="fund/gifts/refund.html",
        done=_("The gift is recorded as refunded: send the money back to the donor."),
    )


@require_http_methods(["GET", "POST"])
def cash_add(request, slug):
    foundation = get_foundation(request, slug, MONEY)
    events = Event.objects.filter(collective=foundation.collective).order_by("-starts_at")
    form = CashForm(form_data(request), foundation=foundation, events=events)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            campaign = data.get("campaign")
            try:
                made = services_gifts.record_cash_gift(
                    actor=request.user,
                    foundation=foundation,
                    amount=data["amount"],
                    currency=campaign.currency if campaign is not None else data["currency"],
                    received_on=data["received_on"],
                    campaign=campaign,
                    name=data.get("name", ""),
                    email=data.get("email", ""),
                    address=data.get("address", ""),
                    method=data.get("method") or Method.CASH,
                    event=data.get("event"),
                    shown=data.get("shown", False),
                )
            except DomainError as refusal:
                add_domain_error(form, refusal)
            else:
                messages.success(request, _("The gift is recorded as received."))
                return redirect("fund:gift", foundation.collective.slug, made.pk)
    return render(
        request,
        "fund/gifts/cash_form.html",
        _context(request, foundation, form=form),
        status=status,
    )
