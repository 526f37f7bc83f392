"""Changes of a collective's sites, their closed periods, spaces, reserved desks and
price categories. One function per change, each in a transaction, each recorded in the
collective's log; a refused change raises DomainError with a translated message."""

from decimal import Decimal

import holidays
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.changes import clean_line, lock_at_version
from maillage.core.errors import DomainError
from maillage.core.zones import validate_time_zone

from .models import ClosedPeriod, Currency, OverQuota, PriceCategory, ReservedDesks, Site, Space

SITE_FIELDS = (
    "name",
    "slug",
    "address",
    "surface_m2",
    "time_zone",
    "currency",
    "open_weekdays",
    "morning_starts",
    "morning_ends",
    "afternoon_starts",
    "afternoon_ends",
    "evening_starts",
    "evening_ends",
    "over_quota",
    "hold_hours",
    "cancellation_hours",
    "late_cancellation_charged",
    "public_requests",
    "iban",
    "creditor_name",
    "creditor_address",
)

SPACE_FIELDS = (
    "name",
    "kind",
    "surface_m2",
    "capacity",
    "desks",
    "equipment",
    "step_free",
    "accessibility",
    "description",
    "photo_description",
    "available_from",
    "position",
)


# ----------------------------------------------------------------------- checks


def normalise_iban(value):
    return "".join((value or "").split()).upper()


