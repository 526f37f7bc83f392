"""Pages of the grants (urls_grants.py): the calls for applications, a call's page (its
public part, its management for the coordinators, the results for the committee and the
coordinators), applying, an application's page (where the committee scores and
declares conflicts), and the person's own applications.

A call or an application of another foundation answers 404, as does a draft call to
anyone but the coordinators; a page the reader may not see, 403.

The results table shows each criterion's mean, the total on 100, the number of scorers
and of conflicted members: never a member's own scores, to anyone, so that nobody on the
committee scores under another member's influence.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services_grants as services
from .access import get_foundation, get_object, readable_by_anyone
from .forms_grants import ApplicationForm, CallForm, ConflictForm, CriterionForm, ScoreForm
from .models import Application, ApplicationStatus, CallStatus, GrantCall, Score
from .services_grants_decisions import budget_left, disbursed_total

MANAGE = "fund.manage_foundation"
PUBLIC = "fund.view_public"


def get_call(request, slug, pk, perm=PUBLIC):
    call = get_object(
        request, slug, GrantCall.objects.select_related("foundation__collective"), pk, perm
    )
    if call.status == CallStatus.DRAFT and not request.user.has_perm(MANAGE, call):
        raise Http404
    return call


def get_application(request, slug, pk, perm="fund.view_application"):
    return get_object(
        request,
        slug,
        Application.objects.select_related(
            "call__foundation__collective", "applicant", "project", "decision"
        ),
        pk,
        perm,
    )


def _sign_in_first(request, slug):
    """For the pages also open without an account (a public collective's calls): the
    login page for someone without an account when the collective is not public, as on
    every other page (a private collective's existence is not told)."""
    if request.user.is_authenticated or readable_by_anyone(slug):
        return None
    return redirect_to_login(request.get_full_path())


def _on_committee(user, call):
    return user.is_authenticated and call.committee.filter(pk=user.pk).exists()


def _context(foundation, **extra):
    return {"foundation": foundation, "collective": foundation.collective, **extra}


@login_not_required
@require_http_methods(["GET"])
def calls(request, slug):
    if sign_in := _sign_in_first(request, slug):
        return sign_in
    foundation = get_foundation(request, slug, PUBLIC)
    listed = foundation.calls.all()
    manages = request.user.has_perm(MANAGE, foundation)
    if not manages:
        listed = listed.exclude(status=CallStatus.DRAFT)
    return render(
        request,
        "fund/grants/calls.html",
        _context(foundation, calls=listed, manages=manages),
    )


@require_http_methods(["GET", "POST"])
def call_add(request, slug):
    foundation = get_foundation(request, slug, MANAGE)
    form = CallForm(form_data(request), foundation=foundation)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                call = services.create_call(
                    actor=request.user,
                    foundation=foundation,
                    currency=form.cleaned_data["currency"],
                    **form.service_fields(),
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(
                    request, _("Call saved as a draft. Add its rubric's criteria, then open it.")
                )
                return redirect("fund:call", slug, call.pk)
    return render(
        request,
        "fund/grants/call_form.html",
        _context(foundation, form=form, call=None),
        status=status,
    )


@login_not_required
@require_http_methods(["GET"])
def call(request, slug, pk):
    if sign_in := _sign_in_first(request, slug):
        return sign_in
    call = get_call(request, slug, pk)
    user = request.user
    manages = user.has_perm(MANAGE, call)
    committee = _on_committee(user, call)
    reviewing = call.status in (CallStatus.REVIEW, CallStatus.DECIDED)
    context = _context(
        call.foundation,
        call=call,
        criteria=list(call.criteria.all()),
        manages=manages,
        on_committee=committee,
        handles_money=user.has_perm("fund.handle_money", call),
        may_apply=call.status == CallStatus.OPEN
        and (not user.is_authenticated or user.has_perm("fund.apply", call)),
        committee=None,
        budget_left=None,
        results=None,
        applications=None,
    )
    if manages:
        context["committee"] = call.committee.order_by("display_name", "pk")
        context["budget_left"] = budget_left(call)
    if manages or committee or context["handles_money"]:
        if reviewing:
            context["results"] = services.results(call)
        else:
            context["applications"] = call.applications.exclude(status=ApplicationStatus.WITHDRAWN)
    return render(request, "fund/grants/call.html", context)


@require_http_methods(["GET", "POST"])
def call_edit(request, slug, pk):
    call = get_call(request, slug, pk, MANAGE)
    form = CallForm(form_data(request), foundation=call.foundation, call=call)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.change_call(
                    actor=request.user,
                    call=call,
                    version=form.cleaned_data.get("version"),
                    **form.service_fields(),
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Call saved."))
                return redirect("fund:call", slug, call.pk)
    return render(
        request,
        "fund/grants/call_form.html",
        _context(call.foundation, form=form, call=call),
        status=status,
    )


def _call_step(request, slug, pk, service, done):
    call = get_call(request, slug, pk, MANAGE)
    try:
        service(actor=request.user, call=call)
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, done)
    return redirect("fund:call", slug, call.pk)


@require_POST
def call_open(request, slug, pk):
    return _call_step(
        request, slug, pk, services.open_call, _("The call is open: people can apply.")
    )


@require_POST
def call_close(request, slug, pk):
    return _call_step(
        request,
        slug,
        pk,
        services.close_call,
        _("The call is closed to applications: the committee can score them."),
    )


@require_http_methods(["GET", "POST"])
def criterion_add(request, slug, pk):
    call = get_call(request, slug, pk, MANAGE)
    form = CriterionForm(form_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.add_criterion(actor=request.user, call=call, **form.cleaned_data)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Criterion added to the rubric."))
                return redirect("fund:call", slug, call.pk)
    return render(
        request,
        "fund/grants/criterion_form.html",
        _context(call.foundation, form=form, call=call, criteria=call.criteria.all()),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def apply(request, slug, pk):
    call = get_call(request, slug, pk, "fund.apply")
    foundation = call.foundation
    form = ApplicationForm(form_data(request), foundation=foundation, user=request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                application = services.apply(actor=request.user, call=call, **form.service_fields())
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(
                    request,
                    _("Application sent. The committee reviews it after the call closes."),
                )
                return redirect("fund:application", slug, application.pk)
    return render(
        request,
        "fund/grants/apply.html",
        _context(foundation, form=form, call=call, is_open=call.status == CallStatus.OPEN),
        status=status,
    )


def _application_page(request, application, *, score_form=None, conflict_form=None, status=200):
    user = request.user
    call = application.call
    reviewing = call.status == CallStatus.REVIEW
    pending = application.status == ApplicationStatus.SUBMITTED
    committee = _on_committee(user, call)
    conflicted = committee and application.conflicts.filter(member=user).exists()
    may_score = committee and not conflicted and reviewing and pending
    if may_score and score_form is None:
        mine = {
            row.criterion_id: row
            for row in Score.objects.filter(application=application, member=user)
        }
        score_form = ScoreForm(criteria=call.criteria.all(), scores=mine)
    decision = getattr(application, "decision", None)
    disbursed = disbursed_total(decision) if decision is not None else None
    context = _context(
        call.foundation,
        call=call,
        application=application,
        decision=decision,
        disbursed=disbursed,
        disbursements=decision.disbursements.all() if decision is not None else [],
        reports=application.reports.all(),
        on_committee=committee,
        conflicted=conflicted,
        score_form=score_form if may_score else None,
        conflict_form=(conflict_form or ConflictForm()) if committee and pending else None,
        is_applicant=application.applicant_id == user.pk,
        may_decide=pending and reviewing and user.has_perm("fund.decide_application", application),
        may_disburse=(
            application.status == ApplicationStatus.GRANTED
            and user.has_perm("fund.handle_money", application)
            and disbursed < decision.amount
        ),
        manages=user.has_perm(MANAGE, application),
        my_scores=None,
    )
    if committee and not conflicted:
        context["my_scores"] = Score.objects.filter(
            application=application, member=user
        ).select_related("criterion")
    return render(request, "fund/grants/application.html", context, status=status)


@require_http_methods(["GET"])
def application(request, slug, pk):
    return _application_page(request, get_application(request, slug, pk))


@require_POST
def score(request, slug, pk):
    application = get_application(request, slug, pk, "fund.score_application")
    form = ScoreForm(request.POST, criteria=application.call.criteria.all())
    if form.is_valid():
        try:
            services.score(actor=request.user, application=application, **form.service_fields())
        except DomainError as refused:
            add_domain_error(form, refused)
        else:
            messages.success(
                request, _("Your scores are saved. You can change them until the decision.")
            )
            return redirect("fund:application", slug, application.pk)
    return _application_page(request, application, score_form=form, status=400)


@require_POST
def conflict_declare(request, slug, pk):
    application = get_application(request, slug, pk, "fund.score_application")
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            services.declare_conflict(
                actor=request.user, application=application, reason=form.cleaned_data["reason"]
            )
        except DomainError as refused:
            add_domain_error(form, refused)
        else:
            messages.success(
                request,
                _("Conflict of interest recorded: you no longer score this application."),
            )
            return redirect("fund:application", slug, application.pk)
    return _application_page(request, application, conflict_form=form, status=400)


@require_POST
def application_withdraw(request, slug, pk):
    application = get_application(request, slug, pk)
    if application.applicant_id != request.user.pk:
        raise PermissionDenied
    try:
        services.withdraw_application(actor=request.user, application=application)
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Application withdrawn."))
    return redirect("fund:application", slug, application.pk)


@require_http_methods(["GET"])
def my_applications(request, slug):
    foundation = get_foundation(request, slug, PUBLIC)
    mine = Application.objects.filter(foundation=foundation, applicant=request.user).select_related(
        "call", "decision"
    )
    return render(
        request, "fund/grants/my_applications.html", _context(foundation, applications=mine)
    )
