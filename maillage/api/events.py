"""Events and their registrations.

Members of the collective (``events.view_events``) read all its events, drafts
included, as its events' page lists them; anyone else reads the published and
cancelled events of a PUBLIC collective, as the public agenda. Every event comes with
its counts of seats taken and people waiting: never who registered.

Only an event's organisers (``events.manage_registrations``) read its registrations,
with names, e-mail addresses and answers, as their page shows them, and register
someone: through the events' registration service (a seat while one is free, else
the waiting list; the e-mail the site sends). An address already registered for the
event is refused with its message: organisers see the list anyway.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from maillage.core.errors import DomainError
from maillage.events import services
from maillage.events.models import (
    PUBLIC_STATUSES,
    Event,
    EventStatus,
    Question,
    Registration,
    RegistrationStatus,
    Speaker,
)
from maillage.events.services_registrations import clean_email

from . import access, idempotency
from .base import SLUG, CollectiveViewSet, ReadOnly
from .filters import FilterSet, IdFilter, add

REGISTRATIONS = "events.manage_registrations"
CONFIRMED = RegistrationStatus.CONFIRMED
WAITING = RegistrationStatus.WAITING


# ------------------------------------------------------------------------------ events


class SpeakerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["name", "role", "organisation"]


class QuestionSerializer(serializers.ModelSerializer):
    choices = serializers.ListField(
        child=serializers.CharField(), source="choice_list", read_only=True
    )

    class Meta:
        model = Question
        fields = ["id", "label", "kind", "choices", "required"]


class EventSerializer(serializers.ModelSerializer):
    programme = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    registered = serializers.IntegerField(
        source="confirmed_count", read_only=True, help_text="Seats taken."
    )
    waiting = serializers.IntegerField(
        source="waiting_count", read_only=True, help_text="People on the waiting list."
    )
    registrations_open = serializers.SerializerMethodField(
        help_text="Whether the event takes registrations now."
    )

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "kind",
            "theme",
            "status",
            "programme",
            "starts_at",
            "ends_at",
            "time_zone",
            "place",
            "address",
            "online_url",
            "language",
            "price",
            "currency",
            "price_note",
            "capacity",
            "registered",
            "waiting",
            "registrations_open",
        ]

    def get_registrations_open(self, event) -> bool:
        try:
            services.check_open(event, self.context.get("now"))
        except DomainError:
            return False
        return True


class EventDetailSerializer(EventSerializer):
    speakers = SpeakerSerializer(many=True, read_only=True)
    questions = QuestionSerializer(
        many=True, read_only=True, help_text="Asked at registration; answers go by their id."
    )
    partners = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta(EventSerializer.Meta):
        fields = [
            *EventSerializer.Meta.fields,
            "description",
            "access",
            "speakers",
            "partners",
            "questions",
        ]


class EventFilter(FilterSet):
    programme = IdFilter(field_name="programme", label="programme (id)")
    status = filters.ChoiceFilter(choices=EventStatus.choices)

    class Meta:
        model = Event
        fields = ["programme", "status", "kind"]

    def ends_from(self, queryset, name, value):
        return queryset.filter(ends_at__date__gte=value)

    def starts_until(self, queryset, name, value):
        return queryset.filter(starts_at__date__lte=value)


add(
    EventFilter,
    {
        "from": filters.DateFilter(
            method="ends_from", label="events ending on or after this date (YYYY-MM-DD)"
        ),
        "to": filters.DateFilter(
            method="starts_until", label="events starting on or before this date (YYYY-MM-DD)"
        ),
    },
)


class EventViews(ReadOnly):
    """The collective's events, with their counts of registrations."""

    queryset = Event.objects.select_related("collective").annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status=CONFIRMED)),
        waiting_count=Count("registrations", filter=Q(registrations__status=WAITING)),
    )
    filterset_class = EventFilter
    ordering_fields = ["starts_at", "ends_at", "title"]
    ordering = ["starts_at", "pk"]

    def get_serializer_class(self):
        return EventSerializer if self.action == "list" else EventDetailSerializer

    def get_serializer_context(self):
        return super().get_serializer_context() | {"now": timezone.now()}

    def scope(self, queryset):
        if not self.actor.has_perm("events.view_events", self.collective):
            if not self.collective.is_public:
                return queryset.none()
            queryset = queryset.filter(status__in=PUBLIC_STATUSES)
        if self.action != "list":
            queryset = queryset.prefetch_related("speakers", "partners", "questions")
        return queryset


# ----------------------------------------------------------------------- registrations


