"""The needs' pages (urls_needs.py): the list, one need, declaring, changing and
withdrawing one.

- Coordinators see every need, filtered by member, job family and period; a member who
  represents member employers sees only theirs; anyone else is refused (403).
- One need: coordinators and who acts for its member (``view_need``); another member's
  need answers 403, a need of another group 404.
- The need form works without JavaScript: the weekly slots are rows (day, from, to) with
  blank rows to fill, and "Add rows" shows the form again with more rows and nothing
  typed lost.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core.errors import ConflictError, DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services_needs as services
from .forms_needs import (
    MORE_ROWS,
    SLOT_ROWS,
    NeedFilterForm,
    NeedForm,
    slot_formset,
    slot_rows,
    typed,
    typed_hours,
)
from .models import Need
from .rules import employers_of
from .views_group import MANAGE, group_of

DECLARE = "employers.declare_needs"
LIST_SIZE = 500


def _acting_employers(user, group):
    """The active members ``user`` may declare needs for: all for coordinators."""
    employers = group.employers if user.has_perm(MANAGE, group) else employers_of(user, group)
    return (
        employers.filter(left_on__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )


@require_GET
def needs(request, slug):
    group = group_of(request, slug, DECLARE)
    user = request.user
    manages = user.has_perm(MANAGE, group)
    visible = group.employers.all() if manages else employers_of(user, group)
    employers = visible.select_related("organisation").order_by("organisation__name")
    filters = NeedFilterForm(request.GET or None, group=group, employers=employers)
    listed = (
        Need.objects.filter(employer__in=employers, withdrawn_at__isnull=True)
        .select_related("employer__organisation", "family", "site", "qualification")
        .prefetch_related("slots")
        .order_by("employer__organisation__name", "family__name", "pk")
    )
    if filters.is_valid():
        chosen = filters.cleaned_data
        if chosen.get("employer"):
            listed = listed.filter(employer=chosen["employer"])
        if chosen.get("family"):
            listed = listed.filter(family=chosen["family"])
        if chosen.get("period"):
            listed = listed.filter(period=chosen["period"])
    listed = list(listed[:LIST_SIZE])
    return render(
        request,
        "employers/needs/list.html",
        {
            "collective": group.collective,
            "group": group,
            "needs": listed,
            "hours": sum(need.minutes for need in listed) / 60,
            "filters": filters,
            "manages": manages,
        },
    )


def _need(request, slug, pk, perm):
    group = group_of(request, slug)
    need = get_object_or_404(
        Need.objects.select_related(
            "employer__organisation",
            "employer__group__collective",
            "family",
            "site",
            "qualification",
        ),
        employer__group=group,
        pk=pk,
    )
    if not request.user.has_perm(perm, need):
        raise PermissionDenied
    return group, need


@require_GET
def need(request, slug, pk):
    group, need = _need(request, slug, pk, "employers.view_need")
    return render(
        request,
        "employers/needs/need.html",
        {
            "collective": group.collective,
            "group": group,
            "need": need,
            "slots": need.slots.all(),
            "may_change": need.withdrawn_at is None
            and request.user.has_perm("employers.change_need", need),
            "jobs": need.jobs.filter(ended_at__isnull=True),
        },
    )


def _rows_wanted(request):
    """How many slot rows to show: the rows sent, and more when "Add rows" was pressed."""
    try:
        sent = int(request.POST.get("slots-TOTAL_FORMS", SLOT_ROWS))
    except ValueError:
        sent = SLOT_ROWS
    return max(sent, SLOT_ROWS) + (MORE_ROWS if "more_rows" in request.POST else 0)


def _counted(formset, need):
    """The slots whose hours the form shows: the rows typed that read, or the need's."""
    if formset.is_bound:
        return [row.slot() for row in formset.forms if row.is_valid() and row.slot()]
    if need is not None:
        return [(slot.day, slot.start, slot.end) for slot in need.slots.all()]
    return []