def iban_is_valid(value):
    """The ISO 13616 check: two letters, two check digits, then letters and digits, the
    whole read as a number modulo 97 giving 1."""
    iban = normalise_iban(value)
    if not 15 <= len(iban) <= 34 or not iban.isalnum() or not iban.isascii():
        return False
    if not iban[:2].isalpha() or not iban[2:4].isdigit():
        return False
    digits = "".join(str(int(char, 36)) for char in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


def check_site(fields):
    """Refuse what a site cannot be, each with its message; the fields, cleaned."""
    fields = dict(fields)
    fields["name"] = clean_line(
        fields.get("name"), field="name", max_length=200, empty_message=_("Name the site.")
    )
    if fields.get("currency") not in Currency.values:
        raise DomainError(
            _("The currency %(currency)s is not one Maillage handles: choose CHF or EUR.")
            % {"currency": fields.get("currency") or "?"},
            field="currency",
        )
    if fields.get("over_quota") not in OverQuota.values:
        raise DomainError(_("Choose what happens beyond a tenant's quota."), field="over_quota")
    try:
        validate_time_zone(fields.get("time_zone"))
    except ValidationError:
        raise DomainError(_("Choose a time zone from the list."), field="time_zone") from None
    surface = fields.get("surface_m2")
    if surface is not None and surface < 0:
        raise DomainError(_("A surface cannot be negative."), field="surface_m2")
    weekdays = sorted({int(day) for day in fields.get("open_weekdays") or []})
    if not weekdays or any(day < 0 or day > 6 for day in weekdays):
        raise DomainError(_("Choose at least one opening day."), field="open_weekdays")
    fields["open_weekdays"] = weekdays
    morning = (fields.get("morning_starts"), fields.get("morning_ends"))
    afternoon = (fields.get("afternoon_starts"), fields.get("afternoon_ends"))
    evening = (fields.get("evening_starts"), fields.get("evening_ends"))
    if None in morning or None in afternoon:
        raise DomainError(_("Give the times of the morning and the afternoon."))
    if (evening[0] is None) != (evening[1] is None):
        raise DomainError(
            _("Give both times of the evening, or neither when the site has no evenings."),
            field="evening_ends" if evening[1] is None else "evening_starts",
        )
    times = [*morning, *afternoon, *(evening if evening[0] is not None else ())]
    if any(later <= earlier for earlier, later in zip(times, times[1:], strict=False)):
        raise DomainError(
            _(
                "The half-days must follow each other: the morning starts before it ends, "
                "ends before the afternoon starts, and so on (an evening after the afternoon)."
            ),
            field="morning_starts",
        )
    iban = normalise_iban(fields.get("iban"))
    if iban and not iban_is_valid(iban):
        raise DomainError(
            _("This IBAN is not valid: check its letters and digits (for example CH93 0076 ...)."),
            field="iban",
        )
    fields["iban"] = iban
    fields["creditor_name"] = clean_line(
        fields.get("creditor_name"), field="creditor_name", max_length=70
    )
    return fields


RESERVED_SLUGS = ("nouveau-site",)  # an address of the sites pages (urls_sites.py)


def _slug_taken(collective, slug, exclude=None):
    if slug in RESERVED_SLUGS:
        return True
    sites = Site.objects.filter(collective=collective, slug=slug)
    if exclude is not None:
        sites = sites.exclude(pk=exclude.pk)
    return sites.exists()


def _refuse_taken_slug():
    return DomainError(
        _("The collective already has a site at this address: choose another short name."),
        field="slug",
    )


def _summary(fields):
    return {key: fields[key] for key in ("name", "currency", "time_zone") if key in fields}


# ------------------------------------------------------------------------- sites


@transaction.atomic
def create_site(*, actor, collective, **fields):
    """A new site, with its outside rate (the price category charged to people without
    a tenancy and beyond a tenant's quota)."""
    fields = check_site(fields)
    if _slug_taken(collective, fields["slug"]):
        raise _refuse_taken_slug()
    try:
        with transaction.atomic():
            site = Site.objects.create(collective=collective, **fields)
    except IntegrityError:
        raise _refuse_taken_slug() from None
    PriceCategory.objects.create(site=site, name=_("Outside rate"), outside=True, position=99)
    log_action(
        actor=actor,
        action="premises.site_created",
        obj=site,
        collective=collective,
        after=_summary(fields),
    )
    return site


@transaction.atomic
def update_site(*, actor, site, base_version, **fields):
    site = lock_at_version(Site, site.pk, base_version)
    fields = check_site(fields)
    if _slug_taken(site.collective, fields["slug"], exclude=site):
        raise _refuse_taken_slug()
    before, after = {}, {}
    for name in SITE_FIELDS:
        if name in fields and getattr(site, name) != fields[name]:
            before[name] = getattr(site, name)
            after[name] = fields[name]
            setattr(site, name, fields[name])
    if not after:
        return site
    site.version += 1
    site.save()
    log_action(
        actor=actor,
        action="premises.site_updated",
        obj=site,
        collective=site.collective,
        before={key: value for key, value in before.items() if key != "iban"},
        after={key: value for key, value in after.items() if key != "iban"},
    )
    return site


# --------------------------------------------------------------- closed periods


@transaction.atomic
def add_closed_period(*, actor, site, starts_on, ends_on, reason):
    reason = clean_line(
        reason, field="reason", max_length=200, empty_message=_("Say why the site is closed.")
    )
    if ends_on < starts_on:
        raise DomainError(
            _("The last day of the closing is before its first day."), field="ends_on"
        )
    period = ClosedPeriod.objects.create(
        site=site, starts_on=starts_on, ends_on=ends_on, reason=reason
    )
    log_action(
        actor=actor,
        action="premises.closed_period_added",
        obj=site,
        collective=site.collective,
        after={"starts_on": starts_on, "ends_on": ends_on, "reason": reason},
    )
    return period


@transaction.atomic
def remove_closed_period(*, actor, period):
    site = period.site
    deleted, _rows = ClosedPeriod.objects.filter(pk=period.pk).delete()
    if not deleted:
        raise DomainError(_("This closed period was already removed."))
    log_action(
        actor=actor,
        action="premises.closed_period_removed",
        obj=site,
        collective=site.collective,
        before={"starts_on": period.starts_on, "ends_on": period.ends_on, "reason": period.reason},
    )


def holiday_country(site):
    """The country whose public holidays a site keeps: Switzerland for a site in CHF,
    France for one in EUR."""
    return "CH" if site.currency == Currency.CHF else "FR"


def public_holidays(country, subdivision, year):
    """[(day, name)] of the public holidays of ``country`` (and of its ``subdivision``:
    a canton, a department) in ``year``, named in the current language when the
    ``holidays`` package has it."""
    language = translation.get_language() or "en"
    kind = holidays.country_holidays(country)
    languages = getattr(kind, "supported_languages", ()) or ()
    chosen = next(
        (code for code in languages if code.split("_")[0] == language.split("-")[0]), None
    )
    found = holidays.country_holidays(
        country, subdiv=subdivision or None, years=year, language=chosen
    )
    return sorted(found.items())


@transaction.atomic
def add_public_holidays(*, actor, site, year, subdivision=""):
    """A closed day for each public holiday of ``year`` at the site that no closed
    period covers yet; the number added."""
    country = holiday_country(site)
    subdivisions = holidays.list_supported_countries().get(country, [])
    if subdivision and subdivision not in subdivisions:
        raise DomainError(_("Choose a canton or region from the list."), field="subdivision")
    Site.objects.select_for_update().filter(pk=site.pk).first()
    periods = list(site.closed_periods.all())
    added = []
    for day, name in public_holidays(country, subdivision, year):
        if any(period.starts_on <= day <= period.ends_on for period in periods):
            continue
        reason = clean_line(name, max_length=200) or _("Public holiday")
        periods.append(
            ClosedPeriod.objects.create(site=site, starts_on=day, ends_on=day, reason=reason)
        )
        added.append(day)
    log_action(
        actor=actor,
        action="premises.holidays_added",
        obj=site,
        collective=site.collective,
        after={"year": year, "subdivision": subdivision, "days": len(added)},
    )
    return len(added)


# ------------------------------------------------------------------------ spaces


def _reserved_total(space):
    if space.pk is None:
        return 0
    return space.reserved_desks.aggregate(total=Sum("count"))["total"] or 0


def check_space(fields, space=None):
    fields = dict(fields)
    fields["name"] = clean_line(
        fields.get("name"), field="name", max_length=200, empty_message=_("Name the space.")
    )
    surface = fields.get("surface_m2")
    if surface is None:
        raise DomainError(_("Give the space's surface in m²."), field="surface_m2")
    if surface < Decimal(0):
        raise DomainError(_("A surface cannot be negative."), field="surface_m2")
    for name in ("capacity", "desks", "position"):
        if (fields.get(name) or 0) < 0:
            raise DomainError(_("Enter a number of zero or more."), field=name)
    if fields.get("photo") and not fields.get("photo_description", "").strip():
        raise DomainError(
            _("Describe the photo for people who cannot see it."), field="photo_description"
        )
    reserved = _reserved_total(space) if space is not None else 0
    if fields.get("desks", 0) < reserved:
        raise DomainError(
            _("%(reserved)s desks of this pool are reserved: it cannot have fewer.")
            % {"reserved": reserved},
            field="desks",
        )
    return fields


@transaction.atomic
def add_space(*, actor, site, photo=None, **fields):
    fields = check_space({**fields, "photo": photo})
    fields.pop("photo")
    space = Space(site=site, **fields)
    if photo:
        space.photo = photo
    space.save()
    log_action(
        actor=actor,
        action="premises.space_added",
        obj=space,
        collective=site.collective,
        after={"name": space.name, "kind": space.kind, "surface_m2": space.surface_m2},
    )
    return space


@transaction.atomic
def update_space(*, actor, space, photo=None, remove_photo=False, **fields):
    space = Space.objects.select_for_update().select_related("site__collective").get(pk=space.pk)
    if space.archived_at is not None:
        raise DomainError(_("This space is archived: it cannot be changed."))
    fields = check_space(
        {**fields, "photo": photo or (space.photo if not remove_photo else None)}, space
    )
    fields.pop("photo")
    before, after = {}, {}
    for name in SPACE_FIELDS:
        if name in fields and getattr(space, name) != fields[name]:
            before[name], after[name] = getattr(space, name), fields[name]
            setattr(space, name, fields[name])
    if photo:
        space.photo = photo
        after["photo"] = True
    elif remove_photo and space.photo:
        space.photo = ""
        after["photo"] = False
    if after:
        space.save()
        log_action(
            actor=actor,
            action="premises.space_updated",
            obj=space,
            collective=space.site.collective,
            before=before,
            after=after,
        )
    return space


@transaction.atomic
def archive_space(*, actor, space):
    space = Space.objects.select_for_update().select_related("site__collective").get(pk=space.pk)
    if space.archived_at is not None:
        raise DomainError(_("This space is already archived."))
    space.archived_at = timezone.now()
    space.save(update_fields=["archived_at"])
    log_action(
        actor=actor,
        action="premises.space_archived",
        obj=space,
        collective=space.site.collective,
        after={"name": space.name},
    )
    return space


@transaction.atomic
def set_reserved_desks(*, actor, space, organisation, count):
    """Keep ``count`` desks of the pool for ``organisation`` (0: none)."""
    space = Space.objects.select_for_update().select_related("site__collective").get(pk=space.pk)
    if not space.is_desk_pool:
        raise DomainError(_("Desks are reserved in a pool of coworking desks only."))
    if not space.site.collective.organisations.filter(pk=organisation.pk).exists():
        raise DomainError(_("Choose an organisation of the collective."), field="organisation")
    if count < 0:
        raise DomainError(_("Enter a number of zero or more."), field="count")
    others = (
        space.reserved_desks.exclude(organisation=organisation).aggregate(total=Sum("count"))[
            "total"
        ]
        or 0
    )
    if others + count > space.desks:
        raise DomainError(
            _(
                "The pool has %(desks)s desks and %(others)s are already reserved for other "
                "organisations: at most %(free)s more can be reserved."
            )
            % {"desks": space.desks, "others": others, "free": max(space.desks - others, 0)},
            field="count",
        )
    current = ReservedDesks.objects.filter(space=space, organisation=organisation).first()
    before = current.count if current else 0
    if count == 0:
        ReservedDesks.objects.filter(space=space, organisation=organisation).delete()
    else:
        ReservedDesks.objects.update_or_create(
            space=space, organisation=organisation, defaults={"count": count}
        )
    log_action(
        actor=actor,
        action="premises.desks_reserved",
        obj=space,
        collective=space.site.collective,
        before={"organisation": str(organisation), "count": before},
        after={"organisation": str(organisation), "count": count},
    )


# -------------------------------------------------------------- price categories


def _check_category(site, name, outside, exclude=None):
    name = clean_line(
        name, field="name", max_length=100, empty_message=_("Name the price category.")
    )
    others = site.price_categories.all()
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.filter(name__iexact=name).exists():
        raise DomainError(_("The site already has a price category of this name."), field="name")
    if outside and others.filter(outside=True).exists():
        raise DomainError(
            _("The site already has its outside rate: a site has only one."), field="outside"
        )
    return name


@transaction.atomic
def add_price_category(*, actor, site, name, outside=False):
    Site.objects.select_for_update().filter(pk=site.pk).first()
    name = _check_category(site, name, outside)
    position = site.price_categories.count()
    category = PriceCategory.objects.create(
        site=site, name=name, outside=outside, position=position
    )
    log_action(
        actor=actor,
        action="premises.category_added",
        obj=category,
        collective=site.collective,
        after={"name": name, "outside": outside},
    )
    return category


@transaction.atomic
def update_price_category(*, actor, category, name, outside):
    site = category.site
    Site.objects.select_for_update().filter(pk=site.pk).first()
    category = PriceCategory.objects.get(pk=category.pk)
    name = _check_category(site, name, outside, exclude=category)
    if category.outside and not outside:
        raise DomainError(
            _("A site keeps its outside rate: it is charged to people without a tenancy."),
            field="outside",
        )
    before = {"name": category.name, "outside": category.outside}
    category.name, category.outside = name, outside
    category.save(update_fields=["name", "outside"])
    log_action(
        actor=actor,
        action="premises.category_updated",
        obj=category,
        collective=site.collective,
        before=before,
        after={"name": name, "outside": outside},
    )
    return category
