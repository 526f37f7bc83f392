"""Setting up a consultation, and joining a live session with a code.

The wall and its moderation (views_live), the projection screen, paper notes and
the mood check (views_screen), the synthesis board (views_board, views_notes), the
engine's proposals and the synthesis of syntheses (views_synthesis), the rounds and
statements (views_rounds), votes and results (views_votes) and the report
(views_report) have their own modules; their forms are in forms_*.py.
"""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.accounts.models import User
from maillage.accounts.services import network_address
from maillage.collectives.access import get_collective
from maillage.collectives.models import Collective, Membership
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data
from maillage.core.typography import elide

from . import limits, services, views_contact
from .access import get_consultation, get_group, participant_for, remember_participant
from .forms import (
    CloseForm,
    ConsultationForm,
    FacilitatorsForm,
    GridCodeForm,
    GroupForm,
    GroupNameForm,
    NewConsultationForm,
    QuestionForm,
    RenameCodeForm,
)
from .forms_contact import JoinContactForm
from .models import Consultation, ConsultationStatus, GridCode, Question, RoundKind
from .rules_territory import territories_of

# ------------------------------------------------------------------------------ joining


@login_not_required
def join(request, code=""):
    """Join a group's live session with the code shown on screen (or in the QR code)."""
    form = JoinContactForm(
        form_data(request), initial={"code": code}, with_contact=not request.user.is_authenticated
    )
    if request.method == "POST" and form.is_valid():
        device = limits.device_token(request) or limits.new_device_token()
        try:
            group = services.find_group_by_code(
                form.cleaned_data["code"], address=network_address(request)
            )
            existing = participant_for(request, group.consultation)
            if existing is not None:
                if existing.group_id != group.pk:
                    messages.info(
                        request,
                        _("You already take part in this consultation, in the group %(group)s.")
                        % {"group": existing.group.name},
                    )
                views_contact.keep_contact(request, form, existing)
                return redirect(existing.group.get_absolute_url())
            participant = services.join_group(
                group=group,
                user=request.user if request.user.is_authenticated else None,
                display_name=form.cleaned_data["display_name"],
                origin=limits.origin_of(request, device),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("Welcome! Write one idea per note; you can add as many as you like.")
            )
            views_contact.keep_contact(request, form, participant)
            response = redirect(group.get_absolute_url())
            if participant.user_id is None:
                remember_participant(response, participant)
                limits.remember_device(response, device)
            return response
    return render(request, "consultations/join.html", {"form": form}, status=200)


# ------------------------------------------------------------------------ consultations


@login_not_required
def consultation_list(request, slug):
    collective = get_collective(request, slug, "collectives.view_collective")
    can_add = request.user.has_perm("consultations.add_consultation", collective)
    consultations = Consultation.objects.visible_to(request.user).filter(collective=collective)
    if not can_add:
        consultations = consultations.exclude(status=ConsultationStatus.DRAFT)
    consultations = consultations.annotate(
        group_count=Count("groups", distinct=True),
        participant_count=Count("participants", distinct=True),
    )
    return render(
        request,
        "consultations/list.html",
        {"collective": collective, "consultations": consultations, "can_add": can_add},
    )


def create(request, slug):
    collective = get_collective(request, slug, "consultations.add_consultation")
    networks = list(collective.networks.all())
    form = NewConsultationForm(form_data(request))
    if not networks:
        del form.fields["across_network"]
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.create_consultation(
                actor=request.user,
                collective=collective,
                title=form.cleaned_data["title"],
                purpose=form.cleaned_data["purpose"],
                method=form.cleaned_data["method"],
                network=networks[0] if form.cleaned_data.get("across_network") else None,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("The consultation is ready to prepare: check its questions and add groups."),
            )
            return redirect(consultation)
    return render(request, "consultations/form.html", {"collective": collective, "form": form})


PREPARE, LIVE, SYNTHESIS, ROUNDS = "prepare", "live", "synthesis", "rounds"
MOMENTS = (PREPARE, LIVE, SYNTHESIS, ROUNDS)


def moment_of(consultation, rounds, groups):
    """The moment a consultation is in, for those who run it: preparing it, its live
    sessions, the synthesis of what was said, then its Delphi rounds."""
    started = [r for r in rounds if not r.is_planned]
    if consultation.is_closed or any(r.is_vote for r in started):
        return ROUNDS
    if consultation.synthesis_published:
        return SYNTHESIS
    contributing = [r for r in started if r.kind == RoundKind.CONTRIBUTE]
    if any(g.live for g in groups) or any(r.is_open for r in contributing):
        return LIVE
    if contributing:
        return SYNTHESIS
    return PREPARE


