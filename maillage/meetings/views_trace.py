"""A statement of a closed Delphi round made a decision (services_trace)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.collectives.access import get_collective
from maillage.consultations.models import Consultation, RoundKind
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services
from .forms_trace import DecisionFromStatementForm
from .models import whole_percent
from .services_trace import check_not_decided, check_round_closed, figures_of

DECIDE = "meetings.decide_from_statement"


def decide_from_statement(request, slug, pk, round, statement):
    """The form, on its own page, opened from the round's results."""
    collective = get_collective(request, slug, DECIDE)
    consultation = get_object_or_404(Consultation, collective=collective, pk=pk)
    round_ = get_object_or_404(consultation.rounds, number=round)
    statement = get_object_or_404(round_.statements.select_related("theme"), pk=statement)
    # Said on the page before anything is typed; the service checks the same again.
    try:
        check_round_closed(round_)
        check_not_decided(statement)
    except DomainError as refused:
        refusal = refused.message
    else:
        refusal = None
    form = DecisionFromStatementForm(
        form_data(request), collective=collective, initial={"text": statement.text}
    )
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            decision = services.decide_from_statement(
                actor=request.user, round_=round_, statement=statement, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The statement is now a decision."))
            return redirect("trace:decision", collective.slug, decision.pk)
    share, consensus, votes = figures_of(round_, statement) if refusal is None else (None,) * 3
    return render(
        request,
        "meetings/decide_from_statement.html",
        {
            "collective": collective,
            "consultation": consultation,
            "round": round_,
            "statement": statement,
            "form": form,
            "refusal": refusal,
            "agree_percent": whole_percent(share),
            "consensus": consensus,
            "votes": votes,
            "rating": round_.kind == RoundKind.RATE,
            "results_url": reverse(
                "consultations:results", args=[collective.slug, consultation.pk, round_.number]
            ),
        },
    )
