"""Shared premises: a collective's sites (half-days, closed periods, price grid), their
spaces, and the bookings of rooms and desks, booked and cancelled through the premises'
booking services (services_bookings: closed days, overlaps, quotas and half-days are
refused there, with their message).

Who sees what, as on the pages: members (not observers) read the sites, the spaces,
the price grid and the week grid's bookings, with the organisation that booked; the
person who booked, what they booked for, and what someone without an account left
(their name or organisation) only the coordinators (``premises.see_booker``) and, for
their own bookings, the person or their organisation. A requester's e-mail address and
phone are never sent.
"""

from django.db.models import Prefetch, Q
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from maillage.collectives.models import Organisation
from maillage.collectives.rules import organisations_of
from maillage.premises import halfdays, services_bookings
from maillage.premises.models import (
    BLOCKING,
    BOOKABLE_KINDS,
    Booking,
    BookingStatus,
    ClosedPeriod,
    Site,
    Slot,
    Space,
    SpaceKind,
)
from maillage.premises.models_statements import Price

from . import idempotency
from .base import SLUG, ReadOnly
from .filters import FilterSet, IdFilter, add, dates

VIEW = "premises.view_premises"


# ------------------------------------------------------------------ sites and spaces


class HalfDaySerializer(serializers.Serializer):
    slot = serializers.ChoiceField(choices=Slot.choices)
    starts = serializers.TimeField(help_text="Local time at the site.")
    ends = serializers.TimeField(help_text="Local time at the site.")


class ClosedPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClosedPeriod
        fields = ["starts_on", "ends_on", "reason"]


class PriceSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.name")
    outside_rate = serializers.BooleanField(
        source="category.outside",
        help_text="The outside rate: bookings beyond a tenant's quota and without a tenancy.",
    )
    kind = serializers.CharField(help_text="The kind of space priced; empty for a service.")

    class Meta:
        model = Price
        fields = ["category", "outside_rate", "kind", "unit", "service", "amount"]


class SpaceInSiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Space
        fields = ["id", "name", "kind", "capacity", "desks"]


class SiteSerializer(serializers.ModelSerializer):
    half_days = serializers.SerializerMethodField(
        help_text="The site's half-days in order (a booking is one of them)."
    )
    closed_periods = ClosedPeriodSerializer(many=True, read_only=True)
    spaces = SpaceInSiteSerializer(
        many=True, read_only=True, help_text="Spaces in use (archived ones are left out)."
    )
    prices = PriceSerializer(
        many=True, read_only=True, help_text="The price grid, in the site's currency."
    )

    class Meta:
        model = Site
        fields = [
            "id",
            "slug",
            "name",
            "address",
            "surface_m2",
            "time_zone",
            "currency",
            "open_weekdays",
            "half_days",
            "cancellation_hours",
            "late_cancellation_charged",
            "closed_periods",
            "spaces",
            "prices",
        ]
        extra_kwargs = {"open_weekdays": {"help_text": "Opening days, 0 = Monday."}}

    def get_half_days(self, site) -> HalfDaySerializer(many=True):
        return HalfDaySerializer(halfdays.slots(site), many=True).data


class SiteViews(ReadOnly):
    """The collective's sites, for its members (as the sites' and prices' pages)."""

    serializer_class = SiteSerializer
    queryset = Site.objects.prefetch_related(
        "closed_periods",
        Prefetch("spaces", queryset=Space.objects.filter(archived_at__isnull=True)),
        Prefetch("prices", queryset=Price.objects.select_related("category")),
    )
    perms = {"default": VIEW}
    filterset_fields = ["currency"]
    ordering_fields = ["name"]
    ordering = ["name", "pk"]


class SpaceSerializer(serializers.ModelSerializer):
    site = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    bookable = serializers.BooleanField(
        source="is_bookable", help_text="Booked by the half-day (rooms and desk pools)."
    )

    class Meta:
        model = Space
        fields = [
            "id",
            "site",
            "name",
            "kind",
            "bookable",
            "surface_m2",
            "capacity",
            "desks",
            "equipment",
            "step_free",
            "accessibility",
            "description",
            "available_from",
        ]