@login_not_required
def detail(request, slug, pk):
    """The consultation's page. Those who run it get it by moment (a tab each: the one
    asked for, else the moment it is in); everyone else reads what it asks and where
    it stands."""
    consultation = get_consultation(request, slug, pk)
    runs = request.user.has_perm("consultations.change_consultation", consultation)
    groups = list(
        consultation.groups.select_related("territory")
        .prefetch_related("facilitators")
        .annotate(
            note_count=Count("notes", filter=Q(notes__hidden=False), distinct=True),
            participant_count=Count("participants", distinct=True),
        )
    )
    rounds = list(
        consultation.rounds.prefetch_related("groups").annotate(
            statement_count=Count("statements", distinct=True)
        )
    )
    facilitated = set()
    if request.user.is_authenticated:
        facilitated = set(
            request.user.facilitated_groups.filter(consultation=consultation).values_list(
                "pk", flat=True
            )
        )
        if consultation.network_id and not runs:  # a territory's coordinators
            facilitated |= {
                g.pk for g in groups if request.user.has_perm("consultations.facilitate_group", g)
            }
    context = {
        "collective": consultation.collective,
        "consultation": consultation,
        "runs": runs,
        "groups": groups,
        "facilitated": facilitated,
        "rounds": rounds,
        "active_round": next((r for r in rounds if r.is_open), None),
        "participant": participant_for(request, consultation),
        "can_join": request.user.has_perm("consultations.join_with_account", consultation),
        "can_add_group": not runs
        and request.user.has_perm("consultations.add_group", consultation),
    }
    if not runs:
        context["questions"] = consultation.questions.all()
        return render(request, "consultations/detail.html", context)
    moment = request.GET.get("moment")
    if moment not in MOMENTS:
        moment = moment_of(consultation, rounds, groups)
    context["moment"] = moment
    if moment == LIVE:
        context["join_address"] = settings.SITE_URL + reverse("consultations:join")
    elif moment == PREPARE:
        context["questions"] = consultation.questions.annotate(note_count=Count("notes"))
        context["families"] = consultation.grid_codes.filter(parent=None).prefetch_related(
            "children"
        )
    elif moment == SYNTHESIS:
        # Counted apart: joined to the notes and participants above, they would multiply.
        themes = dict(
            consultation.themes.exclude(group=None)
            .values_list("group")
            .annotate(count=Count("pk"))
            .values_list("group", "count")
        )
        for group in groups:
            group.theme_count = themes.get(group.pk, 0)
        context["shared_themes"] = consultation.themes.filter(group=None, territory=None).count()
    elif moment == ROUNDS:
        context["statement_count"] = consultation.statements.count()
        context["reachable"] = services.reachable_counts(consultation)  # never who
    context["next_round"] = next((r for r in rounds if r.is_planned), None)
    return render(request, "consultations/detail.html", context)


def _saved(request, form, change, success):
    """For a valid POST, make the change with the form's data: True once made (with
    ``success`` as message), False otherwise, the refusal shown on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        change(**form.cleaned_data)
    except DomainError as exc:
        add_domain_error(form, exc)
        return False
    messages.success(request, success)
    return True


def _prepared(consultation, part):
    """Back to the part of the setup page, while preparing, where the change shows."""
    return f"{consultation.get_absolute_url()}?moment={PREPARE}#{part}"


def _page(request, consultation, template="consultations/form.html", **context):
    context = {"collective": consultation.collective, "consultation": consultation, **context}
    return render(request, template, context)


def edit(request, slug, pk):
    consultation = get_consultation(request, slug, pk, "consultations.change_consultation")
    form = ConsultationForm(
        form_data(request), initial={"title": consultation.title, "purpose": consultation.purpose}
    )
    change = partial(services.update_consultation, actor=request.user, consultation=consultation)
    if _saved(request, form, change, _("The consultation is saved.")):
        return redirect(consultation)
    return _page(request, consultation, form=form)


def questions(request, slug, pk):
    consultation = get_consultation(request, slug, pk, "consultations.change_consultation")
    form = QuestionForm(form_data(request))
    change = partial(services.add_question, actor=request.user, consultation=consultation)
    if _saved(request, form, change, _("The question is added.")):
        return redirect(_prepared(consultation, "questions"))
    questions = consultation.questions.annotate(note_count=Count("notes"))
    return _page(
        request, consultation, "consultations/questions.html", questions=questions, form=form
    )


def question_edit(request, slug, pk, question):
    consultation = get_consultation(request, slug, pk, "consultations.change_consultation")
    question = get_object_or_404(Question, consultation=consultation, pk=question)
    form = QuestionForm(form_data(request), initial={"text": question.text, "kind": question.kind})
    change = partial(services.update_question, actor=request.user, question=question)
    if _saved(request, form, change, _("The question is saved.")):
        return redirect(_prepared(consultation, "questions"))
    return _page(request, consultation, form=form, heading=_("Edit the question"))


def _territories(consultation):
    if consultation.network_id is None:
        return Collective.objects.none()
    return Collective.objects.filter(networks=consultation.network_id).order_by("name")


def groups(request, slug, pk):
    """The groups and adding one: for those who run the consultation, every group;
    for a territory's coordinators (rules_territory), the groups of their territories."""
    consultation = get_consultation(request, slug, pk, "consultations.add_group")
    runs = request.user.has_perm("consultations.change_consultation", consultation)
    territories = _territories(consultation)
    if not runs:
        territories = territories.filter(
            pk__in=[c.pk for c in territories_of(request.user, consultation)]
        )
    form = GroupForm(form_data(request), territories=territories)
    if not runs:
        form.fields["territory"].required = True
        form.fields["territory"].empty_label = None
    change = partial(services.add_group, actor=request.user, consultation=consultation)
    if _saved(request, form, change, _("The group is added.")):
        if not runs:
            return redirect("consultations:groups", consultation.collective.slug, consultation.pk)
        return redirect(_prepared(consultation, "groups"))
    groups = (
        consultation.groups.select_related("territory")
        .prefetch_related("facilitators")
        .annotate(participant_count=Count("participants"))
    )
    if not runs:
        groups = groups.filter(territory__in=territories)
    return _page(request, consultation, "consultations/groups.html", groups=groups, form=form)


