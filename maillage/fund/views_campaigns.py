"""The foundation's pages for the collective's members (urls_campaigns.py): its home
(figures from the ledger, links to every part; a coordinator of a collective without a
foundation creates it there), its settings, the campaigns and their changes.

Every member reads the home page and the campaigns; the coordinators change the
settings and run the campaigns. A collective hidden from the reader answers 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.collectives.access import get_collective
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import ledger, services_campaigns, services_gifts
from .access import get_foundation
from .forms_campaigns import (
    CampaignForm,
    CloseForm,
    FoundationForm,
    NewsForm,
    SettingsForm,
    VersionForm,
)
from .models import Campaign, CampaignStatus, Foundation, GiftStatus, Line

VIEW = "fund.view_foundation"
MANAGE = "fund.manage_foundation"
MONEY = "fund.handle_money"


def _campaign(request, slug, pk, perm=MANAGE):
    foundation = get_foundation(request, slug, perm)
    campaign = get_object_or_404(
        Campaign.objects.select_related("foundation__collective"), foundation=foundation, pk=pk
    )
    return foundation, campaign


def _context(foundation, **extra):
    return {"collective": foundation.collective, "foundation": foundation, **extra}


@require_http_methods(["GET"])
def home(request, slug):
    collective = get_collective(request, slug, VIEW)
    foundation = Foundation.objects.filter(collective=collective).first()
    if foundation is None:
        manages = request.user.has_perm(MANAGE, collective)
        return render(
            request,
            "fund/home.html",
            {
                "collective": collective,
                "foundation": None,
                "form": FoundationForm(initial={"name": collective.name}) if manages else None,
            },
        )
    currencies = sorted(
        set(Line.objects.filter(foundation=foundation).values_list("currency", flat=True))
    )
    manages_money = request.user.has_perm(MONEY, foundation)
    campaigns = foundation.campaigns.all()
    if not manages_money and not request.user.has_perm(MANAGE, foundation):
        campaigns = campaigns.exclude(status=CampaignStatus.DRAFT)
    return render(
        request,
        "fund/home.html",
        _context(
            foundation,
            totals=[(c, ledger.figures(foundation, currency=c)) for c in currencies],
            campaigns=campaigns.filter(
                status__in=(CampaignStatus.DRAFT, CampaignStatus.OPEN)
            ).order_by("ends_on", "pk"),
            manages=request.user.has_perm(MANAGE, foundation),
            handles_money=manages_money,
            waiting=foundation.gifts.filter(status=GiftStatus.PLEDGED).count()
            if manages_money
            else None,
        ),
    )


@require_http_methods(["GET", "POST"])
def create(request, slug):
    collective = get_collective(request, slug, MANAGE)
    if Foundation.objects.filter(collective=collective).exists():
        return redirect("fund:home", collective.slug)
    form = FoundationForm(form_data(request), initial={"name": collective.name})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services_campaigns.create_foundation(
                    actor=request.user, collective=collective, **form.cleaned_data
                )
            except DomainError as refusal:
                add_domain_error(form, refusal)
            else:
                messages.success(
                    request,
                    _("Foundation created. Give its bank accounts and treasurers in its settings."),
                )
                return redirect("fund:settings", collective.slug)
    return render(
        request,
        "fund/campaigns/create.html",
        {"collective": collective, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def settings(request, slug):
    foundation = get_foundation(request, slug, MANAGE)
    form = SettingsForm(form_data(request), foundation=foundation)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services_campaigns.change_foundation(
                    actor=request.user,
                    foundation=foundation,
                    version=form.cleaned_data.get("version"),
                    **form.service_fields(),
                )
            except DomainError as refusal:
                add_domain_error(form, refusal)
            else:
                messages.success(request, _("The foundation's settings are saved."))
                return redirect("fund:home", foundation.collective.slug)
    return render(
        request, "fund/campaigns/settings.html", _context(foundation, form=form), status=status
    )


@require_http_methods(["GET"])
def campaigns(request, slug):
    foundation = get_foundation(request, slug, VIEW)
    listed = foundation.campaigns.annotate(
        received=Count("gifts", filter=Q(gifts__status=GiftStatus.RECEIVED))
    )
    manages = request.user.has_perm(MANAGE, foundation)
    if not manages and not request.user.has_perm(MONEY, foundation):
        listed = listed.exclude(status=CampaignStatus.DRAFT)
    rows = [(campaign, ledger.figures(foundation, campaign=campaign)) for campaign in listed]
    return render(
        request, "fund/campaigns/list.html", _context(foundation, rows=rows, manages=manages)
    )


def _campaign_form(request, foundation, campaign):
    form = CampaignForm(form_data(request), foundation=foundation, campaign=campaign)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.service_fields()
            try:
                if campaign is None:
                    campaign = services_campaigns.create_campaign(
                        actor=request.user, foundation=foundation, **data
                    )
                    messages.success(
                        request, _("Campaign saved as a draft. Open it when it is ready.")
                    )
                else:
                    services_campaigns.change_campaign(
                        actor=request.user,
                        campaign=campaign,
                        version=form.cleaned_data.get("version"),
                        **data,
                    )
                    messages.success(request, _("Campaign saved."))
            except DomainError as refusal:
                add_domain_error(form, refusal)
            else:
                return redirect("fund:campaign", foundation.collective.slug, campaign.pk)
    return render(
        request,
        "fund/campaigns/form.html",
        _context(foundation, campaign=campaign, form=form),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def campaign_add(request, slug):
    foundation = get_foundation(request, slug, MANAGE)
    return _campaign_form(request, foundation, None)


@require_http_methods(["GET", "POST"])
def campaign_edit(request, slug, pk):
    foundation, campaign = _campaign(request, slug, pk)
    if campaign.status not in (CampaignStatus.DRAFT, CampaignStatus.OPEN):
        raise Http404
    return _campaign_form(request, foundation, campaign)


def _step(request, slug, pk, *, form_class, service, template, done):
    foundation, campaign = _campaign(request, slug, pk)
    form = form_class(form_data(request), initial={"version": campaign.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                campaign = service(actor=request.user, campaign=campaign, **form.cleaned_data)
            except DomainError as refusal:
                add_domain_error(form, refusal)
            else:
                messages.success(request, done(campaign))
                return redirect("fund:campaign", foundation.collective.slug, campaign.pk)
    figures = ledger.figures(foundation, campaign=campaign)
    return render(
        request,
        template,
        _context(
            foundation,
            campaign=campaign,
            form=form,
            figures=figures,
            reached=figures.received + figures.matched >= campaign.goal,
        ),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def campaign_open(request, slug, pk):
    return _step(
        request,
        slug,
        pk,
        form_class=VersionForm,
        service=services_campaigns.open_campaign,
        template="fund/campaigns/open.html",
        done=lambda campaign: _("The campaign is open: its page is visible."),
    )


def _closed_message(campaign):
    if campaign.status == CampaignStatus.FAILED:
        return _(
            "The campaign is closed: it missed its goal, its gifts are refunded and the "
            "donors told."
        )
    if campaign.status == CampaignStatus.SUCCEEDED:
        return _("The campaign is closed: it reached its goal.")
    return _("The campaign is closed: the money raised is kept.")


@require_http_methods(["GET", "POST"])
def campaign_close(request, slug, pk):
    return _step(
        request,
        slug,
        pk,
        form_class=CloseForm,
        service=services_campaigns.close_campaign,
        template="fund/campaigns/close.html",
        done=_closed_message,
    )


@require_http_methods(["GET", "POST"])
def news_add(request, slug, pk):
    foundation, campaign = _campaign(request, slug, pk)
    if campaign.status == CampaignStatus.DRAFT:
        raise PermissionDenied
    form = NewsForm(form_data(request), projects=services_gifts.projects_of(campaign))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services_campaigns.add_news(
                    actor=request.user, campaign=campaign, **form.cleaned_data
                )
            except DomainError as refusal:
                add_domain_error(form, refusal)
            else:
                messages.success(request, _("The news is published on the campaign's page."))
                return redirect("fund:campaign", foundation.collective.slug, campaign.pk)
    return render(
        request,
        "fund/campaigns/news_form.html",
        _context(foundation, campaign=campaign, form=form),
        status=status,
    )
