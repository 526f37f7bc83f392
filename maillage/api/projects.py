"""The board's work streams and projects, and a project's progress.

Members of the collective (``projects.view_board``) read every live project, with
its pilots, needs and links, as the board and the project's page show them. Anyone
else reads only what the public results pages show: the projects marked public of a
PUBLIC collective, without any person (no pilot, no need, no link). A project's
progress (status, phase, the pilots' figure) is changed through the projects'
services, by those who may edit the project, with the version read: a change made
in between answers 409. Reaching a milestone (a result of the project) too.
"""

from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from maillage.collectives.models import Organisation
from maillage.core.changes import lock_at_version
from maillage.projects import services
from maillage.projects.models import (
    Milestone,
    Need,
    Project,
    ProjectLink,
    ProjectStatus,
    WorkStream,
)
from maillage.projects.views_project import _pilots_with_organisations, _set_organisations

from .base import SLUG, ReadOnly
from .filters import FilterSet, IdFilter

BOARD = "projects.view_board"
CHANGE = "projects.change_project"


def reads_board(view):
    """Whether the person behind the request reads the collective's board."""
    return view.actor.has_perm(BOARD, view.collective)


def public_only(view, projects):
    """What anyone reads of a collective's projects: the public ones of a public
    collective (as projects.views_public)."""
    if not view.collective.is_public:
        return projects.none()
    return projects.filter(public=True)


# ------------------------------------------------------------------------ work streams


class WorkStreamSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkStream
        fields = ["id", "title", "purpose", "status", "position"]


class WorkStreamViews(ReadOnly):
    """The collective's live work streams: all of them for its members; for anyone
    else, those holding a public project of a public collective."""

    serializer_class = WorkStreamSerializer
    queryset = WorkStream.objects.filter(archived_at=None)
    filterset_fields = ["status"]
    ordering_fields = ["title", "position"]
    ordering = ["position", "pk"]

    def scope(self, queryset):
        if reads_board(self):
            return queryset
        shown = public_only(self, Project.objects.filter(archived_at=None))
        return queryset.filter(pk__in=shown.values("work_stream_id"))


# ---------------------------------------------------------------------------- projects


class PilotSerializer(serializers.Serializer):
    name = serializers.CharField(source="display_name")
    organisation = serializers.SerializerMethodField()

    def get_organisation(self, person) -> str | None:
        organisation = getattr(person, "organisation", None)
        return organisation.name if organisation else None


class PartnerSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class MilestoneSerializer(serializers.ModelSerializer):
    reached = serializers.SerializerMethodField(
        help_text="A milestone reached is a result of the project."
    )

    class Meta:
        model = Milestone
        fields = ["id", "title", "due_on", "reached", "reached_on"]

    def get_reached(self, milestone) -> bool:
        return milestone.reached_on is not None


class NeedSerializer(serializers.ModelSerializer):
    class Meta:
        model = Need
        fields = ["id", "kind", "description", "amount", "currency", "approached"]


class LinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectLink
        fields = ["id", "kind", "title", "url"]


class ProjectSerializer(serializers.ModelSerializer):
    work_stream = serializers.PrimaryKeyRelatedField(read_only=True)
    progress = serializers.SerializerMethodField(
        help_text=(
            "0–100: the pilots' figure when they set one, else the share of milestones "
            "reached; null without either."
        )
    )
    progress_set = serializers.IntegerField(
        source="progress",
        read_only=True,
        allow_null=True,
        help_text="The pilots' own figure (null: the progress follows the milestones).",
    )
    pilots = serializers.SerializerMethodField(
        help_text="Names and organisations, for the collective's members only (else null)."
    )
    partners = PartnerSerializer(many=True, read_only=True)
    version = serializers.IntegerField(
        read_only=True, help_text="Send it back with a change: a change made since is refused."
    )

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "work_stream",
            "status",
            "phase",
            "starts_on",
            "ends_on",
            "progress",
            "progress_set",
            "public",
            "pilots",
            "partners",
            "version",
            "updated_at",
        ]

    def get_progress(self, project) -> int | None:
        return services.progress_of(project, project.live_milestones)

    @extend_schema_field(PilotSerializer(many=True, allow_null=True))
    def get_pilots(self, project):
        if not self.context.get("people"):
            return None
        return PilotSerializer(_set_organisations(project.pilots.all()), many=True).data


class ProjectDetailSerializer(ProjectSerializer):
    milestones = MilestoneSerializer(many=True, read_only=True, source="live_milestones")
    needs = serializers.SerializerMethodField(
        help_text="Open needs (funding, volunteers, partners), for members only (else null)."
    )
    links = serializers.SerializerMethodField(help_text="For members only (else null).")

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "content", "milestones", "needs", "links"]

    @extend_schema_field(NeedSerializer(many=True, allow_null=True))
    def get_needs(self, project):
        if not self.context.get("people"):
            return None
        return NeedSerializer(project.open_needs, many=True).data

    @extend_schema_field(LinkSerializer(many=True, allow_null=True))
    def get_links(self, project):
        if not self.context.get("people"):
            return None
        return LinkSerializer(project.live_links, many=True).data


class ProgressSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The project's version as read: a change made since answers 409."
    )
    status = serializers.ChoiceField(choices=ProjectStatus.choices, required=False)
    phase = serializers.CharField(max_length=120, required=False, allow_blank=True)
    progress = serializers.IntegerField(
        min_value=0,
        max_value=100,
        required=False,
        allow_null=True,
        help_text="0–100; null to follow the milestones reached.",
    )


class ReachSerializer(serializers.Serializer):
    reached_on = serializers.DateField(required=False, help_text="Today when not given.")


class ProjectFilter(FilterSet):
    stream = IdFilter(field_name="work_stream", label="work stream (id)")
    status = filters.ChoiceFilter(choices=ProjectStatus.choices)
    public = filters.BooleanFilter()
    pilot = filters.ChoiceFilter(
        choices=[("me", "me")], method="by_pilot", label="me: the projects I pilot"
    )

    class Meta:
        model = Project
        fields = ["stream", "status", "public", "pilot"]

    def by_pilot(self, queryset, name, value):
        user = self.request.parser_context["view"].actor
        if not user.is_authenticated:
            return queryset.none()
        return queryset.filter(pilots=user)


class ProjectViews(ReadOnly):
    """The collective's projects, as its board shows them to its members and as its
    public results pages show them to anyone else."""

    queryset = Project.objects.filter(archived_at=None, work_stream__archived_at=None)
    filterset_class = ProjectFilter
    ordering_fields = ["title", "status", "starts_on", "ends_on", "updated_at"]
    ordering = ["work_stream__position", "work_stream_id", "position", "pk"]
    object_perms = {"partial_update": CHANGE, "reach_milestone": CHANGE}

    def get_serializer_class(self):
        if self.action == "partial_update":
            return ProgressSerializer
        if self.action == "reach_milestone":
            return ReachSerializer
        return ProjectDetailSerializer if self.action != "list" else ProjectSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not self.fake:
            context["people"] = reads_board(self)
        return context

    def scope(self, queryset):
        if not reads_board(self):
            queryset = public_only(self, queryset)
        related = [
            Prefetch(
                "milestones",
                queryset=Milestone.objects.filter(archived_at=None),
                to_attr="live_milestones",
            ),
            Prefetch("partners", queryset=Organisation.objects.order_by("name", "pk")),
        ]
        if reads_board(self):
            related.append(_pilots_with_organisations(self.collective))
            if self.action != "list":
                related += [
                    Prefetch(
                        "needs",
                        queryset=Need.objects.filter(met_at=None, archived_at=None),
                        to_attr="open_needs",
                    ),
                    Prefetch(
                        "links",
                        queryset=ProjectLink.objects.filter(archived_at=None),
                        to_attr="live_links",
                    ),
                ]
        return queryset.prefetch_related(*related)

    def _shown(self, project):
        """The project as it is now, as the detail shows it."""
        fresh = self.get_queryset().get(pk=project.pk)
        return ProjectDetailSerializer(fresh, context=self.get_serializer_context()).data

    @extend_schema(
        request=ProgressSerializer,
        responses=ProjectDetailSerializer,
        summary="Update a project's progress: its status, phase or progress figure.",
    )
    def partial_update(self, request, *args, **kwargs):
        project = self.get_object()
        data = self._valid(ProgressSerializer, request.data)
        actor = self.actor
        with transaction.atomic():
            # The version read by the client, checked once for the whole change.
            lock_at_version(
                Project,
                project.pk,
                data["version"],
                message=_(
                    "Someone changed this project while you were editing it. Your changes are "
                    "not saved yet: check the project and make them again."
                ),
            )
            if "phase" in data and data["phase"].strip() != project.phase:
                project = services.update_project(
                    actor=actor, project=project, base_version=None, phase=data["phase"]
                )
            if "status" in data:
                project = services.set_status(actor=actor, project=project, status=data["status"])
            if "progress" in data and data["progress"] != project.progress:
                project = services.set_progress(
                    actor=actor, project=project, progress=data["progress"]
                )
        return Response(self._shown(project))

    @extend_schema(
        request=ReachSerializer,
        responses=ProjectDetailSerializer,
        summary="Mark one of the project's milestones reached: a result of the project.",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"milestones/(?P<milestone>[0-9]+)/reached",
        url_name="reach-milestone",
    )
    def reach_milestone(self, request, *args, **kwargs):
        project = self.get_object()
        milestone = get_object_or_404(
            Milestone, project=project, pk=self.kwargs["milestone"], archived_at=None
        )
        data = self._valid(ReachSerializer, request.data)
        services.reach_milestone(
            actor=self.actor, milestone=milestone, reached_on=data.get("reached_on")
        )
        return Response(self._shown(project))

    def _valid(self, serializer_class, data):
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


ROUTES = [
    (SLUG + "/work-streams", WorkStreamViews, "workstream"),
    (SLUG + "/projects", ProjectViews, "project"),
]
