"""Meetings and the collective's decisions, read as their pages read them.

- Meetings are for the collective's members, observers included (the meetings' list and
  ``meetings.view_meeting``): their purpose, times in the meeting's own time zone, place
  and online link, the agenda items kept, the decisions. Who is invited, their answers
  and the guests' addresses only to those who plan the meeting
  (``meetings.view_invitees``), as the list of invited people; the others read how many
  answered what, as on the meeting's page.
- Decisions (a meeting's, or by consultation) are for the same readers
  (``trace.view_trace``, the decision's trace page): with the round's figures kept when a
  decision settled a statement, and the actions it led to.
"""

from django.db.models import Count, F, Prefetch
from django.db.models.functions import Coalesce, TruncDate
from django_filters import rest_framework as filters
from rest_framework import serializers

from maillage.actions.models import Action
from maillage.meetings.models import (
    AgendaItem,
    Decision,
    DecisionStatus,
    Invitee,
    ItemStatus,
    Meeting,
    MeetingKind,
    Rsvp,
)

from .base import ReadOnly
from .filters import FilterSet, add, dates

COLLECTIVE = r"collectives/(?P<slug>[-a-zA-Z0-9_]+)"


class LocalDateTime(serializers.DateTimeField):
    """A moment as the clock reads it where the meeting happens (ISO 8601 with the
    offset of the meeting's time zone), whatever the reader's zone."""

    def __init__(self, *, zone_of=lambda obj: obj.zone, **kwargs):
        self.zone_of = zone_of
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        return None if value is None else value.astimezone(self.zone_of(instance))

    def to_representation(self, value):
        return value.isoformat()


# ------------------------------------------------------------------------------ meetings


class MeetingSerializer(serializers.ModelSerializer):
    starts_at = LocalDateTime(help_text="In the meeting's time zone.")
    ends_at = LocalDateTime(help_text="In the meeting's time zone.")
    where = serializers.CharField(read_only=True, help_text="The place in one line.")
    online = serializers.SerializerMethodField(help_text="Whether it can be joined online.")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "kind",
            "status",
            "starts_at",
            "ends_at",
            "time_zone",
            "where",
            "online",
        ]

    def get_online(self, meeting) -> bool:
        return bool(meeting.online_url)


class ItemSerializer(serializers.ModelSerializer):
    put_forward_by = serializers.CharField(
        read_only=True, help_text="A name or an organisation, as the agenda shows it."
    )

    class Meta:
        model = AgendaItem
        fields = ["id", "position", "title", "theme", "put_forward_by", "starts_at", "ends_at"]
        fields += ["description", "notes"]
        extra_kwargs = {
            "starts_at": {"help_text": "Local time of the meeting."},
            "notes": {"help_text": "What was said and found, written during the meeting."},
        }


class MeetingDecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "text", "status", "item"]


class InviteeSerializer(serializers.ModelSerializer):
    guest = serializers.BooleanField(source="is_guest", read_only=True)
    email = serializers.SerializerMethodField(
        help_text="A guest's address (members are reached through their account)."
    )
    organisation = serializers.CharField(source="organisation_label", read_only=True)

    class Meta:
        model = Invitee
        fields = ["id", "name", "guest", "email", "organisation", "rsvp", "represented_by"]
        fields += ["rsvp_comment", "invited_at"]

    def get_email(self, invitee) -> str | None:
        return invitee.email if invitee.is_guest and invitee.email else None


class AnswersSerializer(serializers.Serializer):
    coming = serializers.IntegerField()
    represented = serializers.IntegerField()
    excused = serializers.IntegerField()
    pending = serializers.IntegerField()


class MeetingDetailSerializer(MeetingSerializer):
    objectives = serializers.ListField(
        child=serializers.CharField(), source="objective_lines", read_only=True
    )
    facilitators = serializers.SerializerMethodField(help_text="Their names.")
    secretary = serializers.SerializerMethodField(help_text="In charge of the minutes.")
    agenda = serializers.SerializerMethodField(help_text="The items kept on the agenda.")
    decisions = MeetingDecisionSerializer(many=True, read_only=True)
    answers = serializers.SerializerMethodField(help_text="How many answered what.")
    invitees = serializers.SerializerMethodField(
        help_text="Who is invited, to those who plan the meeting only (null for the others)."
    )

    class Meta(MeetingSerializer.Meta):
        fields = MeetingSerializer.Meta.fields + [
            "purpose",
            "objectives",
            "format",
            "place",
            "room",
            "address",
            "access",
            "online_url",
            "facilitators",
            "secretary",
            "cancel_reason",
            "next_steps",
            "previous",
            "agenda",
            "decisions",
            "answers",
            "invitees",
            "version",
        ]

    def get_facilitators(self, meeting) -> list[str]:
        return [person.display_name for person in meeting.facilitators.all()]

    def get_secretary(self, meeting) -> str | None:
        return meeting.secretary.display_name if meeting.secretary_id else None

    def get_agenda(self, meeting) -> ItemSerializer(many=True):
        items = [item for item in meeting.items.all() if item.status == ItemStatus.ACCEPTED]
        return ItemSerializer(items, many=True).data

    def get_answers(self, meeting) -> AnswersSerializer:
        counts = dict(
            meeting.invitees.order_by().values_list("rsvp").annotate(n=Count("pk")).order_by()
        )
        return {value: counts.get(value, 0) for value in Rsvp.values}

    def get_invitees(self, meeting) -> InviteeSerializer(many=True, allow_null=True):
        if not self.context["reader"].has_perm("meetings.view_invitees", meeting):
            return None
        invitees = meeting.invitees.select_related("organisation").order_by("name", "pk")
        return InviteeSerializer(invitees, many=True).data