class SpaceFilter(FilterSet):
    site = filters.CharFilter(field_name="site__slug", label="site (its short name)")
    kind = filters.ChoiceFilter(choices=SpaceKind.choices)
    bookable = filters.BooleanFilter(method="by_bookable", label="booked by the half-day")

    class Meta:
        model = Space
        fields = ["site", "kind"]

    def by_bookable(self, queryset, name, value):
        kinds = [str(kind) for kind in BOOKABLE_KINDS]
        return queryset.filter(kind__in=kinds) if value else queryset.exclude(kind__in=kinds)


class SpaceViews(ReadOnly):
    """The spaces in use at the collective's sites, for its members."""

    serializer_class = SpaceSerializer
    queryset = Space.objects.filter(archived_at__isnull=True).select_related("site")
    collective_field = "site__collective"
    perms = {"default": VIEW}
    filterset_class = SpaceFilter
    ordering_fields = ["name", "capacity", "surface_m2"]
    ordering = ["site__name", "position", "name", "pk"]


# ------------------------------------------------------------------ bookings


class BookingSerializer(serializers.ModelSerializer):
    site = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    space_name = serializers.CharField(source="space.name", read_only=True)
    organisation = serializers.SerializerMethodField(
        help_text="The organisation booked for (shown on the week grid), or null."
    )
    booker = serializers.SerializerMethodField(
        help_text="Who booked (a person, or who asked without an account): for the "
        "coordinators only, as on the week grid; null for others."
    )
    purpose = serializers.SerializerMethodField(
        help_text="What for: for the coordinators and for one's own bookings; null for others."
    )
    mine = serializers.SerializerMethodField(
        help_text="Booked by the token's owner or for an organisation they represent."
    )

    class Meta:
        model = Booking
        fields = [
            "id",
            "site",
            "space",
            "space_name",
            "date",
            "slot",
            "starts_at",
            "ends_at",
            "status",
            "desks",
            "people",
            "organisation",
            "booker",
            "purpose",
            "mine",
            "late_cancellation",
            "created_at",
        ]
        read_only_fields = fields

    def _mine(self, booking):
        user_pk = self.context.get("user_pk")
        return (user_pk is not None and booking.booked_by_id == user_pk) or (
            booking.organisation_id in self.context.get("organisations", ())
        )

    def get_organisation(self, booking) -> str | None:
        return booking.organisation.name if booking.organisation_id else None

    def get_booker(self, booking) -> str | None:
        if not self.context.get("sees_booker"):
            return None
        if booking.booked_by_id:
            return booking.booked_by.display_name
        return booking.requester_organisation or booking.requester_name or None

    def get_purpose(self, booking) -> str | None:
        if self.context.get("sees_booker") or self._mine(booking):
            return booking.purpose
        return None

    def get_mine(self, booking) -> bool:
        return self._mine(booking)


class BookSerializer(serializers.Serializer):
    """A booking asked: one space, one day, one or more of its half-days."""

    space = serializers.PrimaryKeyRelatedField(
        queryset=Space.objects.none(), help_text="A room or a desk pool of the collective."
    )
    date = serializers.DateField()
    slots = serializers.ListField(
        child=serializers.ChoiceField(choices=Slot.choices),
        min_length=1,
        max_length=3,
        help_text="The half-days of that day (all or nothing: one refused refuses them all).",
    )
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The organisation booked for (one the person represents; any for the "
        "coordinators). Without one, the outside rate applies.",
    )
    desks = serializers.IntegerField(
        min_value=0, max_value=1000, default=0, help_text="Desks of a pool (1 when 0)."
    )
    people = serializers.IntegerField(min_value=1, max_value=10000, default=1)
    purpose = serializers.CharField(max_length=300, allow_blank=True, default="")

    def __init__(self, *args, collective=None, **kwargs):
        super().__init__(*args, **kwargs)
        if collective is not None:
            self.fields["space"].queryset = Space.objects.filter(
                site__collective=collective, archived_at__isnull=True
            ).select_related("site__collective")
            self.fields["organisation"].queryset = collective.organisations.all()


