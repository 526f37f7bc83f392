"""Every change to work streams, projects, milestones, links, needs and volunteers.

Each change runs in one transaction and is recorded in the audit log **under its
project** (or work stream), so that the project's timeline is its audit log. Nothing
is deleted: things are archived. Refusals raise DomainError with a message for the
person; their input is never lost by the views.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.collectives import comments
from maillage.collectives.models import Membership
from maillage.core.content import render as render_content
from maillage.core.content import summarise
from maillage.core.errors import ConflictError, DomainError
from maillage.core.typography import one_line

from .models import (
    Currency,
    LinkKind,
    Milestone,
    Need,
    NeedKind,
    Project,
    ProjectComment,
    ProjectLink,
    ProjectStatus,
    VolunteerSignup,
    WorkStream,
    WorkStreamStatus,
)

PROJECT_FIELDS = ("title", "content", "phase", "starts_on", "ends_on", "public")
# ProjectLink.url holds this many characters.
LINK_URL_MAX_LENGTH = 200
# The largest amount a need may ask for (the column holds 12 digits, 2 after the point).
MAX_AMOUNT = Decimal("9999999999.99")


def _log(actor, action, obj, collective, before=None, after=None):
    log_action(
        actor=actor, action=action, obj=obj, collective=collective, before=before, after=after
    )


def _title(title, message):
    title = one_line(title or "")
    if not title:
        raise DomainError(message, field="title")
    return title


def _check_members(collective, people, field="pilots"):
    if person := Membership.objects.first_outsider(collective, people):
        raise DomainError(
            _("%(person)s is not a member of the collective: they cannot be a pilot.")
            % {"person": person},
            field=field,
        )


def _check_dates(starts_on, ends_on, milestones=()):
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError(_("A project cannot end before it starts."), field="ends_on")
    for milestone in milestones:
        if ends_on and milestone.due_on > ends_on:
            raise DomainError(
                _("The milestone “%(title)s” (%(date)s) is after the project's end.")
                % {"title": milestone.title, "date": milestone.due_on.isoformat()},
                field="ends_on",
            )


# ------------------------------------------------------------------------ work streams


@transaction.atomic
def create_work_stream(*, actor, collective, title, purpose=""):
    title = _title(title, _("Give the work stream a title."))
    last = WorkStream.objects.filter(collective=collective).count()
    stream = WorkStream.objects.create(
        collective=collective, title=title, purpose=purpose.strip(), position=last + 1
    )
    _log(actor, "projects.work_stream_created", stream, collective, after={"title": title})
    return stream


@transaction.atomic
def update_work_stream(*, actor, work_stream, title, purpose, status):
    if status not in WorkStreamStatus.values:
        raise DomainError(_("Choose a status."), field="status")
    title = _title(title, _("Give the work stream a title."))
    before = {"title": work_stream.title, "status": work_stream.status}
    work_stream.title, work_stream.purpose, work_stream.status = title, purpose.strip(), status
    work_stream.save()
    _log(
        actor,
        "projects.work_stream_updated",
        work_stream,
        work_stream.collective,
        before=before,
        after={"title": title, "status": status},
    )
    return work_stream


@transaction.atomic
def archive_work_stream(*, actor, work_stream):
    if work_stream.projects.filter(archived_at__isnull=True).exists():
        raise DomainError(_("This work stream still holds projects: move or archive them first."))
    work_stream.archived_at = timezone.now()
    work_stream.save(update_fields=["archived_at"])
    _log(actor, "projects.work_stream_archived", work_stream, work_stream.collective)
    return work_stream


# ---------------------------------------------------------------------------- projects


@transaction.atomic
def create_project(
    *,
    actor,
    work_stream,
    title,
    pilots,
    partners=(),
    content="",
    status=ProjectStatus.IDEA,
    phase="",
    starts_on=None,
    ends_on=None,
    public=False,
):
    collective = work_stream.collective
    title = _title(title, _("Give the project a title."))
    if not pilots:
        raise DomainError(_("A project needs at least one pilot."), field="pilots")
    _check_members(collective, pilots)
    _check_dates(starts_on, ends_on)
    if status not in ProjectStatus.values:
        raise DomainError(_("Choose a status."), field="status")
    content_html = render_content(content.strip())
    project = Project.objects.create(
        collective=collective,
        work_stream=work_stream,
        title=title,
        content=content.strip(),
        content_html=content_html,
        summary_html=summarise(content_html),
        status=status,
        public=bool(public),
        phase=one_line(phase),
        starts_on=starts_on,
        ends_on=ends_on,
        position=work_stream.projects.count() + 1,
        created_by=actor,
    )
    project.pilots.set(pilots)
    project.partners.set(partners)
    _log(
        actor,
        "projects.project_created",
        project,
        collective,
        after={
            "title": title,
            "status": status,
            "pilots": ", ".join(str(p) for p in pilots),
        },
    )
    return project


def _locked(project, base_version=None):
    project = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
    if base_version is not None and project.version != base_version:
        raise ConflictError(
            _(
                "Someone changed this project while you were editing it. Your changes are "
                "not saved yet: check the project and make them again."
            ),
            code="conflict",
        )
    return project


def _changed(project, before, after):
    project.version += 1
    project.save()
    return (
        {k: v for k, v in before.items() if after[k] != v},
        {k: v for k, v in after.items() if before[k] != v},
    )


@transaction.atomic
def update_project(
    *, actor, project, base_version, pilots=None, partners=None, work_stream=None, **fields
):
    project = _locked(project, base_version)
    fields = {key: value for key, value in fields.items() if key in PROJECT_FIELDS}
    if "title" in fields:
        fields["title"] = _title(fields["title"], _("Give the project a title."))
    merged = {name: getattr(project, name) for name in PROJECT_FIELDS} | fields
    _check_dates(
        merged["starts_on"], merged["ends_on"], project.milestones.filter(archived_at=None)
    )
    if pilots is not None:
        if not pilots:
            raise DomainError(_("A project needs at least one pilot."), field="pilots")
        _check_members(project.collective, pilots)
    if work_stream is not None and work_stream.collective_id != project.collective_id:
        raise DomainError(_("This work stream belongs to another collective."))
    before = {name: getattr(project, name) for name in PROJECT_FIELDS}
    before["pilots"] = ", ".join(str(p) for p in project.pilots.order_by("pk"))
    before["work_stream"] = str(project.work_stream)
    for name, value in fields.items():
        setattr(project, name, value.strip() if isinstance(value, str) else value)
    project.content_html = render_content(project.content)
    project.summary_html = summarise(project.content_html)
    if work_stream is not None:
        project.work_stream = work_stream
    if pilots is not None:
        project.pilots.set(pilots)
    if partners is not None:
        project.partners.set(partners)
    after = {name: getattr(project, name) for name in PROJECT_FIELDS}
    after["pilots"] = ", ".join(str(p) for p in project.pilots.order_by("pk"))
    after["work_stream"] = str(project.work_stream)
    before, after = _changed(project, before, after)
    _log(actor, "projects.project_updated", project, project.collective, before, after)
    return project


@transaction.atomic
def set_status(*, actor, project, status, base_version=None):
    if status not in ProjectStatus.values:
        raise DomainError(_("Choose a status."), field="status")
    project = _locked(project, base_version)
    if project.status == status:
        return project
    before = {"status": project.status}
    project.status = status
    project.version += 1
    project.save()
    _log(
        actor,
        "projects.status_changed",
        project,
        project.collective,
        before=before,
        after={"status": status},
    )
    return project


def parse_progress(value):
    if value in (None, ""):
        return None
    try:
        progress = int(str(value).strip().rstrip("%"))
    except ValueError:
        raise DomainError(
            _("Progress is a whole number from 0 to 100."), field="progress"
        ) from None
    if not 0 <= progress <= 100:
        raise DomainError(_("Progress is a whole number from 0 to 100."), field="progress")
    return progress


@transaction.atomic
def set_progress(*, actor, project, progress):
    """Pilots set the progress by hand (0–100), or clear it to follow the milestones."""
    progress = parse_progress(progress)
    project = _locked(project)
    before = {"progress": project.progress}
    project.progress = progress
    project.version += 1
    project.save()
    _log(
        actor,
        "projects.progress_set",
        project,
        project.collective,
        before=before,
        after={"progress": progress},
    )
    return project


@transaction.atomic
def archive_project(*, actor, project):
    project = _locked(project)
    if project.archived_at:
        raise DomainError(_("This project is already archived."))
    project.archived_at = timezone.now()
    project.version += 1
    project.save()
    _log(actor, "projects.project_archived", project, project.collective)
    return project


def progress_of(project, milestones=None):
    """The pilots' figure if set, else the share of milestones reached (None without any)."""
    if project.progress is not None:
        return project.progress
    if milestones is None:
        milestones = project.milestones.filter(archived_at=None)
    milestones = [m for m in milestones if m.archived_at is None]
    if not milestones:
        return None
    return round(100 * sum(1 for m in milestones if m.reached_on) / len(milestones))


