"""Pages of the grants after the review (urls_grants.py): the coordinators' decision,
the treasurers' disbursements, the grantee's reports and their acceptance."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services_grants_decisions as services
from .forms_grants import DecideForm, DisburseForm, ReportForm
from .models import ApplicationStatus, CallStatus, GrantReport
from .views_grants import get_application


def _context(application, **extra):
    call = application.call
    return {
        "foundation": call.foundation,
        "collective": call.foundation.collective,
        "call": call,
        "application": application,
        **extra,
    }


@require_http_methods(["GET", "POST"])
def decide(request, slug, pk):
    application = get_application(request, slug, pk, "fund.decide_application")
    call = application.call
    form = DecideForm(
        form_data(request), decisions=services.meeting_decisions(call.foundation.collective)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.decide(actor=request.user, application=application, **form.cleaned_data)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Decision recorded. The applicant is told by e-mail."))
                return redirect("fund:application", slug, application.pk)
    return render(
        request,
        "fund/grants/decide.html",
        _context(
            application,
            form=form,
            budget_left=services.budget_left(call),
            decidable=(
                application.status == ApplicationStatus.SUBMITTED
                and call.status == CallStatus.REVIEW
            ),
        ),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def disburse(request, slug, pk):
    application = get_application(request, slug, pk, "fund.handle_money")
    form = DisburseForm(form_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.disburse(actor=request.user, application=application, **form.cleaned_data)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Payment recorded."))
                return redirect("fund:application", slug, application.pk)
    decision = getattr(application, "decision", None)
    granted = decision is not None and application.status == ApplicationStatus.GRANTED
    return render(
        request,
        "fund/grants/disburse.html",
        _context(
            application,
            form=form,
            granted=granted,
            left=decision.amount - services.disbursed_total(decision) if granted else None,
        ),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def report_add(request, slug, pk):
    application = get_application(request, slug, pk, "fund.report_grant")
    form = ReportForm(form_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.submit_report(
                    actor=request.user, application=application, **form.cleaned_data
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Report sent to the foundation."))
                return redirect("fund:application", slug, application.pk)
    return render(
        request,
        "fund/grants/report_form.html",
        _context(application, form=form, granted=application.status == ApplicationStatus.GRANTED),
        status=status,
    )


@require_POST
def report_accept(request, slug, pk, report):
    application = get_application(request, slug, pk, "fund.manage_foundation")
    report = get_object_or_404(GrantReport, application=application, pk=report)
    try:
        services.accept_report(actor=request.user, report=report)
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Report accepted."))
    return redirect("fund:application", slug, application.pk)
