"""The citizen foundation: its campaigns (goal, what was received and matched, status)
and its transparency figures, as the public pages show them: anyone reads them when the
collective or its foundation is public, its members otherwise; a draft campaign only
those who prepare it (coordinators, treasurers).

Donors are never named here (the transparency page lists the names of donors who chose
to be shown; an API list of names would outlive their choice in the copies it feeds).
"""

from collections import defaultdict
from functools import cached_property

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from maillage.fund import ledger
from maillage.fund.models import Account, Campaign, CampaignStatus, Foundation, Line
from maillage.fund.money import cents_sum, from_cents
from maillage.projects.models import Project

from . import access
from .base import ReadOnly
from .premises import SLUG

PUBLIC = "fund.view_public"
PREPARE = ("fund.manage_foundation", "fund.handle_money")


def campaign_figures(foundation, campaign_ids):
    """``ledger.figures`` of each campaign of ``campaign_ids``, read in one query:
    {campaign id: Figures}. The same sums as ``ledger.figures(foundation, campaign=…)``
    (tests/api/test_api_others.py checks it)."""
    rows = defaultdict(dict)
    lines = (
        Line.objects.filter(foundation=foundation, campaign_id__in=campaign_ids)
        .annotate(has_fund=ExpressionWrapper(Q(fund__isnull=False), output_field=BooleanField()))
        .values("campaign_id", "account", "movement__kind", "has_fund")
        .annotate(s=cents_sum("amount"))
        .order_by()
    )
    for row in lines:
        key = (row["account"], row["movement__kind"], row["has_fund"])
        rows[row["campaign_id"]][key] = from_cents(row["s"])

    def sum_of(sums, account, kinds=None, matched=None):
        return sum(
            (
                value
                for (acc, kind, is_matched), value in sums.items()
                if acc == account
                and (kinds is None or kind in kinds)
                and (matched is None or is_matched == matched)
            ),
            ledger.ZERO,
        )

    result = {}
    for pk in campaign_ids:
        sums = rows.get(pk, {})
        result[pk] = ledger.Figures(
            raised=-(
                sum_of(sums, Account.CAMPAIGN)
                + sum_of(sums, Account.GENERAL, ("pledged", "cancelled", "refunded"))
            ),
            received=sum_of(sums, Account.BANK, ("received", "refunded")),
            pledged=sum_of(sums, Account.PLEDGES),
            matched=-sum_of(sums, Account.CAMPAIGN, matched=True),
        )
    return result


class FiguresSerializer(serializers.Serializer):
    raised = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="Gifts promised or received, and matching."
    )
    received = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="Money in the bank for it."
    )
    pledged = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="Promised, not yet received."
    )
    matched = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="What matching funds added."
    )


class CampaignSerializer(serializers.ModelSerializer):
    figures = serializers.SerializerMethodField()
    counted = serializers.SerializerMethodField(
        help_text="Received and matched: what the progress bar counts (promises are not)."
    )
    percent = serializers.SerializerMethodField(help_text="``counted`` against the goal.")

    class Meta:
        model = Campaign
        fields = [
            "id",
            "title",
            "description",
            "goal",
            "currency",
            "starts_on",
            "ends_on",
            "mode",
            "status",
            "figures",
            "counted",
            "percent",
        ]

    def _figures(self, campaign):
        return self.context["figures"][campaign.pk]

    def get_figures(self, campaign) -> FiguresSerializer:
        return FiguresSerializer(self._figures(campaign)).data

    def _counted(self, campaign):
        figures = self._figures(campaign)
        return figures.received + figures.matched

    def get_counted(self, campaign) -> str:
        return f"{self._counted(campaign):.2f}"

    def get_percent(self, campaign) -> int:
        return int(self._counted(campaign) * 100 / campaign.goal) if campaign.goal else 0


class TotalSerializer(FiguresSerializer):
    currency = serializers.CharField()
    granted = serializers.DecimalField(max_digits=14, decimal_places=2)
    disbursed = serializers.DecimalField(max_digits=14, decimal_places=2)


