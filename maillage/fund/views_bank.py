"""Pages of the bank reconciliation (urls_bank.py), for the people who keep the money
(``fund.handle_money``: the coordinators and the foundation's treasurers):

- the statements imported, with their lines, matched and to review; importing one;
- a statement's lines, each with its status and its gift;
- the review: each line no rule could match, with the promised gifts it may pay (the
  same amount first, then a similar name); a line is matched to one of them, or set
  aside as not a gift (and taken back to review).

A private collective's pages answer 404 to outsiders, 403 to members without the right.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services_bank
from .access import get_foundation, get_object
from .forms_bank import IgnoreForm, ImportForm, MatchForm
from .models_bank import BankLine, BankStatement, LineStatus

MONEY = "fund.handle_money"
LINES_PER_PAGE = 100
REVIEW_PER_PAGE = 20


def _context(foundation, **extra):
    return {"foundation": foundation, "collective": foundation.collective, **extra}


def _line(request, slug, pk):
    return get_object(
        request,
        slug,
        BankLine.objects.select_related("statement", "foundation__collective", "gift__donor"),
        pk,
        MONEY,
        on_object=False,
    )


def _page(request, rows, size):
    return Paginator(rows, size).get_page(request.GET.get("page"))


@require_http_methods(["GET"])
def statements(request, slug):
    foundation = get_foundation(request, slug, MONEY)
    rows = (
        BankStatement.objects.filter(foundation=foundation)
        .annotate(
            matched=Count("lines", filter=Q(lines__status=LineStatus.MATCHED)),
            review=Count("lines", filter=Q(lines__status=LineStatus.REVIEW)),
            ignored=Count("lines", filter=Q(lines__status=LineStatus.IGNORED)),
        )
        .order_by("-imported_at", "-pk")
    )
    to_review = BankLine.objects.filter(foundation=foundation, status=LineStatus.REVIEW).count()
    return render(
        request,
        "fund/bank/statements.html",
        _context(foundation, page=_page(request, rows, 50), to_review=to_review),
    )


@require_http_methods(["GET", "POST"])
def statement_import(request, slug):
    foundation = get_foundation(request, slug, MONEY)
    form = ImportForm(form_data(request), request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                done = services_bank.import_statement(
                    actor=request.user,
                    foundation=foundation,
                    file_name=upload.name,
                    data=upload.read(),
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _imported_message(done))
                return redirect("fund:statement", foundation.collective.slug, done.statement.pk)
    return render(request, "fund/bank/import.html", _context(foundation, form=form), status=status)


def _imported_message(done):
    statement = done.statement
    new = ngettext(
        "Statement imported: %(count)d new line",
        "Statement imported: %(count)d new lines",
        statement.new_lines,
    ) % {"count": statement.new_lines}
    matched = ngettext(
        "%(count)d matched to its gift", "%(count)d matched to their gifts", done.matched
    ) % {"count": done.matched}
    review = ngettext("%(count)d to review", "%(count)d to review", done.review) % {
        "count": done.review
    }
    known = statement.lines_count - statement.new_lines
    text = _("%(new)s, %(matched)s, %(review)s.") % {
        "new": new,
        "matched": matched,
        "review": review,
    }
    if known:
        text += " " + ngettext(
            "%(count)d line was already known: not added again.",
            "%(count)d lines were already known: not added again.",
            known,
        ) % {"count": known}
    return text


@require_http_methods(["GET"])
def statement(request, slug, pk):
    statement = get_object(
        request,
        slug,
        BankStatement.objects.select_related("foundation__collective"),
        pk,
        MONEY,
        on_object=False,
    )
    lines = statement.lines.select_related("gift__donor", "gift__campaign")
    return render(
        request,
        "fund/bank/statement.html",
        _context(
            statement.foundation, statement=statement, page=_page(request, lines, LINES_PER_PAGE)
        ),
    )


@require_http_methods(["GET"])
def review(request, slug):
    foundation = get_foundation(request, slug, MONEY)
    lines = BankLine.objects.filter(foundation=foundation, status=LineStatus.REVIEW).order_by(
        "booked_on", "pk"
    )
    page = _page(request, lines, REVIEW_PER_PAGE)
    pledged = services_bank.pledged_gifts(foundation)
    rows = [
        (
            line,
            MatchForm(
                suggestions=services_bank.suggested_gifts(line, pledged),
                auto_id=f"id_line{line.pk}_%s",
            ),
        )
        for line in page
    ]
    return render(request, "fund/bank/review.html", _context(foundation, page=page, rows=rows))


def _gift_chosen(foundation, form):
    reference = form.cleaned_data.get("reference")
    if reference:
        gift = services_bank.gift_by_reference(foundation, reference)
        if gift is None:
            raise DomainError(
                _("No gift of the foundation has the reference “%(reference)s”.")
                % {"reference": reference},
                field="reference",
            )
        return gift
    return next((gift for gift in form.suggestions if gift.pk == form.cleaned_data["gift"]), None)


@require_http_methods(["GET", "POST"])
def line_match(request, slug, pk):
    line = _line(request, slug, pk)
    foundation = line.foundation
    suggestions = (
        services_bank.suggested_gifts(line, services_bank.pledged_gifts(foundation))
        if line.status == LineStatus.REVIEW
        else []
    )
    form = MatchForm(form_data(request), suggestions=suggestions)
    form.suggestions = suggestions
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                gift = _gift_chosen(foundation, form)
                services_bank.match_line(actor=request.user, line=line, gift=gift)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(
                    request,
                    _("The money of %(date)s is matched to its gift, now received.")
                    % {"date": date_format(line.booked_on, "DATE_FORMAT")},
                )
                return redirect("fund:review", foundation.collective.slug)
    return render(
        request,
        "fund/bank/line_match.html",
        _context(foundation, line=line, form=form),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def line_ignore(request, slug, pk):
    line = _line(request, slug, pk)
    foundation = line.foundation
    form = IgnoreForm(form_data(request), auto_id=f"id_line{line.pk}_%s")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services_bank.ignore_line(
                    actor=request.user, line=line, reason=form.cleaned_data["reason"]
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("The line is set aside: it is not a gift."))
                return redirect("fund:review", foundation.collective.slug)
    return render(
        request,
        "fund/bank/line_ignore.html",
        _context(foundation, line=line, form=form),
        status=status,
    )


@require_http_methods(["POST"])
def line_unignore(request, slug, pk):
    line = _line(request, slug, pk)
    try:
        services_bank.unignore_line(actor=request.user, line=line)
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The line is back in review."))
    return redirect("fund:statement", line.foundation.collective.slug, line.statement_id)
