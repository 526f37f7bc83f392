"""Employment: job cafés (date, place, and how many recruiters, offers, posts and job
seekers) and recruitment operations' figures, for the collective's members, as the
employment pages and the figures pages show them (``employment.view_figures``).

Nothing here names a person: job seekers, candidates, recruiters' contacts and the
channels' contacts stay on the pages of those who handle them.
"""

from django.db.models import F, Func, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from rest_framework import serializers

from maillage.employment import figures_operations as figures
from maillage.employment.models import Cafe, Recruiter, RecruiterOffer, Seeker
from maillage.employment.models_operations import Candidate, Operation, State
from maillage.employment.services_operations import STAGES

from .base import SLUG, ReadOnly
from .filters import FilterSet, add, dates

FIGURES = "employment.view_figures"


def counted(queryset, function="COUNT", field="pk"):
    """One number per outer row, read in the outer query: ``queryset`` is filtered on an
    ``OuterRef``; ``function`` (COUNT, SUM) runs over its rows' ``field``, with no GROUP
    BY (the rows are one outer row's)."""
    rows = queryset.order_by().annotate(n=Func(F(field), function=function)).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


class CafeSerializer(serializers.ModelSerializer):
    event = serializers.IntegerField(source="event_id", help_text="The café's event (its id).")
    title = serializers.CharField(source="event.title")
    starts_at = serializers.DateTimeField(source="event.starts_at")
    ends_at = serializers.DateTimeField(source="event.ends_at")
    place = serializers.CharField(source="event.place")
    address = serializers.CharField(source="event.address")
    recruiters = serializers.IntegerField(source="recruiter_count")
    offers = serializers.IntegerField(source="offer_count", help_text="Job offers brought.")
    posts = serializers.IntegerField(source="post_count", help_text="Posts in those offers.")
    seekers = serializers.IntegerField(
        source="seeker_count", help_text="Job seekers registered (not erased)."
    )

    class Meta:
        model = Cafe
        fields = [
            "id",
            "event",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "address",
            "rotations",
            "minutes_per_rotation",
            "seats",
            "recruiters",
            "offers",
            "posts",
            "seekers",
        ]


class CafeFilter(FilterSet):
    class Meta:
        model = Cafe
        fields = []


add(CafeFilter, dates("event__starts_at__date", "Held"))


class CafeViews(ReadOnly):
    """The collective's job cafés with their figures, for its members (as the
    employment page)."""

    serializer_class = CafeSerializer
    queryset = Cafe.objects.select_related("event").annotate(
        recruiter_count=counted(Recruiter.objects.filter(cafe=OuterRef("pk"))),
        offer_count=counted(RecruiterOffer.objects.filter(recruiter__cafe=OuterRef("pk"))),
        post_count=counted(
            RecruiterOffer.objects.filter(recruiter__cafe=OuterRef("pk")), "SUM", "posts"
        ),
        seeker_count=counted(Seeker.objects.filter(cafe=OuterRef("pk"), erased_at__isnull=True)),
    )
    collective_field = "event__collective"
    perms = {"default": FIGURES}
    filterset_class = CafeFilter
    ordering_fields = ["event__starts_at"]
    ordering = ["-event__starts_at", "pk"]


def hires_of(operation_ref):
    """Hires of an operation (a hiring cancelled is none), as the figures count them."""
    return counted(
        Candidate.objects.filter(operation=operation_ref, hired_on__isnull=False).exclude(
            state=State.CANCELLED
        )
    )


class OperationSerializer(serializers.ModelSerializer):
    hires = serializers.IntegerField(help_text="Hires so far (a hiring cancelled is none).")

    class Meta:
        model = Operation
        fields = [
            "id",
            "title",
            "employer_name",
            "contract",
            "starts_on",
            "ends_on",
            "target_total",
            "hires",
        ]


class MonthSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="The first day of the month.")
    target = serializers.IntegerField()
    target_cumulative = serializers.IntegerField()
    hires = serializers.IntegerField(allow_null=True, help_text="Null for months to come.")
    hires_cumulative = serializers.IntegerField(allow_null=True)
    gap = serializers.IntegerField(
        allow_null=True, help_text="Hires minus the target, both cumulative."
    )


class ChannelSerializer(serializers.Serializer):
    name = serializers.CharField()
    reached = serializers.SerializerMethodField(
        help_text="Candidates who reached each stage, by stage."
    )
    refused = serializers.IntegerField(source="refused_total")
    conversion = serializers.FloatField(
        allow_null=True, help_text="The share of those sourced who were hired, in percent."
    )

    def get_reached(self, row) -> dict[str, int]:
        return {str(stage): row.reached.get(stage, 0) for stage in STAGES}


class OperationDetailSerializer(OperationSerializer):
    months = serializers.SerializerMethodField()
    channels = serializers.SerializerMethodField()
    total = serializers.SerializerMethodField(help_text="All channels together.")

    class Meta(OperationSerializer.Meta):
        fields = [*OperationSerializer.Meta.fields, "description", "months", "channels", "total"]

    def _channels(self, operation):
        if not hasattr(operation, "_channel_rows"):
            operation._channel_rows = figures.per_channel(operation)
        return operation._channel_rows

    def get_months(self, operation) -> MonthSerializer(many=True):
        return MonthSerializer(figures.monthly(operation), many=True).data

    def get_channels(self, operation) -> ChannelSerializer(many=True):
        return ChannelSerializer(self._channels(operation), many=True).data

    def get_total(self, operation) -> ChannelSerializer:
        return ChannelSerializer(figures.totals(self._channels(operation))).data


class OperationViews(ReadOnly):
    """The collective's recruitment operations and their figures (naming nobody), for
    its members (as the operations' pages)."""

    queryset = Operation.objects.annotate(hires=hires_of(OuterRef("pk")))
    perms = {"default": FIGURES}
    filterset_fields = ["contract"]
    ordering_fields = ["starts_on", "ends_on", "title"]
    ordering = ["-starts_on", "pk"]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return OperationDetailSerializer
        return OperationSerializer


ROUTES = [
    (rf"{SLUG}/job-cafes", CafeViews, "cafe"),
    (rf"{SLUG}/recruitment-operations", OperationViews, "operation"),
]
