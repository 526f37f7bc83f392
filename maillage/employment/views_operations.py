"""Recruitment operations' pages (urls_operations.py), under the collective's
employment pages:

- the list of operations (members), with the form creating one (coordinators);
- an operation's page: the target curve with its table, the per-channel table, the
  refusal reasons (members: figures name nobody), and its export (XLSX, CSV);
- changing it, its monthly targets (with a proposed curve), its channels
  (coordinators and the operation's managers);
- the candidates, one candidate, adding one (the operation's managers only);
- a channel's refusals: the coded reasons and messages for the candidates it sent
  (managers and coordinators).

An operation of another collective, or a candidate or channel of another operation,
answers 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.collectives.access import get_collective
from maillage.core.downloads import download
from maillage.core.errors import ConflictError, DomainError
from maillage.core.forms import add_domain_error, form_data
from maillage.documents import csv_filename, render_csv, render_xlsx, wants_french_csv

from . import figures_operations as figures
from . import services_operations as services
from .forms_operations import (
    CandidateFilterForm,
    CandidateForm,
    ChannelForm,
    EraseForm,
    MoveForm,
    OperationForm,
    SpreadForm,
    StateForm,
    TargetsForm,
)
from .models_operations import Candidate, Channel, Operation, RefusalReason, Stage, State

FIGURES = "employment.view_figures"
CHANGE = "employment.change_operation"
CANDIDATES = "employment.manage_candidates"
LIST_SIZE = 500
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _operation(request, slug, pk, perm=FIGURES):
    collective = get_collective(request, slug, FIGURES)
    operation = get_object_or_404(
        Operation.objects.select_related("collective", "employer"), collective=collective, pk=pk
    )
    if not request.user.has_perm(perm, operation):
        raise PermissionDenied
    return operation


def _operation_fields(data):
    return {
        "title": data["title"],
        "employer": data.get("employer"),
        "employer_name": data.get("employer_name", ""),
        "description": data.get("description", ""),
        "contract": data.get("contract", ""),
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "target_total": data["target_total"],
        "managers": list(data.get("managers") or []),
    }


@require_http_methods(["GET", "POST"])
def operations(request, slug):
    collective = get_collective(request, slug, FIGURES)
    may_add = request.user.has_perm("employment.add_operation", collective)
    if request.method == "POST" and not may_add:
        raise PermissionDenied
    form = OperationForm(form_data(request), collective=collective) if may_add else None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                made = services.create_operation(
                    actor=request.user,
                    collective=collective,
                    **_operation_fields(form.cleaned_data),
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Operation created. Set its monthly targets now."))
                return redirect("employment:operation_targets", collective.slug, made.pk)
    listed = collective.recruitment_operations.order_by("-starts_on", "pk")
    return render(
        request,
        "employment/operations/list.html",
        {"collective": collective, "operations": listed, "form": form},
        status=status,
    )


@require_GET
def operation(request, slug, pk):
    operation = _operation(request, slug, pk)
    user = request.user
    months = figures.monthly(operation)
    channels = figures.per_channel(operation)
    return render(
        request,
        "employment/operations/operation.html",
        {
            "collective": operation.collective,
            "operation": operation,
            "months": months,
            "chart": figures.chart(months),
            "chart_text": figures.chart_text(months),
            "channels": channels,
            "channel_total": figures.totals(channels),
            "stage_labels": Stage.labels,
            "refusals": figures.refusal_reasons(channels),
            "may_change": user.has_perm(CHANGE, operation),
            "may_follow": user.has_perm(CANDIDATES, operation),
        },
    )


@require_http_methods(["GET", "POST"])
def operation_edit(request, slug, pk):
    operation = _operation(request, slug, pk, CHANGE)
    collective = operation.collective
    form = OperationForm(form_data(request), collective=collective, operation=operation)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.update_operation(
                    actor=request.user, operation=operation, **_operation_fields(form.cleaned_data)
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Operation saved."))
                return redirect(operation.get_absolute_url())
    return render(
        request,
        "employment/operations/edit.html",
        {"collective": collective, "operation": operation, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def operation_targets(request, slug, pk):
    operation = _operation(request, slug, pk, CHANGE)
    spread = SpreadForm(request.GET or None)
    proposal = None
    if request.method == "GET" and spread.is_bound and spread.is_valid():
        data = spread.cleaned_data
        proposal = dict(
            services.spread_targets(
                data["first_wave"],
                data["first_wave_by"],
                data["monthly_low"],
                data["monthly_high"],
                operation.target_total,
                operation.starts_on,
                operation.ends_on,
            )
        )
    form = TargetsForm(form_data(request), operation=operation, proposal=proposal)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.set_targets(
                    actor=request.user, operation=operation, targets=form.targets()
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Monthly targets saved."))
                return redirect(operation.get_absolute_url())
    planned = sum(value or 0 for value in (proposal or {}).values())
    return render(
        request,
        "employment/operations/targets.html",
        {
            "collective": operation.collective,
            "operation": operation,
            "form": form,
            "spread": spread if spread.is_bound else SpreadForm(),
            "proposal": proposal,
            "planned": planned,
        },
        status=status,
    )


def _channel_of(operation, request):
    try:
        pk = int(request.POST.get("channel", ""))
    except ValueError:
        raise Http404 from None
    return get_object_or_404(Channel, operation=operation, pk=pk)


@require_http_methods(["GET", "POST"])
def channels(request, slug, pk):
    operation = _operation(request, slug, pk, CHANGE)
    action = request.POST.get("action") if request.method == "POST" else None
    form = ChannelForm(form_data(request) if action == "add" else None, prefix="new")
    edited, edit_form, status = None, None, 200
    try:
        if action == "add":
            status = 400
            if form.is_valid():
                services.add_channel(actor=request.user, operation=operation, **form.cleaned_data)
                messages.success(request, _("Channel added."))
                return redirect("employment:channels", operation.collective.slug, operation.pk)
        elif action == "rename":
            edited = _channel_of(operation, request)
            edit_form = ChannelForm(request.POST, prefix=f"channel-{edited.pk}")
            status = 400
            if edit_form.is_valid():
                services.update_channel(
                    actor=request.user, channel=edited, **edit_form.cleaned_data
                )
                messages.success(request, _("Channel saved."))
                return redirect("employment:channels", operation.collective.slug, operation.pk)
        elif action == "remove":
            services.remove_channel(actor=request.user, channel=_channel_of(operation, request))
            messages.success(request, _("Channel removed; its candidates stay, without a channel."))
            return redirect("employment:channels", operation.collective.slug, operation.pk)
        elif request.method == "POST":
            raise Http404
    except DomainError as refused:
        add_domain_error(edit_form if edited is not None else form, refused)
    rows = []
    for channel in operation.channels.all():
        if edited is not None and channel.pk == edited.pk:
            rows.append((channel, edit_form))
        else:
            rows.append(
                (
                    channel,
                    ChannelForm(
                        prefix=f"channel-{channel.pk}",
                        initial={
                            "kind": channel.kind,
                            "name": channel.name,
                            "contact_email": channel.contact_email,
                        },
                    ),
                )
            )
    return render(
        request,
        "employment/operations/channels.html",
        {
            "collective": operation.collective,
            "operation": operation,
            "rows": rows,
            "form": form,
            "may_follow": request.user.has_perm(CANDIDATES, operation),
        },
        status=status,
    )


@require_GET
def channel(request, slug, pk, channel):
    operation = _operation(request, slug, pk, CHANGE)
    channel = get_object_or_404(Channel, operation=operation, pk=channel)
    refused = channel.candidates.filter(state=State.REFUSED).order_by("-updated_at", "pk")
    return render(
        request,
        "employment/operations/channel.html",
        {
            "collective": operation.collective,
            "operation": operation,
            "channel": channel,
            "refused": refused,
            "row": next(
                (row for row in figures.per_channel(operation) if row.pk == channel.pk), None
            ),
        },
    )


@require_GET
def candidates(request, slug, pk):
    operation = _operation(request, slug, pk, CANDIDATES)
    filters = CandidateFilterForm(request.GET or None, operation=operation)
    listed = operation.candidates.select_related("channel")
    if filters.is_bound and filters.is_valid():
        data = filters.cleaned_data
        if data["stage"]:
            listed = listed.filter(stage=data["stage"])
        if data["state"]:
            listed = listed.filter(state=data["state"])
        if data["channel"]:
            listed = listed.filter(channel=data["channel"])
    counts = {
        row["stage"]: row["n"]
        for row in operation.candidates.values("stage").order_by().annotate(n=Count("pk"))
    }
    return render(
        request,
        "employment/operations/candidates.html",
        {
            "collective": operation.collective,
            "operation": operation,
            "filters": filters,
            "candidates": listed[:LIST_SIZE],
            "stages": [(value, label, counts.get(value, 0)) for value, label in Stage.choices],
            "shown": min(listed.count(), LIST_SIZE),
            "total": listed.count(),
        },
    )


@require_http_methods(["GET", "POST"])
def candidate_add(request, slug, pk):
    operation = _operation(request, slug, pk, CANDIDATES)
    form = CandidateForm(form_data(request), operation=operation)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                made = services.add_candidate(
                    actor=request.user, operation=operation, **form.cleaned_data
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(request, _("Candidate added."))
                return redirect(
                    "employment:candidate", operation.collective.slug, operation.pk, made.pk
                )
    return render(
        request,
        "employment/operations/candidate_add.html",
        {"collective": operation.collective, "operation": operation, "form": form},
        status=status,
    )


ACTIONS = {"move", "state", "erase"}
REASONS = dict(RefusalReason.choices)


@require_http_methods(["GET", "POST"])
def candidate(request, slug, pk, candidate):
    operation = _operation(request, slug, pk, CANDIDATES)
    person = get_object_or_404(
        Candidate.objects.select_related("channel"), operation=operation, pk=candidate
    )
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST" and action not in ACTIONS:
        raise Http404
    initial = {"version": person.version}
    move = MoveForm(request.POST if action == "move" else None, initial=initial, prefix="move")
    state = StateForm(
        request.POST if action == "state" else None,
        initial={**initial, "state": person.state},
        prefix="state",
    )
    erase = EraseForm(request.POST if action == "erase" else None, initial=initial, prefix="erase")
    bound = {"move": move, "state": state, "erase": erase}.get(action)
    status, conflict = 200, False
    if bound is not None:
        status = 400
        if bound.is_valid():
            data = bound.cleaned_data
            try:
                if action == "move":
                    services.move_candidate(
                        actor=request.user,
                        candidate=person,
                        stage=data["stage"],
                        on=data["on"],
                        base_version=data["version"],
                    )
                    done = _("Candidate moved along the pipeline.")
                elif action == "state":
                    services.change_state(
                        actor=request.user,
                        candidate=person,
                        state=data["state"],
                        reason=data["reason"],
                        message=data["message"],
                        base_version=data["version"],
                    )
                    done = _("State of the application changed.")
                else:
                    services.erase_candidate(
                        actor=request.user, candidate=person, base_version=data["version"]
                    )
                    done = _("The candidate's personal data is erased.")
            except ConflictError as refused:
                conflict = True
                add_domain_error(bound, refused)
                person.refresh_from_db()
            except DomainError as refused:
                add_domain_error(bound, refused, fields={"reason": "reason", "on": "on"})
            else:
                messages.success(request, done)
                return redirect(
                    "employment:candidate", operation.collective.slug, operation.pk, person.pk
                )
        if conflict:
            # The form keeps what was typed, now against the version on the page.
            data = bound.data.copy()
            data[f"{action}-version"] = person.version
            bound.data = data
    return render(
        request,
        "employment/operations/candidate.html",
        {
            "collective": operation.collective,
            "operation": operation,
            "candidate": person,
            "steps": [
                (step, REASONS.get(step.refusal_reason, ""))
                for step in person.steps.select_related("by").order_by("at", "pk")
            ],
            "move_form": move,
            "state_form": state,
            "erase_form": erase,
            "conflict": conflict,
            "dates": [
                (label, getattr(person, services.STAGE_DATE[value]))
                for value, label in Stage.choices
            ],
        },
        status=status,
    )


FORMATS = {"xlsx", "csv"}
TABLES = {"mois": "monthly", "canaux": "channels"}


@require_GET
def operation_export(request, slug, pk):
    operation = _operation(request, slug, pk)
    kind = request.GET.get("format", "xlsx")
    if kind not in FORMATS:
        raise Http404
    only = TABLES.get(request.GET.get("tableau", "mois"), "monthly") if kind == "csv" else None
    fingerprint = (
        "operation",
        operation.pk,
        operation.title,
        operation.employer_name,
        operation.starts_on,
        operation.ends_on,
        list(operation.targets.values_list("month", "hires")),
        list(operation.channels.values_list("pk", "name")),
        operation.candidates.aggregate(n=Count("pk"), last=Max("updated_at")),
        timezone.localdate().replace(day=1),
        only,
    )
    name = slugify(operation.title)[:60] or "operation"
    french = kind == "csv" and wants_french_csv(request)

    def build():
        document = figures.export_document(operation, only=only)
        return render_xlsx(document) if kind == "xlsx" else render_csv(document, french=french)

    return download(
        request,
        kind=f"employment.operation_{kind}{'.fr' if french else ''}",
        fingerprint=fingerprint,
        build=build,
        filename=csv_filename(f"{name}{'-' + only if only else ''}.{kind}", french),
        content_type=XLSX if kind == "xlsx" else "text/csv; charset=utf-8",
    )
