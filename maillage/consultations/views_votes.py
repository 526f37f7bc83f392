"""Voting in a Delphi round, its results and their analysis into opinion groups.

Participants without an account reach the voting and results pages with their
cookie (access.participant_for); those pages are marked ``login_not_required``.
Results never say who answered what: only counts and shares (documents.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.errors import DomainError
from maillage.core.forms import refusal

from . import charts, documents, limits, results_territory, services
from .access import get_consultation, participant_for
from .forms_rounds import VoteForm
from .models import (
    Analysis,
    RoundKind,
    Vote,
)
from .views_rounds import RUN, _context, _reader, _runs, _vote_round, _voter

# ---------------------------------------------------------------------------- voting

CHOICES = [
    (str(Vote.Choice.AGREE.value), Vote.Choice.AGREE.label),
    (str(Vote.Choice.DISAGREE.value), Vote.Choice.DISAGREE.label),
    (str(Vote.Choice.PASS.value), Vote.Choice.PASS.label),
]


RATINGS = [str(n) for n in range(1, 10)]


def _why_not(round_, participant, can_join):
    """Why this person cannot vote in this round now, or "" when they can."""
    if participant is None:
        if can_join:
            return _(
                "To vote, join the consultation first: join your group with the code its "
                "facilitator gives you."
            )
        return _("Preview: only participants vote.")
    if round_.is_planned:
        return _("This round is not open yet.")
    if round_.is_closed:
        return _("This round is closed: votes are no longer taken. Your answers are kept.")
    groups = [group.pk for group in round_.groups.all()]
    if groups and participant.group_id not in groups:
        return _("Your group does not take part in this round.")
    return ""


def _add_earlier(round_, blocks):
    """What the panel answered last time, on these blocks' statements."""
    earlier = documents.earlier_answers(round_, only=[b["statement"].pk for b in blocks])
    for block in blocks:
        block["earlier"] = earlier.get(block["statement"].pk, "")


def _block(statement, vote):
    return {
        "statement": statement,
        "earlier": "",
        "vote": vote,
        "choice": "" if vote is None or vote.choice is None else str(vote.choice),
        "rating": "" if vote is None or vote.rating is None else str(vote.rating),
        "comment": vote.comment if vote is not None else "",
        "choice_label": vote.get_choice_display() if vote and vote.choice is not None else "",
        "error": "",
        "error_field": "",
        "saved": False,
    }


def _vote_context(request, consultation, round_, participant, blocks, reason, can_join):
    return _context(
        request,
        consultation,
        round=round_,
        participant=participant,
        can_join=can_join,
        blocks=blocks,
        reason=reason,
        can_vote=not reason,
        choices=CHOICES,
        ratings=RATINGS,
        closed=round_.is_closed,
        answered=sum(1 for block in blocks if block["vote"] is not None),
    )


