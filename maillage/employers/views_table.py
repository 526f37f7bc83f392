"""The qualifications table (urls_needs.py): which qualification covers which job
family, and the trainings that bridge a gap with their cost. Every member of the
collective reads it; coordinators change it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services_needs as services
from .forms_needs import FamilyForm, QualificationForm, TrainingForm
from .views_group import MANAGE, _form_page, group_of


def grid(group):
    """The table's rows: each qualification with a yes/no per job family (in the
    families' order), and the families."""
    families = list(group.families.order_by("name"))
    rows = []
    for qualification in group.qualifications.prefetch_related("families").order_by("name"):
        covered = {family.pk for family in qualification.families.all()}
        rows.append(
            {
                "qualification": qualification,
                "cells": [family.pk in covered for family in families],
            }
        )
    return families, rows


@require_GET
def table(request, slug):
    group = group_of(request, slug)
    families, rows = grid(group)
    trainings = group.trainings.select_related("family", "from_qualification").order_by(
        "family__name", "name"
    )
    uncovered = [f for f in families if not any(r["cells"][families.index(f)] for r in rows)]
    return render(
        request,
        "employers/needs/table.html",
        {
            "collective": group.collective,
            "group": group,
            "families": families,
            "rows": rows,
            "uncovered": uncovered,
            "trainings": trainings,
            "manages": request.user.has_perm(MANAGE, group),
        },
    )


def _back(group):
    return reverse("employers:table", args=[group.collective.slug])


def _done(request, group, message):
    messages.success(request, message)
    return redirect("employers:table", group.collective.slug)


@require_http_methods(["GET", "POST"])
def family_add(request, slug):
    group = group_of(request, slug, MANAGE)
    form = FamilyForm(form_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.add_family(actor=request.user, group=group, **form.cleaned_data)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                return _done(request, group, _("Job family added."))
    return _form_page(
        request,
        group,
        form,
        heading=_("Add a job family"),
        submit=_("Add the job family"),
        back=_back(group),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def qualification_add(request, slug):
    group = group_of(request, slug, MANAGE)
    form = QualificationForm(form_data(request), group=group)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.add_qualification(actor=request.user, group=group, **form.cleaned_data)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                return _done(request, group, _("Qualification added to the table."))
    return _form_page(
        request,
        group,
        form,
        heading=_("Add a qualification"),
        submit=_("Add the qualification"),
        back=_back(group),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def qualification_edit(request, slug, pk):
    group = group_of(request, slug, MANAGE)
    qualification = get_object_or_404(group.qualifications, pk=pk)
    form = QualificationForm(form_data(request), group=group, qualification=qualification)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.change_qualification(
                    actor=request.user, qualification=qualification, **form.cleaned_data
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                return _done(request, group, _("Qualification saved."))
    return _form_page(
        request,
        group,
        form,
        heading=_("Change the qualification %(name)s") % {"name": qualification.name},
        submit=_("Save the qualification"),
        back=_back(group),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def training_add(request, slug):
    group = group_of(request, slug, MANAGE)
    form = TrainingForm(form_data(request), group=group)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.add_training(actor=request.user, group=group, **form.cleaned_data)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                return _done(request, group, _("Training added."))
    return _form_page(
        request,
        group,
        form,
        heading=_("Add a training"),
        submit=_("Add the training"),
        back=_back(group),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def training_edit(request, slug, pk):
    group = group_of(request, slug, MANAGE)
    training = get_object_or_404(group.trainings, pk=pk)
    form = TrainingForm(form_data(request), group=group, training=training)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.change_training(actor=request.user, training=training, **form.cleaned_data)
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                return _done(request, group, _("Training saved."))
    return _form_page(
        request,
        group,
        form,
        heading=_("Change the training %(name)s") % {"name": training.name},
        submit=_("Save the training"),
        back=_back(group),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def training_remove(request, slug, pk):
    group = group_of(request, slug, MANAGE)
    training = get_object_or_404(group.trainings, pk=pk)
    if request.method == "POST":
        try:
            services.remove_training(actor=request.user, training=training)
        except DomainError as refused:
            messages.error(request, refused.message)
            return redirect("employers:table", group.collective.slug)
        return _done(request, group, _("Training removed."))
    return render(
        request,
        "employers/needs/confirm.html",
        {
            "collective": group.collective,
            "group": group,
            "heading": _("Remove the training %(name)s?") % {"name": training.name},
            "lead": _("The table no longer offers it to bridge a gap."),
            "submit": _("Remove the training"),
            "back": _back(group),
        },
    )