def _need_form_page(request, group, *, need=None):
    """Declaring (``need`` None) or changing a need: the form, its slot rows, the service."""
    user = request.user
    employers = _acting_employers(user, group)
    data = form_data(request)
    initial = {}
    if need is None and request.method == "GET":
        chosen = request.GET.get("employer", "")
        if chosen.isdigit() and employers.filter(pk=int(chosen)).exists():
            initial["employer"] = int(chosen)
        if len(employers) == 1:
            initial["employer"] = employers[0].pk
    extra = {"initial": initial} if initial else {}
    form = NeedForm(data, group=group, employers=employers, need=need, **extra)
    rows = slot_rows(need) if need is not None and data is None else None
    formset = slot_formset(data, initial=rows)
    slot_error = None
    status = 200
    counted = _counted(formset, need)
    if data is not None and "more_rows" in data:
        # Show the form again with more rows: what was typed, as it was typed, and no
        # error yet (nothing is saved).
        typed_rows = [typed(row) for row in formset.forms]
        kept = {**typed(form)}
        form = NeedForm(group=group, employers=employers, need=need, initial=kept)
        formset = slot_formset(initial=typed_rows, rows=_rows_wanted(request))
    elif data is not None:
        status = 400
        form_ok = form.is_valid()
        slots_ok = formset.is_valid()
        if form_ok and slots_ok:
            values = form.values()
            try:
                if need is None:
                    saved = services.declare_need(
                        actor=user,
                        employer=form.cleaned_data["employer"],
                        slots=formset.slots(),
                        **values,
                    )
                else:
                    saved = services.change_need(
                        actor=user,
                        need=need,
                        version=form.cleaned_data.get("version"),
                        slots=formset.slots(),
                        **values,
                    )
            except ConflictError as refused:
                form.add_error(None, refused.message)
            except DomainError as refused:
                if refused.field == "slots":
                    slot_error = refused.message
                else:
                    add_domain_error(form, refused)
            else:
                messages.success(request, _("Need declared.") if need is None else _("Need saved."))
                return redirect("employers:need", group.collective.slug, saved.pk)
    if need is None:
        heading = _("Declare a need")
        action = reverse("employers:need_add", args=[group.collective.slug])
        back = reverse("employers:needs", args=[group.collective.slug])
    else:
        heading = _("Change %(need)s") % {"need": need}
        action = reverse("employers:need_edit", args=[group.collective.slug, need.pk])
        back = reverse("employers:need", args=[group.collective.slug, need.pk])
    return render(
        request,
        "employers/needs/need_form.html",
        {
            "collective": group.collective,
            "group": group,
            "need": need,
            "form": form,
            "formset": formset,
            "slot_error": slot_error,
            "hours": typed_hours(counted),
            "heading": heading,
            "action": action,
            "back": back,
            "table_url": reverse("employers:table", args=[group.collective.slug]),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def need_add(request, slug):
    group = group_of(request, slug, DECLARE)
    return _need_form_page(request, group)


@require_http_methods(["GET", "POST"])
def need_edit(request, slug, pk):
    group, need = _need(request, slug, pk, "employers.change_need")
    if need.withdrawn_at is not None:
        messages.error(request, _("This need has been withdrawn: it can no longer be changed."))
        return redirect("employers:need", group.collective.slug, need.pk)
    return _need_form_page(request, group, need=need)


@require_http_methods(["GET", "POST"])
def need_withdraw(request, slug, pk):
    group, need = _need(request, slug, pk, "employers.change_need")
    if request.method == "POST":
        try:
            services.withdraw_need(actor=request.user, need=need)
        except DomainError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Need withdrawn: it leaves the next pooling runs."))
        return redirect("employers:needs", group.collective.slug)
    return render(
        request,
        "employers/needs/confirm.html",
        {
            "collective": group.collective,
            "group": group,
            "heading": _("Withdraw %(need)s?") % {"need": need},
            "lead": _(
                "It leaves the next pooling runs. A job already kept keeps it until the "
                "coordinators change the job."
            ),
            "submit": _("Withdraw the need"),
            "back": reverse("employers:need", args=[group.collective.slug, need.pk]),
        },
    )
