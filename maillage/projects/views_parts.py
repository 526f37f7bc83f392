"""The forms of a project's page, each on a page of its own too (see views.py):
milestones, needs and volunteers, actions, links, comments."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from maillage.actions import services as action_services
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error

from . import services
from .access import get_project
from .forms import CommentForm, LinkForm, MilestoneForm, NeedForm, ProjectActionForm, VolunteerForm
from .models import Milestone, Need, ProjectComment, ProjectLink, VolunteerSignup
from .views_project import CHANGE, COMMENT, _detail, _done, _part_page, _refused

# -------------------------------------------------------------------------- milestones


@require_http_methods(["GET", "POST"])
def milestone_add(request, slug, pk):
    project = get_project(request, slug, pk, CHANGE)
    if request.method == "GET":
        return _part_page(request, project, "milestone", MilestoneForm(auto_id="milestone-%s"))
    form = MilestoneForm(request.POST, auto_id="milestone-%s")
    if form.is_valid():
        try:
            services.add_milestone(
                actor=request.user,
                project=project,
                title=form.cleaned_data["title"],
                due_on=form.cleaned_data["due_on"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return _done(request, project, _("The milestone is added."))
    return _detail(request, project, {"milestone": form})


def _milestone(project, milestone):
    return get_object_or_404(Milestone, project=project, pk=milestone, archived_at=None)


@require_POST
def milestone_reach(request, slug, pk, milestone):
    project = get_project(request, slug, pk, CHANGE)
    try:
        services.reach_milestone(actor=request.user, milestone=_milestone(project, milestone))
    except DomainError as exc:
        return _refused(request, project, exc)
    return _done(request, project, _("The milestone is marked as reached."))


@require_POST
def milestone_archive(request, slug, pk, milestone):
    project = get_project(request, slug, pk, CHANGE)
    try:
        services.archive_milestone(actor=request.user, milestone=_milestone(project, milestone))
    except DomainError as exc:
        return _refused(request, project, exc)
    return _done(request, project, _("The milestone is archived."))


@require_http_methods(["GET", "POST"])
def need_add(request, slug, pk):
    project = get_project(request, slug, pk, CHANGE)
    if request.method == "GET":
        return _part_page(request, project, "need", NeedForm(auto_id="need-%s"))
    form = NeedForm(request.POST, auto_id="need-%s")
    if form.is_valid():
        try:
            services.add_need(actor=request.user, project=project, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return _done(request, project, _("The need is added."))
    return _detail(request, project, {"need": form})


def _need(project, need):
    return get_object_or_404(Need, project=project, pk=need)


@require_POST
def need_close(request, slug, pk, need):
    project = get_project(request, slug, pk, CHANGE)
    met = request.POST.get("met", "1") != "0"
    try:
        services.close_need(actor=request.user, need=_need(project, need), met=met)
    except DomainError as exc:
        return _refused(request, project, exc)
    if met:
        return _done(request, project, _("The need is marked as met."))
    return _done(request, project, _("The need is given up: it stays in the history."))


@require_POST
def need_volunteer(request, slug, pk, need):
    project = get_project(request, slug, pk, "projects.volunteer")
    form = VolunteerForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        services.volunteer(actor=request.user, need=_need(project, need), message=message)
    except DomainError as exc:
        return _refused(request, project, exc)
    return _done(request, project, _("You are signed up: the pilots will contact you."))


@require_POST
def signup_withdraw(request, slug, pk, signup):
    project = get_project(request, slug, pk, "projects.volunteer")
    signup = get_object_or_404(
        VolunteerSignup.objects.select_related("need__project"), need__project=project, pk=signup
    )
    try:
        services.withdraw(actor=request.user, signup=signup)
    except DomainError as exc:
        return _refused(request, project, exc)
    return _done(request, project, _("Your sign-up is withdrawn."))


@require_http_methods(["GET", "POST"])
def project_action_add(request, slug, pk):
    project = get_project(request, slug, pk, CHANGE)
    collective = project.collective
    if request.method == "GET":
        return _part_page(request, project, "action", ProjectActionForm(collective=collective))
    form = ProjectActionForm(request.POST, collective=collective)
    if form.is_valid():
        data = form.cleaned_data
        decision = data["decision"]
        try:
            action_services.create_action(
                actor=request.user,
                collective=collective,
                title=data["title"],
                owners=form.chosen_owners(),
                due_date=data["due_date"],
                meeting=decision.meeting if decision else None,
                decision=decision,
                project=project,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return _done(request, project, _("The action is added to the project."))
    return _detail(request, project, {"action": form})


# ------------------------------------------------------------------------------- links


@require_http_methods(["GET", "POST"])
def link_add(request, slug, pk):
    project = get_project(request, slug, pk, CHANGE)
    if request.method == "GET":
        return _part_page(request, project, "link", LinkForm(auto_id="link-%s"))
    form = LinkForm(request.POST, auto_id="link-%s")
    if form.is_valid():
        try:
            services.add_link(actor=request.user, project=project, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return _done(request, project, _("The link is added."))
    return _detail(request, project, {"link": form})


@require_POST
def link_archive(request, slug, pk, link):
    project = get_project(request, slug, pk, CHANGE)
    link = get_object_or_404(ProjectLink, project=project, pk=link, archived_at=None)
    try:
        services.archive_link(actor=request.user, link=link)
    except DomainError as exc:
        return _refused(request, project, exc)
    return _done(request, project, _("The link is archived."))


# ---------------------------------------------------------------------------- comments


@require_http_methods(["GET", "POST"])
def comment_add(request, slug, pk):
    project = get_project(request, slug, pk, COMMENT)
    if request.method == "GET":
        return _part_page(request, project, "comment", CommentForm(auto_id="comment-%s"))
    form = CommentForm(request.POST, auto_id="comment-%s")
    if form.is_valid():
        try:
            services.add_project_comment(
                actor=request.user, project=project, text=form.cleaned_data["text"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return _done(request, project, _("Your comment is added."))
    return _detail(request, project, {"comment": form})


@require_POST
def comment_archive(request, slug, pk, comment):
    project = get_project(request, slug, pk)
    comment = get_object_or_404(ProjectComment, project=project, pk=comment, archived_at=None)
    user = request.user
    comment.project = project
    if not user.has_perm("projects.archive_comment", comment):
        raise PermissionDenied
    try:
        services.archive_project_comment(actor=user, comment=comment)
    except DomainError as exc:
        return _refused(request, project, exc)
    return _done(request, project, _("The comment is archived."))