class ProjectFiguresSerializer(FiguresSerializer):
    title = serializers.CharField(
        allow_null=True,
        help_text="Null when the project is not public and the reader is not a member.",
    )
    granted = serializers.DecimalField(max_digits=14, decimal_places=2)
    disbursed = serializers.DecimalField(max_digits=14, decimal_places=2)


class TransparencySerializer(serializers.Serializer):
    name = serializers.CharField()
    purpose = serializers.CharField()
    totals = TotalSerializer(many=True, help_text="The foundation's figures, by currency.")
    campaigns = CampaignSerializer(many=True, help_text="Every campaign but the drafts.")
    projects = ProjectFiguresSerializer(many=True, help_text="Projects the ledger names.")


class CampaignViews(ReadOnly):
    """The foundation's campaigns with their figures (as a campaign's public page), and
    its transparency figures."""

    serializer_class = CampaignSerializer
    queryset = Campaign.objects.all()
    collective_field = "foundation__collective"
    perms = {"default": PUBLIC}
    filterset_fields = ["status", "currency"]
    ordering_fields = ["starts_on", "ends_on", "goal"]
    ordering = ["-starts_on", "pk"]

    @cached_property
    def collective(self):
        """A private collective's foundation may be public: its public pages answer."""
        slug = self.kwargs["slug"]
        public = Foundation.objects.filter(public=True, collective__slug=slug).first()
        if public is None:
            return access.get_collective(self.request, slug, PUBLIC)
        collective = public.collective
        access.check(self.request, PUBLIC, collective, collective)
        return collective

    @cached_property
    def foundation(self):
        found = Foundation.objects.filter(collective=self.collective).first()
        if found is None:
            raise Http404
        return found

    def prepares(self):
        return any(self.actor.has_perm(perm, self.foundation) for perm in PREPARE)

    def scope(self, queryset):
        if self.prepares():
            return queryset
        return queryset.exclude(status=CampaignStatus.DRAFT)

    def get_serializer(self, *args, **kwargs):
        if args and not self.fake:
            shown = args[0] if kwargs.get("many") else [args[0]]
            context = kwargs.setdefault("context", self.get_serializer_context())
            context["figures"] = campaign_figures(self.foundation, [one.pk for one in shown])
        return super().get_serializer(*args, **kwargs)

    @extend_schema(responses=TransparencySerializer, filters=False)
    @action(detail=False, pagination_class=None, filter_backends=[])
    def transparency(self, request, *args, **kwargs):
        """The transparency page's figures: the foundation's totals by currency, each
        campaign's (drafts left out) and each project's the ledger names."""
        foundation = self.foundation
        campaigns = list(
            foundation.campaigns.exclude(status=CampaignStatus.DRAFT).order_by("-starts_on", "pk")
        )
        member = self.actor.has_perm("fund.view_foundation", foundation)
        project_ids = (
            Line.objects.filter(foundation=foundation, project__isnull=False)
            .values_list("project_id", flat=True)
            .distinct()
        )
        projects = [
            {
                "title": project.title if project.public or member else None,
                **vars(ledger.figures(foundation, project=project)),
            }
            for project in Project.objects.filter(pk__in=project_ids).order_by("title", "pk")
        ]
        currencies = sorted(
            set(
                Line.objects.filter(foundation=foundation)
                .values_list("currency", flat=True)
                .distinct()
            )
        )
        totals = [
            {"currency": currency, **vars(ledger.figures(foundation, currency=currency))}
            for currency in currencies
        ]
        context = self.get_serializer_context()
        context["figures"] = campaign_figures(foundation, [one.pk for one in campaigns])
        data = {
            "name": foundation.name,
            "purpose": foundation.purpose,
            "totals": totals,
            "campaigns": campaigns,
            "projects": projects,
        }
        return Response(TransparencySerializer(data, context=context).data)


ROUTES = [(rf"{SLUG}/campaigns", CampaignViews, "campaign")]