# -------------------------------------------------------------------------- milestones


@transaction.atomic
def add_milestone(*, actor, project, title, due_on):
    title = _title(title, _("Give the milestone a title."))
    if due_on is None:
        raise DomainError(_("Give the milestone a date."), field="due_on")
    if project.ends_on and due_on > project.ends_on:
        raise DomainError(
            _("This milestone is after the project's end (%(end)s): move the end first.")
            % {"end": project.ends_on.isoformat()},
            field="due_on",
        )
    if project.starts_on and due_on < project.starts_on:
        raise DomainError(
            _("This milestone is before the project's start (%(start)s).")
            % {"start": project.starts_on.isoformat()},
            field="due_on",
        )
    milestone = Milestone.objects.create(project=project, title=title, due_on=due_on)
    _log(
        actor,
        "projects.milestone_added",
        project,
        project.collective,
        after={"milestone": title, "due_on": due_on.isoformat()},
    )
    return milestone


@transaction.atomic
def reach_milestone(*, actor, milestone, reached_on=None):
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.reached_on:
        raise DomainError(_("This milestone is already reached."))
    milestone.reached_on = reached_on or timezone.localdate()
    milestone.save(update_fields=["reached_on"])
    project = milestone.project
    _log(
        actor,
        "projects.milestone_reached",
        project,
        project.collective,
        after={"milestone": milestone.title, "reached_on": milestone.reached_on.isoformat()},
    )
    return milestone


