"""Referrals' pages (urls_referrals.py), all under the collective's orientation:

- the lists: "received" (the people of a structure: what was sent to their structures'
  offers), "sent" (what the person sent), "all" (coordinators);
- the send form, from an offer (professionals of a member structure, coordinators);
- a referral's page: the person, the need, the document, the status and its history,
  and the buttons for what the reader may do (accept, refuse with a reason, close;
  cancel for the sender), each a POST form;
- the document, served through this permission check only (never from /media/);
- the counts per offer (coordinators; people of a structure for their structures'
  offers).

Every referral is read through ``Referral.objects.visible_to``: one the reader may not
see answers 404, as if it did not exist.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.audit.models import AuditEvent
from maillage.collectives.access import get_collective
from maillage.collectives.rules import is_coordinator, organisations_of
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services_referrals as services
from .counts_referrals import referral_counts
from .forms_referrals import RefuseForm, SendForm, consent_text
from .models import Offer
from .models_referrals import DOCUMENT_TYPES, Referral, ReferralStatus

BOXES = {"recues": "received", "envoyees": "sent", "toutes": "all"}
LIST_SIZE = 200


def _boxes(user, collective):
    """The lists the person has, in the order of the tabs."""
    boxes = []
    orgs = organisations_of(user, collective)
    if (
        orgs
        and Offer.objects.filter(
            structure__collective=collective, structure__organisation_id__in=orgs
        ).exists()
    ):  # a structure with offers receives referrals
        boxes.append("recues")
    if user.has_perm("orientation.send_referral", collective):
        boxes.append("envoyees")
    if is_coordinator(user, collective):
        boxes.append("toutes")
    return boxes


def _in_box(user, collective, box):
    referrals = (
        Referral.objects.visible_to(user)
        .of_collective(collective)
        .select_related("offer__structure", "sender_structure", "sender")
    )
    if box == "recues":
        referrals = referrals.filter(
            offer__structure__organisation_id__in=organisations_of(user, collective)
        )
    elif box == "envoyees":
        referrals = referrals.filter(sender=user)
    return referrals


@require_GET
def referrals(request, slug):
    collective = get_collective(request, slug, "orientation.view_referrals")
    boxes = _boxes(request.user, collective)
    box = request.GET.get("vue") or boxes[0]
    if box not in boxes:
        raise Http404
    listed = list(_in_box(request.user, collective, box)[:LIST_SIZE])
    return render(
        request,
        "orientation/referrals/list.html",
        {
            "collective": collective,
            "boxes": [(name, BOXES[name]) for name in boxes],
            "box": box,
            "waiting": [item for item in listed if item.is_waiting],
            "answered": [item for item in listed if not item.is_waiting],
            "can_count": request.user.has_perm("orientation.view_referral_counts", collective),
        },
    )


def _referral(request, slug, uuid):
    collective = get_collective(request, slug)
    referral = get_object_or_404(
        Referral.objects.visible_to(request.user)
        .of_collective(collective)
        .select_related("offer__structure__collective", "sender_structure", "sender", "decided_by"),
        uuid=uuid,
    )
    if not request.user.has_perm("orientation.view_referral", referral):
        raise Http404
    return referral


def _show(request, referral, refuse_form=None, status=200):
    user = request.user
    history = AuditEvent.objects.filter(
        object_type="orientation.referral", object_id=str(referral.pk)
    ).select_related("actor")
    may_decide = user.has_perm("orientation.decide_referral", referral)
    return render(
        request,
        "orientation/referrals/referral.html",
        {
            "collective": referral.collective,
            "referral": referral,
            "offer": referral.offer,
            "history": history.order_by("created_at", "pk"),
            "may_decide": may_decide,
            "may_cancel": referral.is_waiting
            and user.has_perm("orientation.cancel_referral", referral),
            "refuse_form": refuse_form or RefuseForm(),
            "is_refused": referral.status == ReferralStatus.REFUSED,
        },
        status=status,
    )


@require_GET
def referral(request, slug, uuid):
    return _show(request, _referral(request, slug, uuid))


@require_http_methods(["GET", "POST"])
def send(request, slug, offer):
    collective = get_collective(request, slug, "orientation.send_referral")
    offer = get_object_or_404(
        Offer.objects.select_related("structure"),
        structure__collective=collective,
        uuid=offer,
        published=True,
    )
    structures = services.sender_structures(request.user, collective)
    form = SendForm(
        form_data(request),
        request.FILES if request.method == "POST" else None,
        structures=structures,
        language=request.LANGUAGE_CODE,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = services.send_referral(
                    actor=request.user,
                    offer=offer,
                    sender_structure=data.get("sender_structure"),
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    phone=data["phone"],
                    email=data["email"],
                    language=data["language"],
                    need=data["need"],
                    notify_person=data["notify_person"],
                    consent=data["consent"],
                    consent_text=consent_text(offer),
                    document=data["document"],
                )
            except DomainError as refused:
                add_domain_error(form, refused)
            else:
                messages.success(
                    request,
                    _("Referral sent to %(structure)s. You will be told of their answer.")
                    % {"structure": offer.structure.name},
                )
                return redirect("orientation:referral", collective.slug, made.uuid)
    return render(
        request,
        "orientation/referrals/send.html",
        {
            "collective": collective,
            "offer": offer,
            "form": form,
            "consent_text": consent_text(offer),
            "had_document": request.method == "POST" and bool(request.FILES.get("document")),
        },
        status=status,
    )


DONE = {
    "accept": _("Referral accepted. The sender is told."),
    "refuse": _("Referral refused. The sender is told, with the reason."),
    "cancel": _("Referral cancelled."),
    "close": _("Referral closed."),
}


@require_POST
def decide(request, slug, uuid, decision):
    referral = _referral(request, slug, uuid)
    perm = "orientation.cancel_referral" if decision == "cancel" else "orientation.decide_referral"
    if not request.user.has_perm(perm, referral):
        raise PermissionDenied
    refuse_form = None
    try:
        if decision == "accept":
            services.accept_referral(actor=request.user, referral=referral)
        elif decision == "close":
            services.close_referral(actor=request.user, referral=referral)
        elif decision == "cancel":
            services.cancel_referral(actor=request.user, referral=referral)
        else:
            refuse_form = RefuseForm(request.POST)
            if not refuse_form.is_valid():
                return _show(request, referral, refuse_form, status=400)
            services.refuse_referral(
                actor=request.user,
                referral=referral,
                reason=refuse_form.cleaned_data["reason"],
                comment=refuse_form.cleaned_data["comment"],
            )
    except DomainError as refused:
        if refuse_form is not None and refused.field in refuse_form.fields:
            add_domain_error(refuse_form, refused)
            return _show(request, referral, refuse_form, status=400)
        messages.error(request, refused.message)
    else:
        messages.success(request, str(DONE[decision]))
    return redirect("orientation:referral", slug, referral.uuid)


@require_GET
def document(request, slug, uuid):
    referral = _referral(request, slug, uuid)
    if not referral.document:
        raise Http404
    extension = DOCUMENT_TYPES.get(referral.document_type, (".bin",))[0]
    with referral.document.open("rb") as stored:  # at most ORIENTATION_REFERRAL_MAX_BYTES
        response = HttpResponse(
            stored.read(), content_type=referral.document_type or "application/octet-stream"
        )
    response["Content-Disposition"] = content_disposition_header(
        True, f"orientation-{referral.uuid}{extension}"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def counts(request, slug):
    collective = get_collective(request, slug, "orientation.view_referral_counts")
    offers = Offer.objects.filter(structure__collective=collective)
    whole = is_coordinator(request.user, collective)
    if not whole:
        offers = offers.filter(
            structure__organisation_id__in=organisations_of(request.user, collective)
        )
    lines, total = referral_counts(offers)
    return render(
        request,
        "orientation/referrals/counts.html",
        {
            "collective": collective,
            "lines": lines,
            "total": total,
            "whole": whole,
            "pending_days": settings.ORIENTATION_REFERRAL_PENDING_DAYS,
        },
    )
