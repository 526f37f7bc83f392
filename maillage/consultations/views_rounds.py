"""Delphi rounds: setting them up, voting, their results, and the consultation's
report with its PDF, Word and CSV exports.

Participants without an account reach the voting and results pages with their
cookie (access.participant_for); those pages are marked ``login_not_required``.
Results never say who answered what: only counts and shares (documents.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error

from . import documents, limits, services
from .access import get_consultation, participant_for
from .forms_rounds import FromThemesForm, RoundForm, RoundStatementsForm, StatementForm
from .models import (
    Round,
    Vote,
)

RUN = "consultations.change_consultation"


# --------------------------------------------------------------------------- access


def _round(consultation, number):
    return get_object_or_404(Round, consultation=consultation, number=number)


def _vote_round(consultation, number):
    round_ = _round(consultation, number)
    if not round_.is_vote:
        raise Http404
    return round_


def _reader(request, slug, pk):
    """Results and rounds: those who may see the consultation (its collective's
    members, anyone once a public collective's consultation has started), and its
    participants, with or without an account."""
    try:
        return get_consultation(request, slug, pk)
    except (Http404, PermissionDenied):
        return get_consultation(request, slug, pk, "participant")


def _voter(request, slug, pk):
    """The voting page: participants (and those who run the consultation, to see it);
    members who have not joined yet get the page with a word on how to join."""
    try:
        return get_consultation(request, slug, pk, "participant")
    except Http404:
        if not request.user.is_authenticated:
            raise
    return get_consultation(request, slug, pk, "consultations.join_with_account")


def _runs(request, consultation):
    return request.user.has_perm(RUN, consultation)


def _context(request, consultation, **extra):
    return {
        "collective": consultation.collective,
        "consultation": consultation,
        "runs": _runs(request, consultation),
        "crumb_rounds": True,  # the breadcrumb leads back to the rounds
        **extra,
    }


# ---------------------------------------------------------------------------- rounds


@login_not_required
def rounds(request, slug, pk):
    consultation = _reader(request, slug, pk)
    runs = _runs(request, consultation)
    all_rounds = list(
        consultation.rounds.prefetch_related("groups").annotate(
            statement_count=Count("statements", distinct=True)
        )
    )
    participant = participant_for(request, consultation)
    statements = (
        list(consultation.statements.select_related("theme").prefetch_related("rounds"))
        if runs
        else []
    )
    return render(
        request,
        "consultations/rounds/list.html",
        _context(
            request,
            consultation,
            rounds=all_rounds,
            participant=participant,
            statements=statements,
            can_report=request.user.has_perm("consultations.view_consultation", consultation),
            crumb_rounds=False,
        ),
    )


def round_create(request, slug, pk):
    consultation = get_consultation(request, slug, pk, RUN)
    form = RoundForm(request.POST if request.method == "POST" else None, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.add_round(
                actor=request.user,
                consultation=consultation,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                groups=form.cleaned_data.get("groups") or (),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The round is added."))
            if round_.is_vote:
                return redirect(
                    "consultations:round_statements",
                    consultation.collective.slug,
                    consultation.pk,
                    round_.number,
                )
            return redirect(
                "consultations:round", consultation.collective.slug, consultation.pk, round_.number
            )
    return render(
        request,
        "consultations/rounds/form.html",
        _context(request, consultation, form=form),
        status=400 if form.is_bound and form.errors else 200,
    )


def round_edit(request, slug, pk, round):
    """Change a round before it opens; once open, the page says it can no longer be."""
    consultation = get_consultation(request, slug, pk, RUN)
    round_ = _round(consultation, round)
    back = reverse("consultations:round", args=[consultation.collective.slug, pk, round_.number])
    if not round_.is_planned:
        messages.error(request, _("This round has already opened: it can no longer be changed."))
        return redirect(back)
    initial = {
        "title": round_.title,
        "kind": round_.kind,
        "starts_on": round_.starts_on,
        "ends_on": round_.ends_on,
        "groups": list(round_.groups.all()),
    }
    form = RoundForm(
        request.POST if request.method == "POST" else None,
        consultation=consultation,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_round(
                actor=request.user,
                round_=round_,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                groups=form.cleaned_data.get("groups") or (),
            )
        except DomainError as exc:
            if exc.code == "started":
                messages.error(request, exc.message)
                return redirect(back)
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The round is saved."))
            return redirect(back)
    return render(
        request,
        "consultations/rounds/form.html",
        _context(request, consultation, form=form, round=round_),
        status=400 if form.is_bound and form.errors else 200,
    )


def round_detail(request, slug, pk, round):
    consultation = get_consultation(request, slug, pk, RUN)
    round_ = _round(consultation, round)
    statements = list(round_.statements.select_related("theme").order_by("order", "pk"))
    votes = Vote.objects.filter(round=round_)
    return render(
        request,
        "consultations/rounds/detail.html",
        _context(
            request,
            consultation,
            round=round_,
            statements=statements,
            groups=list(round_.groups.all()),
            voters=votes.values("participant").distinct().count(),
            answers=votes.count(),
            eligible=documents.eligible_participants(round_),
            shared_addresses=limits.voters_sharing_an_address(round_),
        ),
    )


def _change_round(request, slug, pk, number, change, success):
    consultation = get_consultation(request, slug, pk, RUN)
    round_ = _round(consultation, number)
    try:
        change(actor=request.user, round_=round_)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(
        "consultations:round", consultation.collective.slug, consultation.pk, round_.number
    )


@require_POST
def round_open(request, slug, pk, round):
    return _change_round(
        request,
        slug,
        pk,
        round,
        services.open_round,
        _("The round is open; the round open before it is closed."),
    )


@require_POST
def round_close(request, slug, pk, round):
    return _change_round(
        request,
        slug,
        pk,
        round,
        services.close_round,
        _("The round is closed: no more answers are taken."),
    )


def round_statements(request, slug, pk, round):
    consultation = get_consultation(request, slug, pk, RUN)
    round_ = _round(consultation, round)
    if not round_.is_vote:
        raise Http404
    form = RoundStatementsForm(
        request.POST if request.method == "POST" else None,
        consultation=consultation,
        initial={"statements": list(round_.statements.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_round_statements(
                actor=request.user, round_=round_, statements=list(form.cleaned_data["statements"])
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The statements of the round are saved."))
            return redirect(
                "consultations:round", consultation.collective.slug, consultation.pk, round_.number
            )
    themes_without = consultation.themes.exclude(statement="").filter(statements=None).count()
    return render(
        request,
        "consultations/rounds/statements.html",
        _context(
            request,
            consultation,
            round=round_,
            form=form,
            new_form=StatementForm(consultation=consultation, initial={"rounds": [round_]}),
            themes_without=themes_without,
        ),
        status=400 if form.is_bound and form.errors else 200,
    )


def _back_to(consultation, number):
    """Where to go after adding statements: the round they were added from, if any."""
    if number:
        round_ = consultation.rounds.filter(number=number).first()
        if round_ is not None:
            return reverse(
                "consultations:round_statements",
                args=[consultation.collective.slug, consultation.pk, round_.number],
            )
    return reverse("consultations:rounds", args=[consultation.collective.slug, consultation.pk])


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def statement_create(request, slug, pk):
    consultation = get_consultation(request, slug, pk, RUN)
    back = _number(request.POST.get("back") or request.GET.get("tour"))
    initial = {}
    if back:
        initial["rounds"] = list(consultation.rounds.filter(number=back))
    form = StatementForm(
        request.POST if request.method == "POST" else None,
        consultation=consultation,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_statement(
                actor=request.user,
                consultation=consultation,
                text=form.cleaned_data["text"],
                theme=form.cleaned_data["theme"],
                rounds=list(form.cleaned_data.get("rounds") or ()),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The statement is added."))
            return redirect(_back_to(consultation, back))
    return render(
        request,
        "consultations/rounds/statement_form.html",
        _context(request, consultation, form=form, back=back or ""),
        status=400 if form.is_bound and form.errors else 200,
    )


def statements_from_themes(request, slug, pk):
    consultation = get_consultation(request, slug, pk, RUN)
    back = _number(request.POST.get("back") or request.GET.get("tour"))
    if request.method == "POST":
        form = FromThemesForm(request.POST, consultation=consultation)
    else:
        without = [
            t
            for t in consultation.themes.exclude(statement="").prefetch_related("statements")
            if not t.statements.all()
        ]
        form = FromThemesForm(consultation=consultation)
        # The round named in the address, otherwise the next vote round being prepared.
        planned = form.fields["round"].queryset
        initial_round = (back and planned.filter(number=back).first()) or planned.first()
        form.initial = {"themes": without, "round": initial_round}
    if request.method == "POST" and form.is_valid():
        try:
            created = services.add_statements_from_themes(
                actor=request.user,
                consultation=consultation,
                themes=list(form.cleaned_data["themes"]),
                round_=form.cleaned_data["round"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s statement made from the themes.",
                    "%(count)s statements made from the themes.",
                    len(created),
                )
                % {"count": len(created)},
            )
            return redirect(_back_to(consultation, back))
    themes = list(form.fields["themes"].queryset)
    if form.is_bound:
        chosen = set(request.POST.getlist("themes"))
    else:
        chosen = {str(theme.pk) for theme in form.initial["themes"]}
    return render(
        request,
        "consultations/rounds/from_themes.html",
        _context(request, consultation, form=form, themes=themes, chosen=chosen, back=back or ""),
        status=400 if form.is_bound and form.errors else 200,
    )
