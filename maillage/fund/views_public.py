"""The foundation's pages for everyone (urls_public.py): a campaign's page, the gift
form, the donor's own page (reached by the secret key sent to them), its QR code, and
the transparency page.

Anyone reads them when the collective is public, without an account and without
JavaScript; a private collective's are for its members (404 to other people, the
login page to someone not logged in). A draft campaign is shown only to those who
prepare it. A donor's name is shown only when they chose so, never their e-mail
address, and never the amount an anonymous donor gave.
"""

import logging
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.forms.utils import ErrorDict
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import emails_campaigns, ledger, matching, qr, services_gifts
from .access import get_foundation, readable_by_anyone
from .forms_gifts import GiveForm
from .models import CampaignStatus, Foundation, Gift, GiftStatus, Line, Method
from .money import check_amount

logger = logging.getLogger(__name__)

PREPARE = ("fund.manage_foundation", "fund.handle_money")


def reader_foundation(request, slug):
    """(foundation, None), or (None, a response): the login page for someone not logged
    in when neither the collective nor its foundation is public; 404 when it is hidden
    from the reader or has no foundation."""
    if request.user.is_authenticated:
        return get_foundation(request, slug, "fund.view_public"), None
    if not readable_by_anyone(slug):
        return None, redirect_to_login(request.get_full_path())
    foundation = get_object_or_404(
        Foundation.objects.select_related("collective"), collective__slug=slug
    )
    return foundation, None


def prepares(user, foundation):
    return any(user.has_perm(perm, foundation) for perm in PREPARE)


def shown_campaign(request, foundation, pk):
    """The campaign ``pk`` of ``foundation``; a draft only for those who prepare it."""
    campaign = get_object_or_404(foundation.campaigns.select_related("foundation"), pk=pk)
    if campaign.status == CampaignStatus.DRAFT and not prepares(request.user, foundation):
        raise Http404
    return campaign


def progress(campaign, figures):
    """What the progress bar shows: received and matched against the goal (promises are
    not counted)."""
    counted = figures.received + figures.matched
    percent = int(counted * 100 / campaign.goal) if campaign.goal else 0
    return {"counted": counted, "percent": percent, "bar": min(percent, 100)}


def _days_left(campaign, today):
    if campaign.status != CampaignStatus.OPEN or today > campaign.ends_on:
        return None
    return (campaign.ends_on - today).days + 1


def _projects(campaign, collective, user):
    """The campaign's projects, each with whether the reader may see its public page
    and trace (a public project of a public collective, or a member reading)."""
    member = user.has_perm("fund.view_foundation", collective)
    rows = []
    for project in services_gifts.projects_of(campaign).select_related("work_stream"):
        public = (
            project.public
            and collective.is_public
            and project.archived_at is None
            and project.work_stream.archived_at is None
        )
        rows.append({"project": project, "public": public, "trace": public or member})
    return rows


def shown_gifts(gifts):
    """Received gifts whose donors chose to be shown, and not erased."""
    return (
        gifts.filter(status=GiftStatus.RECEIVED, shown=True, donor__erased_at=None)
        .exclude(donor=None)
        .select_related("donor")
        .order_by("-received_on", "-pk")
    )


def _supporters(campaign):
    gifts = campaign.gifts.all()
    shown = list(shown_gifts(gifts))
    counts = gifts.filter(status=GiftStatus.RECEIVED).aggregate(
        all=Count("pk"),
        anonymous=Count(
            "pk", filter=Q(shown=False) | Q(donor=None) | Q(donor__erased_at__isnull=False)
        ),
    )
    return shown, counts["all"], counts["anonymous"]


@login_not_required
@require_http_methods(["GET"])
def campaign(request, slug, pk):
    foundation, refused = reader_foundation(request, slug)
    if refused:
        return refused
    campaign = shown_campaign(request, foundation, pk)
    collective = foundation.collective
    today = timezone.localdate()
    figures = ledger.figures(foundation, campaign=campaign)
    shown, gifts_count, anonymous_count = _supporters(campaign)
    manages = request.user.has_perm("fund.manage_foundation", foundation)
    return render(
        request,
        "fund/public/campaign.html",
        {
            "collective": collective,
            "foundation": foundation,
            "campaign": campaign,
            "figures": figures,
            "progress": progress(campaign, figures),
            "days_left": _days_left(campaign, today),
            "accepts": campaign.status == CampaignStatus.OPEN
            and campaign.starts_on <= today <= campaign.ends_on,
            "projects": _projects(campaign, collective, request.user),
            "news": campaign.news.select_related("project"),
            "shown": shown,
            "gifts_count": gifts_count,
            "anonymous_count": anonymous_count,
            "funds": matching.funds_for(campaign, today).select_related("funder"),
            "manages": manages,
            "handles_money": request.user.has_perm("fund.handle_money", foundation),
        },
    )


def _provider():
    """The payment provider's module (built by its part), or None."""
    try:
        from . import providers
    except ImportError:
        return None
    return providers if hasattr(providers, "start_checkout") else None


def _preview(campaign, form, today):
    """What the matching funds would add to the amount typed (None: no amount yet)."""
    raw = (form.data.get("amount") or "").strip() if form.is_bound else ""
    if not raw:
        return None
    try:
        amount = check_amount(raw)
    except DomainError as refused:
        return {"error": refused.message}
    project = None
    project_pk = form.data.get("project")
    if project_pk and str(project_pk).isdigit():
        project = services_gifts.projects_of(campaign).filter(pk=project_pk).first()
    rows = matching.preview(campaign, amount, on=today, project=project)
    added = sum((row.matched for row in rows), start=Decimal("0.00"))
    return {"amount": amount, "rows": rows, "added": added, "total": amount + added}


