"""What a consultation's report says (``report_content``), read once for the page
and its documents (documents.py), and what it depends on (``report_fingerprint``,
for the documents cache, core.downloads).

Nothing here names a participant but those who made a commitment, and only for
members (``show_people``); notes are given with their group only.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Analysis, Commitment, Note, Participant, Round, RoundStatus, Theme, Vote
from .results import round_results


@dataclass
class Report:
    consultation: object
    questions: list
    groups: list
    show_synthesis: bool
    show_people: bool
    group_themes: list  # [{"group", "themes": [{"theme", "notes"}], "unsorted"}]
    cross_themes: list  # [{"theme", "sources": [(title, group name)], "notes"}]
    rounds: list  # [{"round", "results" or None, "shown"}]
    commitments: list
    generated_at: object


def report_content(consultation, *, full=False, show_people=False):
    """What the report says. ``full`` (for those who run the consultation): the
    synthesis before it is published and the figures of the open round too.
    ``show_people``: the names of those who made commitments (members only)."""
    show_synthesis = full or consultation.synthesis_published
    groups = list(
        consultation.groups.select_related("territory").annotate(
            participant_count=Count("participants", distinct=True),
            note_count=Count("notes", filter=Q(notes__hidden=False), distinct=True),
        )
    )
    group_themes, cross_themes, commitments = [], [], []
    if show_synthesis:
        notes = list(
            Note.objects.filter(group__consultation=consultation, hidden=False)
            .select_related("question")
            .order_by("question__order", "created_at", "pk")
        )
        themes = list(
            consultation.themes.select_related("group").prefetch_related(
                "sources__group", "sources__territory"
            )
        )
        notes_of_theme = defaultdict(list)
        for note in notes:
            notes_of_theme[note.theme_id].append(note)
        for group in groups:
            group_themes.append(
                {
                    "group": group,
                    "themes": [
                        {"theme": theme, "notes": notes_of_theme[theme.pk]}
                        for theme in themes
                        if theme.group_id == group.pk
                    ],
                    "unsorted": [
                        note for note in notes_of_theme[None] if note.group_id == group.pk
                    ],
                }
            )
        for theme in themes:
            if theme.group_id is None and theme.territory_id is None:  # not a territory's
                cross_themes.append(
                    {
                        "theme": theme,
                        "sources": [
                            (
                                source.title,
                                source.group.name
                                if source.group_id
                                else source.territory.name
                                if source.territory_id
                                else _("Synthesis"),
                            )
                            for source in theme.sources.all()
                        ],
                        "notes": notes_of_theme[theme.pk],
                    }
                )
        commitments = list(
            Commitment.objects.filter(note__group__consultation=consultation)
            .select_related("person", "note__group")
            .order_by("due_on", "pk")
        )
    rounds = []
    for round_ in consultation.rounds.prefetch_related("groups"):
        shown = round_.is_vote and (
            round_.status == RoundStatus.CLOSED or (full and round_.status == RoundStatus.OPEN)
        )
        rounds.append({"round": round_, "results": round_results(round_) if shown else None})
    return Report(
        consultation=consultation,
        questions=list(consultation.questions.all()),
        groups=groups,
        show_synthesis=show_synthesis,
        show_people=show_people,
        group_themes=group_themes,
        cross_themes=cross_themes,
        rounds=rounds,
        commitments=commitments,
        generated_at=timezone.now(),
    )


def _state(queryset, *changes):
    """How many rows, the greatest id and ``changes`` (aggregates of versions or change
    times): any row added, removed or changed gives other values."""
    found = queryset.order_by().aggregate(
        rows=Count("pk"), last=Max("pk"), **{f"change{i}": c for i, c in enumerate(changes)}
    )
    return tuple(found.values())


def report_fingerprint(consultation, *, full=False, show_people=False):
    """Everything the report's documents depend on, in a dozen small queries (the
    report itself takes many more, and its PDF far longer to draw): the rows that
    can change without a version (questions, groups with their territory, rounds,
    which groups and statements each round has, statements, codes, commitments with
    their person) as they are; notes and themes by their versions, votes by their
    latest change, finished analyses by their latest end. ``full`` and
    ``show_people`` are what the reader may see (report_content); the day, because
    the report is dated."""
    c = consultation
    people = "person__display_name" if show_people else "person_name"
    return (
        (c.pk, c.title, c.purpose, c.method, c.status, c.synthesis_published_at, c.conclusions),
        c.collective.name,
        bool(full),
        bool(show_people),
        timezone.localdate(),
        list(c.questions.order_by("pk").values_list("pk", "order", "text", "kind")),
        list(c.groups.order_by("pk").values_list("pk", "name", "territory__name")),
        list(
            c.rounds.order_by("pk").values_list(
                "pk", "number", "title", "kind", "status", "starts_on", "ends_on"
            )
        ),
        list(
            Round.groups.through.objects.filter(round__consultation=c)
            .order_by("pk")
            .values_list("round_id", "group_id")
        ),
        list(
            Round.statements.through.objects.filter(round__consultation=c)
            .order_by("pk")
            .values_list("round_id", "statement_id")
        ),
        list(c.statements.order_by("pk").values_list("pk", "text", "theme_id", "order")),
        list(
            Theme.sources.through.objects.filter(from_theme__consultation=c)
            .order_by("pk")
            .values_list("from_theme_id", "to_theme_id")
        ),
        list(c.territory_syntheses.order_by("pk").values_list("territory_id", "published_at")),
        list(c.grid_codes.order_by("pk").values_list("pk", "parent_id", "label")),
        list(
            Commitment.objects.filter(note__group__consultation=c)
            .order_by("pk")
            .values_list("pk", "text", "due_on", "person_id", people)
        ),
        _state(Participant.objects.filter(consultation=c)),
        _state(Note.objects.filter(group__consultation=c), Sum("version")),
        _state(Theme.objects.filter(consultation=c), Sum("version")),
        _state(Vote.objects.filter(round__consultation=c), Max("updated_at")),
        _state(
            Analysis.objects.filter(consultation=c, status=Analysis.Status.DONE),
            Max("finished_at"),
        ),
    )


def commitment_person(commitment, show_people):
    if not show_people:
        return ""
    return commitment.person.display_name if commitment.person_id else commitment.person_name


def filename(consultation, extension):
    stem = slugify(consultation.title)[:60].strip("-") or f"consultation-{consultation.pk}"
    return f"{stem}.{extension}"


# -------------------------------------------------------------------------- raw data

CSV_COLUMNS = [
    "record",
    "id",
    "group",
    "territory",
    "question",
    "theme",
    "code",
    "text",
    "same_as",
    "created_at",
    "round",
    "round_title",
    "round_kind",
    "round_status",
    "theme_of_statement",
    "votes",
    "agree",
    "disagree",
    "pass",
    "median",
    "q1",
    "q3",
    "iqr",
    "share_7_9",
    "share_1_3",
    "consensus",
]


def data_rows(report):
    """The report's raw data as dicts (keys of CSV_COLUMNS): the visible notes when
    the synthesis is shown, then each shown round's figures per statement."""
    if report.show_synthesis:
        notes = (
            Note.objects.filter(group__consultation=report.consultation, hidden=False)
            .select_related("group__territory", "question", "theme", "code__parent")
            .order_by("group__name", "created_at", "pk")
        )
        for note in notes:
            yield {
                "record": "note",
                "id": note.pk,
                "group": note.group.name,
                "territory": note.group.territory.name if note.group.territory else "",
                "question": note.question.text,
                "theme": note.theme.title if note.theme_id else "",
                "code": str(note.code) if note.code_id else "",
                "text": note.text,
                "same_as": note.duplicate_of_id or "",
                "created_at": timezone.localtime(note.created_at).isoformat(),
            }
    for entry in report.rounds:
        results = entry["results"]
        if results is None:
            continue
        round_ = results.round
        for item in results.statements:
            row = {
                "record": "statement",
                "id": item.statement.pk,
                "text": item.statement.text,
                "round": round_.number,
                "round_title": round_.title,
                "round_kind": round_.kind,
                "round_status": round_.status,
                "theme_of_statement": item.statement.theme.title if item.statement.theme_id else "",
                "votes": item.votes,
            }
            if item.rating:
                figures = item.rating
                row |= {
                    "median": figures["median"],
                    "q1": figures["q1"],
                    "q3": figures["q3"],
                    "iqr": figures["iqr"],
                    "share_7_9": figures["share_high"],
                    "share_1_3": figures["share_low"],
                    "consensus": "yes" if figures["consensus"] else "no",
                }
            else:
                row |= {name: item.counts.get(name, 0) for name in ("agree", "disagree", "pass")}
            yield row
