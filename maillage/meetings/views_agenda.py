"""The agenda: items added or proposed, changed, kept, moved and commented, and their
notes typed on the meeting's page during the meeting."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.errors import ConflictError, DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services
from .access import get_item, get_meeting
from .forms import (
    ItemEditForm,
    ItemForm,
    NotesForm,
)
from .views_meeting import (
    BEFORE,
    CHANGE,
    DURING,
    MINUTES,
    TAKE_PART,
    _change_on_page,
    _comment_form,
    _detail,
    _detail_url,
    _form_page,
    _to_detail,
)

# ----------------------------------------------------------------------------- agenda


def item_add(request, slug, pk):
    """Those who plan the meeting add an item; members propose one."""
    meeting = get_meeting(request, slug, pk)
    plans = request.user.has_perm(CHANGE, meeting)
    if not plans and not request.user.has_perm(TAKE_PART, meeting):
        raise PermissionDenied
    form = ItemForm(form_data(request), prefix="item", proposal=not plans)
    back = _detail_url(meeting, BEFORE, "agenda")
    done = _change_on_page(
        request,
        meeting,
        form,
        lambda data: services.add_item(
            actor=request.user, meeting=meeting, proposal=not plans, **data
        ),
        _("The item is on the agenda.")
        if plans
        else _("Your proposal is sent: those who plan the meeting will keep it or not."),
        back,
    )
    return done or _form_page(
        request,
        meeting,
        form,
        _("Add an item to the agenda") if plans else _("Propose an item"),
        action=reverse("meetings:item_add", args=[slug, pk]),
        back=back,
        intro="" if plans else _("Those who plan the meeting keep it on the agenda or not."),
        submit=_("Add the item") if plans else _("Propose the item"),
    )


def item_edit(request, slug, pk, item):
    meeting = get_meeting(request, slug, pk, CHANGE)
    item = get_item(meeting, item)
    with_notes = request.user.has_perm(MINUTES, meeting)
    conflict = None
    form = ItemEditForm(
        form_data(request), with_notes=with_notes, initial=ItemEditForm.initial_for(item)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        base_version = data.pop("base_version")
        try:
            services.update_item(actor=request.user, item=item, base_version=base_version, **data)
        except ConflictError as exc:
            item.refresh_from_db()
            conflict = exc
            posted = request.POST.copy()
            posted["base_version"] = item.version
            form = ItemEditForm(posted, with_notes=with_notes)
            form.is_valid()
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The agenda item is saved."))
            return _to_detail(meeting, f"item-{item.pk}", BEFORE)
    return render(
        request,
        "meetings/item_form.html",
        {
            "collective": meeting.collective,
            "meeting": meeting,
            "item": item,
            "form": form,
            "conflict": conflict,
            "back": _detail_url(meeting, BEFORE, f"item-{item.pk}"),
        },
        status=409 if conflict else 200,
    )


@require_POST
def item_notes(request, slug, pk, item):
    """An item's notes typed on the meeting's page during the meeting.

    With htmx (saved as they are typed) the answer is the small status under the text:
    "saved at 14:32", the service's refusal, or a conflict with both texts. Without
    JavaScript the Save button posts the same form: back to the item, or the page again
    with the text kept."""
    meeting = get_meeting(request, slug, pk, MINUTES)
    item = get_item(meeting, item)
    form = NotesForm(request.POST, auto_id=f"id_item{item.pk}_%s")
    conflict = None
    if form.is_valid():
        try:
            item = services.save_item_notes(
                actor=request.user,
                item=item,
                base_version=form.version(),
                notes=form.cleaned_data["notes"],
            )
        except ConflictError as exc:
            item.refresh_from_db()
            conflict = exc
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if not request.htmx:
                messages.success(request, _("The notes are saved."))
                return _to_detail(meeting, f"item-{item.pk}", DURING)
    if request.htmx:
        # Saved, refused or in conflict: the status under the text says which. The text
        # typed stays in the box; the version it was typed on is kept until it is saved.
        refused = conflict is not None or bool(form.errors)
        return render(
            request,
            "meetings/includes/notes_status.html",
            {
                "item": item,
                "conflict": conflict,
                "errors": [message for errors in form.errors.values() for message in errors],
                "mine": form["notes"].value(),
                "base_version": form.cleaned_data.get("base_version", "")
                if refused
                else item.version,
                "saved_at": None if refused else meeting.local_now(),
            },
        )
    return _detail(
        request,
        meeting,
        status=409 if conflict else 200,
        moment=DURING,
        notes_forms={item.pk: form},
        conflicts={item.pk: conflict} if conflict else {},
    )


def _change_item(request, meeting, change, success, anchor):
    try:
        change()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return _to_detail(meeting, anchor, BEFORE)


@require_POST
def item_decide(request, slug, pk, item):
    meeting = get_meeting(request, slug, pk, CHANGE)
    item = get_item(meeting, item)
    keep = request.POST.get("keep") == "1"
    return _change_item(
        request,
        meeting,
        lambda: services.decide_item(actor=request.user, item=item, keep=keep),
        _("The item is on the agenda.") if keep else _("The proposal is not kept."),
        "agenda",
    )


@require_POST
def item_move(request, slug, pk, item):
    meeting = get_meeting(request, slug, pk, CHANGE)
    item = get_item(meeting, item)
    direction = -1 if request.POST.get("direction") == "up" else 1
    return _change_item(
        request,
        meeting,
        lambda: services.move_item(actor=request.user, item=item, direction=direction),
        _("The agenda is reordered."),
        f"item-{item.pk}",
    )


@require_POST
def item_comment(request, slug, pk, item):
    meeting = get_meeting(request, slug, pk, TAKE_PART)
    item = get_item(meeting, item)
    if item.is_declined:
        raise Http404
    form = _comment_form(item, request.POST)
    if form.is_valid():
        try:
            services.comment_item(actor=request.user, item=item, body=form.cleaned_data["body"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Your comment is added."))
            return _to_detail(meeting, f"item-{item.pk}", BEFORE)
    return _detail(request, meeting, moment=BEFORE, comment_forms={item.pk: form})