def _send_pledge(request, gift):
    link = request.build_absolute_uri(reverse("fund:pledge", args=[gift.key]))
    try:
        emails_campaigns.tell_pledged(gift, link)
    except Exception:  # the gift is saved; the page shows the same details
        logger.exception("pledge e-mail not sent for gift %s", gift.pk)


@login_not_required
@require_http_methods(["GET", "POST"])
def give(request, slug, pk):
    foundation, refused = reader_foundation(request, slug)
    if refused:
        return refused
    campaign = shown_campaign(request, foundation, pk)
    today = timezone.localdate()
    projects = services_gifts.projects_of(campaign)
    provider = _provider() if foundation.provider and foundation.provider_key else None
    form = GiveForm(form_data(request), projects=projects, provider=provider is not None)
    closed = None
    try:
        services_gifts.check_campaign_open(campaign, today)
    except DomainError as refusal:
        closed = refusal.message
    status = 200
    previewing = request.method == "POST" and "preview" in request.POST
    context = {
        "collective": foundation.collective,
        "foundation": foundation,
        "campaign": campaign,
        "closed": closed,
        "funds": matching.funds_for(campaign, today).select_related("funder"),
    }
    if previewing:
        context["preview"] = _preview(campaign, form, today)
        if request.htmx:
            return render(request, "fund/public/includes/matching_preview.html", context)
        # The form shows what was typed, without errors: nothing was submitted yet.
        form.full_clean()
        form._errors = ErrorDict()
    elif request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.service_fields()
            try:
                gift = services_gifts.pledge_gift(
                    foundation=foundation,
                    campaign=campaign,
                    project=data.get("project"),
                    name=data["name"],
                    email=data["email"],
                    address=data["address"],
                    amount=data["amount"],
                    currency=campaign.currency,
                    method=data["method"],
                    shown=data["shown"],
                    message=data["message"],
                    wants_receipt=data["wants_receipt"],
                )
            except DomainError as refusal:
                add_domain_error(form, refusal)
            else:
                _send_pledge(request, gift)
                if gift.method == Method.PROVIDER and provider is not None:
                    return redirect(provider.start_checkout(gift))
                messages.success(request, _("Thank you! Your gift is recorded."))
                return redirect("fund:pledge", gift.key)
    return render(request, "fund/public/give.html", {**context, "form": form}, status=status)


def _gift_by_key(key):
    return get_object_or_404(
        Gift.objects.select_related("foundation__collective", "campaign", "donor"), key=key
    )


@login_not_required
@never_cache
@require_http_methods(["GET"])
def pledge(request, key):
    gift = _gift_by_key(key)
    foundation = gift.foundation
    waiting = gift.status == GiftStatus.PLEDGED and gift.method == Method.TRANSFER
    response = render(
        request,
        "fund/public/pledge.html",
        {
            "collective": foundation.collective,
            "foundation": foundation,
            "gift": gift,
            "waiting": waiting,
            "iban": foundation.iban(gift.currency),
            "qr_svg": qr.gift_svg(foundation, gift) if waiting else None,
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@login_not_required
@never_cache
@require_http_methods(["GET"])
def pledge_qr(request, key):
    gift = _gift_by_key(key)
    if gift.status != GiftStatus.PLEDGED or gift.method != Method.TRANSFER:
        raise Http404
    drawing = qr.gift_svg(gift.foundation, gift)
    if drawing is None:
        raise Http404
    response = HttpResponse(drawing, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{gift.reference or "gift"}.svg"'
    response["X-Robots-Tag"] = "noindex"
    return response


@login_not_required
@require_http_methods(["GET"])
def transparency(request, slug):
    foundation, refused = reader_foundation(request, slug)
    if refused:
        return refused
    from maillage.projects.models import Project

    campaigns = [
        (campaign, ledger.figures(foundation, campaign=campaign))
        for campaign in foundation.campaigns.exclude(status=CampaignStatus.DRAFT).order_by(
            "-starts_on", "pk"
        )
    ]
    project_ids = (
        Line.objects.filter(foundation=foundation, project__isnull=False)
        .values_list("project_id", flat=True)
        .distinct()
    )
    # A project is named when it is public or the reader is a member; otherwise its
    # figures are shown under a neutral name (its title may not be public).
    member = request.user.has_perm("fund.view_foundation", foundation)
    projects = [
        (project, project.public or member, ledger.figures(foundation, project=project))
        for project in Project.objects.filter(pk__in=project_ids).order_by("title", "pk")
    ]
    currencies = sorted(
        set(
            Line.objects.filter(foundation=foundation).values_list("currency", flat=True).distinct()
        )
    )
    totals = [(currency, ledger.figures(foundation, currency=currency)) for currency in currencies]
    names = sorted(
        {
            gift.donor.name
            for gift in shown_gifts(
                Gift.objects.filter(foundation=foundation).exclude(
                    campaign__status=CampaignStatus.DRAFT
                )
            )
        }
    )
    return render(
        request,
        "fund/public/transparency.html",
        {
            "collective": foundation.collective,
            "foundation": foundation,
            "campaigns": campaigns,
            "projects": projects,
            "totals": totals,
            "names": names,
        },
    )