class MeetingFilter(FilterSet):
    kind = filters.ChoiceFilter(choices=MeetingKind.choices)

    class Meta:
        model = Meeting
        fields = ["kind", "status"]


add(MeetingFilter, dates("starts_at__date", "Starts"))


class MeetingViews(ReadOnly):
    """The collective's meetings, for its members (observers included), as the
    meetings' list and each meeting's page."""

    queryset = Meeting.objects.all()
    # The meetings' list asks for a member of the collective (observers included).
    perms = {"default": "collectives.view_members"}
    object_perms = {"retrieve": "meetings.view_meeting"}
    filterset_class = MeetingFilter
    ordering_fields = ["starts_at", "title"]
    ordering = ["-starts_at", "-pk"]

    def get_serializer_class(self):
        return MeetingDetailSerializer if self.action == "retrieve" else MeetingSerializer

    def scope(self, queryset):
        if self.action != "retrieve":
            return queryset
        return queryset.select_related("collective", "secretary").prefetch_related(
            "facilitators",
            Prefetch("items", queryset=AgendaItem.objects.select_related("proposed_by")),
            Prefetch("decisions", queryset=Decision.objects.order_by("created_at", "pk")),
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not self.fake:
            context["reader"] = self.actor
        return context


# ----------------------------------------------------------------------------- decisions


class RoundFigures(serializers.Serializer):
    """The round that settled the statement, and its figures then."""

    consultation = serializers.IntegerField(help_text="The consultation's id.")
    round = serializers.IntegerField(help_text="The round's number in its consultation.")
    statement = serializers.CharField(help_text="The statement decided.")
    agree_percent = serializers.IntegerField(allow_null=True, help_text="Share agreeing, %.")
    consensus = serializers.BooleanField(allow_null=True)
    votes = serializers.IntegerField(allow_null=True)


class LedAction(serializers.ModelSerializer):
    class Meta:
        model = Action
        fields = ["id", "title", "status", "due_date"]


class DecisionSerializer(serializers.ModelSerializer):
    date = serializers.DateField(
        read_only=True, help_text="The meeting's day, or the day it was recorded."
    )
    meeting_title = serializers.CharField(
        source="meeting.title", read_only=True, default=None, allow_null=True
    )
    item = serializers.CharField(source="item.title", read_only=True, default=None, allow_null=True)
    by_consultation = serializers.BooleanField(read_only=True)
    round = serializers.SerializerMethodField(
        help_text="When the decision settled a statement of a consultation's round."
    )
    actions = LedAction(many=True, read_only=True, help_text="The actions it led to.")

    class Meta:
        model = Decision
        fields = ["id", "date", "text", "status", "meeting", "meeting_title", "item"]
        fields += ["by_consultation", "round", "actions", "created_at"]

    def get_round(self, decision) -> RoundFigures(allow_null=True):
        if not decision.round_id:
            return None
        return {
            "consultation": decision.round.consultation_id,
            "round": decision.round.number,
            "statement": decision.statement.text if decision.statement_id else "",
            "agree_percent": decision.agree_percent,
            "consensus": decision.consensus,
            "votes": decision.votes,
        }


class DecisionFilter(FilterSet):
    outcome = filters.ChoiceFilter(field_name="status", choices=DecisionStatus.choices)
    by_consultation = filters.BooleanFilter(
        field_name="meeting", lookup_expr="isnull", label="Taken without a meeting."
    )

    class Meta:
        model = Decision
        fields = ["meeting"]


add(DecisionFilter, dates("date", "Taken"))


class DecisionViews(ReadOnly):
    """The collective's decisions, of its meetings or by consultation, for its members
    (observers included), as each decision's trace page."""

    serializer_class = DecisionSerializer
    queryset = (
        Decision.objects.select_related("meeting", "item", "round", "statement")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("due_date", "pk")))
        .annotate(date=TruncDate(Coalesce(F("meeting__starts_at"), F("created_at"))))
    )
    perms = {"default": "trace.view_trace"}
    filterset_class = DecisionFilter
    ordering_fields = ["date", "created_at"]
    ordering = ["-date", "-created_at", "-pk"]


ROUTES = [
    (COLLECTIVE + "/meetings", MeetingViews, "meeting"),
    (COLLECTIVE + "/decisions", DecisionViews, "decision"),
]