@transaction.atomic
def archive_milestone(*, actor, milestone):
    milestone.archived_at = timezone.now()
    milestone.save(update_fields=["archived_at"])
    project = milestone.project
    _log(
        actor,
        "projects.milestone_archived",
        project,
        project.collective,
        before={"milestone": milestone.title, "due_on": milestone.due_on.isoformat()},
    )
    return milestone


@transaction.atomic
def add_link(*, actor, project, title, url, kind="document"):
    """A link of the project: a known kind and a full web address (http or https)."""
    title = _title(title, _("Give the link a title."))
    if kind not in LinkKind.values:
        raise DomainError(_("Choose what kind of link it is."), field="kind")
    url = (url or "").strip()
    if not url:
        raise DomainError(_("Give the link's web address."), field="url")
    if len(url) > LINK_URL_MAX_LENGTH:
        raise DomainError(
            _("This web address is too long: at most %(max)s characters.")
            % {"max": LINK_URL_MAX_LENGTH},
            field="url",
        )
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise DomainError(
            _("“%(url)s” is not a web address: write it in full, e.g. https://example.org/page.")
            % {"url": url},
            field="url",
        ) from None
    link = ProjectLink.objects.create(project=project, title=title, url=url, kind=kind)
    _log(actor, "projects.link_added", project, project.collective, after={"link": url})
    return link


# ------------------------------------------------------------------------------- needs