def _back_to_groups(request, consultation):
    if request.user.has_perm("consultations.change_consultation", consultation):
        return redirect(_prepared(consultation, "groups"))
    return redirect("consultations:groups", consultation.collective.slug, consultation.pk)


def group_facilitators(request, slug, pk):
    group = get_group(request, slug, pk, "consultations.manage_group")
    consultation = group.consultation
    collectives = [group.territory_id]
    if request.user.has_perm("consultations.change_consultation", consultation):
        collectives.append(consultation.collective_id)
    people = User.objects.filter(
        pk__in=Membership.objects.active()
        .filter(collective_id__in=[c for c in collectives if c])
        .values("user_id")
    ).order_by("display_name")
    form = FacilitatorsForm(
        form_data(request), people=people, initial={"facilitators": list(group.facilitators.all())}
    )
    change = partial(services.set_group_facilitators, actor=request.user, group=group)
    if _saved(request, form, change, _("The group's facilitators are saved.")):
        return _back_to_groups(request, consultation)
    heading = elide(_("Facilitators of %(group)s") % {"group": group.name})
    return _page(request, consultation, form=form, heading=heading)


def group_edit(request, slug, pk):
    """Rename a group, or delete it, while nobody has joined it."""
    group = get_group(request, slug, pk, "consultations.manage_group")
    consultation = group.consultation
    form = GroupNameForm(form_data(request), initial={"name": group.name})
    change = partial(services.rename_group, actor=request.user, group=group)
    if _saved(request, form, change, _("The group is renamed.")):
        return _back_to_groups(request, consultation)
    return _page(
        request,
        consultation,
        "consultations/group_edit.html",
        group=group,
        form=form,
        heading=elide(_("Rename or delete %(group)s") % {"group": group.name}),
    )


@require_POST
def group_delete(request, slug, pk):
    group = get_group(request, slug, pk, "consultations.manage_group")
    consultation = group.consultation
    try:
        services.delete_group(actor=request.user, group=group)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("consultations:group_edit", consultation.collective.slug, group.pk)
    messages.success(request, _("The group is deleted."))
    return _back_to_groups(request, consultation)


def grid(request, slug, pk):
    consultation = get_consultation(request, slug, pk, "consultations.change_consultation")
    families = consultation.grid_codes.filter(parent=None)
    form = GridCodeForm(form_data(request), families=families)
    change = partial(services.add_grid_code, actor=request.user, consultation=consultation)
    if _saved(request, form, change, _("The code is added to the grid.")):
        return redirect(_prepared(consultation, "grid"))
    families = families.prefetch_related("children").annotate(note_count=Count("notes"))
    return _page(request, consultation, "consultations/grid.html", families=families, form=form)


def grid_code_edit(request, slug, pk, code):
    consultation = get_consultation(request, slug, pk, "consultations.change_consultation")
    code = get_object_or_404(GridCode, consultation=consultation, pk=code)
    form = RenameCodeForm(form_data(request), initial={"label": code.label})
    change = partial(services.rename_grid_code, actor=request.user, code=code)
    if _saved(request, form, change, _("The code is renamed.")):
        return redirect(_prepared(consultation, "grid"))
    return _page(request, consultation, form=form, heading=_("Rename the code"))


@require_POST
def publish(request, slug, pk):
    consultation = get_consultation(request, slug, pk, "consultations.change_consultation")
    services.publish_synthesis(actor=request.user, consultation=consultation)
    messages.success(
        request, _("The synthesis is published: the members can now read every group's wall.")
    )
    return redirect(consultation)


def close(request, slug, pk):
    consultation = get_consultation(request, slug, pk, "consultations.change_consultation")
    form = CloseForm(form_data(request), initial={"conclusions": consultation.conclusions})
    change = partial(services.close_consultation, actor=request.user, consultation=consultation)
    if _saved(request, form, change, _("The consultation is closed with its conclusions.")):
        return redirect(consultation)
    return _page(request, consultation, form=form, heading=_("Close the consultation"))
