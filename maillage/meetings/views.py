"""The meeting pages: planning, invitations and answers, attendance, the agenda,
decisions, actions, announcements and the next meeting.

The minutes (views_minutes) and the calendars (views_calendar) have their own modules.
Every change goes through services.py; a refused change shows the service's message
on the form, with what was typed kept. The meeting's page shows one moment at a time
(before, during, after: ``?moment=``); its forms each have their own page, which the
meeting's page opens on demand (htmx loads the form into the page; without JavaScript,
a link) and which comes back filled in when the form is refused. The comments on an
item and the notes typed during the meeting stay on the meeting's page.
"""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from maillage.actions import services as actions_services
from maillage.core.errors import ConflictError, DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services
from .access import get_decision, get_item, get_meeting, get_meetings_collective
from .forms import (
    ActionForm,
    AnnouncementForm,
    AnswerForm,
    AttendanceForm,
    CancelForm,
    CommentForm,
    DecisionForm,
    GuestForm,
    InviteMemberForm,
    ItemEditForm,
    ItemForm,
    MeetingForm,
    NextMeetingForm,
    NextStepsForm,
    NotesForm,
    WalkInForm,
    active_members,
)
from .models import (
    Attendance,
    Invitee,
    ItemComment,
    ItemStatus,
    Meeting,
    Minutes,
    MinutesStatus,
    Rsvp,
)
from .rules import answers_invitation

VIEW = "meetings.view_meeting"
CHANGE = "meetings.change_meeting"
MINUTES = "meetings.change_minutes"
TAKE_PART = "meetings.take_part"
INVITEES = "meetings.view_invitees"

# Where a service's field goes on the meeting forms (date and times are typed apart).
MEETING_FIELDS = {"starts_at": "date", "ends_at": "end_time"}


def _to_detail(meeting, anchor=""):
    return redirect(meeting.get_absolute_url() + (f"#{anchor}" if anchor else ""))


def _times(data, zone):
    """The start and end of a form with a date, a start time and an end time."""
    starts = services.local_datetime(data["date"], data["start_time"], zone)
    ends = services.local_datetime(data["date"], data["end_time"], zone)
    return starts, ends


# ---------------------------------------------------------------------- list and form


def meeting_list(request, slug):
    collective = get_meetings_collective(request, slug)
    meetings = (
        Meeting.objects.visible_to(request.user)
        .filter(collective=collective)
        .select_related("collective")
    )
    now = timezone.now()
    upcoming = list(meetings.filter(ends_at__gte=now).order_by("starts_at", "pk"))
    past = list(meetings.filter(ends_at__lt=now).order_by("-starts_at", "-pk"))
    for meeting in upcoming + past:
        meeting.when = services.when_text(meeting)
    return render(
        request,
        "meetings/list.html",
        {
            "collective": collective,
            "upcoming": upcoming,
            "past": past,
            "can_add": request.user.has_perm("meetings.add_meeting", collective),
        },
    )


def _meeting_fields(data):
    fields = {name: data[name] for name in MeetingForm.MEETING_TEXT}
    fields["starts_at"], fields["ends_at"] = _times(data, data["time_zone"])
    fields["consultation"] = data["consultation"]
    return fields


