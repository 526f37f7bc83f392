"""What comes of the meeting: decisions, actions, next steps and announcements."""

from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.actions import services as actions_services
from maillage.core.forms import form_data

from . import services
from .access import get_decision, get_meeting
from .forms import (
    ActionForm,
    AnnouncementForm,
    DecisionForm,
    NextStepsForm,
)
from .views_meeting import (
    AFTER,
    MINUTES,
    TAKE_PART,
    _change_on_page,
    _detail_url,
    _form_page,
    _record_moment,
)

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
