"""Delphi rounds: setting them up, voting, their results, and the consultation's
report with its PDF, Word and CSV exports.

Participants without an account reach the voting and results pages with their
cookie (access.participant_for); those pages are marked ``login_not_required``.
Results never say who answered what: only counts and shares (documents.py).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from maillage.core import dates, downloads
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, refusal
from maillage.core.widgets import DateInput

from . import charts, documents, limits, services
from .access import get_consultation, participant_for
from .models import (
    NOTE_MAX_LENGTH,
    Analysis,
    Group,
    Round,
    RoundKind,
    RoundStatus,
    Statement,
    Theme,
    Vote,
)

RUN = "consultations.change_consultation"


# ----------------------------------------------------------------------------- forms


class RoundForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    kind = forms.ChoiceField(
        label=gettext_lazy("What participants do"),
        choices=RoundKind.choices,
        widget=forms.RadioSelect,
        initial=RoundKind.AGREE,
    )
    starts_on = dates.DateField(label=gettext_lazy("Starts on"), required=False, widget=DateInput())
    ends_on = dates.DateField(label=gettext_lazy("Ends on"), required=False, widget=DateInput())
    groups = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Groups taking part"),
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: every group takes part."),
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = consultation.groups.all()
        if not consultation.groups.exists():
            del self.fields["groups"]


class RoundStatementsForm(forms.Form):
    statements = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Statements of the round"),
        queryset=Statement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statements"].queryset = consultation.statements.all()


class StatementForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Statement"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One clear sentence that participants can agree or disagree with."),
    )
    theme = forms.ModelChoiceField(
        label=gettext_lazy("Theme it comes from"),
        queryset=Theme.objects.none(),
        required=False,
        empty_label=gettext_lazy("None"),
    )
    rounds = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Add it to the rounds"),
        queryset=Round.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = consultation.themes.select_related("group")
        self.fields["theme"].label_from_instance = _theme_label
        rounds = consultation.rounds.exclude(status=RoundStatus.CLOSED).filter(
            kind__in=[RoundKind.AGREE, RoundKind.RATE]
        )
        self.fields["rounds"].queryset = rounds
        if not rounds.exists():
            del self.fields["rounds"]


class FromThemesForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Themes"),
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one theme.")},
    )
    round = forms.ModelChoiceField(
        label=gettext_lazy("Add the statements to the round"),
        queryset=Round.objects.none(),
        required=False,
        empty_label=gettext_lazy("No round for now"),
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = (
            consultation.themes.exclude(statement="")
            .select_related("group")
            .prefetch_related("statements")
        )
        self.fields["themes"].label_from_instance = _theme_label
        self.fields["round"].queryset = consultation.rounds.exclude(
            status=RoundStatus.CLOSED
        ).filter(kind__in=[RoundKind.AGREE, RoundKind.RATE])


class VoteForm(forms.Form):
    """One answer of the voting page. The answer and the comment are checked by
    services.cast_vote, so that the person reads its message; the form refuses what
    no text may hold (NUL characters)."""

    statement = forms.IntegerField()
    choice = forms.CharField(required=False)
    rating = forms.CharField(required=False)
    comment = forms.CharField(required=False, strip=False)


def _theme_label(theme):
    where = theme.group.name if theme.group_id else _("shared across groups")
    return f"{theme.title} ({where})"


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
    initial_round = consultation.rounds.filter(number=back).first() if back else None
    if request.method == "POST":
        form = FromThemesForm(request.POST, consultation=consultation)
    else:
        without = [
            t
            for t in consultation.themes.exclude(statement="").prefetch_related("statements")
            if not t.statements.all()
        ]
        form = FromThemesForm(
            consultation=consultation, initial={"themes": without, "round": initial_round}
        )
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
    if round_.status == RoundStatus.PLANNED:
        return _("This round is not open yet.")
    if round_.status == RoundStatus.CLOSED:
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
        closed=round_.status == RoundStatus.CLOSED,
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
    shown = round_.status == RoundStatus.CLOSED or (runs and round_.status == RoundStatus.OPEN)
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


# ---------------------------------------------------------------------------- report


def _readers_view(request, consultation):
    """What this reader may see of the report (documents.report_content)."""
    return {
        "full": _runs(request, consultation),
        "show_people": request.user.has_perm("collectives.view_members", consultation.collective),
    }


def _report(request, slug, pk):
    consultation = get_consultation(request, slug, pk)
    return consultation, documents.report_content(
        consultation, **_readers_view(request, consultation)
    )


@login_not_required
def report(request, slug, pk):
    consultation, content = _report(request, slug, pk)
    return render(
        request,
        "consultations/report/report.html",
        _context(
            request,
            consultation,
            report=content,
            legend=charts.legend(),
            crumb_rounds=False,
        ),
    )


# The report's documents: the function of documents.py that writes each, and its
# content type. Each is made once and kept until the report changes (core.downloads):
# anyone may ask for a public collective's, as often as they like.
REPORT_DOCUMENTS = {
    "pdf": ("report_pdf", "application/pdf"),
    "docx": (
        "report_docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "csv": ("data_csv", "text/csv; charset=utf-8"),
}


def _report_document(request, slug, pk, extension):
    consultation = get_consultation(request, slug, pk)
    seen = _readers_view(request, consultation)
    writer, content_type = REPORT_DOCUMENTS[extension]
    write = getattr(documents, writer)
    return downloads.download(
        request,
        kind=f"consultations.report.{extension}",
        fingerprint=documents.report_fingerprint(consultation, **seen),
        build=lambda: write(documents.report_content(consultation, **seen)),
        filename=documents.filename(consultation, extension),
        content_type=content_type,
        public=not request.user.is_authenticated,
    )


@login_not_required
def report_pdf(request, slug, pk):
    return _report_document(request, slug, pk, "pdf")


@login_not_required
def report_docx(request, slug, pk):
    return _report_document(request, slug, pk, "docx")


@login_not_required
def data_csv(request, slug, pk):
    return _report_document(request, slug, pk, "csv")