@login_not_required
def vote(request, slug, pk, round):
    consultation = _voter(request, slug, pk)
    round_ = _vote_round(consultation, round)
    participant = participant_for(request, consultation)
    can_join = participant is None and request.user.has_perm(
        "consultations.join_with_account", consultation
    )
    statements = list(round_.statements.order_by("order", "pk"))
    votes = {}
    if participant is not None:
        votes = {
            v.statement_id: v for v in Vote.objects.filter(round=round_, participant=participant)
        }
    blocks = [_block(statement, votes.get(statement.pk)) for statement in statements]
    reason = _why_not(round_, participant, can_join)
    if request.method != "POST":
        _add_earlier(round_, blocks)
        return render(
            request,
            "consultations/rounds/vote.html",
            _vote_context(request, consultation, round_, participant, blocks, reason, can_join),
        )

    if participant is None:
        raise PermissionDenied
    form = VoteForm(request.POST)
    valid = form.is_valid()
    statement_id = form.cleaned_data.get("statement")
    position = next(
        (i for i, block in enumerate(blocks) if block["statement"].pk == statement_id), None
    )
    if position is None:
        raise Http404
    statement = blocks[position]["statement"]
    try:
        if not valid:
            raise refusal(form)
        saved = services.cast_vote(
            participant=participant,
            round_=round_,
            statement=statement,
            choice=form.cleaned_data["choice"],
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
            origin=limits.origin_of(request),
        )
    except DomainError as exc:
        round_.refresh_from_db()
        reason = _why_not(round_, participant, can_join)
        block = blocks[position]
        if not reason:  # keep what the person chose and typed, with the message
            block |= {
                "choice": form.data.get("choice", ""),
                "rating": form.data.get("rating", ""),
                "comment": form.data.get("comment", ""),
            }
        block |= {"error": exc.message, "error_field": exc.field or ""}
        context = _vote_context(
            request, consultation, round_, participant, blocks, reason, can_join
        )
        if request.htmx:
            _add_earlier(round_, [block])
            return render(
                request,
                "consultations/rounds/includes/vote_statement.html",
                context | {"block": block},
            )
        _add_earlier(round_, blocks)
        return render(request, "consultations/rounds/vote.html", context, status=400)
    messages.success(request, _("Your answer is saved."))
    if request.htmx:  # the statement's block, and the message in the page's live region
        blocks[position] = _block(statement, saved) | {"saved": True}
        _add_earlier(round_, [blocks[position]])
        context = _vote_context(
            request, consultation, round_, participant, blocks, reason, can_join
        )
        return render(
            request,
            "consultations/rounds/includes/vote_statement.html",
            context | {"block": blocks[position]},
        )
    url = reverse(
        "consultations:vote", args=[consultation.collective.slug, consultation.pk, round_.number]
    )
    return redirect(f"{url}#statement-{statement.pk}")


# --------------------------------------------------------------------------- results


@login_not_required
def results(request, slug, pk, round):
    consultation = _reader(request, slug, pk)
    round_ = _vote_round(consultation, round)
    runs = _runs(request, consultation)
    shown = round_.is_closed or (runs and round_.is_open)
    figures = documents.round_results(round_) if shown else None
    return render(
        request,
        "consultations/rounds/results.html",
        _context(
            request,
            consultation,
            round=round_,
            results=figures,
            shown=shown,
            analysis=documents.latest_opinions(round_, done=False) if runs else None,
            shared_addresses=limits.voters_sharing_an_address(round_) if runs else [],
            legend=charts.legend(),
            territories=results_territory.territory_breakdown(round_, figures),
        ),
    )


@require_POST
def round_analysis(request, slug, pk, round):
    consultation = get_consultation(request, slug, pk, RUN)
    round_ = _vote_round(consultation, round)
    analysis = None
    if round_.kind != RoundKind.AGREE:
        messages.error(request, _("Opinion groups need a round of agree/disagree votes."))
    else:
        try:
            analysis = services.request_analysis(
                actor=request.user,
                consultation=consultation,
                kind=Analysis.Kind.OPINIONS,
                round_=round_,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The opinion groups are being computed."))
    if request.htmx:
        analysis = analysis or documents.latest_opinions(round_, done=False)
        return render(
            request,
            "consultations/rounds/includes/analysis.html",
            _context(request, consultation, round=round_, analysis=analysis, oob=True, fresh=True),
        )
    url = reverse(
        "consultations:results", args=[consultation.collective.slug, consultation.pk, round_.number]
    )
    return redirect(f"{url}#opinions")


def round_analysis_progress(request, slug, pk, round, analysis):
    consultation = get_consultation(request, slug, pk, RUN)
    round_ = _vote_round(consultation, round)
    found = get_object_or_404(Analysis, round=round_, kind=Analysis.Kind.OPINIONS, pk=analysis)
    context = _context(request, consultation, round=round_, analysis=found, oob=False, fresh=True)
    if request.htmx:
        return render(request, "consultations/rounds/includes/analysis.html", context)
    return render(request, "consultations/rounds/analysis.html", context)
