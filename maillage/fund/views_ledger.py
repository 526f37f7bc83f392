"""The ledger's page (urls_receipts.py), for the treasurers and the coordinators
(``fund.handle_money``): the balances per account and currency, per campaign, per
matching funder (matched, paid, owed) and per project (collected, matched, granted,
disbursed), all sums of the ledger's lines; the result of the check that recomputes
them from the records; the last movements. ``ledger_csv``: every line, as CSV.
"""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.documents import Table, csv_filename, render_csv, wants_french_csv

from . import ledger as books
from .access import get_foundation
from .models import Account, Line, MatchingFund, Movement
from .money import cents_sum, from_cents

MONEY = "fund.handle_money"
PER_PAGE = 25


def _accounts(foundation):
    labels = dict(Account.choices)
    rows = (
        Line.objects.filter(foundation=foundation)
        .values("account", "currency")
        .annotate(total=cents_sum("amount"))
        .order_by("currency", "account")
    )
    return [
        {
            "label": labels.get(row["account"], row["account"]),
            **row,
            "total": from_cents(row["total"]),
        }
        for row in rows
        if row["total"] != 0
    ]


def _funders(foundation):
    rows = []
    for fund in MatchingFund.objects.filter(foundation=foundation).select_related("funder"):
        lines = Line.objects.filter(foundation=foundation, fund=fund)
        owed = books.total(lines.filter(account=Account.MATCHING))
        paid = books.total(lines.filter(account=Account.BANK))
        rows.append({"fund": fund, "matched": owed + paid, "paid": paid, "owed": owed})
    return rows


def _projects(foundation):
    from maillage.projects.models import Project

    ids = (
        Line.objects.filter(foundation=foundation, project__isnull=False)
        .values_list("project_id", flat=True)
        .distinct()
    )
    rows = []
    for project in Project.objects.filter(pk__in=ids).order_by("title"):
        for currency in (
            Line.objects.filter(foundation=foundation, project=project)
            .values_list("currency", flat=True)
            .distinct()
            .order_by("currency")
        ):
            figures = books.figures(foundation, project=project, currency=currency)
            rows.append(
                {
                    "project": project,
                    "currency": currency,
                    "collected": figures.raised - figures.matched,
                    "received": figures.received,
                    "matched": figures.matched,
                    "granted": figures.granted,
                    "disbursed": figures.disbursed,
                }
            )
    return rows


@require_http_methods(["GET"])
def ledger(request, slug):
    foundation = get_foundation(request, slug, MONEY)
    campaigns = [
        (campaign, books.figures(foundation, campaign=campaign))
        for campaign in foundation.campaigns.order_by("-starts_on", "pk")
    ]
    movements = (
        Movement.objects.filter(foundation=foundation)
        .prefetch_related("lines")
        .order_by("-occurred_at", "-pk")
    )
    return render(
        request,
        "fund/ledger/ledger.html",
        {
            "collective": foundation.collective,
            "foundation": foundation,
            "accounts": _accounts(foundation),
            "campaigns": campaigns,
            "funders": _funders(foundation),
            "projects": _projects(foundation),
            "check": books.check(foundation),
            "page": Paginator(movements, PER_PAGE).get_page(request.GET.get("page")),
            "account_labels": dict(Account.choices),
        },
    )


def lines_table(foundation):
    """Every line of the ledger (donors by pseudonym: the CSV leaves the site)."""
    lines = (
        Line.objects.filter(foundation=foundation)
        .select_related("movement", "campaign", "project", "fund", "donor", "call")
        .order_by("movement__occurred_at", "movement_id", "pk")
    )
    return Table(
        header=[
            _("Date"),
            _("Movement"),
            _("Kind"),
            _("Account"),
            _("Currency"),
            _("Amount"),
            _("Campaign"),
            _("Project"),
            _("Matching fund"),
            _("Donor"),
            _("Call"),
        ],
        rows=[
            [
                line.movement.occurred_at.date(),
                line.movement_id,
                line.movement.get_kind_display(),
                line.get_account_display(),
                line.currency,
                line.amount,
                line.campaign.title if line.campaign else "",
                line.project.title if line.project else "",
                line.fund.name if line.fund else "",
                line.donor.pseudonym if line.donor else "",
                line.call.title if line.call else "",
            ]
            for line in lines
        ],
        caption=_("Ledger"),
    )


@require_http_methods(["GET"])
def ledger_csv(request, slug):
    foundation = get_foundation(request, slug, MONEY)
    french = wants_french_csv(request)
    response = HttpResponse(
        render_csv(lines_table(foundation), french=french),
        content_type="text/csv; charset=utf-8",
    )
    name = csv_filename("grand-livre.csv", french)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
