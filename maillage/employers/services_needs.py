"""The employer group's set-up and its members' needs: the group and its rules, the
member employers and their sites, the qualifications table (job families,
qualifications and the families they cover, the trainings that bridge a gap) and the
needs themselves.

Each change runs in one transaction, locks the row it changes (or relies on a unique
constraint), records itself in the audit log (by numbers and codes; never a person's
name) and refuses bad input with a translated ``DomainError`` on the field at fault.
The checks of a need mirror the planner's input checks (``planning.pool_problem``), so
that a pooling run never fails on what was declared.
"""

import math
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.changes import lock_at_version
from maillage.core.errors import DomainError

from .models import (
    DAYS,
    Employer,
    Need,
    NeedSlot,
    Period,
)
from .services_group import (  # noqa: F401 - services_needs is the part's one entry point
    _hours,
    _minutes,
    active_needs,
    add_employer,
    add_site,
    change_group,
    change_site,
    create_group,
    end_employer,
)
from .services_table import (  # noqa: F401
    add_family,
    add_qualification,
    add_training,
    change_qualification,
    change_training,
    remove_training,
)

NOTE_MAX = 2000


# --------------------------------------------------------------------------- the needs


def _day_label(day):
    return str(dict(DAYS)[day])


def _check_slots(group, slots):
    """``slots`` as (day, start, end) triples, sorted, after the planner's checks."""
    slots = [tuple(slot) for slot in slots or ()]
    if not slots:
        raise DomainError(
            _("Give at least one weekly slot: a day, the time it starts and ends."),
            field="slots",
        )
    for day, start, end in slots:
        if day not in dict(DAYS):
            raise DomainError(_("Choose a day of the week."), field="slots")
        if start is None or end is None:
            raise DomainError(
                _("Give the time each slot starts and ends (%(day)s).") % {"day": _day_label(day)},
                field="slots",
            )
        if end <= start:
            raise DomainError(
                _("A slot must end after it starts (%(day)s, %(start)s–%(end)s).")
                % {"day": _day_label(day), "start": f"{start:%H:%M}", "end": f"{end:%H:%M}"},
                field="slots",
            )
    slots.sort()
    for (day, start, end), (next_day, next_start, next_end) in zip(slots, slots[1:], strict=False):
        if day == next_day and next_start < end:
            raise DomainError(
                _("Two slots overlap on %(day)s: %(first)s and %(second)s.")
                % {
                    "day": _day_label(day),
                    "first": f"{start:%H:%M}–{end:%H:%M}",
                    "second": f"{next_start:%H:%M}–{next_end:%H:%M}",
                },
                field="slots",
            )
    minutes = sum(_minutes(end) - _minutes(start) for _day, start, end in slots)
    if minutes > math.floor(group.target_hours * 60):
        raise DomainError(
            _(
                "This need lasts %(hours)s h a week, more than the group's full time "
                "(%(full)s h): split it into needs one person can hold."
            )
            % {"hours": _hours(Decimal(minutes) / 60), "full": _hours(group.target_hours)},
            field="slots",
        )
    return slots


def _need_fields(
    employer, *, family, site, period, starts_on, qualification, hourly_cost_max, note
):
    group = employer.group
    if site is None or site.employer_id != employer.pk:
        raise DomainError(_("Choose one of this member's sites."), field="site")
    if family is None or family.group_id != group.pk:
        raise DomainError(_("Choose a job family of this group."), field="family")
    if qualification is not None and qualification.group_id != group.pk:
        raise DomainError(_("Choose a qualification of this group."), field="qualification")
    if period not in Period.values:
        raise DomainError(_("Choose a period of the year from the list."), field="period")
    if starts_on is None:
        raise DomainError(_("Give the date the need starts."), field="starts_on")
    if not family.qualifications.exists():
        raise DomainError(
            _(
                "No qualification of the table covers “%(family)s” yet: add it to the "
                "qualifications table first."
            )
            % {"family": family.name},
            field="family",
        )
    if qualification is not None and not qualification.families.filter(pk=family.pk).exists():
        raise DomainError(
            _("The qualification “%(qualification)s” does not cover “%(family)s”.")
            % {"qualification": qualification.name, "family": family.name},
            field="qualification",
        )
    if hourly_cost_max is not None and not Decimal("0") < hourly_cost_max <= Decimal("99999"):
        raise DomainError(_("Give an hourly cost of more than 0."), field="hourly_cost_max")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(
            _("%(max)s characters at most (this one has %(count)s).")
            % {"max": NOTE_MAX, "count": len(note)},
            field="note",
        )
    return {
        "family": family,
        "site": site,
        "period": period,
        "starts_on": starts_on,
        "qualification": qualification,
        "hourly_cost_max": hourly_cost_max,
        "note": note,
    }