class RegistrationSerializer(serializers.ModelSerializer):
    address_confirmed = serializers.SerializerMethodField(
        help_text="Whether the person opened the link of the e-mail."
    )
    answers = serializers.DictField(
        read_only=True, help_text="Answers to the event's questions, by question id."
    )

    class Meta:
        model = Registration
        fields = [
            "id",
            "position",
            "name",
            "email",
            "status",
            "language",
            "answers",
            "address_confirmed",
            "walk_in",
            "created_at",
            "checked_in_at",
        ]

    def get_address_confirmed(self, registration) -> bool:
        return registration.email_confirmed_at is not None


@extend_schema_field(
    {"oneOf": [{"type": "string", "maxLength": 1000}, {"type": "boolean"}], "nullable": True}
)
class AnswerField(serializers.Field):
    """An answer to a question: a text (one of the choices for a choice question), or
    true or false for a yes-or-no question (clean_answers of the service reads it)."""

    default_error_messages = {"invalid": _lazy("Answer with a text, or with true or false.")}

    def to_internal_value(self, data):
        if data is None or isinstance(data, bool):
            return data
        if isinstance(data, str) and "\x00" not in data and len(data) <= 1000:
            return data
        self.fail("invalid")

    def to_representation(self, value):
        return value


class RegisterSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    email = serializers.EmailField(max_length=254)
    language = serializers.ChoiceField(
        choices=[code for code, _name in settings.LANGUAGES],
        required=False,
        help_text="The language of the e-mails the person receives (the request's by default).",
    )
    answers = serializers.DictField(
        child=AnswerField(allow_null=True),
        required=False,
        help_text="Answers to the event's questions, by question id (see the event's detail).",
    )


class RegistrationFilter(FilterSet):
    status = filters.ChoiceFilter(choices=RegistrationStatus.choices)

    class Meta:
        model = Registration
        fields = ["status", "walk_in"]


class RegistrationViews(mixins.ListModelMixin, CollectiveViewSet):
    """An event's registrations (seats and waiting list), for its organisers only, as
    their page lists them; and registering someone."""

    serializer_class = RegistrationSerializer
    queryset = Registration.objects.filter(status__in=[CONFIRMED, WAITING], erased_at=None)
    collective_field = "event__collective"
    filterset_class = RegistrationFilter
    ordering_fields = ["position", "name", "created_at"]
    ordering = ["position", "pk"]

    @property
    def event(self):
        if not hasattr(self, "_event"):
            event = get_object_or_404(
                Event.objects.select_related("collective"),
                collective=self.collective,
                pk=self.kwargs["event"],
            )
            access.check(self.request, "events.view_event", event, self.collective)
            access.check(self.request, REGISTRATIONS, event, self.collective)
            self._event = event
        return self._event

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not self.fake:
            self.event  # noqa: B018  (404 or 403 before anything is read or parsed)

    def scope(self, queryset):
        return queryset.filter(event=self.event)

    @extend_schema(
        request=RegisterSerializer,
        responses={201: RegistrationSerializer},
        parameters=idempotency.PARAMETERS,
        summary="Register someone: a seat while one is free, else the waiting list.",
    )
    def create(self, request, *args, **kwargs):
        """Registers someone through the events' registration service (a seat while
        one is free, else the waiting list; the e-mail the site sends); an address
        already registered is refused. With an ``Idempotency-Key``, the same request
        sent again answers the registration the key made for that address (201,
        ``Idempotent-Replayed``) instead of refusing it as already registered."""
        key = idempotency.client_key(request)
        given = RegisterSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        event = self.event
        if event.kind == "job_cafe" and hasattr(event, "cafe"):
            raise DomainError(
                _("This job café takes its registrations on its own form."), code="job_cafe"
            )
        email = clean_email(data["email"])
        with transaction.atomic():
            # Under the event's lock (which the service takes again): nobody registers
            # the address in between, and the same key sent at once waited for this one.
            locked = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
            made = services.registration_by_key(locked, key, email)
            if made is not None:
                return idempotency.replayed(self._created(made))
            taken = locked.registrations.filter(email=email).exclude(
                status=RegistrationStatus.CANCELLED
            )
            if taken.exists():
                raise DomainError(
                    _("This address is already registered for the event."), field="email"
                )
            registration = services.register(
                event=event,
                name=data["name"],
                email=email,
                answers=data.get("answers") or {},
                language=data.get("language") or request.LANGUAGE_CODE,
                client_key=key,
            )
        return self._created(registration)

    def _created(self, registration):
        return Response(RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)


ROUTES = [
    (SLUG + "/events", EventViews, "event"),
    (SLUG + r"/events/(?P<event>[0-9]+)/registrations", RegistrationViews, "registration"),
]
