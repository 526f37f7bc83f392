"""The meeting pages: the list, planning and changing a meeting, the meeting's page
(one moment at a time: before, during, after: ``?moment=``), cancelling it and planning
the next one; and what the other meeting views share (the form of the meeting on a page
of its own, the change made from it).

Every change goes through services.py; a refused change shows the service's message
on the form, with what was typed kept. The meeting's forms each have their own page,
which the meeting's page opens on demand (htmx loads the form into the page; without
JavaScript, a link) and which comes back filled in when the form is refused. The comments
on an item and the notes typed during the meeting stay on the meeting's page.
"""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.errors import ConflictError, DomainError
from maillage.core.forms import add_domain_error, form_data
from maillage.core.zones import local_datetime

from . import services
from .access import get_meeting, get_meetings_collective
from .forms import (
    CancelForm,
    CommentForm,
    MeetingForm,
    NextMeetingForm,
    NotesForm,
    active_members,
)
from .models import (
    Attendance,
    ItemComment,
    Meeting,
    Minutes,
    MinutesStatus,
    Rsvp,
)

VIEW = "meetings.view_meeting"
CHANGE = "meetings.change_meeting"
MINUTES = "meetings.change_minutes"
TAKE_PART = "meetings.take_part"
INVITEES = "meetings.view_invitees"

# Where a service's field goes on the meeting forms (date and times are typed apart).
MEETING_FIELDS = {"starts_at": "date", "ends_at": "end_time"}


def _times(data, zone):
    """The start and end of a form with a date, a start time and an end time."""
    starts = local_datetime(data["date"], data["start_time"], zone)
    ends = local_datetime(data["date"], data["end_time"], zone)
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
            "agenda": [item for item in items if item.is_on_agenda],
            "proposals": [item for item in items if item.is_proposed],
            "declined": [item for item in items if item.is_declined],
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
        agenda = [item for item in _items(meeting) if item.is_on_agenda]
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
