"""Actions: who does what, by when. Read, created, changed and marked done as on the
actions' pages, through the actions' services (maillage/actions/services.py).

- The collective's members (observers included) read its actions
  (``actions.view_actions``, ``actions.view_action``); owners are named as the pages name
  them (a member's name, never an address; an organisation; a guest's name).
- Facilitators and coordinators add actions (``actions.add_action``); an action's owners
  and those who run the collective change it and move it along
  (``actions.change_action``). A change says the version it started from: when someone
  else saved in between, nothing is changed and the answer is 409.
- Owners are given by the ``id`` of members (``/members/``), of organisations
  (``/organisations/``) and by guests' names.
- Planning: an action spans ``start_date`` to ``due_date`` (a due date only: a
  deadline), may be in a ``phase`` and waits for the actions in ``depends_on``. New
  dates push later the open actions that depend on it when they must; the answer lists
  them in ``moved``.
"""

from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action as route
from rest_framework.response import Response

from maillage.actions import services
from maillage.actions.forms import projects_for
from maillage.actions.models import Action, ActionStatus, Phase, owners_prefetch
from maillage.actions.services import GUEST_NAME_LENGTH, MAX_OWNERS
from maillage.collectives.models import Membership, Organisation
from maillage.core.values import KEEP

from .base import CollectiveViewSet
from .filters import FilterSet, IdFilter

CHANGE = "actions.change_action"
# What an owner is (drf-spectacular names this choice set OwnerKindEnum).
OWNER_KINDS = [("member", "member"), ("organisation", "organisation"), ("guest", "guest")]


# ------------------------------------------------------------------------------ reading


class OwnerSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=OWNER_KINDS)
    name = serializers.CharField(help_text="As the action's page names the owner.")
    member = serializers.IntegerField(
        allow_null=True, help_text="The member's id (as in /members/), for a member."
    )
    organisation = serializers.IntegerField(
        allow_null=True, help_text="The organisation's id, for an organisation."
    )


class ActionSerializer(serializers.ModelSerializer):
    owners = serializers.SerializerMethodField(help_text="In their order.")
    done = serializers.BooleanField(source="is_done", read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    depends_on = serializers.PrimaryKeyRelatedField(
        many=True,
        read_only=True,
        help_text="Ids of the actions it starts after (finish-to-start).",
    )

    class Meta:
        model = Action
        fields = ["id", "title", "description", "status", "done", "start_date", "due_date"]
        fields += ["overdue", "owners", "meeting", "decision", "project", "phase", "depends_on"]
        fields += ["completed_at", "version", "created_at", "updated_at"]
        extra_kwargs = {
            "version": {"help_text": "Send it back with a change: 409 if it moved meanwhile."},
            "start_date": {"help_text": "Empty for a deadline (the due date only)."},
            "phase": {"help_text": "The id of its phase (of a project or a consultation)."},
        }

    def get_owners(self, action) -> OwnerSerializer(many=True):
        member_ids = self.context.get("member_ids", {})
        return [
            {
                "kind": "member"
                if owner.user_id
                else ("organisation" if owner.organisation_id else "guest"),
                "name": owner.name_shown,
                "member": member_ids.get(owner.user_id) if owner.user_id else None,
                "organisation": owner.organisation_id,
            }
            for owner in action.owners.all()
        ]


class ActionChangedSerializer(ActionSerializer):
    moved = serializers.SerializerMethodField(
        help_text="Ids of the other actions the change pushed later (they depend on it)."
    )

    class Meta(ActionSerializer.Meta):
        fields = [*ActionSerializer.Meta.fields, "moved"]

    def get_moved(self, action) -> list[int]:
        return self.context.get("moved", [])


class ActionFilter(FilterSet):
    done = filters.BooleanFilter(method="by_done", label="Done (true) or not done (false).")
    owner = filters.ChoiceFilter(
        choices=[("me", "me")], method="by_owner", label="me: the actions the token's owner owns."
    )
    due_before = filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label="Due on or before this day."
    )
    due_after = filters.DateFilter(
        field_name="due_date", lookup_expr="gte", label="Due on or after this day."
    )
    project = IdFilter(field_name="project_id", label="The project's id.")
    meeting = IdFilter(field_name="meeting_id", label="The meeting's id.")
    decision = IdFilter(field_name="decision_id", label="The decision's id.")
    status = filters.ChoiceFilter(choices=ActionStatus.choices)

    class Meta:
        model = Action
        fields = []

    def by_done(self, queryset, name, value):
        if value:
            return queryset.filter(status=ActionStatus.DONE)
        return queryset.exclude(status=ActionStatus.DONE)

    def by_owner(self, queryset, name, value):
        # The list is only read inside the token's collectives: its owner is the reader.
        return queryset.owned_by(self.request.user)


