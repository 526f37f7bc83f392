"""Every change to work streams, projects, milestones, links, needs and volunteers.

Each change runs in one transaction and is recorded in the audit log **under its
project** (or work stream), so that the project's timeline is its audit log. Nothing
is deleted: things are archived. Refusals raise DomainError with a message for the
person; their input is never lost by the views.

The needs and the volunteers' sign-ups are in ``services_needs.py``, re-exported here:
callers use ``projects.services``.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.collectives import comments
from maillage.collectives.models import Membership
from maillage.core.changes import clean_line, lock_at_version
from maillage.core.content import render as render_content
from maillage.core.content import summarise
from maillage.core.errors import DomainError

from .models import (
    LinkKind,
    Milestone,
    Project,
    ProjectComment,
    ProjectLink,
    ProjectStatus,
    WorkStream,
    WorkStreamStatus,
)
from .services_needs import (  # noqa: F401 - re-exported: callers use services.*
    MAX_AMOUNT,
    add_need,
    close_need,
    parse_amount,
    volunteer,
    withdraw,
)

PROJECT_FIELDS = ("title", "content", "phase", "starts_on", "ends_on", "public")
# ProjectLink.url holds this many characters.
LINK_URL_MAX_LENGTH = 200


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
    title = clean_line(title, field="title", empty_message=_("Give the work stream a title."))
    last = WorkStream.objects.filter(collective=collective).count()
    stream = WorkStream.objects.create(
        collective=collective, title=title, purpose=purpose.strip(), position=last + 1
    )
    log_action(
        actor=actor, action="projects.work_stream_created", obj=stream, after={"title": title}
    )
    return stream


@transaction.atomic
def update_work_stream(*, actor, work_stream, title, purpose, status):
    if status not in WorkStreamStatus.values:
        raise DomainError(_("Choose a status."), field="status")
    title = clean_line(title, field="title", empty_message=_("Give the work stream a title."))
    before = {"title": work_stream.title, "status": work_stream.status}
    work_stream.title, work_stream.purpose, work_stream.status = title, purpose.strip(), status
    work_stream.save()
    log_action(
        actor=actor,
        action="projects.work_stream_updated",
        obj=work_stream,
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
    log_action(actor=actor, action="projects.work_stream_archived", obj=work_stream)
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
    title = clean_line(title, field="title", empty_message=_("Give the project a title."))
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
        phase=clean_line(phase),
        starts_on=starts_on,
        ends_on=ends_on,
        position=work_stream.projects.count() + 1,
        created_by=actor,
    )
    project.pilots.set(pilots)
    project.partners.set(partners)
    log_action(
        actor=actor,
        action="projects.project_created",
        obj=project,
        after={
            "title": title,
            "status": status,
            "pilots": ", ".join(str(p) for p in pilots),
        },
    )
    return project


def _locked(project, base_version=None):
    return lock_at_version(
        Project,
        project.pk,
        base_version,
        message=_(
            "Someone changed this project while you were editing it. Your changes are "
            "not saved yet: check the project and make them again."
        ),
    )


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
        fields["title"] = clean_line(
            fields["title"], field="title", empty_message=_("Give the project a title.")
        )
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
    log_action(
        actor=actor, action="projects.project_updated", obj=project, before=before, after=after
    )
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
    log_action(
        actor=actor,
        action="projects.status_changed",
        obj=project,
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
    log_action(
        actor=actor,
        action="projects.progress_set",
        obj=project,
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
    log_action(actor=actor, action="projects.project_archived", obj=project)
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
    title = clean_line(title, field="title", empty_message=_("Give the milestone a title."))
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
    log_action(
        actor=actor,
        action="projects.milestone_added",
        obj=project,
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
    log_action(
        actor=actor,
        action="projects.milestone_reached",
        obj=project,
        after={"milestone": milestone.title, "reached_on": milestone.reached_on.isoformat()},
    )
    return milestone


@transaction.atomic
def archive_milestone(*, actor, milestone):
    milestone.archived_at = timezone.now()
    milestone.save(update_fields=["archived_at"])
    project = milestone.project
    log_action(
        actor=actor,
        action="projects.milestone_archived",
        obj=project,
        before={"milestone": milestone.title, "due_on": milestone.due_on.isoformat()},
    )
    return milestone


@transaction.atomic
def add_link(*, actor, project, title, url, kind="document"):
    """A link of the project: a known kind and a full web address (http or https)."""
    title = clean_line(title, field="title", empty_message=_("Give the link a title."))
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
    log_action(actor=actor, action="projects.link_added", obj=project, after={"link": url})
    return link


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
    log_action(actor=actor, action="projects.link_archived", obj=project, before={"link": link.url})
    return link


@transaction.atomic
def add_project_comment(*, actor, project, text):
    """A member's remark on a project, listed on its page and counted on the board.

    The history records that a comment was added, not its text: an archived comment
    is then hidden everywhere."""
    comments.check_may_comment(actor, project.collective)
    text = comments.clean_text(text)
    comment = ProjectComment.objects.create(project=project, author=actor, text=text)
    log_action(actor=actor, action="projects.comment_added", obj=project)
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
    log_action(actor=actor, action="projects.comment_archived", obj=project)
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
        log_action(
            actor=actor, action="projects.project_updated", obj=project, before=before, after=after
        )
