"""Consultations, their published synthesis and the results of their vote rounds.

The list is scoped as the consultations' page: those the person may see, drafts only
for those who may create consultations. A consultation, its synthesis and its results
ask what its report and results pages ask (``consultations.view_consultation``). The
synthesis is shown once published (before, to those who run the consultation, as the
report); the figures of a vote round once it is closed (of the open round too, to
those who run it), from ``consultations.results``. Nothing here names a participant:
themes come with their counts of notes, statements with their counts of votes.
"""

from django.db.models import Count, F, Prefetch, Q
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from maillage.consultations.models import (
    Consultation,
    ConsultationStatus,
    Round,
    RoundStatus,
    Theme,
)
from maillage.consultations.results import round_results

from .base import SLUG, ReadOnly

VIEW = "consultations.view_consultation"
RUN = "consultations.change_consultation"


class RoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = Round
        fields = ["number", "title", "kind", "status", "starts_on", "ends_on"]


class ConsultationSerializer(serializers.ModelSerializer):
    groups = serializers.IntegerField(
        source="group_count", read_only=True, help_text="Groups that took part."
    )
    participants = serializers.IntegerField(source="participant_count", read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "title",
            "purpose",
            "method",
            "status",
            "created_at",
            "synthesis_published_at",
            "groups",
            "participants",
        ]


class ConsultationDetailSerializer(ConsultationSerializer):
    rounds = RoundSerializer(many=True, read_only=True)

    class Meta(ConsultationSerializer.Meta):
        fields = [*ConsultationSerializer.Meta.fields, "conclusions", "rounds"]


# ---------------------------------------------------------------------------- synthesis


class ThemeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    statement = serializers.CharField(help_text="The synthesis statement of the theme.")
    group = serializers.CharField(
        allow_null=True, help_text="The group whose theme it is; null for a common theme."
    )
    notes = serializers.IntegerField(help_text="How many notes the theme gathers.")
    sources = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="A common theme: the ids of the groups' themes it gathers.",
    )


class SynthesisSerializer(serializers.Serializer):
    shown = serializers.BooleanField(
        help_text="False while the synthesis is not published (its themes are then not given)."
    )
    published_at = serializers.DateTimeField(allow_null=True)
    themes = ThemeSerializer(many=True)
    unsorted_notes = serializers.IntegerField(help_text="Notes in no theme.")


# ------------------------------------------------------------------------------ results


class GroupFiguresSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="An opinion group (at least 3 people).")
    votes = serializers.IntegerField()
    shares = serializers.DictField(child=serializers.FloatField())


class RatingSerializer(serializers.Serializer):
    median = serializers.FloatField(allow_null=True)
    q1 = serializers.FloatField(allow_null=True)
    q3 = serializers.FloatField(allow_null=True)
    iqr = serializers.FloatField(allow_null=True)
    share_high = serializers.FloatField(help_text="Share of the answers rating 7–9.")
    share_low = serializers.FloatField(help_text="Share of the answers rating 1–3.")
    consensus = serializers.BooleanField(help_text="Whether the Delphi rule of consensus holds.")


class ChangeSerializer(serializers.Serializer):
    since_round = serializers.IntegerField(help_text="The earlier round with this statement.")
    answered_both = serializers.IntegerField()
    changed = serializers.IntegerField(allow_null=True)
    share_changed = serializers.FloatField(allow_null=True)


class StatementFiguresSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    theme = serializers.IntegerField(allow_null=True)
    votes = serializers.IntegerField()
    counts = serializers.DictField(
        child=serializers.IntegerField(), help_text="Agree rounds: agree, disagree, pass."
    )
    shares = serializers.DictField(child=serializers.FloatField())
    rating = RatingSerializer(allow_null=True, help_text="Rating rounds (1–9).")
    distribution = serializers.ListField(
        child=serializers.IntegerField(), help_text="Rating rounds: answers per rating 1 to 9."
    )
    informed_consensus = serializers.FloatField(allow_null=True)
    groups = GroupFiguresSerializer(many=True)
    change = ChangeSerializer(allow_null=True)


class OpinionGroupSerializer(serializers.Serializer):
    label = serializers.CharField()
    size = serializers.IntegerField()


class RoundResultsSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    voters = serializers.IntegerField()
    eligible = serializers.IntegerField(help_text="Participants who could answer.")
    statements = StatementFiguresSerializer(many=True)
    consensus = serializers.ListField(child=serializers.IntegerField(), help_text="Statement ids.")
    rejected = serializers.ListField(child=serializers.IntegerField(), help_text="Statement ids.")
    divergent = serializers.ListField(child=serializers.IntegerField(), help_text="Statement ids.")
    opinion_groups = OpinionGroupSerializer(many=True, allow_null=True)
    rule = serializers.CharField(help_text="The rule of the lists, in words.")


