"""The minutes (compte-rendu) of a meeting: the web page, the documents, the
lifecycle (draft → submitted → approved), proposed changes and approved versions.

Everyone in the collective reads the minutes (observers too); members propose
changes while the minutes are submitted; the person in charge of the minutes and
the coordinators submit, answer proposals, approve and start a new version. The
content itself is edited on the meeting's pages; an approved version is shown, and
downloaded, exactly as it was frozen.
"""

import hashlib
import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from maillage.core import downloads
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, refusal
from maillage.governance.diff import compare as compare_texts

from . import documents, services
from .access import get_meeting
from .forms_minutes import AmendmentForm, ApproveForm, DecideForm, SubjectForm, _short
from .minutes import build_content, content_text
from .models import (
    Amendment,
    AmendmentTarget,
    Minutes,
)

VIEW = "meetings.view_meeting"
EDIT = "meetings.change_minutes"
TAKE_PART = "meetings.take_part"
# The value of "new" that means the draft being written, not an approved version.
CURRENT = "brouillon"

FORMATS = {
    "docx": (
        documents.minutes_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "odt": (documents.minutes_odt, "application/vnd.oasis.opendocument.text"),
    "pdf": (documents.minutes_pdf, "application/pdf"),
}


# ---------------------------------------------------------------------------- helpers


def _minutes(meeting):
    """The meeting's minutes; a meeting planned before minutes existed has a draft v1
    (not saved: views do not write, the services create it on the first change)."""
    found = Minutes.objects.filter(meeting=meeting).select_related("approved_by").first()
    return found if found is not None else Minutes(meeting=meeting)


def _versions(minutes):
    if minutes.pk is None:
        return []
    return list(minutes.versions.select_related("approved_by").order_by("-number"))


def _current_content(meeting, minutes, versions):
    """What the minutes say now: the frozen snapshot once approved, else the draft
    built from the meeting as it is."""
    if minutes.is_frozen:
        frozen = next((v for v in versions if v.number == minutes.number), None)
        if frozen is not None:
            return frozen.content
    return build_content(meeting)


def _version(minutes, number):
    if minutes.pk is None:
        raise Http404
    return get_object_or_404(minutes.versions.select_related("approved_by"), number=number)


def _download(request, content, kind):
    """A document of the minutes, made once for this content (core.downloads): the
    content is the same for everyone who may read the minutes, so its digest alone
    names the document; an approved version's never changes."""
    make, content_type = FORMATS[kind]
    # Leaving out when the content was read (a draft's changes with every request;
    # the documents do not show it).
    said = {key: value for key, value in content.items() if key != "generated_at"}
    frozen = json.dumps(said, sort_keys=True, cls=DjangoJSONEncoder)
    return downloads.download(
        request,
        kind=f"meetings.minutes.{kind}",
        fingerprint=hashlib.sha256(frozen.encode()).hexdigest(),
        build=lambda: make(content),
        filename=documents.filename(content, kind),
        content_type=content_type,
    )


def _amendment_rows(minutes, errors, reasons):
    """The proposals, with what each would change (word by word) while it waits."""
    if minutes.pk is None:
        return []
    rows = []
    amendments = minutes.amendments.select_related("author", "decided_by", "item", "decision")
    for amendment in amendments:
        if amendment.target == AmendmentTarget.ITEM and amendment.item_id:
            about, current = amendment.item.title, amendment.item.notes
        elif amendment.target == AmendmentTarget.DECISION and amendment.decision_id:
            about, current = _short(amendment.decision.text), amendment.decision.text
        else:
            about, current = "", None
        waiting = amendment.is_pending
        rows.append(
            {
                "amendment": amendment,
                "about": about,
                "waiting": waiting,
                "changes": (
                    compare_texts(current, amendment.proposed_text)
                    if waiting and current is not None and amendment.proposed_text
                    else []
                ),
                "error": errors.get(amendment.pk, ""),
                "reason": reasons.get(amendment.pk, ""),
            }
        )
    return rows


def _page(
    request, meeting, *, status=200, amend_form=None, approve_form=None, errors=None, reasons=None
):
    """The minutes page; the forms given (bound, with their errors) keep what was typed."""
    minutes = _minutes(meeting)
    versions = _versions(minutes)
    can_edit = request.user.has_perm(EDIT, meeting)
    can_amend = minutes.is_submitted and request.user.has_perm(TAKE_PART, meeting)
    if amend_form is None and can_amend:
        asked = SubjectForm(request.GET)  # "propose a change" links name their subject
        subject = asked.cleaned_data["sur"] if asked.is_valid() else ""
        amend_form = AmendmentForm(meeting=meeting)
        start_from = amend_form.current_text(subject)
        if start_from is not None:
            amend_form.initial = {"subject": subject, "proposed_text": start_from}
    rows = _amendment_rows(minutes, errors or {}, reasons or {})
    context = {
        "collective": meeting.collective,
        "meeting": meeting,
        "minutes": minutes,
        "versions": versions,
        "content": _current_content(meeting, minutes, versions),
        "can_edit": can_edit,
        "can_amend": can_amend,
        # A refused proposal is shown again with its message, even if the minutes have
        # left the "submitted" state meanwhile: what was typed is not lost.
        "show_amend": can_amend or (amend_form is not None and amend_form.is_bound),
        "amend_form": amend_form,
        "approve_form": approve_form or ApproveForm(),
        "amendments": rows,
        "waiting": sum(1 for row in rows if row["waiting"]),
        "subjects": _subjects(amend_form) if amend_form is not None else [],
    }
    return render(request, "meetings/minutes/page.html", context, status=status)


def _subjects(form):
    """Links that open the proposal form on one item's notes or one decision."""
    subjects = [
        (f"item-{pk}", _("Notes of “%(title)s”") % {"title": item.title})
        for pk, item in form.items.items()
    ]
    subjects += [
        (f"decision-{pk}", _("Decision: %(text)s") % {"text": _short(decision.text, 60)})
        for pk, decision in form.decisions.items()
    ]
    return subjects


def _back(meeting):
    return redirect("meetings:minutes", meeting.collective.slug, meeting.pk)


# ------------------------------------------------------------------------------ pages


@require_safe
def minutes_page(request, slug, pk):
    meeting = get_meeting(request, slug, pk, VIEW)
    return _page(request, meeting)


@require_safe
def minutes_document(request, slug, pk, kind):
    meeting = get_meeting(request, slug, pk, VIEW)
    minutes = _minutes(meeting)
    return _download(request, _current_content(meeting, minutes, _versions(minutes)), kind)


@require_safe
def versions(request, slug, pk):
    meeting = get_meeting(request, slug, pk, VIEW)
    minutes = _minutes(meeting)
    return render(
        request,
        "meetings/minutes/versions.html",
        {
            "collective": meeting.collective,
            "meeting": meeting,
            "minutes": minutes,
            "versions": _versions(minutes),
        },
    )


@require_safe
def version(request, slug, pk, number):
    meeting = get_meeting(request, slug, pk, VIEW)
    minutes = _minutes(meeting)
    frozen = _version(minutes, number)
    return render(
        request,
        "meetings/minutes/version.html",
        {
            "collective": meeting.collective,
            "meeting": meeting,
            "minutes": minutes,
            "version": frozen,
            "content": frozen.content,
            "has_previous": minutes.versions.filter(number__lt=frozen.number).exists(),
        },
    )


@require_safe
def version_document(request, slug, pk, number, kind):
    meeting = get_meeting(request, slug, pk, VIEW)
    return _download(request, _version(_minutes(meeting), number).content, kind)


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_safe
def compare(request, slug, pk):
    """Two approved versions, or an approved version and the current draft, word by word."""
    meeting = get_meeting(request, slug, pk, VIEW)
    minutes = _minutes(meeting)
    by_number = {v.number: v for v in _versions(minutes)}
    draft = not minutes.is_frozen
    numbers = sorted(by_number)
    # By default, the last two texts: the draft being written counts as one.
    texts = [*numbers, CURRENT] if draft else numbers
    if len(texts) < 2:
        messages.error(
            request, _("There is only one version of these minutes: nothing to compare.")
        )
        return redirect("meetings:versions", meeting.collective.slug, meeting.pk)
    old = _number(request.GET.get("old", texts[-2]))
    new_value = request.GET.get("new", texts[-1])
    new = CURRENT if draft and str(new_value) == CURRENT else _number(new_value)
    if old not in by_number or (new != CURRENT and new not in by_number):
        messages.error(request, _("Choose two versions of the minutes to compare."))
        return redirect("meetings:versions", meeting.collective.slug, meeting.pk)
    if new != CURRENT and old > new:
        old, new = new, old
    old_version = by_number[old]
    if new == CURRENT:
        new_version, new_content = None, build_content(meeting)
    else:
        new_version = by_number[new]
        new_content = new_version.content
    context = {
        "collective": meeting.collective,
        "meeting": meeting,
        "minutes": minutes,
        "versions": [by_number[n] for n in reversed(numbers)],
        "draft": draft,
        "current": CURRENT,
        "old": old_version,
        "new": new_version,
        "new_value": str(new),
        "paragraphs": compare_texts(content_text(old_version.content), content_text(new_content)),
    }
    template = (
        "meetings/minutes/comparison.html" if request.htmx else "meetings/minutes/compare.html"
    )
    return render(request, template, context)


# -------------------------------------------------------------------------- lifecycle


@require_POST
def submit(request, slug, pk):
    meeting = get_meeting(request, slug, pk, EDIT)
    try:
        services.submit_minutes(actor=request.user, meeting=meeting)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The minutes are submitted: the participants can comment and propose changes."),
        )
    return _back(meeting)


