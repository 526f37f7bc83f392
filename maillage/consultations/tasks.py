"""Analyses by the synthesis engine, run by the task worker.

The page that asked for an analysis shows its progress (Analysis.progress) and
stays usable; the results arrive as proposals that facilitators review, or as
figures shown on the round's results page. Nothing is applied to the notes here.
"""

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from scipy import sparse

from maillage.synthesis.errors import SynthesisInputError
from maillage.synthesis.io import PolisConversation

from .models import Analysis, Note, Proposal, RoundKind, Vote

MIN_NOTES_FOR_THEMES = 3


def _progress(analysis, percent, status=Analysis.Status.RUNNING):
    analysis.progress, analysis.status = percent, status
    analysis.save(update_fields=["progress", "status"])


def _visible_notes(group):
    return list(Note.objects.filter(group=group, hidden=False, duplicate_of=None).order_by("pk"))


def _themes(analysis):
    from maillage.synthesis.themes import find_themes

    notes = _visible_notes(analysis.group)
    if len(notes) < MIN_NOTES_FOR_THEMES:
        raise SynthesisInputError("too_few_notes")
    # Within each question unless the facilitator asked across questions.
    across = bool(analysis.result.get("across_questions"))
    found = find_themes(
        [note.text for note in notes],
        seed=0,
        questions=[note.question_id for note in notes],
        across_questions=across,
    )
    _progress(analysis, 80)
    with transaction.atomic():
        for theme in found["themes"]:
            proposal = Proposal.objects.create(
                analysis=analysis,
                group=analysis.group,
                label=theme["label"][:200],
                keywords=theme["keywords"],
            )
            proposal.notes.set([notes[i] for i in theme["members"]])
    result = {"themes": len(found["themes"]), "unassigned": len(found["unassigned"])}
    return result | ({"across_questions": True} if across else {})


def _codes(analysis):
    from maillage.synthesis.suggest import CodeSuggester

    coded = Note.objects.filter(
        group__consultation=analysis.consultation, hidden=False, code__isnull=False
    ).select_related("code")
    training = [(note.text, str(note.code_id)) for note in coded]
    if len({label for _, label in training}) < 2:
        raise SynthesisInputError("too_few_codes")
    pending = [note for note in _visible_notes(analysis.group) if note.code_id is None]
    suggester = CodeSuggester(seed=0).fit(*zip(*training, strict=True))
    _progress(analysis, 50)
    suggestions = suggester.suggest([note.text for note in pending]) if pending else []
    codes = {str(c.pk): c for c in analysis.consultation.grid_codes.all()}
    with transaction.atomic():
        for note, (label, confidence) in zip(pending, suggestions, strict=True):
            proposal = Proposal.objects.create(
                analysis=analysis,
                group=analysis.group,
                label=str(codes[label])[:200],
                code=codes[label],
                confidence=confidence,
            )
            proposal.notes.set([note])
    return {"suggestions": len(pending)}


def conversation_of_round(round_):
    """The round's agree/disagree votes as a conversation for the engine."""
    votes = list(
        Vote.objects.filter(round=round_, choice__isnull=False).values_list(
            "participant_id", "statement_id", "choice"
        )
    )
    participants = sorted({p for p, _, _ in votes})
    statements = list(round_.statements.order_by("pk").values_list("pk", flat=True))
    row = {p: i for i, p in enumerate(participants)}
    column = {s: j for j, s in enumerate(statements)}
    shape = (len(participants), len(statements))
    rows = [row[p] for p, _, _ in votes]
    columns = [column[s] for _, s, _ in votes]
    matrix = sparse.csr_matrix(([float(c) for _, _, c in votes], (rows, columns)), shape=shape)
    seen = sparse.csr_matrix(([1.0] * len(votes), (rows, columns)), shape=shape)
    return PolisConversation(
        [str(p) for p in participants], [str(s) for s in statements], matrix, seen, {}
    )


def _opinions(analysis):
    from maillage.synthesis.opinions import find_opinion_groups

    if analysis.round is None or analysis.round.kind != RoundKind.AGREE:
        raise SynthesisInputError("not_a_vote_round")
    result = find_opinion_groups(conversation_of_round(analysis.round), seed=0)
    return result


RUNNERS = {
    Analysis.Kind.THEMES: _themes,
    Analysis.Kind.CODES: _codes,
    Analysis.Kind.OPINIONS: _opinions,
}


@task()
def run_analysis(analysis_id: int) -> str:
    analysis = Analysis.objects.select_related("consultation", "group", "round").get(pk=analysis_id)
    _progress(analysis, 10)
    try:
        result = RUNNERS[analysis.kind](analysis)
    except SynthesisInputError as exc:
        # A code: the page says it in the reader's language (Analysis.error_message).
        code = str(exc)
        analysis.status = Analysis.Status.FAILED
        analysis.error = code if code in Analysis.ERRORS else "engine"
    else:
        analysis.status, analysis.result, analysis.progress = Analysis.Status.DONE, result, 100
    analysis.finished_at = timezone.now()
    analysis.save(update_fields=["status", "error", "result", "progress", "finished_at"])
    return analysis.status
