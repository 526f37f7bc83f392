"""An employer group's needs, as the needs' page shows them: the coordinators read
every member employer's needs, a member who represents member employers reads theirs
only, anyone else is refused (``employers.declare_needs``). Withdrawn needs are left
out. A need's free note is left out too (it may speak of people)."""

from django.db.models import Q
from rest_framework import serializers

from maillage.collectives.rules import organisations_of
from maillage.employers.models import Need, NeedSlot

from .base import SLUG, ReadOnly

DECLARE = "employers.declare_needs"
MANAGE = "employers.manage_group"


class NeedSlotSerializer(serializers.ModelSerializer):
    class Meta:
        model = NeedSlot
        fields = ["day", "start", "end"]
        extra_kwargs = {"day": {"help_text": "0 = Monday."}}


class EmployerNeedSerializer(serializers.ModelSerializer):
    employer = serializers.CharField(
        source="employer.organisation.name", help_text="The member employer (an organisation)."
    )
    family = serializers.CharField(source="family.name", help_text="The job family.")
    qualification = serializers.CharField(
        source="qualification.name",
        allow_null=True,
        help_text="The qualification required, when a specific one is.",
    )
    site = serializers.CharField(source="site.name")
    commune = serializers.CharField(source="site.commune")
    hours = serializers.FloatField(help_text="Hours a week (the sum of the slots).")
    slots = NeedSlotSerializer(many=True, read_only=True)

    class Meta:
        model = Need
        fields = [
            "id",
            "employer",
            "family",
            "qualification",
            "site",
            "commune",
            "period",
            "starts_on",
            "hourly_cost_max",
            "hours",
            "slots",
        ]


class NeedViews(ReadOnly):
    """The group's needs that the person may see (as the needs' page)."""

    serializer_class = EmployerNeedSerializer
    queryset = (
        Need.objects.filter(withdrawn_at__isnull=True)
        .select_related("employer__organisation", "family", "site", "qualification")
        .prefetch_related("slots")
    )
    collective_field = "employer__group__collective"
    perms = {"default": DECLARE}
    filterset_fields = ["period", "family", "employer"]
    ordering_fields = ["starts_on"]
    ordering = ["employer__organisation__name", "family__name", "pk"]

    def scope(self, queryset):
        if self.actor.has_perm(MANAGE, self.collective):
            return queryset
        mine = organisations_of(self.actor, self.collective)
        return queryset.filter(Q(employer__organisation_id__in=mine))


ROUTES = [(rf"{SLUG}/employer-needs", NeedViews, "need")]