def _statement(item):
    rating = None
    if item.rating:
        rating = {
            key: item.rating[key]
            for key in ("median", "q1", "q3", "iqr", "share_high", "share_low", "consensus")
        }
    change = None
    if item.change:
        change = {
            "since_round": item.change["round"].number,
            "answered_both": item.change["n"],
            "changed": item.change["changed"],
            "share_changed": item.change["share_changed"],
        }
    return {
        "id": item.statement.pk,
        "text": item.statement.text,
        "theme": item.statement.theme_id,
        "votes": item.votes,
        "counts": item.counts,
        "shares": item.shares,
        "rating": rating,
        "distribution": item.distribution,
        "informed_consensus": item.informed_consensus,
        "groups": [
            {"label": g["label"], "votes": g["votes"], "shares": g["shares"]} for g in item.groups
        ],
        "change": change,
    }


def _round(results):
    round_ = results.round
    opinions = results.opinions
    return {
        "number": round_.number,
        "title": round_.title,
        "kind": round_.kind,
        "status": round_.status,
        "voters": results.voters,
        "eligible": results.eligible,
        "statements": [_statement(item) for item in results.statements],
        "consensus": [item.statement.pk for item in results.consensus],
        "rejected": [item.statement.pk for item in results.rejected],
        "divergent": [item.statement.pk for item in results.divergent],
        "opinion_groups": (
            [{"label": g["label"], "size": g["size"]} for g in opinions["groups"]]
            if opinions
            else None
        ),
        "rule": results.rule if results.is_rating else results.lists_rule,
    }


# -------------------------------------------------------------------------------- views


class ConsultationViews(ReadOnly):
    """The collective's consultations, as its consultations' page lists them."""

    queryset = Consultation.objects.all()
    filterset_fields = ["status", "method"]
    ordering_fields = ["created_at", "title"]
    ordering = ["-created_at", "-pk"]
    object_perms = {"retrieve": VIEW, "synthesis": VIEW, "results": VIEW}

    def get_serializer_class(self):
        if self.action == "synthesis":
            return SynthesisSerializer
        if self.action == "results":
            return RoundResultsSerializer
        return ConsultationSerializer if self.action == "list" else ConsultationDetailSerializer

    def scope(self, queryset):
        actor = self.actor
        queryset = queryset.filter(pk__in=Consultation.objects.visible_to(actor).values("pk"))
        if not actor.has_perm("consultations.add_consultation", self.collective):
            queryset = queryset.exclude(status=ConsultationStatus.DRAFT)
        queryset = queryset.select_related("collective").annotate(
            group_count=Count("groups", distinct=True),
            participant_count=Count("participants", distinct=True),
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("rounds", queryset=Round.objects.order_by("number"))
            )
        return queryset

    @extend_schema(
        responses=SynthesisSerializer,
        summary="The consultation's synthesis: its themes with their counts of notes.",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def synthesis(self, request, *args, **kwargs):
        consultation = self.get_object()
        shown = consultation.synthesis_published or self.actor.has_perm(RUN, consultation)
        themes, unsorted = [], 0
        if shown:
            visible = Q(notes__hidden=False)
            found = (
                Theme.objects.filter(consultation=consultation, territory=None)
                .select_related("group")
                .annotate(note_count=Count("notes", filter=visible, distinct=True))
                .prefetch_related(Prefetch("sources", queryset=Theme.objects.only("pk")))
                # The groups' themes, then the common ones (as the report).
                .order_by(F("group_id").asc(nulls_last=True), "order", "pk")
            )
            themes = [
                {
                    "id": theme.pk,
                    "title": theme.title,
                    "statement": theme.statement,
                    "group": theme.group.name if theme.group_id else None,
                    "notes": theme.note_count,
                    "sources": [source.pk for source in theme.sources.all()],
                }
                for theme in found
            ]
            unsorted = consultation.groups.aggregate(
                n=Count("notes", filter=Q(notes__hidden=False, notes__theme=None))
            )["n"]
        data = {
            "shown": shown,
            "published_at": consultation.synthesis_published_at,
            "themes": themes,
            "unsorted_notes": unsorted,
        }
        return Response(SynthesisSerializer(data).data)

    @extend_schema(
        responses=RoundResultsSerializer(many=True),
        summary="The figures of the consultation's closed vote rounds.",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def results(self, request, *args, **kwargs):
        consultation = self.get_object()
        statuses = [RoundStatus.CLOSED]
        if self.actor.has_perm(RUN, consultation):
            statuses.append(RoundStatus.OPEN)
        rounds = consultation.rounds.filter(status__in=statuses).order_by("number")
        data = [_round(round_results(round_)) for round_ in rounds if round_.is_vote]
        return Response(RoundResultsSerializer(data, many=True).data)


ROUTES = [
    (SLUG + "/consultations", ConsultationViews, "consultation"),
]