def _need_summary(need, slots):
    return {
        "employer": need.employer_id,
        "family": need.family_id,
        "site": need.site_id,
        "qualification": need.qualification_id,
        "period": need.period,
        "starts_on": need.starts_on,
        "slots": [f"{day} {start:%H:%M}-{end:%H:%M}" for day, start, end in slots],
    }


def _slots_of(need):
    return [(slot.day, slot.start, slot.end) for slot in need.slots.all()]


@transaction.atomic
def declare_need(
    *,
    actor,
    employer,
    family,
    site,
    period,
    starts_on,
    slots,
    qualification=None,
    hourly_cost_max=None,
    note="",
):
    """A recurring part-time need of ``employer``: a job family, weekly ``slots`` (day
    0–6, start, end) at one of its sites."""
    locked = (
        Employer.objects.select_for_update(of=("self",)).select_related("group").get(pk=employer.pk)
    )
    if locked.left_on is not None:
        raise DomainError(_("This member has left the group: it declares no more needs."))
    fields = _need_fields(
        locked,
        family=family,
        site=site,
        period=period,
        starts_on=starts_on,
        qualification=qualification,
        hourly_cost_max=hourly_cost_max,
        note=note,
    )
    slots = _check_slots(locked.group, slots)
    need = Need.objects.create(employer=locked, created_by=actor, **fields)
    NeedSlot.objects.bulk_create(
        NeedSlot(need=need, day=day, start=start, end=end) for day, start, end in slots
    )
    log_action(
        actor=actor,
        action="employers.need_declared",
        obj=need,
        collective=locked.group.collective,
        after=_need_summary(need, slots),
    )
    return need


def _stale_need():
    return _(
        "Someone changed this need while you were editing it. Your changes are not saved: "
        "check what is there now and make them again."
    )


@transaction.atomic
def change_need(
    *,
    actor,
    need,
    version,
    family,
    site,
    period,
    starts_on,
    slots,
    qualification=None,
    hourly_cost_max=None,
    note="",
):
    """Change a need opened at ``version``; a change saved in between refuses it."""
    locked = lock_at_version(Need, need.pk, version, message=_stale_need())
    if locked.withdrawn_at is not None:
        raise DomainError(_("This need has been withdrawn: it can no longer be changed."))
    employer = locked.employer
    fields = _need_fields(
        employer,
        family=family,
        site=site,
        period=period,
        starts_on=starts_on,
        qualification=qualification,
        hourly_cost_max=hourly_cost_max,
        note=note,
    )
    slots = _check_slots(employer.group, slots)
    before = _need_summary(locked, _slots_of(locked))
    for field, value in fields.items():
        setattr(locked, field, value)
    locked.version += 1
    locked.save()
    locked.slots.all().delete()
    NeedSlot.objects.bulk_create(
        NeedSlot(need=locked, day=day, start=start, end=end) for day, start, end in slots
    )
    log_action(
        actor=actor,
        action="employers.need_changed",
        obj=locked,
        collective=employer.group.collective,
        before=before,
        after=_need_summary(locked, slots),
    )
    return locked


@transaction.atomic
def withdraw_need(*, actor, need):
    """The need no longer counts: it leaves the next pooling runs (the jobs already kept
    keep it until the coordinators change them)."""
    locked = Need.objects.select_for_update().get(pk=need.pk)
    if locked.withdrawn_at is not None:
        raise DomainError(_("This need has already been withdrawn."))
    locked.withdrawn_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["withdrawn_at", "version"])
    log_action(
        actor=actor,
        action="employers.need_withdrawn",
        obj=locked,
        collective=locked.employer.group.collective,
        after={"withdrawn": True},
    )
    return locked
