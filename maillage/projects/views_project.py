"""A project's page, and the project itself: created, edited, its status, progress and
archiving. The forms the page opens ("add a milestone", "add a need"…) are in
``views_parts.py``; the work streams in ``views_streams.py``; all re-exported by
``views.py``.
"""

from django.contrib import messages
from django.db.models import F, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accounts.models import User
from maillage.audit.history import describe
from maillage.audit.models import AuditEvent
from maillage.collectives.models import Membership
from maillage.core.errors import ConflictError, DomainError
from maillage.core.forms import add_domain_error

from . import services
from .access import get_board_collective, get_project
from .forms import EditProjectForm, NewProjectForm, ProgressForm, StatusForm
from .models import NeedKind, Project, ProjectStatus, VolunteerSignup

CHANGE = "projects.change_project"
# Members and above comment on a project; observers read.
COMMENT = "projects.comment"
# How many open actions the board shows for each project.
NEXT_ACTIONS = 3
# How many lines of its history a project's page shows before "see the whole history".
HISTORY_SHOWN = 5
# The forms opened from the project's page, each on its own page too:
# name: (URL name, title of the form, its button).
PARTS = {
    "milestone": (
        "projects:milestone_add",
        gettext_lazy("Add a milestone"),
        gettext_lazy("Add the milestone"),
    ),
    "need": ("projects:need_add", gettext_lazy("Add a need"), gettext_lazy("Add the need")),
    "action": (
        "projects:action_add",
        gettext_lazy("Add an action"),
        gettext_lazy("Add the action"),
    ),
    "link": ("projects:link_add", gettext_lazy("Add a link"), gettext_lazy("Add the link")),
    "comment": (
        "projects:comment_add",
        gettext_lazy("Add a comment"),
        gettext_lazy("Send the comment"),
    ),
    "progress": (
        "projects:progress",
        gettext_lazy("Set the progress"),
        gettext_lazy("Save the progress"),
    ),
}


def _pilots_with_organisations(collective):
    here = (
        Membership.objects.active()
        .filter(collective=collective)
        .select_related("organisation")
        .only("user_id", "organisation__name", "organisation__slug")
    )
    return Prefetch(
        "pilots",
        queryset=User.objects.only("display_name", "email")
        .order_by("display_name", "pk")
        .prefetch_related(Prefetch("memberships", queryset=here, to_attr="memberships_here")),
    )


def _set_organisations(people):
    for person in people:
        memberships = getattr(person, "memberships_here", [])
        person.organisation = memberships[0].organisation if memberships else None
    return people


# ---------------------------------------------------------------------------- projects


