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

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.collectives.models import Collective
from maillage.core.changes import clean_line, lock_at_version
from maillage.core.errors import DomainError

from .models import (
    DAYS,
    Employer,
    Group,
    JobFamily,
    Need,
    NeedSlot,
    Period,
    Qualification,
    Site,
    Training,
)

NOTE_MAX = 2000
LATITUDE = (Decimal("-90"), Decimal("90"))
LONGITUDE = (Decimal("-180"), Decimal("180"))
GROUP_FIELDS = (
    "name",
    "target_hours",
    "min_hours",
    "speed_kmh",
    "hourly_cost",
    "term_weeks",
    "holiday_weeks",
)


def _hours(value):
    """Hours as people read them: 35, 7.5."""
    return f"{Decimal(value).normalize():f}"


def _clock(minutes):
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(moment):
    return moment.hour * 60 + moment.minute


# --------------------------------------------------------------------------- the group


def _group_taken():
    return DomainError(_("This collective already has an employer group."), field="name")


@transaction.atomic
def create_group(*, actor, collective, name):
    """The employer group of ``collective`` (one per collective), with the usual rules."""
    name = clean_line(name, field="name", max_length=200, empty_message=_("Give the group a name."))
    Collective.objects.select_for_update().get(pk=collective.pk)
    if Group.objects.filter(collective=collective).exists():
        raise _group_taken()
    try:
        with transaction.atomic():
            group = Group.objects.create(collective=collective, name=name)
    except IntegrityError as exc:
        raise _group_taken() from exc
    log_action(actor=actor, action="employers.group_created", obj=group, after={"name": name})
    return group


def _check_group_fields(group, fields):
    positive = {
        "target_hours": (Decimal("1"), Decimal("48")),
        "min_hours": (Decimal("0"), Decimal("48")),
        "speed_kmh": (Decimal("1"), Decimal("200")),
        "hourly_cost": (Decimal("0"), Decimal("99999")),
    }
    for field, (low, high) in positive.items():
        value = fields.get(field)
        if value is None or not low <= value <= high:
            raise DomainError(
                _("Give a number between %(low)s and %(high)s.")
                % {"low": _hours(low), "high": _hours(high)},
                field=field,
            )
    for field in ("term_weeks", "holiday_weeks"):
        value = fields.get(field)
        if value is None or not 0 <= value <= 52:
            raise DomainError(_("Give a number of weeks between 0 and 52."), field=field)
    if fields["term_weeks"] + fields["holiday_weeks"] > 52:
        raise DomainError(
            _("A year has 52 weeks: term-time and holiday weeks together cannot exceed it."),
            field="holiday_weeks",
        )
    if fields["min_hours"] > fields["target_hours"]:
        raise DomainError(
            _("The minimum hours (%(minimum)s h) cannot exceed the full time (%(full)s h).")
            % {"minimum": _hours(fields["min_hours"]), "full": _hours(fields["target_hours"])},
            field="min_hours",
        )
    full_minutes = math.floor(fields["target_hours"] * 60)
    for need in active_needs(group).prefetch_related("slots"):
        if need.minutes > full_minutes:
            raise DomainError(
                _(
                    "%(need)s lasts %(hours)s h a week, more than this full time: change "
                    "that need first."
                )
                % {"need": need, "hours": _hours(Decimal(need.minutes) / 60)},
                field="target_hours",
            )


@transaction.atomic
def change_group(*, actor, group, **fields):
    """Change the group's name and rules (full time, minimum hours, speed, hourly cost,
    term and holiday weeks); a field not given keeps its value."""
    locked = Group.objects.select_for_update().get(pk=group.pk)
    unknown = set(fields) - set(GROUP_FIELDS)
    if unknown:
        raise TypeError(f"change_group() got unknown fields {sorted(unknown)}")
    values = {field: fields.get(field, getattr(locked, field)) for field in GROUP_FIELDS}
    values["name"] = clean_line(
        values["name"], field="name", max_length=200, empty_message=_("Give the group a name.")
    )
    _check_group_fields(locked, values)
    before = {field: getattr(locked, field) for field in GROUP_FIELDS}
    for field, value in values.items():
        setattr(locked, field, value)
    locked.save()
    changed = {f for f in GROUP_FIELDS if before[f] != getattr(locked, f)}
    log_action(
        actor=actor,
        action="employers.group_changed",
        obj=locked,
        before={f: str(before[f]) for f in changed},
        after={f: str(getattr(locked, f)) for f in changed},
    )
    return locked


# ------------------------------------------------------------------------ the members


def _member_taken():
    return DomainError(
        _("This organisation is already a member of the group."), field="organisation"
    )