def parse_amount(value):
    """An amount typed by a person: "12 000", "12'000.50" or "12000,5"; positive."""
    if value in (None, ""):
        raise DomainError(_("Give the amount sought."), field="amount")
    text = str(value).strip().replace("\u202f", "").replace("\xa0", "")
    text = text.replace(" ", "").replace("'", "").replace("’", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise DomainError(
            _("“%(value)s” is not an amount: write a number, e.g. 12000 or 12 000.50.")
            % {"value": value},
            field="amount",
        ) from None
    if not amount.is_finite() or amount <= 0:
        raise DomainError(_("The amount must be more than zero."), field="amount")
    if amount > MAX_AMOUNT or amount != amount.quantize(Decimal("0.01")):
        raise DomainError(
            _("The amount must be under ten billion, with at most two decimals."), field="amount"
        )
    return amount


@transaction.atomic
def add_need(*, actor, project, kind, description, amount=None, currency="", approached=""):
    if kind not in NeedKind.values:
        raise DomainError(_("Choose what kind of need it is."), field="kind")
    description = description.strip()
    if not description:
        raise DomainError(_("Say what is needed and what for."), field="description")
    if kind == NeedKind.FUNDING:
        amount = parse_amount(amount)
        if currency not in Currency.values:
            raise DomainError(
                _("Unknown currency “%(currency)s”: choose CHF or EUR.") % {"currency": currency},
                field="currency",
            )
    else:
        amount, currency = None, ""
    need = Need.objects.create(
        project=project,
        kind=kind,
        description=description,
        amount=amount,
        currency=currency,
        approached=approached.strip(),
    )
    _log(
        actor,
        "projects.need_added",
        project,
        project.collective,
        after={
            "need": kind,
            "description": description,
            "amount": f"{amount} {currency}" if amount else None,
        },
    )
    return need


@transaction.atomic
def close_need(*, actor, need, met=True):
    """The need is met (or given up): it leaves the board, and stays in the history."""
    need = Need.objects.select_for_update().get(pk=need.pk)
    if need.met_at or need.archived_at:
        raise DomainError(_("This need is already closed."))
    if met:
        need.met_at = timezone.now()
    else:
        need.archived_at = timezone.now()
    need.save()
    project = need.project
    _log(
        actor,
        "projects.need_closed",
        project,
        project.collective,
        after={"need": need.description, "met": met},
    )
    return need


@transaction.atomic
def volunteer(*, actor, need, message=""):
    """A member signs up for a call for volunteers; the pilots see who."""
    need = Need.objects.select_related("project__collective").get(pk=need.pk)
    project = need.project
    if need.kind != NeedKind.VOLUNTEERS:
        raise DomainError(_("This need is not a call for volunteers."))
    if need.met_at or need.archived_at:
        raise DomainError(_("This call for volunteers is closed."))
    if not Membership.objects.active().filter(collective=project.collective, user=actor).exists():
        raise DomainError(_("Only members of the collective can sign up."))
    if VolunteerSignup.objects.filter(need=need, user=actor, withdrawn_at=None).exists():
        raise DomainError(_("You have already signed up for this call."), code="twice")
    try:
        with transaction.atomic():
            signup = VolunteerSignup.objects.create(
                need=need, user=actor, message=one_line(message)[:300]
            )
    except IntegrityError:
        raise DomainError(_("You have already signed up for this call."), code="twice") from None
    _log(
        actor,
        "projects.volunteer_signed_up",
        project,
        project.collective,
        after={"need": need.description, "volunteer": str(actor)},
    )
    return signup


@transaction.atomic
def withdraw(*, actor, signup):
    if signup.user_id != actor.pk:
        raise DomainError(_("Only the volunteer can withdraw their sign-up."))
    if signup.withdrawn_at:
        raise DomainError(_("This sign-up is already withdrawn."))
    signup.withdrawn_at = timezone.now()
    signup.save(update_fields=["withdrawn_at"])
    project = signup.need.project
    _log(
        actor,
        "projects.volunteer_withdrew",
        project,
        project.collective,
        after={"need": signup.need.description, "volunteer": str(actor)},
    )
    return signup


# ------------------------------------------------------------------- links and comments


@transaction.atomic
def archive_link(*, actor, link):
    """The link leaves the project's page; it stays in the history."""
    link = (
        ProjectLink.objects.select_for_update(of=("self",))
        .select_related("project__collective")
        .get(pk=link.pk)
    )
    if link.archived_at:
        raise DomainError(_("This link is already archived."))
    link.archived_at = timezone.now()
    link.save(update_fields=["archived_at"])
    project = link.project
    _log(
        actor,
        "projects.link_archived",
        project,
        project.collective,
        before={"link": link.url},
    )
    return link


@transaction.atomic
def add_project_comment(*, actor, project, text):
    """A member's remark on a project, listed on its page and counted on the board.

    The history records that a comment was added, not its text: an archived comment
    is then hidden everywhere."""
    comments.check_may_comment(actor, project.collective)
    text = comments.clean_text(text)
    comment = ProjectComment.objects.create(project=project, author=actor, text=text)
    _log(actor, "projects.comment_added", project, project.collective)
    return comment


@transaction.atomic
def archive_project_comment(*, actor, comment):
    """Its author or a coordinator hides a comment; nothing is deleted."""
    comment = (
        ProjectComment.objects.select_for_update(of=("self",))
        .select_related("project__collective")
        .get(pk=comment.pk)
    )
    project = comment.project
    comments.archive(actor, comment)
    _log(actor, "projects.comment_archived", project, project.collective)
    return comment


# ------------------------------------------------------------------------ memberships


def release_roles(*, actor, membership):
    """Called when ``membership`` ends (collectives.services.end_membership, in its
    transaction): the person no longer pilots the collective's projects that are not
    archived. The project's history keeps that they did; a project left without a
    pilot shows it, and its coordinators name another."""
    user = membership.user
    for project in Project.objects.filter(
        collective=membership.collective, pilots=user, archived_at__isnull=True
    ):
        project = _locked(project)
        pilots = list(project.pilots.order_by("pk"))
        project.pilots.remove(user)
        before, after = _changed(
            project,
            {"pilots": ", ".join(str(p) for p in pilots)},
            {"pilots": ", ".join(str(p) for p in pilots if p.pk != user.pk)},
        )
        _log(actor, "projects.project_updated", project, project.collective, before, after)
