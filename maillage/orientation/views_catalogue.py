"""The catalogue's management pages: the structures and their offers (with a mark on
offers not checked for ORIENTATION_STALE_DAYS), a structure's and an offer's forms, an
offer's criteria as rows, "checked today", publication, and the data·inclusion export
and import. Coordinators manage everything; the people of a structure their own
structure and its offers (rules.py)."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.collectives.access import get_collective
from maillage.collectives.rules import organisations_of
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services_catalogue as services
from .forms_catalogue import (
    CriteriaFormSet,
    ImportForm,
    OfferForm,
    StructureForm,
    choice_codes,
    initial_rows,
)
from .models import Offer, Structure

MANAGE = "orientation.manage_catalogue"
EDIT = "orientation.edit_structure"
LIST = "orientation.view_structures"


def structure_of(request, slug, pk, perm=EDIT):
    """The collective's structure ``pk``: 404 when the collective is hidden from the
    person or has no such structure, 403 without ``perm``."""
    collective = get_collective(request, slug)
    structure = get_object_or_404(
        Structure.objects.select_related("collective", "organisation"),
        collective=collective,
        pk=pk,
    )
    if not request.user.has_perm(perm, structure):
        raise PermissionDenied
    return structure


def offer_of(request, slug, uuid, perm=EDIT):
    collective = get_collective(request, slug)
    offer = get_object_or_404(
        Offer.objects.select_related("structure__collective"),
        structure__collective=collective,
        uuid=uuid,
    )
    if not request.user.has_perm(perm, offer):
        raise PermissionDenied
    return offer


def structure_url(structure):
    return reverse("orientation:structure", args=[structure.collective.slug, structure.pk])


def _mark_stale(offers, today):
    for offer in offers:
        offer.stale = services.is_stale(offer, today)
    return offers


# ------------------------------------------------------------------- structures


def structures(request, slug):
    collective = get_collective(request, slug, LIST)
    can_manage = request.user.has_perm(MANAGE, collective)
    found = Structure.objects.filter(collective=collective).select_related("organisation")
    if not can_manage:
        found = found.filter(organisation_id__in=organisations_of(request.user, collective))
    found = list(
        found.prefetch_related(Prefetch("offers", queryset=Offer.objects.order_by("name")))
    )
    today = timezone.localdate()
    for structure in found:
        structure.offer_list = _mark_stale(list(structure.offers.all()), today)
        structure.stale_count = sum(1 for offer in structure.offer_list if offer.stale)
    return render(
        request,
        "orientation/catalogue/structures.html",
        {
            "collective": collective,
            "structures": found,
            "can_manage": can_manage,
            "stale_days": services.stale_days(),
        },
    )


def structure(request, slug, pk):
    structure = structure_of(request, slug, pk)
    offers = _mark_stale(list(structure.offers.order_by("name")), timezone.localdate())
    return render(
        request,
        "orientation/catalogue/structure.html",
        {
            "collective": structure.collective,
            "structure": structure,
            "offers": offers,
            "can_manage": request.user.has_perm(MANAGE, structure.collective),
            "stale_days": services.stale_days(),
        },
    )


def _structure_page(request, collective, form, structure=None, status=200):
    return render(
        request,
        "orientation/catalogue/structure_form.html",
        {"collective": collective, "structure": structure, "form": form},
        status=status,
    )


def structure_create(request, slug):
    collective = get_collective(request, slug, MANAGE)
    form = StructureForm(form_data(request), collective=collective)
    if request.method == "POST":
        if form.is_valid():
            try:
                made = services.create_structure(
                    actor=request.user, collective=collective, **form.structure_fields()
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The structure is added. Describe its offers."))
                return redirect(structure_url(made))
        return _structure_page(request, collective, form, status=400)
    return _structure_page(request, collective, form)


def structure_edit(request, slug, pk):
    structure = structure_of(request, slug, pk)
    collective = structure.collective
    may_choose = request.user.has_perm(MANAGE, collective)
    form = StructureForm(
        form_data(request),
        instance=structure,
        collective=collective,
        may_choose_organisation=may_choose,
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_structure(
                    actor=request.user, structure=structure, **form.structure_fields()
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The structure is saved."))
                return redirect(structure_url(structure))
        structure.refresh_from_db()
        return _structure_page(request, collective, form, structure, status=400)
    return _structure_page(request, collective, form, structure)


@require_POST
def structure_checked(request, slug, pk):
    structure = structure_of(request, slug, pk)
    services.mark_structure_checked(actor=request.user, structure=structure)
    messages.success(request, _("The structure and its offers are marked as checked today."))
    return redirect(structure_url(structure))


# ----------------------------------------------------------------------- offers


def _offer_page(request, structure, form, offer=None, status=200):
    return render(
        request,
        "orientation/catalogue/offer_form.html",
        {
            "collective": structure.collective,
            "structure": structure,
            "offer": offer,
            "form": form,
        },
        status=status,
    )


def offer_create(request, slug, pk):
    structure = structure_of(request, slug, pk)
    form = OfferForm(form_data(request), structure=structure)
    if request.method == "POST":
        if form.is_valid():
            try:
                made = services.create_offer(
                    actor=request.user, structure=structure, **form.offer_fields()
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The offer is added. Now say who may get in."))
                return redirect("orientation:offer_criteria", structure.collective.slug, made.uuid)
        return _offer_page(request, structure, form, status=400)
    return _offer_page(request, structure, form)


def offer_edit(request, slug, uuid):
    offer = offer_of(request, slug, uuid)
    form = OfferForm(form_data(request), instance=offer, structure=offer.structure)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_offer(actor=request.user, offer=offer, **form.offer_fields())
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The offer is saved."))
                return redirect(structure_url(offer.structure))
        offer.refresh_from_db()
        return _offer_page(request, offer.structure, form, offer, status=400)
    return _offer_page(request, offer.structure, form, offer)


def offer_criteria(request, slug, uuid):
    offer = offer_of(request, slug, uuid)
    refusal = None
    if request.method == "POST":
        formset = CriteriaFormSet(request.POST, prefix="criteria")
        if formset.is_valid():
            try:
                services.set_criteria(actor=request.user, offer=offer, criteria=formset.criteria())
            except DomainError as exc:
                refusal = exc.message
            else:
                messages.success(request, _("The criteria are saved."))
                return redirect(structure_url(offer.structure))
    else:
        formset = CriteriaFormSet(initial=initial_rows(offer.criteria), prefix="criteria")
    return render(
        request,
        "orientation/catalogue/criteria.html",
        {
            "collective": offer.structure.collective,
            "structure": offer.structure,
            "offer": offer,
            "formset": formset,
            "refusal": refusal,
            "choice_codes": choice_codes(),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def offer_publish(request, slug, uuid):
    offer = offer_of(request, slug, uuid)
    published = request.POST.get("published") == "1"
    services.set_published(actor=request.user, offer=offer, published=published)
    if published:
        messages.success(
            request, _("The offer is published: anyone who may read the catalogue sees it.")
        )
    else:
        messages.success(request, _("The offer is unpublished: only its editors see it."))
    return redirect(structure_url(offer.structure))


@require_POST
def offer_checked(request, slug, uuid):
    offer = offer_of(request, slug, uuid)
    services.mark_offer_checked(actor=request.user, offer=offer)
    messages.success(request, _("The offer is marked as checked today."))
    return redirect(structure_url(offer.structure))


# ------------------------------------------------------------- import, export


def export(request, slug):
    from . import datainclusion

    collective = get_collective(request, slug, MANAGE)
    found = Structure.objects.filter(collective=collective).prefetch_related(
        Prefetch("offers", queryset=Offer.objects.order_by("name"))
    )
    try:
        document = datainclusion.export_catalogue(found, timezone.localdate())
    except datainclusion.ExportError as error:
        messages.error(
            request,
            _("The catalogue cannot be exported as it is: %(reason)s") % {"reason": error},
        )
        return redirect("orientation:structures", collective.slug)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{collective.slug}-datainclusion.json"'
    return response


def import_file(request, slug):
    collective = get_collective(request, slug, MANAGE)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            counts = services.import_catalogue(
                actor=request.user, collective=collective, text=form.cleaned_data["file"]
            )
        except services.ImportRefused as refused:
            problems = refused.problems
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                _("Imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
                % counts,
            )
            return redirect("orientation:structures", collective.slug)
    return render(
        request,
        "orientation/catalogue/import.html",
        {"collective": collective, "form": form, "problems": problems},
        status=400 if request.method == "POST" else 200,
    )
