"""The employer group's set-up: the group and its rules, the member employers and
their sites. The qualifications table is in services_table, the needs in services_needs
(which re-exports these functions, so that ``services_needs`` is the one entry point).

Each change runs in one transaction, locks the row it changes (or relies on a unique
constraint), records itself in the audit log (by numbers and codes; never a person's
name) and refuses bad input with a translated ``DomainError`` on the field at fault.
"""

import math
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.collectives.models import Collective
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError

from .models import (
    Employer,
    Group,
    Need,
    Site,
)

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


def active_needs(group):
    """The needs of ``group`` that count: not withdrawn, of members that have not left."""
    return Need.objects.filter(
        employer__group=group, employer__left_on__isnull=True, withdrawn_at__isnull=True
    )


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
    locked = (
        Group.objects.select_for_update(of=("self",)).select_related("collective").get(pk=group.pk)
    )
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
