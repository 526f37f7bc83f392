"""Setting a consultation up: the consultation and its method's questions, grid and
rounds, its groups and their facilitators, live sessions, closing and publishing."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.audit.services import log_action
from maillage.collectives.rules import in_any
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError

from .models import (
    Consultation,
    ConsultationStatus,
    GridCode,
    Group,
    Method,
    Question,
    QuestionKind,
    Round,
    RoundKind,
    RoundStatus,
    new_join_code,
)
from .rules import group_collectives, runs_consultation
from .rules_territory import coordinates_territory
from .services_contact import erase_contacts

# --------------------------------------------------------------------- method templates


# The questions of each method, in the order they are asked. The texts are
# translated into the language of the person who creates the consultation.
METHOD_QUESTIONS = {
    Method.SPIRAL: [
        (gettext_lazy("What does well-being mean to you?"), QuestionKind.OPEN),
        (gettext_lazy("What does ill-being mean to you?"), QuestionKind.OPEN),
        (
            gettext_lazy("What can you do, yourself, for the well-being of all?"),
            QuestionKind.PLEDGE,
        ),
    ],
    Method.DPA_PC: [
        (gettext_lazy("Who wants to change what, and why?"), QuestionKind.OPEN),
        (gettext_lazy("What do the people concerned think?"), QuestionKind.OPEN),
        (gettext_lazy("What can be tried here and now?"), QuestionKind.PLEDGE),
        (gettext_lazy("What has been tried, and what did we learn?"), QuestionKind.OPEN),
    ],
    Method.PRIDE: [
        (gettext_lazy("What are you proud of in your institution?"), QuestionKind.OPEN),
        (gettext_lazy("What are you proud of in this group?"), QuestionKind.OPEN),
        (gettext_lazy("Why does this group exist?"), QuestionKind.OPEN),
    ],
    Method.EMPTY: [],
}

# The eight families of indicators of the SPIRAL method (Council of Europe).
SPIRAL_GRID = [
    gettext_lazy("Access to the means of living"),
    gettext_lazy("Living environment"),
    gettext_lazy("Relations with and between organisations"),
    gettext_lazy("Personal relations"),
    gettext_lazy("Social balance"),
    gettext_lazy("Personal balance"),
    gettext_lazy("Feelings of well-being or ill-being"),
    gettext_lazy("Attitudes and initiatives"),
]

METHOD_ROUNDS = {
    Method.EMPTY: [(gettext_lazy("Contributions"), RoundKind.CONTRIBUTE)],
}
DEFAULT_ROUNDS = [
    (gettext_lazy("Contributions on sticky notes"), RoundKind.CONTRIBUTE),
    (gettext_lazy("Delphi round: agree or disagree"), RoundKind.AGREE),
]


# --------------------------------------------------------------------------- setting up


@transaction.atomic
def create_consultation(*, actor, collective, title, method, purpose="", network=None):
    """A consultation in draft, with the questions, grid and rounds of its method."""
    title = clean_line(
        title, field="title", max_length=200, empty_message=_("Give the consultation a title.")
    )
    if method not in Method.values:
        raise DomainError(_("Choose one of the methods offered."), field="method")
    if network is not None and not collective.networks.filter(pk=network.pk).exists():
        raise DomainError(_("The collective does not belong to this network."), field="network")
    consultation = Consultation.objects.create(
        collective=collective,
        network=network,
        title=title,
        purpose=(purpose or "").strip(),
        method=method,
        created_by=actor,
    )
    for order, (text, kind) in enumerate(METHOD_QUESTIONS[Method(method)], start=1):
        Question.objects.create(consultation=consultation, order=order, text=str(text), kind=kind)
    if method == Method.SPIRAL:
        for order, label in enumerate(SPIRAL_GRID, start=1):
            GridCode.objects.create(consultation=consultation, label=str(label), order=order)
    for number, (round_title, kind) in enumerate(
        METHOD_ROUNDS.get(Method(method), DEFAULT_ROUNDS), start=1
    ):
        Round.objects.create(
            consultation=consultation, number=number, title=str(round_title), kind=kind
        )
    log_action(
        actor=actor,
        action="consultations.created",
        obj=consultation,
        after={"title": title, "method": method},
    )
    return consultation


@transaction.atomic
def update_consultation(*, actor, consultation, title, purpose):
    title = clean_line(
        title, field="title", max_length=200, empty_message=_("Give the consultation a title.")
    )
    before = {"title": consultation.title, "purpose": consultation.purpose}
    consultation.title, consultation.purpose = title, (purpose or "").strip()
    consultation.save(update_fields=["title", "purpose"])
    log_action(
        actor=actor,
        action="consultations.updated",
        obj=consultation,
        before=before,
        after=before
        | {
            "title": title,
            "purpose": consultation.purpose,
        },
    )
    return consultation


@transaction.atomic
def add_question(*, actor, consultation, text, kind=QuestionKind.OPEN):
    text = clean_line(text, field="text", max_length=300, empty_message=_("Write the question."))
    if kind not in QuestionKind.values:
        raise DomainError(_("Choose a kind of question."), field="kind")
    last = consultation.questions.aggregate(m=Max("order"))["m"] or 0
    question = Question.objects.create(
        consultation=consultation, order=last + 1, text=text, kind=kind
    )
    log_action(
        actor=actor, action="consultations.question_added", obj=question, after={"text": text}
    )
    return question


@transaction.atomic
def update_question(*, actor, question, text, kind):
    text = clean_line(text, field="text", max_length=300, empty_message=_("Write the question."))
    if kind not in QuestionKind.values:
        raise DomainError(_("Choose a kind of question."), field="kind")
    before = {"text": question.text, "kind": question.kind}
    question.text, question.kind = text, kind
    question.save(update_fields=["text", "kind"])
    log_action(
        actor=actor,
        action="consultations.question_changed",
        obj=question,
        before=before,
        after={"text": text, "kind": kind},
    )
    return question


def _check_territory(actor, consultation, territory):
    """Who does not run the consultation sets up only the groups of a territory they
    coordinate (a network consultation's territory coordinators: rules_territory)."""
    if runs_consultation(actor, consultation):
        return
    if territory is None or not coordinates_territory(actor, consultation, territory):
        raise DomainError(
            _("You may only set up the groups of a territory you coordinate."),
            field="territory",
        )


def _check_empty(group, message):
    if group.participants.exists() or group.notes.exists():
        raise DomainError(message)


@transaction.atomic
def add_group(*, actor, consultation, name, territory=None, facilitators=()):
    name = clean_line(name, field="name", max_length=120, empty_message=_("Give the group a name."))
    _check_territory(actor, consultation, territory)
    if consultation.groups.filter(name__iexact=name).exists():
        raise DomainError(_("This consultation already has a group of that name."), field="name")
    if territory is not None:
        network_id = consultation.network_id
        if territory.pk != consultation.collective_id and (
            network_id is None or not territory.networks.filter(pk=network_id).exists()
        ):
            raise DomainError(
                _("The territory must be the collective or a collective of its network."),
                field="territory",
            )
    for _attempt in range(5):
        try:
            with transaction.atomic():
                group = Group.objects.create(
                    consultation=consultation, name=name, territory=territory
                )
            break
        except IntegrityError:  # a join code already in use: draw another one
            continue
    else:  # pragma: no cover - 31**6 codes
        raise DomainError(_("No free join code was found; try again."))
    group.facilitators.set(facilitators)
    log_action(actor=actor, action="consultations.group_added", obj=group, after={"name": name})
    return group


@transaction.atomic
def rename_group(*, actor, group, name):
    """Rename a group while nobody has joined it yet."""
    name = clean_line(name, field="name", max_length=120, empty_message=_("Give the group a name."))
    _check_territory(actor, group.consultation, group.territory)
    group = Group.objects.select_for_update().get(pk=group.pk)
    _check_empty(group, _("People have joined this group: it keeps its name."))
    if group.consultation.groups.filter(name__iexact=name).exclude(pk=group.pk).exists():
        raise DomainError(_("This consultation already has a group of that name."), field="name")
    before = {"name": group.name}
    group.name = name
    group.save(update_fields=["name"])
    log_action(
        actor=actor,
        action="consultations.group_renamed",
        obj=group,
        before=before,
        after={"name": name},
    )
    return group


@transaction.atomic
def delete_group(*, actor, group):
    """Delete a group while nobody has joined it and it holds no note."""
    _check_territory(actor, group.consultation, group.territory)
    group = Group.objects.select_for_update().get(pk=group.pk)
    _check_empty(group, _("People have joined this group: it cannot be deleted."))
    log_action(
        actor=actor, action="consultations.group_deleted", obj=group, before={"name": group.name}
    )
    group.delete()


@transaction.atomic
def set_group_facilitators(*, actor, group, facilitators):
    from maillage.collectives.models import Membership

    _check_territory(actor, group.consultation, group.territory)
    allowed = set(
        Membership.objects.active()
        .filter(collective=group.consultation.collective)
        .values_list("user_id", flat=True)
    )
    if not runs_consultation(actor, group.consultation):
        # A territory's coordinators name facilitators among the territory's members.
        allowed = set()
    if group.territory_id:
        allowed |= set(
            Membership.objects.active()
            .filter(collective_id=group.territory_id)
            .values_list("user_id", flat=True)
        )
    outside = [person for person in facilitators if person.pk not in allowed]
    if outside:
        raise DomainError(
            _("%(person)s is not a member of the collective.") % {"person": outside[0]},
            field="facilitators",
        )
    _replace_facilitators(actor, group, facilitators)
    return group


def _replace_facilitators(actor, group, facilitators):
    before = sorted(str(p) for p in group.facilitators.all())
    group.facilitators.set(facilitators)
    log_action(
        actor=actor,
        action="consultations.group_facilitators",
        obj=group,
        before={"facilitators": ", ".join(before)},
        after={"facilitators": ", ".join(sorted(str(p) for p in facilitators))},
    )


@transaction.atomic
def open_live_session(*, actor, group, hours=4):
    """Open the group's live session with a fresh code, valid for ``hours``."""
    before = {"live": group.live}
    for _attempt in range(5):
        group.join_code = new_join_code()
        group.code_expires_at = timezone.now() + datetime.timedelta(hours=hours)
        group.live = True
        try:
            with transaction.atomic():
                group.save(update_fields=["join_code", "code_expires_at", "live"])
            break
        except IntegrityError:
            continue
    log_action(
        actor=actor,
        action="consultations.live_opened",
        obj=group,
        before=before,
        after={"live": True},
    )
    return group


@transaction.atomic
def close_live_session(*, actor, group):
    group.live = False
    group.code_expires_at = timezone.now()
    group.save(update_fields=["live", "code_expires_at"])
    log_action(
        actor=actor,
        action="consultations.live_closed",
        obj=group,
        before={"live": True},
        after={"live": False},
    )
    return group


@transaction.atomic
def add_grid_code(*, actor, consultation, label, parent=None):
    label = clean_line(
        label, field="label", max_length=120, empty_message=_("Give the code a label.")
    )
    if parent is not None and (parent.consultation_id != consultation.pk or parent.parent_id):
        raise DomainError(_("A sub-code belongs under a family of this grid."), field="parent")
    if consultation.grid_codes.filter(parent=parent, label__iexact=label).exists():
        raise DomainError(_("The grid already has this code here."), field="label")
    last = consultation.grid_codes.filter(parent=parent).aggregate(m=Max("order"))["m"] or 0
    code = GridCode.objects.create(
        consultation=consultation, parent=parent, label=label, order=last + 1
    )
    log_action(actor=actor, action="consultations.code_added", obj=code, after={"label": str(code)})
    return code


@transaction.atomic
def rename_grid_code(*, actor, code, label):
    label = clean_line(
        label, field="label", max_length=120, empty_message=_("Give the code a label.")
    )
    siblings = code.consultation.grid_codes.filter(parent_id=code.parent_id).exclude(pk=code.pk)
    if siblings.filter(label__iexact=label).exists():
        raise DomainError(_("The grid already has this code here."), field="label")
    before = {"label": code.label}
    code.label = label
    code.save(update_fields=["label"])
    log_action(
        actor=actor,
        action="consultations.code_renamed",
        obj=code,
        before=before,
        after={"label": label},
    )
    return code


@transaction.atomic
def close_consultation(*, actor, consultation, conclusions):
    conclusions = (conclusions or "").strip()
    if not conclusions:
        raise DomainError(_("Write the conclusions before closing."), field="conclusions")
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    consultation.rounds.filter(status=RoundStatus.OPEN).update(status=RoundStatus.CLOSED)
    consultation.status = ConsultationStatus.CLOSED
    consultation.conclusions = conclusions
    consultation.save(update_fields=["status", "conclusions"])
    erase_contacts(actor=actor, consultation=consultation)  # addresses serve until it closes
    log_action(
        actor=actor,
        action="consultations.closed",
        obj=consultation,
        after={"conclusions": conclusions},
    )
    return consultation


@transaction.atomic
def publish_synthesis(*, actor, consultation):
    consultation.synthesis_published_at = timezone.now()
    consultation.save(update_fields=["synthesis_published_at"])
    log_action(actor=actor, action="consultations.synthesis_published", obj=consultation)
    return consultation


# ------------------------------------------------------------------------ memberships


def release_roles(*, actor, membership):
    """Called when ``membership`` ends (collectives.services.end_membership, in its
    transaction): the person stops facilitating the groups of consultations still
    under way in that collective or territory, unless they remain a member of the
    group's other collective. Closed consultations keep who facilitated them."""
    user, collective = membership.user, membership.collective
    groups = (
        Group.objects.filter(facilitators=user)
        .filter(Q(consultation__collective=collective) | Q(territory=collective))
        .exclude(consultation__status=ConsultationStatus.CLOSED)
        .select_related("consultation__collective", "territory")
    )
    for group in groups:
        if not in_any(user, group_collectives(group)):
            _replace_facilitators(actor, group, group.facilitators.exclude(pk=user.pk))