@require_POST
def approve(request, slug, pk):
    meeting = get_meeting(request, slug, pk, EDIT)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            minutes = services.approve_minutes(
                actor=request.user, meeting=meeting, comment=form.cleaned_data["comment"]
            )
        except DomainError as exc:
            if _minutes(meeting).is_frozen or not meeting.is_past:
                # The page shows no approval form then: say it above the page.
                messages.error(request, exc.message)
                return _back(meeting)
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Version %(number)s of the minutes is approved and frozen.")
                % {"number": minutes.number},
            )
            return _back(meeting)
    return _page(request, meeting, status=400, approve_form=form)


@require_POST
def new_version(request, slug, pk):
    meeting = get_meeting(request, slug, pk, EDIT)
    try:
        minutes = services.start_new_version(actor=request.user, meeting=meeting)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "Version %(number)s of the minutes is started: change the meeting's "
                "content, then approve it. The approved versions stay as they were."
            )
            % {"number": minutes.number},
        )
    return _back(meeting)


# ------------------------------------------------------------------------- proposals


@require_POST
def amendment_propose(request, slug, pk):
    meeting = get_meeting(request, slug, pk, TAKE_PART)
    form = AmendmentForm(request.POST, meeting=meeting)
    if form.is_valid():
        target, item, decision = form.target()
        try:
            services.propose_amendment(
                actor=request.user,
                meeting=meeting,
                target=target,
                item=item,
                decision=decision,
                comment=form.cleaned_data["comment"],
                proposed_text=form.cleaned_data["proposed_text"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Your proposal is sent to the person in charge of the minutes."),
            )
            return _back(meeting)
    return _page(request, meeting, status=400, amend_form=form)


@require_POST
def amendment_decide(request, slug, pk, amendment):
    meeting = get_meeting(request, slug, pk, EDIT)
    found = get_object_or_404(Amendment, pk=amendment, minutes__meeting=meeting)
    form = DecideForm(request.POST)
    valid = form.is_valid()
    answer = form.cleaned_data.get("answer")
    if answer is None:
        messages.error(request, _("Accept or refuse the proposal."))
        return _back(meeting)
    try:
        if not valid:  # the reason
            raise refusal(form)
        services.decide_amendment(
            actor=request.user,
            amendment=found,
            accept=answer == "accept",
            reason=form.cleaned_data["reason"],
        )
    except DomainError as exc:
        if exc.field == "reason":
            return _page(
                request,
                meeting,
                status=400,
                errors={found.pk: exc.message},
                reasons={found.pk: form.data.get("reason", "")},
            )
        messages.error(request, exc.message)
    else:
        if answer == "accept":
            messages.success(request, _("The proposal is accepted and applied to the minutes."))
        else:
            messages.success(request, _("The proposal is refused; its author can read why."))
    return _back(meeting)
