"""Invitations and answers: a member's answer from the meeting's page, the page behind an
invitation's link (no account needed), the list of invited people and its changes."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services
from .access import get_meeting
from .forms import (
    AnswerForm,
    GuestForm,
    InviteMemberForm,
)
from .models import (
    Invitee,
    ItemStatus,
    Minutes,
    MinutesStatus,
    Rsvp,
)
from .rules import answers_invitation
from .views_meeting import (
    BEFORE,
    CHANGE,
    INVITEES,
    VIEW,
    _change_on_page,
    _detail_url,
    _form_page,
    _to_detail,
)


def answer(request, slug, pk):
    """A member answers the invitation from the meeting's page."""
    meeting = get_meeting(request, slug, pk)
    invitee = meeting.invitees.filter(user=request.user).first()
    if invitee is None:
        messages.error(request, _("You are not on the list of this meeting."))
        return _to_detail(meeting)
    if request.method != "POST" and (meeting.is_cancelled or meeting.is_past):
        messages.error(
            request,
            _("This meeting is cancelled.")
            if meeting.is_cancelled
            else _("The meeting has started: answers are closed. Tell the organisers directly."),
        )
        return _to_detail(meeting)
    form = AnswerForm(form_data(request), prefix="answer", initial=AnswerForm.initial_for(invitee))
    back = _detail_url(meeting, BEFORE, "your-answer")
    done = _change_on_page(
        request,
        meeting,
        form,
        lambda data: services.answer(invitee=invitee, actor=request.user, **data),
        _("Your answer is saved. Thank you."),
        back,
    )
    return done or _form_page(
        request,
        meeting,
        form,
        _("Answer the invitation"),
        action=reverse("meetings:answer", args=[slug, pk]),
        back=back,
        intro=services.when_text(meeting),
        submit=_("Send my answer"),
    )


@login_not_required
def rsvp(request, key):
    """The page behind the link of an invitation: no account needed, the key is enough."""
    invitee = get_object_or_404(
        Invitee.objects.select_related("meeting__collective", "organisation", "user"), key=key
    )
    if invitee.user is not None and not answers_invitation(invitee.user, invitee):
        raise Http404
    meeting = invitee.meeting
    form = AnswerForm(form_data(request), initial=AnswerForm.initial_for(invitee))
    if request.method == "POST" and form.is_valid():
        try:
            services.answer(
                invitee=invitee,
                actor=request.user if request.user.is_authenticated else None,
                **form.cleaned_data,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Your answer is saved. Thank you."))
            return redirect("meetings:rsvp", key)
    context = {
        "meeting": meeting,
        "invitee": invitee,
        "when": services.when_text(meeting),
        "agenda": list(meeting.items.filter(status=ItemStatus.ACCEPTED)),
        "form": form,
        "can_answer": not meeting.is_cancelled and not meeting.is_past,
        "can_open": request.user.is_authenticated and request.user.has_perm(VIEW, meeting),
        "facilitators": list(meeting.facilitators.all()),
    }
    return render(request, "meetings/rsvp.html", context)


# ------------------------------------------------------------------------ invitations


def _organisation_groups(invitees):
    """Invited people by organisation (alphabetical), those without one last."""
    ordered = sorted(
        invitees,
        key=lambda i: (
            not i.organisation_label,
            (i.organisation_label or "").casefold(),
            i.name.casefold(),
        ),
    )
    return [
        {"organisation": organisation, "people": list(people)}
        for organisation, people in groupby(ordered, key=lambda i: i.organisation_label or "")
    ]


def _invitees_page(request, meeting, status=200, **bound):
    invitees = list(meeting.invitees.select_related("organisation", "user"))
    can_change = request.user.has_perm(CHANGE, meeting) and not meeting.is_cancelled
    forms = {
        "member_form": InviteMemberForm(prefix="member", meeting=meeting),
        "guest_form": GuestForm(prefix="guest", meeting=meeting),
    }
    forms.update(bound)
    answers = dict.fromkeys(Rsvp.values, 0)
    for invitee in invitees:
        answers[invitee.rsvp] += 1
    frozen = Minutes.objects.filter(meeting=meeting, status=MinutesStatus.APPROVED).exists()
    context = {
        "collective": meeting.collective,
        "meeting": meeting,
        "when": services.when_text(meeting),
        "groups": _organisation_groups(invitees),
        "count": len(invitees),
        "answers": [(label, answers[value]) for value, label in Rsvp.choices],
        "waiting": sum(1 for i in invitees if i.email and i.invited_at is None),
        "without_address": sum(1 for i in invitees if not i.email),
        "can_change": can_change,
        "can_send": can_change and not meeting.is_past,
        # Someone added by mistake is taken off the list until the minutes are approved.
        "can_remove": can_change and not frozen,
        "frozen": frozen,
        "members_left": forms["member_form"].fields["user"].queryset.exists(),
        **forms,
    }
    return render(request, "meetings/invitees.html", context, status=status)


def invitees(request, slug, pk):
    return _invitees_page(request, get_meeting(request, slug, pk, INVITEES))


def _change_invitees(request, meeting, form, form_name, change, success):
    if form.is_valid():
        try:
            change(form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, success)
            return redirect("meetings:invitees", meeting.collective.slug, meeting.pk)
    return _invitees_page(request, meeting, **{form_name: form})


@require_POST
def invite_member(request, slug, pk):
    meeting = get_meeting(request, slug, pk, CHANGE)
    form = InviteMemberForm(request.POST, prefix="member", meeting=meeting)
    return _change_invitees(
        request,
        meeting,
        form,
        "member_form",
        lambda data: services.invite_member(actor=request.user, meeting=meeting, **data),
        _("The member is on the list."),
    )


@require_POST
def invite_guest(request, slug, pk):
    meeting = get_meeting(request, slug, pk, CHANGE)
    form = GuestForm(request.POST, prefix="guest", meeting=meeting)
    return _change_invitees(
        request,
        meeting,
        form,
        "guest_form",
        lambda data: services.invite_guest(actor=request.user, meeting=meeting, **data),
        _("The guest is on the list."),
    )


@require_POST
def remove_invitee(request, slug, pk, invitee):
    """Take someone added by mistake off the list (until the minutes are approved)."""
    meeting = get_meeting(request, slug, pk, CHANGE)
    invitee = get_object_or_404(Invitee, meeting=meeting, pk=invitee)
    try:
        name = services.remove_invitee(actor=request.user, invitee=invitee)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(name)s is no longer on the list.") % {"name": name})
    return redirect("meetings:invitees", meeting.collective.slug, meeting.pk)


@require_POST
def send_invitations(request, slug, pk):
    meeting = get_meeting(request, slug, pk, CHANGE)
    try:
        sent = services.send_invitations(actor=request.user, meeting=meeting)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s invitation sent, with its calendar file.",
                "%(count)s invitations sent, each with its calendar file.",
                sent,
            )
            % {"count": sent},
        )
    return redirect("meetings:invitees", meeting.collective.slug, meeting.pk)
