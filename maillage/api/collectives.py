"""Collectives, their organisations and members, and the person behind a token."""

from django.db.models import Q
from django_filters import rest_framework as filters
from rest_framework import generics, mixins, serializers, viewsets
from rest_framework.response import Response

from maillage.collectives.models import Collective, Membership, Organisation

from . import access
from .base import Open, ReadOnly
from .filters import FilterSet


class CollectiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = Collective
        fields = [
            "slug",
            "name",
            "short_name",
            "territory",
            "region",
            "description",
            "visibility",
            "created_at",
        ]


class CollectiveFilter(FilterSet):
    search = filters.CharFilter(method="by_words", label="name contains")

    class Meta:
        model = Collective
        fields = ["territory", "region", "visibility"]

    def by_words(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value))


class CollectiveViews(
    Open, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The collectives this request may see: public ones, and the private ones the token's
    owner belongs to within the token's collectives."""

    serializer_class = CollectiveSerializer
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filterset_class = CollectiveFilter
    ordering_fields = ["name", "created_at"]
    ordering = ["name", "pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Collective.objects.none()
        return access.visible_collectives(self.request).order_by("name", "pk")


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "slug", "name", "kind", "website"]


class OrganisationViews(ReadOnly):
    """The organisations taking part in the collective (as its page lists them)."""

    serializer_class = OrganisationSerializer
    queryset = Organisation.objects.all()
    perms = {"default": "collectives.view_collective"}
    filterset_fields = ["kind"]
    ordering_fields = ["name"]
    ordering = ["name", "pk"]

    def get_queryset(self):
        if self.fake:
            return Organisation.objects.none()
        return self.collective.organisations.all()


class MemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.display_name")
    email = serializers.SerializerMethodField(
        help_text="Shown to the collective's coordinators only, as on the members' page."
    )
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = ["id", "name", "email", "role", "organisation", "start_date"]

    def get_email(self, membership) -> str | None:
        return membership.user.email if self.context.get("contacts") else None


class MemberViews(ReadOnly):
    """The collective's active members, for its members (as the members' page)."""

    serializer_class = MemberSerializer
    queryset = Membership.objects.active().select_related("user", "organisation")
    perms = {"default": "collectives.view_members"}
    filterset_fields = ["role"]
    ordering_fields = ["start_date", "role"]
    ordering = ["user__display_name", "pk"]

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not self.fake:
            context["contacts"] = self.actor.has_perm(
                "collectives.view_member_contacts", self.collective
            )
        return context


class MembershipOfMe(serializers.ModelSerializer):
    collective = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Membership
        fields = ["collective", "role", "start_date"]


class MeSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField()
    language = serializers.CharField()
    can_write = serializers.BooleanField(help_text="Whether this token may change data.")
    collectives = MembershipOfMe(many=True, help_text="Memberships within the token's reach.")


class MeView(Open, generics.GenericAPIView):
    """The person this token acts for, and their memberships within its collectives."""

    serializer_class = MeSerializer
    pagination_class = None
    filter_backends = []

    def get(self, request):
        if request.auth is None:
            access.refuse(request)
        memberships = (
            Membership.objects.active()
            .filter(user=request.user, collective_id__in=request.auth.collective_ids)
            .select_related("collective")
            .order_by("collective__name")
        )
        data = {
            "name": request.user.display_name,
            "email": request.user.email,
            "language": request.user.language,
            "can_write": request.auth.can_write,
            "collectives": memberships,
        }
        return Response(MeSerializer(data).data)


ROUTES = [
    ("collectives", CollectiveViews, "collective"),
    (r"collectives/(?P<slug>[-a-zA-Z0-9_]+)/organisations", OrganisationViews, "organisation"),
    (r"collectives/(?P<slug>[-a-zA-Z0-9_]+)/members", MemberViews, "member"),
]