def project_create(request, slug):
    collective = get_board_collective(request, slug, "projects.add_project")
    form = NewProjectForm(
        request.POST if request.method == "POST" else None,
        collective=collective,
        initial={"work_stream": request.GET.get("work_stream", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.create_project(
                actor=request.user,
                work_stream=data["work_stream"],
                title=data["title"],
                pilots=list(data["pilots"]),
                partners=list(data["partners"]),
                content=data["content"],
                status=data["status"],
                phase=data["phase"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                public=data["public"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("The project “%(title)s” is created.") % {"title": project.title}
            )
            return redirect(project)
    return render(
        request,
        "projects/project_form.html",
        {"collective": collective, "form": form, "project": None},
    )


def project_edit(request, slug, pk):
    project = get_project(request, slug, pk, CHANGE)
    collective = project.collective
    pilots = list(project.pilots.all())
    conflict = None
    if request.method == "POST":
        form = EditProjectForm(request.POST, collective=collective, pilots=pilots)
        if form.is_valid():
            data = form.cleaned_data
            try:
                project = services.update_project(
                    actor=request.user,
                    project=project,
                    base_version=data["base_version"],
                    pilots=list(data["pilots"]),
                    partners=list(data["partners"]),
                    work_stream=data["work_stream"],
                    title=data["title"],
                    content=data["content"],
                    phase=data["phase"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    public=data["public"],
                )
            except ConflictError as exc:
                # What the person typed stays, on top of the current version.
                conflict = exc
                project = get_project(request, slug, pk, CHANGE)
                typed = request.POST.copy()
                typed["base_version"] = project.version
                form = EditProjectForm(typed, collective=collective, pilots=pilots)
                form.is_valid()
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The project is saved."))
                return redirect(project)
    else:
        form = EditProjectForm(
            collective=collective,
            pilots=pilots,
            initial={
                "title": project.title,
                "work_stream": project.work_stream_id,
                "content": project.content,
                "pilots": [p.pk for p in pilots],
                "partners": list(project.partners.values_list("pk", flat=True)),
                "phase": project.phase,
                "starts_on": project.starts_on,
                "ends_on": project.ends_on,
                "public": project.public,
                "base_version": project.version,
            },
        )
    return render(
        request,
        "projects/project_form.html",
        {"collective": collective, "form": form, "project": project, "conflict": conflict},
        status=409 if conflict else 200,
    )


def _detail(request, project, forms=None, status=200):
    """The project's page; ``forms`` holds a form posted with mistakes, shown open."""
    collective = project.collective
    user = request.user
    today = timezone.localdate()
    can_change = user.has_perm(CHANGE, project)
    can_volunteer = user.has_perm("projects.volunteer", project)
    pilots = _set_organisations(
        Project.objects.prefetch_related(_pilots_with_organisations(collective))
        .get(pk=project.pk)
        .pilots.all()
    )
    signups = Prefetch(
        "signups",
        queryset=VolunteerSignup.objects.filter(withdrawn_at=None).select_related("user"),
        to_attr="active_signups",
    )
    needs = list(project.needs.filter(met_at=None, archived_at=None).prefetch_related(signups))
    for need in needs:
        need.my_signup = next((s for s in need.active_signups if s.user_id == user.pk), None)
    milestones = list(project.milestones.filter(archived_at=None))
    for milestone in milestones:
        milestone.is_late = milestone.reached_on is None and milestone.due_on < today
    actions = list(
        project.actions.select_related("collective", "meeting", "decision", "commitment")
        .with_owners()
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )
    comments = list(
        project.comments.filter(archived_at=None)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    can_comment = user.has_perm(COMMENT, project)
    for comment in comments:
        comment.project = project  # its collective, without a query
        comment.can_archive = user.has_perm("projects.archive_comment", comment)
    history = AuditEvent.objects.filter(
        object_type="projects.project", object_id=str(project.pk)
    ).select_related("actor")
    history_count = history.count()
    whole_history = request.GET.get("history") == "all"
    forms = forms or {}
    context = {
        "collective": collective,
        "project": project,
        "content_html": mark_safe(project.content_html),  # noqa: S308 - sanitised at save
        "pilots": pilots,
        "partners": project.partners.order_by("name"),
        "progress": services.progress_of(project, milestones),
        "milestones": milestones,
        "links": project.links.filter(archived_at=None),
        "needs": needs,
        "actions": actions,
        "comments": comments,
        "timeline": describe(history if whole_history else history[:HISTORY_SHOWN]),
        "history_count": history_count,
        "whole_history": whole_history,
        "history_shown": HISTORY_SHOWN,
        "can_change": can_change,
        "can_volunteer": can_volunteer,
        "can_comment": can_comment,
        "NeedKind": NeedKind,
    }
    if can_comment:
        context["comment_form"] = forms.get("comment")
    if can_change:
        context |= {
            "statuses": [
                (value, label) for value, label in ProjectStatus.choices if value != project.status
            ],
            "milestone_form": forms.get("milestone"),
            "need_form": forms.get("need"),
            "action_form": forms.get("action"),
            "link_form": forms.get("link"),
        }
    return render(request, "projects/detail.html", context, status=status)


def _part_page(request, project, name, form):
    """The own page of one of the project's forms: loaded into the project's page by its
    disclosure (the part marked ``data-disclosure-content``), or opened without
    JavaScript. Posted with mistakes, the form comes back open on the project's page
    (the progress, which has no place there, on this page)."""
    url_name, title, submit = PARTS[name]
    return render(
        request,
        "projects/part_form.html",
        {
            "collective": project.collective,
            "project": project,
            "form": form,
            "title": title,
            "submit": submit,
            "action_url": reverse(url_name, args=[project.collective.slug, project.pk]),
        },
    )


def project_detail(request, slug, pk):
    return _detail(request, get_project(request, slug, pk))


def _done(request, project, message):
    messages.success(request, message)
    return redirect(project)


def _refused(request, project, exc):
    messages.error(request, exc.message)
    return redirect(project)


@require_POST
def project_status(request, slug, pk):
    project = get_project(request, slug, pk, CHANGE)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the statuses offered."))
        return redirect(project)
    try:
        project = services.set_status(
            actor=request.user,
            project=project,
            status=form.cleaned_data["status"],
            base_version=form.cleaned_data["base_version"],
        )
    except DomainError as exc:
        return _refused(request, project, exc)
    return _done(
        request,
        project,
        _("The project is now “%(status)s”.") % {"status": project.get_status_display()},
    )


@require_http_methods(["GET", "POST"])
def project_progress(request, slug, pk):
    project = get_project(request, slug, pk, CHANGE)
    if request.method == "GET":
        form = ProgressForm(initial={"progress": project.progress})
        return _part_page(request, project, "progress", form)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.set_progress(
                actor=request.user, project=project, progress=form.cleaned_data["progress"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return _done(request, project, _("The progress is saved."))
    return _part_page(request, project, "progress", form)


@require_POST
def project_archive(request, slug, pk):
    project = get_project(request, slug, pk, CHANGE)
    try:
        services.archive_project(actor=request.user, project=project)
    except DomainError as exc:
        return _refused(request, project, exc)
    messages.success(
        request,
        _("The project “%(title)s” is archived: it stays in the history.")
        % {"title": project.title},
    )
    return redirect("projects:board", project.collective.slug)
