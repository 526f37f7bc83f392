"""The qualifications table of an employer group: job families, the qualifications
and the families each covers, the trainings that bridge a gap (see services_group for
what every change here does: one transaction, a lock, the log, a translated refusal)."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError

from .models import (
    Group,
    JobFamily,
    Qualification,
    Training,
)
from .services_group import active_needs

# ---------------------------------------------------------------------- the table


def _group_row(group):
    return (
        Group.objects.select_for_update(of=("self",)).select_related("collective").get(pk=group.pk)
    )


@transaction.atomic
def add_family(*, actor, group, name):
    locked = _group_row(group)
    name = clean_line(
        name, field="name", max_length=120, empty_message=_("Give the job family a name.")
    )
    taken = DomainError(_("This job family already exists."), field="name")
    if locked.families.filter(name__iexact=name).exists():
        raise taken
    try:
        with transaction.atomic():
            family = JobFamily.objects.create(group=locked, name=name)
    except IntegrityError as exc:
        raise taken from exc
    log_action(
        actor=actor,
        action="employers.family_added",
        obj=family,
        collective=locked.collective,
        after={"name": name},
    )
    return family


def _families_of(group, families):
    families = list(families or ())
    if not families:
        raise DomainError(
            _("Tick at least one job family this qualification covers."), field="families"
        )
    if any(family.group_id != group.pk for family in families):
        raise DomainError(_("Choose job families of this group."), field="families")
    return families


@transaction.atomic
def add_qualification(*, actor, group, name, families):
    """A qualification of the table and the job families it covers."""
    locked = _group_row(group)
    name = clean_line(
        name, field="name", max_length=120, empty_message=_("Give the qualification a name.")
    )
    families = _families_of(locked, families)
    taken = DomainError(_("This qualification already exists."), field="name")
    if locked.qualifications.filter(name__iexact=name).exists():
        raise taken
    try:
        with transaction.atomic():
            qualification = Qualification.objects.create(group=locked, name=name)
    except IntegrityError as exc:
        raise taken from exc
    qualification.families.set(families)
    log_action(
        actor=actor,
        action="employers.qualification_added",
        obj=qualification,
        collective=locked.collective,
        after={"name": name, "families": sorted(f.pk for f in families)},
    )
    return qualification


@transaction.atomic
def change_qualification(*, actor, qualification, name, families):
    """Rename a qualification or change the job families it covers. A family that a
    need requiring this qualification is of cannot be taken away."""
    locked = (
        Qualification.objects.select_for_update(of=("self",))
        .select_related("group")
        .get(pk=qualification.pk)
    )
    name = clean_line(
        name, field="name", max_length=120, empty_message=_("Give the qualification a name.")
    )
    families = _families_of(locked.group, families)
    if (
        Qualification.objects.filter(group_id=locked.group_id, name__iexact=name)
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise DomainError(_("This qualification already exists."), field="name")
    kept = {family.pk for family in families}
    required = (
        active_needs(locked.group)
        .filter(qualification=locked)
        .exclude(family_id__in=kept)
        .select_related("family")
        .first()
    )
    if required is not None:
        raise DomainError(
            _("%(need)s requires this qualification for “%(family)s”: keep that job family.")
            % {"need": required, "family": required.family.name},
            field="families",
        )
    before = {"name": locked.name, "families": sorted(locked.families.values_list("pk", flat=True))}
    locked.name = name
    locked.save(update_fields=["name"])
    locked.families.set(families)
    log_action(
        actor=actor,
        action="employers.qualification_changed",
        obj=locked,
        collective=locked.group.collective,
        before=before,
        after={"name": name, "families": sorted(kept)},
    )
    return locked


def _training_fields(group, *, name, family, from_qualification, hours, cost, provider):
    name = clean_line(
        name, field="name", max_length=200, empty_message=_("Give the training a name.")
    )
    if family is None or family.group_id != group.pk:
        raise DomainError(_("Choose a job family of this group."), field="family")
    if from_qualification is not None and from_qualification.group_id != group.pk:
        raise DomainError(_("Choose a qualification of this group."), field="from_qualification")
    if hours is None or not 0 < hours <= 10_000:
        raise DomainError(_("Give its length, between 1 and 10000 hours."), field="hours")
    if cost is None or not Decimal("0") <= cost <= Decimal("9999999"):
        raise DomainError(_("Give its cost, 0 or more."), field="cost")
    provider = clean_line(provider, field="provider", max_length=200)
    return {
        "name": name,
        "family": family,
        "from_qualification": from_qualification,
        "hours": hours,
        "cost": cost,
        "provider": provider,
    }


def _training_summary(training):
    return {
        "name": training.name,
        "family": training.family_id,
        "from_qualification": training.from_qualification_id,
        "hours": training.hours,
        "cost": str(training.cost),
    }


@transaction.atomic
def add_training(*, actor, group, name, family, from_qualification=None, hours, cost, provider=""):
    """A training that opens ``family`` to the holders of ``from_qualification`` (or of
    none)."""
    locked = _group_row(group)
    fields = _training_fields(
        locked,
        name=name,
        family=family,
        from_qualification=from_qualification,
        hours=hours,
        cost=cost,
        provider=provider,
    )
    training = Training.objects.create(group=locked, **fields)
    log_action(
        actor=actor,
        action="employers.training_added",
        obj=training,
        collective=locked.collective,
        after=_training_summary(training),
    )
    return training


@transaction.atomic
def change_training(
    *, actor, training, name, family, from_qualification=None, hours, cost, provider=""
):
    locked = (
        Training.objects.select_for_update(of=("self",)).select_related("group").get(pk=training.pk)
    )
    fields = _training_fields(
        locked.group,
        name=name,
        family=family,
        from_qualification=from_qualification,
        hours=hours,
        cost=cost,
        provider=provider,
    )
    before = _training_summary(locked)
    for field, value in fields.items():
        setattr(locked, field, value)
    locked.save()
    log_action(
        actor=actor,
        action="employers.training_changed",
        obj=locked,
        collective=locked.group.collective,
        before=before,
        after=_training_summary(locked),
    )
    return locked


@transaction.atomic
def remove_training(*, actor, training):
    try:
        locked = (
            Training.objects.select_for_update(of=("self",))
            .select_related("group")
            .get(pk=training.pk)
        )
    except Training.DoesNotExist as exc:
        raise DomainError(_("This training has already been removed.")) from exc
    before = _training_summary(locked)
    collective = locked.group.collective
    log_action(
        actor=actor,
        action="employers.training_removed",
        obj=locked,
        collective=collective,
        before=before,
    )
    locked.delete()
