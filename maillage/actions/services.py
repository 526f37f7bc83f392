"""Every change to an action, and the weekly digest.

An action's owner is an active member of its collective. Changes carry the version
the person started from, so two people moving the same action get a clear conflict
instead of overwriting each other.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.collectives.models import Membership
from maillage.core import comments
from maillage.core.errors import ConflictError, DomainError
from maillage.core.mail import queue_email
from maillage.core.typography import one_line
from maillage.core.values import KEEP

from .models import OPEN_STATUSES, Action, ActionComment, ActionStatus, DigestSent

# The digest lists open actions due within this many days, and all overdue ones.
DIGEST_HORIZON_DAYS = 14


def _check_owner(collective, owner):
    if owner is None:
        return
    if not Membership.objects.active().filter(collective=collective, user=owner).exists():
        raise DomainError(
            _("%(person)s is not a member of the collective: an action's owner must be one.")
            % {"person": owner},
            field="owner",
        )


def _check_meeting(collective, meeting, decision, *, in_minutes=True):
    if meeting is not None:
        if meeting.collective_id != collective.pk:
            raise DomainError(_("This meeting belongs to another collective."), field="meeting")
        if in_minutes:
            from maillage.meetings.services import check_not_frozen

            check_not_frozen(meeting)
    if decision is not None and (meeting is None or decision.meeting_id != meeting.pk):
        raise DomainError(_("This decision belongs to another meeting."), field="decision")


def _clean_title(title):
    title = one_line(title or "")
    if not title:
        raise DomainError(_("Say what is to be done."), field="title")
    return title


def _snapshot(action):
    return {
        "title": action.title,
        "owner": str(action.owner) if action.owner_id else "",
        "due_date": action.due_date.isoformat() if action.due_date else "",
        "status": action.status,
    }


def _conflict(action):
    return ConflictError(
        _(
            "%(person)s changed this action while you were looking at it; it is now "
            "“%(status)s”. Nothing was changed: check it and try again."
        )
        % {"person": action.last_editor_name, "status": action.get_status_display()},
        code="conflict",
    )


@transaction.atomic
def create_action(
    *,
    actor,
    collective,
    title,
    owner=None,
    due_date=None,
    description="",
    meeting=None,
    decision=None,
    project=None,
    commitment=None,
):
    """A new action; it may come from a meeting (and one of its decisions) or a
    consultation's pledge (``commitment``), and may belong to a project."""
    title = _clean_title(title)
    _check_owner(collective, owner)
    # An action added to a project from a decision is not part of that meeting's minutes,
    # so approved (frozen) minutes do not prevent it.
    _check_meeting(collective, meeting, decision, in_minutes=project is None)
    if project is not None and project.collective_id != collective.pk:
        raise DomainError(_("This project belongs to another collective."), field="project")
    if commitment is not None and commitment.note.group.consultation.collective_id != collective.pk:
        raise DomainError(_("This pledge comes from another collective."), field="commitment")
    action = Action.objects.create(
        collective=collective,
        title=title,
        description=description.strip(),
        owner=owner,
        due_date=due_date,
        meeting=meeting,
        decision=decision,
        project=project,
        commitment=commitment,
        created_by=actor,
        updated_by=actor,
    )
    log_action(
        actor=actor,
        action="actions.created",
        obj=action,
        collective=collective,
        after=_snapshot(action)
        | {
            "meeting": str(meeting) if meeting else None,
            "project": str(project) if project else None,
        },
    )
    return action


def _locked(action, base_version):
    action = (
        Action.objects.select_for_update(of=("self",))
        .select_related("collective", "owner", "updated_by")
        .get(pk=action.pk)
    )
    if base_version is not None and action.version != base_version:
        raise _conflict(action)
    return action


