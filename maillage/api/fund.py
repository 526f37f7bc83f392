"""The citizen foundation: its campaigns (goal, what was received and matched, status)
and its transparency figures, as the public pages show them: anyone reads them when the
collective or its foundation is public, its members otherwise; a draft campaign only
those who prepare it (coordinators, treasurers).

Donors are never named here (the transparency page lists the names of donors who chose
to be shown; an API list of names would outlive their choice in the copies it feeds).
"""

from functools import cached_property

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from maillage.fund import ledger
from maillage.fund.models import Campaign, CampaignStatus, Foundation, Line
from maillage.projects.models import Project

from . import access
from .base import SLUG, ReadOnly

PUBLIC = "fund.view_public"
PREPARE = ("fund.manage_foundation", "fund.handle_money")


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
            context["figures"] = ledger.figures_by_campaign(
                self.foundation, [one.pk for one in shown]
            )
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
        context["figures"] = ledger.figures_by_campaign(foundation, [one.pk for one in campaigns])
        data = {
            "name": foundation.name,
            "purpose": foundation.purpose,
            "totals": totals,
            "campaigns": campaigns,
            "projects": projects,
        }
        return Response(TransparencySerializer(data, context=context).data)


ROUTES = [(rf"{SLUG}/campaigns", CampaignViews, "campaign")]
