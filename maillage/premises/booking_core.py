"""The one place where a half-day is checked and written: every booking, whatever its
way in (a member's booking, a series, a request from outside accepted, a hold), goes
through ``reserve_half_day`` while the caller holds the site's lock
(``halfdays.lock_site`` inside ``transaction.atomic``).

On SQLite the IMMEDIATE transaction holds the database's write lock from BEGIN, so the
check and the insert cannot interleave with another booking's. On PostgreSQL the site's
row lock serialises them, and the exclusion constraint on (space, time range) refuses
an overlap even if some code forgot the lock: its IntegrityError becomes the same
message.

Quotas: a permanent or part-time tenancy includes ``quota_half_days`` half-days a
month on the bookable rooms (desks are not counted). A booking beyond it is marked
``over_quota`` (priced at the outside rate in the statements) or refused, as the site
says. Occasional tenants pay their category's price for every half-day, and a booking
without a tenancy is at the outside rate.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core.errors import DomainError

from . import halfdays
from .models import BLOCKING, Booking, BookingStatus, OverQuota, Tenancy, TenancyKind


def tenancy_of(site, organisation, day):
    """The tenancy of ``organisation`` at ``site`` on ``day``, or None."""
    if organisation is None:
        return None
    return (
        Tenancy.objects.filter(site=site, organisation=organisation, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .order_by("-starts_on")
        .first()
    )


def quota_used(tenancy, day):
    """Half-days of rooms the tenancy holds in the month of ``day`` (held or confirmed)."""
    return Booking.objects.filter(
        tenancy=tenancy,
        exclusive=True,
        status__in=BLOCKING,
        date__year=day.year,
        date__month=day.month,
    ).count()


def has_quota(tenancy):
    return tenancy is not None and tenancy.kind != TenancyKind.OCCASIONAL


def check_bookable(site, space, day, slot, *, now=None):
    """Refuses, with a message for the person, a half-day that cannot be booked."""
    if space.site_id != site.pk:
        raise DomainError(_("This space is not at this site."), field="space")
    if not space.is_bookable or space.archived_at is not None:
        raise DomainError(
            _("%(space)s is not booked by the half-day.") % {"space": space.name}, field="space"
        )
    if halfdays.not_yet_available(space, day):
        raise DomainError(
            _("%(space)s can be booked from %(date)s.")
            % {"space": space.name, "date": date_format(space.available_from)},
            field="day",
        )
    if halfdays.slot_of(site, slot) is None:
        raise DomainError(_("The site is not open at that time of day."), field="slot")
    reason = halfdays.closed_reason(site, day)
    if reason:
        raise DomainError(
            _("The site is closed on %(date)s: %(reason)s.")
            % {"date": date_format(day), "reason": reason},
            field="day",
        )
    starts_at, ends_at = halfdays.bounds(site, day, slot)
    if ends_at <= (now or timezone.now()):
        raise DomainError(_("This half-day is already over."), field="day")
    return starts_at, ends_at


def check_half_day(
    *, site, space, day, slot, organisation=None, desks=0, now=None, instead_of=None
):
    """Every check of a half-day before it is written, and the fields the check decides
    (times, desks, tenancy, over_quota), for ``reserve_half_day`` and for a row already
    there that becomes blocking (a request from outside accepted or held):
    ``instead_of`` is that row, which does not count against itself. The caller holds
    the site's lock. Raises DomainError as ``reserve_half_day`` does."""
    now = now or timezone.now()
    starts_at, ends_at = check_bookable(site, space, day, slot, now=now)
    halfdays.expire_holds(site, now)
    label = _("%(space)s, %(date)s, %(slot)s") % {
        "space": space.name,
        "date": date_format(day),
        "slot": halfdays.slot_of(site, slot).label,
    }
    if space.is_desk_pool:
        desks = desks or 1
        free = halfdays.free_desks(space, organisation, starts_at, ends_at)
        if instead_of is not None and instead_of.is_blocking:
            free += instead_of.desks
        if free < desks:
            raise DomainError(
                ngettext(
                    "%(what)s: only %(free)s desk is free.",
                    "%(what)s: only %(free)s desks are free.",
                    free,
                )
                % {"what": label, "free": free},
                field="desks",
                code="full",
            )
    else:
        desks = 0
        taken = halfdays.room_taken(space, starts_at, ends_at)
        if instead_of is not None:
            taken = taken.exclude(pk=instead_of.pk)
        if taken.exists():
            raise DomainError(
                _("%(what)s: already booked.") % {"what": label}, field="slot", code="taken"
            )
    tenancy = tenancy_of(site, organisation, day)
    over_quota = tenancy is None
    if has_quota(tenancy) and not space.is_desk_pool:
        used = quota_used(tenancy, day)
        if instead_of is not None and instead_of.is_blocking and instead_of.tenancy_id:
            used -= 1
        over_quota = used >= tenancy.quota_half_days
        if over_quota and site.over_quota == OverQuota.REFUSE:
            raise DomainError(
                _(
                    "%(organisation)s has used its %(quota)s half-days of %(month)s: "
                    "this site takes no booking beyond them."
                )
                % {
                    "organisation": tenancy.organisation,
                    "quota": tenancy.quota_half_days,
                    "month": date_format(day, "YEAR_MONTH_FORMAT"),
                },
                field="slot",
                code="quota",
            )
    return {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "exclusive": not space.is_desk_pool,
        "desks": desks,
        "tenancy": tenancy,
        "over_quota": over_quota,
        "label": label,
    }


def reserve_half_day(
    *,
    site,
    space,
    day,
    slot,
    organisation=None,
    desks=0,
    status=BookingStatus.CONFIRMED,
    hold_until=None,
    now=None,
    **fields,
):
    """Books ``space`` for the half-day ``slot`` of ``day`` and returns the booking.

    The caller holds the site's lock. ``desks``: how many desks of a pool (1 when 0).
    ``fields``: the booking's other fields (booked_by, purpose, people, series,
    requester_*...). Raises DomainError when the half-day cannot be booked, the room is
    taken, the pool has too few free desks, or the tenant's quota is spent where the
    site refuses bookings beyond it (``check_half_day``)."""
    checked = check_half_day(
        site=site, space=space, day=day, slot=slot, organisation=organisation, desks=desks, now=now
    )
    label = checked.pop("label")
    try:
        with transaction.atomic():
            return Booking.objects.create(
                site=site,
                space=space,
                date=day,
                slot=slot,
                status=status,
                hold_until=hold_until,
                organisation=organisation,
                **checked,
                **fields,
            )
    except IntegrityError as exc:
        key = fields.get("client_key")
        if (
            key is not None
            and Booking.objects.filter(
                booked_by=fields.get("booked_by"), client_key=key, slot=slot
            ).exists()
        ):
            raise  # the same sending booked it: the caller returns what it booked
        # PostgreSQL's exclusion constraint: someone booked it without the site's lock.
        raise DomainError(
            _("%(what)s: already booked.") % {"what": label}, field="slot", code="taken"
        ) from exc