@transaction.atomic
def update_action(
    *, actor, action, base_version, title=KEEP, owner=KEEP, due_date=KEEP, description=KEEP
):
    action = _locked(action, base_version)
    before = _snapshot(action)
    if title is not KEEP:
        action.title = _clean_title(title)
    if owner is not KEEP:
        _check_owner(action.collective, owner)
        action.owner = owner
    if due_date is not KEEP:
        action.due_date = due_date
    if description is not KEEP:
        action.description = description.strip()
    action.version += 1
    action.updated_by = actor
    action.save()
    after = _snapshot(action)
    log_action(
        actor=actor,
        action="actions.updated",
        obj=action,
        collective=action.collective,
        before={key: value for key, value in before.items() if after[key] != value},
        after={key: value for key, value in after.items() if before[key] != value},
    )
    return action


@transaction.atomic
def set_status(*, actor, action, status, base_version):
    """Move an action to another status; done records who and when."""
    if status not in ActionStatus.values:
        raise DomainError(_("Unknown status: %(status)s.") % {"status": status}, field="status")
    action = _locked(action, base_version)
    if action.status == status:
        return action
    before = action.status
    action.status = status
    if status == ActionStatus.DONE:
        action.completed_at, action.completed_by = timezone.now(), actor
    else:
        action.completed_at, action.completed_by = None, None
    action.version += 1
    action.updated_by = actor
    action.save()
    log_action(
        actor=actor,
        action="actions.status_changed",
        obj=action,
        collective=action.collective,
        before={"status": before},
        after={"status": status},
    )
    return action


# ------------------------------------------------------------------------ weekly digest


def iso_week(day):
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def digest_actions(user, today):
    """The person's open actions that are overdue or due within the horizon, plus
    those without a date, in the collectives they still belong to."""
    from maillage.collectives.models import Collective

    horizon = today + timedelta(days=DIGEST_HORIZON_DAYS)
    return (
        Action.objects.filter(
            owner=user,
            status__in=OPEN_STATUSES,
            collective__in=Collective.objects.of_member(user),
        )
        .exclude(due_date__gt=horizon)
        .select_related("collective", "meeting")
        .order_by("collective__name", "due_date", "pk")
    )


def send_digests(*, today):
    """One e-mail per person with open actions: what is overdue and what is due soon.

    Returns how many e-mails were queued. A person gets at most one per ISO week."""
    from maillage.accounts.models import User

    week = iso_week(today)
    owners = (
        User.objects.filter(is_active=True, actions__status__in=OPEN_STATUSES)
        .exclude(pk__in=DigestSent.objects.filter(week=week).values("user_id"))
        .distinct()
    )
    sent = 0
    for user in owners:
        actions = list(digest_actions(user, today))
        if not actions:
            continue
        try:
            with transaction.atomic():
                DigestSent.objects.create(user=user, week=week)
                queue_email(
                    template="actions/email/digest",
                    to=user.email,
                    context={
                        "user": user,
                        "actions": actions,
                        "overdue": [a for a in actions if a.due_date and a.due_date < today],
                        "today": today,
                        "url": settings.SITE_URL + reverse("actions:mine"),
                        "site_url": settings.SITE_URL,
                    },
                    language=user.language,
                )
        except IntegrityError:
            continue  # sent by another run in the meantime
        sent += 1
    return sent


# ----------------------------------------------------------------------------- comments


@transaction.atomic
def add_action_comment(*, actor, action, text):
    """A member's remark on an action: where it stands, what blocks it.

    The history records that a comment was added, not its text, so that an archived
    comment is hidden everywhere."""
    comments.check_may_comment(actor, action.collective)
    comment = ActionComment.objects.create(
        action=action, author=actor, text=comments.clean_text(text)
    )
    log_action(
        actor=actor, action="actions.comment_added", obj=action, collective=action.collective
    )
    return comment


@transaction.atomic
def archive_action_comment(*, actor, comment):
    """Its author or a coordinator hides a comment; nothing is deleted."""
    comment = (
        ActionComment.objects.select_for_update(of=("self",))
        .select_related("action__collective")
        .get(pk=comment.pk)
    )
    action = comment.action
    comments.archive(actor, comment)
    log_action(
        actor=actor, action="actions.comment_archived", obj=action, collective=action.collective
    )
    return comment