# ----------------------------------------------------------------------------- changing


class OwnersInput(serializers.Serializer):
    members = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Membership.objects.none(),
        help_text="Ids of members of the collective (as in /members/).",
    )
    organisations = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Organisation.objects.none(),
        help_text="Ids of organisations of the collective.",
    )
    guests = serializers.ListField(
        child=serializers.CharField(max_length=GUEST_NAME_LENGTH),
        required=False,
        max_length=MAX_OWNERS,
        help_text="Names of other owners (guests), not e-mail addresses.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        collective = self.context.get("collective")
        if collective is not None:
            memberships = Membership.objects.filter(collective=collective).select_related("user")
            self.fields["members"].child_relation.queryset = memberships
            self.fields["organisations"].child_relation.queryset = collective.organisations.all()
        self.fields["members"].child_relation.error_messages["does_not_exist"] = _(
            "No member of the collective has the id {pk_value}."
        )
        self.fields["organisations"].child_relation.error_messages["does_not_exist"] = _(
            "No organisation of the collective has the id {pk_value}."
        )

    def owners(self):
        """The owners for the service, or KEEP when none of their fields was sent."""
        data = self.validated_data
        if not {"members", "organisations", "guests"} & set(data):
            return KEEP
        people = [membership.user for membership in data.get("members", [])]
        return [*people, *data.get("organisations", []), *data.get("guests", [])]


def phase_field(**kwargs):
    return serializers.PrimaryKeyRelatedField(
        queryset=Phase.objects.none(),
        required=False,
        allow_null=True,
        help_text="The id of a phase of the collective (of the action's project, if any).",
        **kwargs,
    )


def offer_phases(serializer):
    collective = serializer.context.get("collective")
    field = serializer.fields["phase"]
    if collective is not None:
        field.queryset = collective.phases.all()
    field.error_messages["does_not_exist"] = _("The collective has no phase {pk_value}.")


class ActionCreateSerializer(OwnersInput):
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    start_date = serializers.DateField(required=False, allow_null=True, default=None)
    due_date = serializers.DateField(required=False, allow_null=True, default=None)
    phase = phase_field(default=None)
    project = serializers.PrimaryKeyRelatedField(
        queryset=Action.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text="A project the person may put actions in (its pilots; coordinators: any).",
    )
    decision = serializers.PrimaryKeyRelatedField(
        queryset=Action.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The decision it carries out; a meeting's decision brings its meeting.",
    )
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=Action.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The meeting it was decided at.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        collective = self.context.get("collective")
        if collective is not None:
            self.fields["project"].queryset = projects_for(collective, self.context["actor"])
            self.fields["decision"].queryset = collective.decisions.all()
            self.fields["meeting"].queryset = collective.meetings.all()
        offer_phases(self)
        for name, message in (
            ("project", _("You cannot put actions in the project {pk_value}.")),
            ("decision", _("The collective has no decision {pk_value}.")),
            ("meeting", _("The collective has no meeting {pk_value}.")),
        ):
            self.fields[name].error_messages["does_not_exist"] = message

    def validate(self, data):
        decision = data.get("decision")
        if decision is not None and data.get("meeting") is None:
            data["meeting"] = decision.meeting
        return data


class ActionUpdateSerializer(OwnersInput):
    version = serializers.IntegerField(
        min_value=1, help_text="The action's version the change starts from."
    )
    title = serializers.CharField(max_length=300, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    start_date = serializers.DateField(required=False, allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    phase = phase_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_phases(self)

    # A PATCH leaves out what it does not change, but never the version: the serializer
    # is never partial (drf-spectacular sets PATCH serializers partial for the schema).
    @property
    def partial(self):
        return False

    @partial.setter
    def partial(self, value):
        pass


class DoneSerializer(serializers.Serializer):
    done = serializers.BooleanField(
        default=True, help_text="true: done; false: back to “to do” (an open action stays)."
    )
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        default=None,
        help_text="When given, the change is refused (409) if the action moved meanwhile.",
    )


class ActionViews(mixins.ListModelMixin, mixins.RetrieveModelMixin, CollectiveViewSet):
    """The collective's actions, for its members (observers included)."""

    serializer_class = ActionSerializer
    queryset = Action.objects.prefetch_related(owners_prefetch(), "depends_on")
    perms = {"default": "actions.view_actions", "create": "actions.add_action"}
    object_perms = {"retrieve": "actions.view_action", "partial_update": CHANGE, "done": CHANGE}
    filterset_class = ActionFilter
    ordering_fields = ["due_date", "created_at", "updated_at", "title"]
    ordering = [F("due_date").asc(nulls_last=True), "pk"]

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not self.fake:
            context.update(collective=self.collective, actor=self.actor)
            if self.request.method == "GET":
                context["member_ids"] = self._member_ids()
        return context

    def _member_ids(self):
        """The member id (``/members/``) of each person: their active membership, or
        the last one for an owner who has left."""
        memberships = Membership.objects.filter(collective=self.collective).order_by(
            F("end_date").asc(nulls_last=True), "start_date", "pk"
        )
        return dict(memberships.values_list("user_id", "pk"))

    def _answer(self, action, code=status.HTTP_200_OK, moved=None):
        action = self.get_queryset().get(pk=action.pk)
        context = self.get_serializer_context() | {"member_ids": self._member_ids()}
        if moved is None:
            return Response(ActionSerializer(action, context=context).data, status=code)
        context["moved"] = moved
        return Response(ActionChangedSerializer(action, context=context).data, status=code)

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer

    @extend_schema(request=ActionCreateSerializer, responses={201: ActionSerializer})
    def create(self, request, slug):
        """A new action (title, owners, due date; a project, a decision, a meeting)."""
        given = self._input(ActionCreateSerializer)
        data = given.validated_data
        owners = given.owners()
        action = services.create_action(
            actor=self.actor,
            collective=self.collective,
            title=data["title"],
            owners=[] if owners is KEEP else owners,
            start_date=data["start_date"],
            due_date=data["due_date"],
            phase=data["phase"],
            description=data["description"],
            meeting=data["meeting"],
            decision=data["decision"],
            project=data["project"],
        )
        return self._answer(action, status.HTTP_201_CREATED)

    @extend_schema(request=ActionUpdateSerializer, responses={200: ActionChangedSerializer})
    def partial_update(self, request, slug, pk):
        """Change the title, details, dates, phase or owners. Sending any of
        ``members``, ``organisations`` or ``guests`` replaces the owners with those sent.
        New dates push later the open actions that depend on this one when they would
        start before it ends: ``moved`` lists them."""
        action = self.get_object()
        given = self._input(ActionUpdateSerializer)
        data = given.validated_data
        action = services.update_action(
            actor=self.actor,
            action=action,
            base_version=data["version"],
            title=data.get("title", KEEP),
            owners=given.owners(),
            start_date=data.get("start_date", KEEP),
            due_date=data.get("due_date", KEEP),
            phase=data.get("phase", KEEP),
            description=data.get("description", KEEP),
        )
        return self._answer(action, moved=[moved.pk for moved, _days in action.shifted])

    @extend_schema(request=DoneSerializer, responses={200: ActionSerializer})
    @route(detail=True, methods=["post"])
    def done(self, request, slug, pk):
        """Mark the action done, or not done (back to “to do”)."""
        action = self.get_object()
        data = self._input(DoneSerializer).validated_data
        if data["done"]:
            wanted = ActionStatus.DONE
        elif action.is_open:
            wanted = action.status
        else:
            wanted = ActionStatus.TODO
        action = services.set_status(
            actor=self.actor, action=action, status=wanted, base_version=data["version"]
        )
        return self._answer(action)


ROUTES = [
    (r"collectives/(?P<slug>[-a-zA-Z0-9_]+)/actions", ActionViews, "action"),
]
