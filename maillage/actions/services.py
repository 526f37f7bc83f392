"""Every change to an action, and the weekly digest.

An action has owners, in order: members of its collective, organisations of its
collective, or guests named in words. Whoever is named must be a member (or an
organisation of the collective) when named; an owner who has left since stays until
replaced. Changes carry the version the person started from, so two people moving the
same action get a clear conflict instead of overwriting each other.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.audit.services import log_action
from maillage.collectives import comments
from maillage.collectives.models import Membership, Organisation
from maillage.core.changes import clean_line, lock_at_version
from maillage.core.errors import DomainError
from maillage.core.mail import queue_email
from maillage.core.typography import one_line
from maillage.core.values import KEEP

from .models import OPEN_STATUSES, Action, ActionComment, ActionOwner, ActionStatus, DigestSent
from .services_planning import Moved, check_dates, check_phase, lock_collective, pass_on

# The digest lists open actions due within this many days, and all overdue ones.
DIGEST_HORIZON_DAYS = 14


# An action names at most this many owners; a guest's name at most this many characters.
MAX_OWNERS = 20
GUEST_NAME_LENGTH = ActionOwner._meta.get_field("name").max_length


def _key(owner):
    """What makes two owners the same: the account, the organisation, or the name
    (without regard to case)."""
    if owner["user"] is not None:
        return ("user", owner["user"].pk)
    if owner["organisation"] is not None:
        return ("organisation", owner["organisation"].pk)
    return ("name", owner["name"].casefold())


def _clean_owners(collective, owners, current=()):
    """``owners`` in order, each a User (a member), an Organisation (of the collective)
    or a text (a guest's name), as rows for ActionOwner; the same owner once. Those in
    ``current`` (the action's owners now) may stay even if they have left since."""
    kept = {_key(owner) for owner in current}
    members = None
    organisations = None
    rows, seen = [], set()
    for owner in owners:
        if isinstance(owner, User):
            row = {"user": owner, "organisation": None, "name": ""}
            if _key(row) not in kept:
                if members is None:
                    members = Membership.objects.member_ids(collective)
                if owner.pk not in members:
                    raise DomainError(
                        _(
                            "%(person)s is not a member of the collective: "
                            "an action's owner must be one."
                        )
                        % {"person": owner},
                        field="owners",
                    )
        elif isinstance(owner, Organisation):
            row = {"user": None, "organisation": owner, "name": ""}
            if _key(row) not in kept:
                if organisations is None:
                    organisations = set(collective.organisations.values_list("pk", flat=True))
                if owner.pk not in organisations:
                    raise DomainError(
                        _("%(organisation)s is not an organisation of the collective.")
                        % {"organisation": owner.name},
                        field="organisations",
                    )
        else:
            name = one_line(str(owner or ""))
            if not name:
                continue
            if len(name) > GUEST_NAME_LENGTH:
                raise DomainError(
                    _("A name has at most %(count)s characters: “%(name)s…”.")
                    % {"count": GUEST_NAME_LENGTH, "name": name[:40]},
                    field="other_owners",
                )
            if "@" in name:
                raise DomainError(
                    _("Write the person's name, not an e-mail address: %(name)s.") % {"name": name},
                    field="other_owners",
                )
            row = {"user": None, "organisation": None, "name": name}
        if _key(row) in seen:
            continue
        seen.add(_key(row))
        rows.append(row)
    if len(rows) > MAX_OWNERS:
        raise DomainError(
            _("An action has at most %(count)s owners.") % {"count": MAX_OWNERS},
            field="owners",
        )
    return rows


def _current_owners(action):
    return [
        {"user": o.user, "organisation": o.organisation, "name": o.name}
        for o in action.owners.select_related("user", "organisation")
    ]


def _set_owners(action, rows, current=()):
    """Store the owners: those already there keep their place, new ones follow in the
    order given. Returns whether anything changed."""
    wanted = {_key(row) for row in rows}
    ordered = [row for row in current if _key(row) in wanted]
    kept = {_key(row) for row in ordered}
    ordered += [row for row in rows if _key(row) not in kept]
    if [_key(row) for row in ordered] == [_key(row) for row in current]:
        return False
    action.owners.all().delete()
    ActionOwner.objects.bulk_create(
        ActionOwner(action=action, position=position, **row) for position, row in enumerate(ordered)
    )
    # Forget owners read before the change.
    getattr(action, "_prefetched_objects_cache", {}).pop("owners", None)
    return True


def _owner_text(rows):
    """The owners in one line for the audit log (the same in every language)."""
    names = []
    for row in rows:
        if row["user"] is not None:
            names.append(str(row["user"]))
        elif row["organisation"] is not None:
            names.append(row["organisation"].name)
        else:
            names.append(row["name"])
    return ", ".join(names)


def _check_meeting(collective, meeting, decision, *, in_minutes=True):
    if meeting is not None:
        if meeting.collective_id != collective.pk:
            raise DomainError(_("This meeting belongs to another collective."), field="meeting")
        if in_minutes:
            from maillage.meetings.services import check_not_frozen

            check_not_frozen(meeting)
    if decision is None:
        return
    if decision.collective_id != collective.pk:
        raise DomainError(_("This decision belongs to another collective."), field="decision")
    # A meeting's decision is carried out from that meeting; a decision by consultation,
    # taken without a meeting, from none.
    if decision.meeting_id != (meeting.pk if meeting is not None else None):
        raise DomainError(_("This decision belongs to another meeting."), field="decision")


def _clean_title(title):
    return clean_line(title, field="title", empty_message=_("Say what is to be done."))


def _snapshot(action, owners):
    return {
        "title": action.title,
        "owner": _owner_text(owners),
        "start_date": action.start_date.isoformat() if action.start_date else "",
        "due_date": action.due_date.isoformat() if action.due_date else "",
        "status": action.status,
        "phase": str(action.phase) if action.phase_id else "",
    }


def _conflict_message(action):
    return _(
        "%(person)s changed this action while you were looking at it; it is now "
        "“%(status)s”. Nothing was changed: check it and try again."
    ) % {"person": action.last_editor_name, "status": action.get_status_display()}


@transaction.atomic
def create_action(
    *,
    actor,
    collective,
    title,
    owners=(),
    due_date=None,
    description="",
    meeting=None,
    decision=None,
    project=None,
    commitment=None,
    start_date=None,
    phase=None,
):
    """A new action; it may come from a meeting (and one of its decisions) or a
    consultation's pledge (``commitment``), and may belong to a project. ``owners``:
    members (User), organisations of the collective (Organisation) and guests (their
    names), in order."""
    title = _clean_title(title)
    owners = _clean_owners(collective, owners)
    # An action added to a project from a decision is not part of that meeting's minutes,
    # so approved (frozen) minutes do not prevent it.
    _check_meeting(collective, meeting, decision, in_minutes=project is None)
    if project is not None and project.collective_id != collective.pk:
        raise DomainError(_("This project belongs to another collective."), field="project")
    if commitment is not None and commitment.note.group.consultation.collective_id != collective.pk:
        raise DomainError(_("This pledge comes from another collective."), field="commitment")
    check_dates(start_date, due_date)
    check_phase(collective, phase, project)
    if phase is not None and project is None and phase.project_id:
        project = phase.project
    action = Action.objects.create(
        collective=collective,
        title=title,
        description=description.strip(),
        start_date=start_date,
        due_date=due_date,
        phase=phase,
        meeting=meeting,
        decision=decision,
        project=project,
        commitment=commitment,
        created_by=actor,
        updated_by=actor,
    )
    _set_owners(action, owners)
    log_action(
        actor=actor,
        action="actions.created",
        obj=action,
        after=_snapshot(action, owners)
        | {
            "meeting": str(meeting) if meeting else None,
            "project": str(project) if project else None,
        },
    )
    return action


def _locked(action, base_version):
    return lock_at_version(
        Action.objects.select_related("collective", "updated_by"),
        action.pk,
        base_version,
        message=_conflict_message,
    )


@transaction.atomic
def update_action(
    *,
    actor,
    action,
    base_version,
    title=KEEP,
    owners=KEEP,
    due_date=KEEP,
    description=KEEP,
    start_date=KEEP,
    phase=KEEP,
):
    """Change an action; ``owners`` as for ``create_action``. Owners who have left the
    collective since they were named may stay; nobody new may be named but members.
    New dates push later the open actions that depend on it when they must: they are
    listed in the returned action's ``shifted`` (see services_planning.pass_on)."""
    dates_given = start_date is not KEEP or due_date is not KEEP
    if dates_given:
        lock_collective(action.collective_id)  # before the action: the planning's order
    action = _locked(action, base_version)
    current = _current_owners(action)
    before = _snapshot(action, current)
    rows = current
    if title is not KEEP:
        action.title = _clean_title(title)
    if owners is not KEEP:
        rows = _clean_owners(action.collective, owners, current)
        _set_owners(action, rows, current)
        rows = _current_owners(action)
    if due_date is not KEEP:
        action.due_date = due_date
    if start_date is not KEEP:
        action.start_date = start_date
    check_dates(action.start_date, action.due_date)
    if phase is not KEEP:
        check_phase(action.collective, phase, action.project)
        action.phase = phase
    if description is not KEEP:
        action.description = description.strip()
    action.version += 1
    action.updated_by = actor
    action.save()
    after = _snapshot(action, rows)
    log_action(
        actor=actor,
        action="actions.updated",
        obj=action,
        before={key: value for key, value in before.items() if after[key] != value},
        after={key: value for key, value in after.items() if before[key] != value},
    )
    action.shifted = pass_on(actor=actor, action=action).shifted if dates_given else []
    return action


@transaction.atomic
def set_dates(*, actor, action, start_date, due_date, base_version):
    """Move an action (dates typed, or its bar dragged): the open actions that depend
    on it and would start before it ends move later too. Returns services_planning.Moved."""
    action = update_action(
        actor=actor,
        action=action,
        base_version=base_version,
        start_date=start_date,
        due_date=due_date,
    )
    return Moved(action, action.shifted)


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
        Action.objects.owned_by(user)
        .filter(
            status__in=OPEN_STATUSES,
            collective__in=Collective.objects.of_member(user),
        )
        .exclude(due_date__gt=horizon)
        .select_related("collective", "meeting")
        .with_owners()
        .order_by("collective__name", "due_date", "pk")
    )


def send_digests(*, today):
    """One e-mail per person with open actions: what is overdue and what is due soon.

    Returns how many e-mails were queued. A person gets at most one per ISO week."""
    week = iso_week(today)
    owners = (
        User.objects.filter(is_active=True, action_ownerships__action__status__in=OPEN_STATUSES)
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
    log_action(actor=actor, action="actions.comment_added", obj=action)
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
    log_action(actor=actor, action="actions.comment_archived", obj=action)
    return comment


@transaction.atomic
def action_from_commitment(*, actor, commitment, project=None, decision=None):
    """A consultation's pledge (``commitment``) becomes an action of the consultation's
    collective in one step: its text, its person (a member) or the name written for it,
    its date; in ``project`` and carrying out ``decision`` (a meeting's or one by
    consultation) when given. Once only."""
    from maillage.consultations.models import Commitment

    commitment = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("note__group__consultation__collective", "person")
        .get(pk=commitment.pk)
    )
    made = Action.objects.filter(commitment=commitment).first()
    if made is not None:
        raise DomainError(
            _("This pledge is already the action “%(title)s”.") % {"title": made.title},
            field="commitment",
            code="made",
        )
    collective = commitment.note.group.consultation.collective
    owners = []
    if commitment.person is not None:
        member = Membership.objects.active().filter(collective=collective, user=commitment.person)
        # Someone who is not a member (a territory's, for a network consultation) is named.
        if member.exists():
            owners.append(commitment.person)
        elif commitment.person.display_name:
            owners.append(commitment.person.display_name)
    if commitment.person_name:
        owners.append(commitment.person_name)
    try:
        with transaction.atomic():
            return create_action(
                actor=actor,
                collective=collective,
                title=commitment.text,
                owners=owners,
                due_date=commitment.due_on,
                meeting=decision.meeting if decision is not None else None,
                decision=decision,
                project=project,
                commitment=commitment,
            )
    except IntegrityError:
        raise DomainError(
            _("This pledge is already an action."), field="commitment", code="made"
        ) from None
