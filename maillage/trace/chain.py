"""The chain of a decision, an action or a project, from the sticky notes to the results.

    notes → themes → statements → votes (rounds) → decisions (meetings) → actions → projects

``build`` reads it in a fixed number of queries, whatever the number of notes, actions or
milestones, and keeps only what the reader may see:

- the whole chain is for the collective's members (observers included), as its meetings
  and actions are (``trace.view_trace``); every part of it belongs to the one collective
  (a decision to its consultation's collective, an action and its project to theirs);
- a consultation's notes and themes are read as its wall: by those who run it, and by
  its readers once the synthesis is published (``consultations.read_published_wall``);
  otherwise only how many notes there were. A note never names its participant, and
  hidden notes and folded duplicates are left out;
- outside the collective, a public project of a public collective has a trace with only
  what its public results page shows (``public=True``): the project, its status, progress
  and milestones; never a person, an action or a meeting.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber

from maillage.actions.models import Action, owners_prefetch
from maillage.consultations.models import Note, RoundKind
from maillage.meetings.models import Decision
from maillage.projects.models import Milestone, Project
from maillage.projects.services import progress_of

# Notes shown under each theme; the rest are counted, with a link.
NOTES_SHOWN = 3


@dataclass
class Trace:
    collective: object
    start: object
    kind: str  # "decision", "action" or "project"
    public: bool = False  # read from outside the collective: the public results only
    themes: list = field(default_factory=list)  # each with .note_count, .first_notes, .shown
    statements: list = field(default_factory=list)
    decisions: list = field(default_factory=list)  # with .meeting, .round, figures
    actions: list = field(default_factory=list)
    projects: list = field(default_factory=list)  # with .live_milestones, .progress_figure
    add_action_url: str = ""  # for a decision by consultation, to those who add actions

    @property
    def label(self):
        """What the trace is of, in words: the decision's text or the title."""
        return self.start.text if self.kind == "decision" else self.start.title


def _live_milestones():
    return Prefetch(
        "milestones",
        queryset=Milestone.objects.filter(archived_at=None).order_by("due_on", "pk"),
        to_attr="live_milestones",
    )


def _projects(ids, *, with_people=True):
    projects = Project.objects.filter(pk__in=ids).select_related("collective", "work_stream")
    projects = projects.prefetch_related(_live_milestones())
    if with_people:
        projects = projects.prefetch_related("pilots")
    projects = list(projects.order_by("title", "pk"))
    for project in projects:
        project.progress_figure = progress_of(project, project.live_milestones)
    return projects


def public_trace(collective, project):
    """What anyone may read: the public project as its public results page shows it."""
    (project,) = _projects([project.pk], with_people=False)
    return Trace(
        collective=collective, start=project, kind="project", public=True, projects=[project]
    )


def _decisions(ids):
    return list(
        Decision.objects.filter(pk__in=ids)
        .select_related(
            "collective",
            "meeting__collective",
            "meeting__minutes",
            "item",
            "statement__theme__group",
            "statement__theme__created_by",
            "statement__created_by",
            "round__consultation__collective",
            "created_by",
        )
        .order_by("created_at", "pk")
    )


def _actions(condition):
    return list(
        Action.objects.filter(condition)
        .select_related(
            "collective", "project", "created_by", "completed_by", "commitment__note__group"
        )
        .prefetch_related(owners_prefetch())
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )


def _themes(reader, statements):
    """The themes behind the statements, with how many notes each gathers and the first
    few (their text only), when the reader may read the consultation's notes."""
    themes = {}
    for statement in statements:
        if statement.theme_id:
            theme = statement.theme
            theme.consultation = statement.consultation
            themes[theme.pk] = theme
    if not themes:
        return []
    notes = Note.objects.filter(theme_id__in=themes, hidden=False, duplicate_of=None)
    counts = dict(
        notes.order_by().values("theme_id").annotate(n=Count("pk")).values_list("theme_id", "n")
    )
    first = notes.annotate(
        rank=Window(RowNumber(), partition_by=[F("theme_id")], order_by=[F("created_at"), F("pk")])
    ).filter(rank__lte=NOTES_SHOWN)
    first_of = {}
    for note in first.only("pk", "text", "theme_id", "created_at"):
        first_of.setdefault(note.theme_id, []).append(note)
    for theme in themes.values():
        theme.shown = reader.has_perm(
            "consultations.change_consultation", theme.consultation
        ) or reader.has_perm("consultations.read_published_wall", theme.consultation)
        theme.note_count = counts.get(theme.pk, 0)
        theme.first_notes = first_of.get(theme.pk, []) if theme.shown else []
        theme.more_notes = max(0, theme.note_count - len(theme.first_notes))
    return sorted(themes.values(), key=lambda t: (t.order, t.pk))


def build(reader, collective, *, decision=None, action=None, project=None):
    """The trace of one decision, action or project of ``collective``, for a reader of
    the collective (``trace.view_trace``)."""
    start = decision or action or project
    kind = "decision" if decision else ("action" if action else "project")
    if decision is not None:
        decisions = _decisions([decision.pk])
        actions = _actions(Q(decision=decision))
    elif action is not None:
        actions = _actions(Q(pk=action.pk))
        decisions = _decisions([action.decision_id] if action.decision_id else [])
    else:
        actions = _actions(Q(project=project))
        decisions = _decisions({a.decision_id for a in actions if a.decision_id})
    project_ids = {a.project_id for a in actions if a.project_id}
    if project is not None:
        project_ids.add(project.pk)
    projects = _projects(project_ids)
    statements = []
    for found in decisions:
        if found.round_id:
            found.round.consultation.collective = collective
            found.is_rating = found.round.kind == RoundKind.RATE
        if found.statement_id:
            found.statement.consultation = found.round.consultation
            statements.append(found.statement)
    return Trace(
        collective=collective,
        start=start,
        kind=kind,
        themes=_themes(reader, statements),
        statements=statements,
        decisions=decisions,
        actions=actions,
        projects=projects,
    )