def create(request, slug):
    collective = get_meetings_collective(request, slug, "meetings.add_meeting")
    form = MeetingForm(
        form_data(request),
        collective=collective,
        initial={"facilitators": active_members(collective).filter(pk=request.user.pk)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.create_meeting(
                actor=request.user,
                collective=collective,
                facilitators=list(data["facilitators"]),
                secretary=data["secretary"],
                **_meeting_fields(data),
            )
        except DomainError as exc:
            add_domain_error(form, exc, MEETING_FIELDS)
        else:
            messages.success(
                request,
                _(
                    "The meeting is planned and the members are on its list. "
                    "Prepare the agenda, then send the invitations."
                ),
            )
            return redirect(meeting)
    return render(request, "meetings/form.html", {"collective": collective, "form": form})


def edit(request, slug, pk):
    meeting = get_meeting(request, slug, pk, CHANGE)
    conflict = None
    form = MeetingForm(
        form_data(request),
        collective=meeting.collective,
        editing=True,
        initial=MeetingForm.initial_for(meeting),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_meeting(
                actor=request.user,
                meeting=meeting,
                base_version=data["base_version"] or 0,
                facilitators=list(data["facilitators"]),
                secretary=data["secretary"],
                **_meeting_fields(data),
            )
        except ConflictError as exc:
            # Keep what was typed, on top of the current version: saving again,
            # after checking, is possible.
            meeting.refresh_from_db()
            conflict = exc
            posted = request.POST.copy()
            posted["base_version"] = meeting.version
            form = MeetingForm(posted, collective=meeting.collective, editing=True)
            form.is_valid()
        except DomainError as exc:
            add_domain_error(form, exc, MEETING_FIELDS)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect(meeting)
    return render(
        request,
        "meetings/form.html",
        {"collective": meeting.collective, "meeting": meeting, "form": form, "conflict": conflict},
        status=409 if conflict else 200,
    )


# ------------------------------------------------------------------------ the meeting

# The meeting's page shows one moment at a time: before (what it is for, when and where,
# the answers, the agenda being built), during (the agenda with its notes, attendance,
# decisions, actions) and after (what came of it, the minutes, the next meeting).
BEFORE, DURING, AFTER = "before", "during", "after"
MOMENTS = (BEFORE, DURING, AFTER)


# The answers as the page counts them: those who come first, those not answered last.
ANSWERS = [(value, Rsvp(value).label) for value in ("coming", "represented", "excused", "pending")]


def default_moment(meeting, now=None):
    """Before until the meeting starts, during while it runs, after once it ended."""
    now = now or timezone.now()
    if now < meeting.starts_at:
        return BEFORE
    if now < meeting.ends_at:
        return DURING
    return AFTER


def _record_moment(meeting):
    """Where decisions and actions are read: during the meeting, or after it."""
    return AFTER if meeting.ends_at <= timezone.now() else DURING


def _detail_url(meeting, moment="", anchor=""):
    query = f"?moment={moment}" if moment else ""
    return meeting.get_absolute_url() + query + (f"#{anchor}" if anchor else "")


def _to_detail(meeting, anchor="", moment=""):
    return redirect(_detail_url(meeting, moment, anchor))


def _items(meeting):
    return list(
        meeting.items.select_related("proposed_by").prefetch_related(
            Prefetch("comments", queryset=ItemComment.objects.select_related("author")),
            "decisions",
        )
    )


def _comment_form(item, data=None):
    # One form per item on the page: the same field name, ids of its own.
    return CommentForm(data, auto_id=f"id_item{item.pk}_%s")


def _notes_form(item, data=None):
    return NotesForm(
        data,
        auto_id=f"id_item{item.pk}_%s",
        initial={"notes": item.notes, "base_version": item.version},
    )


def _counts(queryset, field, choices):
    """(value, label, count) for each choice, in the order of the choices."""
    counts = dict(queryset.values_list(field).annotate(n=Count("pk")).order_by())
    return [(value, label, counts.get(value, 0)) for value, label in choices]


def _moment_context(meeting, moment, bound, write_notes):
    """What one moment of the page shows, and only that (each tab is its own page)."""
    if moment == BEFORE:
        items = _items(meeting)
        comment_forms = bound.pop("comment_forms", {})
        for item in items:
            item.comment_form = comment_forms.get(item.pk) or _comment_form(item)
        return {
            "agenda": [item for item in items if item.status == ItemStatus.ACCEPTED],
            "proposals": [item for item in items if item.status == ItemStatus.PROPOSED],
            "declined": [item for item in items if item.status == ItemStatus.DECLINED],
            "answers": _counts(meeting.invitees, "rsvp", ANSWERS),
        }
    actions = list(
        meeting.actions.select_related(
            "decision", "collective", "project__collective"
        ).with_owners()
    )
    for action in actions:
        action.link = action.get_absolute_url()
    decisions = list(meeting.decisions.select_related("item"))
    if moment == DURING:
        agenda = [item for item in _items(meeting) if item.status == ItemStatus.ACCEPTED]
        notes_forms = bound.pop("notes_forms", {})
        conflicts = bound.pop("conflicts", {})
        for item in agenda:
            # A refused text comes back in its box, with the reason, even when the notes
            # can no longer be written (approved minutes): nothing typed is lost.
            bound_form = notes_forms.get(item.pk)
            item.notes_form = bound_form or (_notes_form(item) if write_notes else None)
            item.notes_errors = [
                message
                for errors in (bound_form.errors.values() if bound_form else [])
                for message in errors
            ]
            item.conflict = conflicts.get(item.pk)
        return {
            "agenda": agenda,
            "actions": actions,
            "decisions": decisions,
            "other_decisions": [d for d in decisions if d.item_id is None],
            "attendance": _counts(meeting.invitees, "attendance", Attendance.choices),
        }
    return {
        "actions": actions,
        "decisions": decisions,
        "announcements": list(meeting.announcements.select_related("shared_by")),
        "minutes": Minutes.objects.filter(meeting=meeting).first(),
    }


def _detail(request, meeting, status=200, moment=None, **bound):
    """The meeting's page at one moment; ``bound`` holds refused forms, shown filled in."""
    user = request.user
    if moment is None:
        asked = request.GET.get("moment")
        moment = asked if asked in MOMENTS else default_moment(meeting)
    slug = meeting.collective.slug
    started = meeting.is_past
    open_meeting = not meeting.is_cancelled
    frozen = Minutes.objects.filter(meeting=meeting, status=MinutesStatus.APPROVED).exists()
    plans = user.has_perm(CHANGE, meeting)
    keeps_minutes = user.has_perm(MINUTES, meeting)
    takes_part = user.has_perm(TAKE_PART, meeting)
    write_notes = keeps_minutes and open_meeting and not frozen
    invitee = meeting.invitees.filter(user=user).first()
    context = {
        "collective": meeting.collective,
        "meeting": meeting,
        "moment": moment,
        "when": services.when_text(meeting),
        "facilitators": list(meeting.facilitators.all()),
        "following": list(meeting.following.order_by("starts_at", "pk")),
        "invitee": invitee,
        "frozen": frozen,
        # The agenda and the meeting's details, until the minutes are approved.
        "can_plan": plans and open_meeting and not frozen,
        "can_plan_next": plans,
        # Cancelling is for a meeting that has not started: once it has, it happens.
        "can_cancel": plans and open_meeting and not started,
        "can_invitees": user.has_perm(INVITEES, meeting),
        "can_minutes": keeps_minutes,
        "can_record": keeps_minutes and not frozen,
        "can_write_notes": write_notes,
        "can_take_part": takes_part,
        "can_propose": takes_part and open_meeting and not started,
        "can_announce": takes_part and not frozen,
        "can_answer": invitee is not None and open_meeting and not started,
        "minutes_url": reverse("meetings:minutes", args=[slug, meeting.pk]),
        "ics_url": reverse("meetings:ics", args=[slug, meeting.pk]),
        **_moment_context(meeting, moment, bound, write_notes),
    }
    return render(request, "meetings/detail.html", context, status=status)


def detail(request, slug, pk):
    return _detail(request, get_meeting(request, slug, pk))


def _form_page(request, meeting, form, heading, *, action, back, intro="", submit="", danger=False):
    """A form of the meeting on its own page. The meeting's page opens it on demand
    (its data-disclosure-content part, loaded by htmx) or links to it without JavaScript;
    a refused form comes back here, filled in."""
    return render(
        request,
        "meetings/page_form.html",
        {
            "collective": meeting.collective,
            "meeting": meeting,
            "form": form,
            "heading": heading,
            "action": action,
            "back": back,
            "intro": intro,
            "submit": submit,
            "danger": danger,
        },
    )


def _change_on_page(request, meeting, form, change, success, redirect_to):
    """Make the change of a valid form and go back; None when there is nothing to do
    yet or the form is refused (the service's message is then on the form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = change(form.cleaned_data)
    except DomainError as exc:
        add_domain_error(form, exc)
        return None
    messages.success(request, success)
    if isinstance(result, Meeting) and result.pk != meeting.pk:
        return redirect(result)
    return redirect(redirect_to)


def cancel(request, slug, pk):
    """Cancel the meeting, with a reason sent to those invited: before it starts only."""
    meeting = get_meeting(request, slug, pk, CHANGE)
    if request.method != "POST" and (meeting.is_cancelled or meeting.is_past):
        messages.error(
            request,
            _("This meeting is already cancelled.")
            if meeting.is_cancelled
            else _("This meeting has already started: it can no longer be cancelled."),
        )
        return _to_detail(meeting)
    form = CancelForm(form_data(request), prefix="cancel")
    done = _change_on_page(
        request,
        meeting,
        form,
        lambda data: services.cancel_meeting(
            actor=request.user, meeting=meeting, reason=data["reason"]
        ),
        _("The meeting is cancelled; those who were invited are told."),
        _detail_url(meeting),
    )
    return done or _form_page(
        request,
        meeting,
        form,
        _("Cancel the meeting"),
        action=reverse("meetings:cancel", args=[slug, pk]),
        back=_detail_url(meeting),
        intro=_("Those who were invited get the cancellation, with its calendar file."),
        submit=_("Cancel the meeting"),
        danger=True,
    )


def next_meeting(request, slug, pk):
    meeting = get_meeting(request, slug, pk, CHANGE)
    form = NextMeetingForm(form_data(request), prefix="next")

    def change(data):
        starts, ends = _times(data, meeting.time_zone)
        return services.create_next_meeting(
            actor=request.user, meeting=meeting, starts_at=starts, ends_at=ends, title=data["title"]
        )

    done = _change_on_page(
        request,
        meeting,
        form,
        change,
        _("The next meeting is planned, with the same place, people and list. Check it here."),
        _detail_url(meeting, AFTER, "plan-next"),
    )
    return done or _form_page(
        request,
        meeting,
        form,
        _("Plan the next meeting"),
        action=reverse("meetings:next_meeting", args=[slug, pk]),
        back=_detail_url(meeting, AFTER, "plan-next"),
        intro=" ".join(
            (
                _(
                    "Same kind, place, facilitators, person in charge of the minutes and list "
                    "of people; you can change everything afterwards."
                ),
                _("Times in the time zone %(zone)s.") % {"zone": meeting.time_zone},
            )
        ),
        submit=_("Plan the next meeting"),
    )


def next_steps(request, slug, pk):
    meeting = get_meeting(request, slug, pk, MINUTES)
    form = NextStepsForm(
        form_data(request),
        prefix="steps",
        initial={"next_steps": meeting.next_steps, "annexes": meeting.annexes},
    )
    back = _detail_url(meeting, AFTER, "next-steps")
    done = _change_on_page(
        request,
        meeting,
        form,
        lambda data: services.set_next_steps(actor=request.user, meeting=meeting, **data),
        _("The next steps and annexes are saved."),
        back,
    )
    return done or _form_page(
        request,
        meeting,
        form,
        _("Write the next steps and annexes"),
        action=reverse("meetings:next_steps", args=[slug, pk]),
        back=back,
    )


def announcement_add(request, slug, pk):
    meeting = get_meeting(request, slug, pk, TAKE_PART)
    form = AnnouncementForm(form_data(request), prefix="announcement")
    back = _detail_url(meeting, AFTER, "announcements")
    done = _change_on_page(
        request,
        meeting,
        form,
        lambda data: services.add_announcement(actor=request.user, meeting=meeting, **data),
        _("Your announcement is shared."),
        back,
    )
    return done or _form_page(
        request,
        meeting,
        form,
        _("Share an announcement"),
        action=reverse("meetings:announcement_add", args=[slug, pk]),
        back=back,
        intro=_("An event, a call for projects, a publication: something the others should know."),
        submit=_("Share"),
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


# ------------------------------------------------------------------------- attendance


def _attendance_page(request, meeting, form=None, walk_in_form=None, status=200):
    invitees = list(meeting.invitees.select_related("organisation").order_by("name", "pk"))
    form = form or AttendanceForm(invitees=invitees)
    today = timezone.localdate(timezone.now(), meeting.zone)
    context = {
        "collective": meeting.collective,
        "meeting": meeting,
        "when": services.when_text(meeting),
        "form": form,
        "rows": form.bound_rows(),
        "walk_in_form": walk_in_form or WalkInForm(prefix="walkin", meeting=meeting),
        "too_early": today < meeting.local_start.date(),
    }
    return render(request, "meetings/attendance.html", context, status=status)


def attendance(request, slug, pk):
    meeting = get_meeting(request, slug, pk, MINUTES)
    if request.method != "POST":
        return _attendance_page(request, meeting)
    invitees = list(meeting.invitees.select_related("organisation").order_by("name", "pk"))
    form = AttendanceForm(request.POST, invitees=invitees)
    if form.is_valid():
        try:
            services.record_attendance(
                actor=request.user, meeting=meeting, marks=form.marks(), proxies=form.proxies()
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Attendance is saved."))
            return redirect("meetings:attendance", meeting.collective.slug, meeting.pk)
    return _attendance_page(request, meeting, form=form)


@require_POST
def walk_in(request, slug, pk):
    meeting = get_meeting(request, slug, pk, MINUTES)
    form = WalkInForm(request.POST, prefix="walkin", meeting=meeting)
    if form.is_valid():
        try:
            invitee, already = services.add_walk_in(
                actor=request.user, meeting=meeting, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if already:
                text = _(
                    "%(name)s was already on the list: no one was added, %(name)s is marked "
                    "present."
                )
            else:
                text = _("%(name)s is on the list, marked present.")
            messages.success(request, text % {"name": invitee.name})
            return redirect("meetings:attendance", meeting.collective.slug, meeting.pk)
    return _attendance_page(request, meeting, walk_in_form=form)


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
                "saved_at": None if refused else timezone.localtime(timezone.now(), meeting.zone),
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
    if item.status == ItemStatus.DECLINED:
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


# ------------------------------------------------------------------ decisions, actions


def decision_add(request, slug, pk):
    meeting = get_meeting(request, slug, pk, MINUTES)
    initial = {}
    if request.GET.get("item", "").isdigit():
        initial["item"] = meeting.items.filter(pk=request.GET["item"]).first()
    form = DecisionForm(form_data(request), meeting=meeting, initial=initial)
    back = _detail_url(meeting, _record_moment(meeting), "decisions")
    done = _change_on_page(
        request,
        meeting,
        form,
        lambda data: services.add_decision(actor=request.user, meeting=meeting, **data),
        _("The decision is recorded."),
        back,
    )
    action = reverse("meetings:decision_add", args=[slug, pk])
    if initial.get("item"):
        action += f"?item={initial['item'].pk}"
    return done or _form_page(
        request, meeting, form, _("Record a decision"), action=action, back=back
    )


def decision_edit(request, slug, pk, decision):
    meeting = get_meeting(request, slug, pk, MINUTES)
    decision = get_decision(meeting, decision)
    form = DecisionForm(
        form_data(request),
        meeting=meeting,
        with_item=False,
        initial={"text": decision.text, "status": decision.status},
    )
    back = _detail_url(meeting, _record_moment(meeting), "decisions")
    done = _change_on_page(
        request,
        meeting,
        form,
        lambda data: services.update_decision(actor=request.user, decision=decision, **data),
        _("The decision is saved."),
        back,
    )
    return done or _form_page(
        request,
        meeting,
        form,
        _("Change the decision"),
        action=reverse("meetings:decision_edit", args=[slug, pk, decision.pk]),
        back=back,
    )


def action_add(request, slug, pk):
    meeting = get_meeting(request, slug, pk, MINUTES)
    initial = {}
    if request.GET.get("decision", "").isdigit():
        initial["decision"] = meeting.decisions.filter(pk=request.GET["decision"]).first()
    form = ActionForm(form_data(request), meeting=meeting, initial=initial)
    back = _detail_url(meeting, _record_moment(meeting), "actions")
    done = _change_on_page(
        request,
        meeting,
        form,
        lambda data: actions_services.create_action(
            actor=request.user,
            collective=meeting.collective,
            meeting=meeting,
            title=data["title"],
            owners=form.chosen_owners(),
            due_date=data["due_date"],
            decision=data["decision"],
            description=data["description"],
        ),
        _("The action is recorded."),
        back,
    )
    action = reverse("meetings:action_add", args=[slug, pk])
    if initial.get("decision"):
        action += f"?decision={initial['decision'].pk}"
    return done or _form_page(request, meeting, form, _("Add an action"), action=action, back=back)