class BookedSerializer(serializers.Serializer):
    bookings = BookingSerializer(many=True, help_text="The bookings made, one per half-day.")


class BookingFilter(FilterSet):
    site = filters.CharFilter(field_name="site__slug", label="site (its short name)")
    space = IdFilter(field_name="space_id", label="space (its id)")
    organisation = IdFilter(field_name="organisation_id", label="organisation (its id)")
    status = filters.ChoiceFilter(choices=BookingStatus.choices)

    class Meta:
        model = Booking
        fields = ["site", "space", "organisation", "status"]


add(BookingFilter, dates("date", "Booked"))


class BookingViews(mixins.CreateModelMixin, ReadOnly):
    """The bookings of the collective's sites, for its members: every booking that holds
    a space (as the week grid), and one's own (and one's organisations') whatever their
    status; the coordinators see them all. Booking (POST) and cancelling go through the
    premises' services, as the pages do."""

    serializer_class = BookingSerializer
    queryset = Booking.objects.select_related(
        "site__collective", "space", "organisation", "booked_by"
    )
    collective_field = "site__collective"
    perms = {"default": VIEW, "create": "premises.book"}
    object_perms = {"cancel": "premises.cancel_booking"}
    filterset_class = BookingFilter
    ordering_fields = ["starts_at", "date", "created_at"]
    ordering = ["starts_at", "space__position", "pk"]

    def sees_booker(self):
        return self.actor.has_perm("premises.see_booker", self.collective)

    def scope(self, queryset):
        if self.sees_booker():
            return queryset
        actor = self.actor
        mine = Q(organisation_id__in=organisations_of(actor, self.collective))
        if actor.is_authenticated:
            mine |= Q(booked_by=actor)
        return queryset.filter(Q(status__in=BLOCKING) | mine)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not self.fake:
            actor = self.actor
            context |= {
                "sees_booker": self.sees_booker(),
                "user_pk": actor.pk if actor.is_authenticated else None,
                "organisations": organisations_of(actor, self.collective),
            }
        return context

    @extend_schema(
        request=BookSerializer,
        responses={201: BookedSerializer},
        parameters=idempotency.PARAMETERS,
    )
    def create(self, request, *args, **kwargs):
        """Books a space for one or more half-days of a day (all or nothing); answers
        ``{"bookings": [...]}``, one per half-day. With an ``Idempotency-Key``, the same
        request sent again answers the bookings the key made (201,
        ``Idempotent-Replayed``) and books nothing more."""
        actor = self.actor  # (the reader's language is chosen with the token's owner)
        key = idempotency.client_key(request)
        made = services_bookings.booked_with_key(actor, key)
        if made:  # whatever is sent again, even no longer valid: the first answer
            return idempotency.replayed(self._booked(made))
        asked = BookSerializer(data=request.data, collective=self.collective)
        asked.is_valid(raise_exception=True)
        data = asked.validated_data
        made = services_bookings.book(
            actor=actor,
            space=data["space"],
            day=data["date"],
            slots=data["slots"],
            organisation=data["organisation"],
            desks=data["desks"],
            purpose=data["purpose"],
            people=data["people"],
            client_key=key,
        )
        return self._booked(made)

    def _booked(self, bookings):
        shown = BookedSerializer({"bookings": bookings}, context=self.get_serializer_context())
        return Response(shown.data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        """Cancels a booking (who booked it, who represents its organisation, the
        coordinators); ``late_cancellation`` says whether it was late."""
        booking = services_bookings.cancel_booking(actor=self.actor, booking=self.get_object())
        return Response(self.get_serializer(booking).data)


ROUTES = [
    (rf"{SLUG}/sites", SiteViews, "site"),
    (rf"{SLUG}/spaces", SpaceViews, "space"),
    (rf"{SLUG}/bookings", BookingViews, "booking"),
]