@transaction.atomic
def add_employer(*, actor, group, organisation, joined_on):
    """``organisation`` (one of the collective's) joins the group on ``joined_on``."""
    locked = Group.objects.select_for_update().select_related("collective").get(pk=group.pk)
    if (
        organisation is None
        or not locked.collective.organisations.filter(pk=organisation.pk).exists()
    ):
        raise DomainError(
            _("Choose an organisation of the collective: add it to the collective first."),
            field="organisation",
        )
    if joined_on is None:
        raise DomainError(_("Give the date it joins the group."), field="joined_on")
    if locked.employers.filter(organisation=organisation).exists():
        raise _member_taken()
    try:
        with transaction.atomic():
            employer = Employer.objects.create(
                group=locked, organisation=organisation, joined_on=joined_on
            )
    except IntegrityError as exc:
        raise _member_taken() from exc
    log_action(
        actor=actor,
        action="employers.member_added",
        obj=employer,
        collective=locked.collective,
        after={"organisation": organisation.pk, "joined_on": joined_on},
    )
    return employer


@transaction.atomic
def end_employer(*, actor, employer, left_on):
    """The member leaves the group on ``left_on``; its needs leave the next runs."""
    locked = Employer.objects.select_for_update().get(pk=employer.pk)
    if locked.left_on is not None:
        raise DomainError(_("This member has already left the group."), field="left_on")
    if left_on is None:
        raise DomainError(_("Give the date it leaves the group."), field="left_on")
    if left_on < locked.joined_on:
        raise DomainError(
            _("A member cannot leave before it joined (%(date)s).")
            % {"date": locked.joined_on.isoformat()},
            field="left_on",
        )
    locked.left_on = left_on
    locked.save(update_fields=["left_on"])
    log_action(
        actor=actor,
        action="employers.member_ended",
        obj=locked,
        collective=locked.group.collective,
        after={"left_on": left_on},
    )
    return locked


# -------------------------------------------------------------------------- the sites


def _site_fields(*, name, commune, latitude, longitude):
    name = clean_line(name, field="name", max_length=200, empty_message=_("Give the site a name."))
    commune = clean_line(
        commune, field="commune", max_length=100, empty_message=_("Give the site's commune.")
    )
    if latitude is None or not LATITUDE[0] <= latitude <= LATITUDE[1]:
        raise DomainError(
            _("Give a latitude between -90 and 90 degrees, for example 48.86130."),
            field="latitude",
        )
    if longitude is None or not LONGITUDE[0] <= longitude <= LONGITUDE[1]:
        raise DomainError(
            _("Give a longitude between -180 and 180 degrees, for example 2.44320."),
            field="longitude",
        )
    return {"name": name, "commune": commune, "latitude": latitude, "longitude": longitude}


def _site_taken():
    return DomainError(_("This member already has a site of that name."), field="name")


def _site_summary(site):
    return {
        "name": site.name,
        "commune": site.commune,
        "latitude": str(site.latitude),
        "longitude": str(site.longitude),
    }


@transaction.atomic
def add_site(*, actor, employer, name, commune, latitude, longitude):
    """A site where ``employer``'s needs are worked."""
    locked = Employer.objects.select_for_update().get(pk=employer.pk)
    fields = _site_fields(name=name, commune=commune, latitude=latitude, longitude=longitude)
    if locked.sites.filter(name__iexact=fields["name"]).exists():
        raise _site_taken()
    try:
        with transaction.atomic():
            site = Site.objects.create(employer=locked, **fields)
    except IntegrityError as exc:
        raise _site_taken() from exc
    log_action(actor=actor, action="employers.site_added", obj=site, after=_site_summary(site))
    return site


@transaction.atomic
def change_site(*, actor, site, name, commune, latitude, longitude):
    locked = Site.objects.select_for_update().get(pk=site.pk)
    fields = _site_fields(name=name, commune=commune, latitude=latitude, longitude=longitude)
    if (
        Site.objects.filter(employer_id=locked.employer_id, name__iexact=fields["name"])
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise _site_taken()
    before = _site_summary(locked)
    for field, value in fields.items():
        setattr(locked, field, value)
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError as exc:
        raise _site_taken() from exc
    log_action(
        actor=actor,
        action="employers.site_changed",
        obj=locked,
        before=before,
        after=_site_summary(locked),
    )
    return locked


# ---------------------------------------------------------------------- the table


def _group_row(group):
    return Group.objects.select_for_update().select_related("collective").get(pk=group.pk)


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
        Qualification.objects.select_for_update().select_related("group").get(pk=qualification.pk)
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
    locked = Training.objects.select_for_update().select_related("group").get(pk=training.pk)
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
        locked = Training.objects.select_for_update().select_related("group").get(pk=training.pk)
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


# --------------------------------------------------------------------------- the needs


def active_needs(group):
    """The needs of ``group`` that count: not withdrawn, of members that have not left."""
    return Need.objects.filter(
        employer__group=group, employer__left_on__isnull=True, withdrawn_at__isnull=True
    )


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
    locked = Employer.objects.select_for_update().select_related("group").get(pk=employer.pk)
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
