"""Tenancies: an organisation applies with its needs table, examined against the
charter in force (whose version the application keeps); coordinators accept it (the
tenancy: kind, weekdays, dates, price category, quota, spaces, desks) or refuse it with
a reason, and the applicant is told by e-mail; a tenancy is changed or ended."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.collectives.services import current_charter
from maillage.core.changes import lock_at_version
from maillage.core.errors import DomainError
from maillage.core.mail import queue_email

from .models import ApplicationStatus, Tenancy, TenancyApplication, TenancyKind


def _check_weekdays(kind, weekdays, field="weekdays"):
    weekdays = sorted({int(day) for day in weekdays or []})
    if any(day < 0 or day > 6 for day in weekdays):
        raise DomainError(_("Choose days of the week."), field=field)
    if kind == TenancyKind.PART_TIME and not weekdays:
        raise DomainError(_("Name the days of the week of a part-time tenancy."), field=field)
    return weekdays if kind == TenancyKind.PART_TIME else []


def _check_spaces(site, spaces):
    spaces = list(spaces or [])
    if any(space.site_id != site.pk or space.archived_at is not None for space in spaces):
        raise DomainError(_("Choose spaces of this site."), field="spaces")
    return spaces


@transaction.atomic
def apply_for_tenancy(
    *,
    user,
    site,
    organisation,
    kind,
    starts_on,
    spaces=(),
    desks=0,
    days_per_week=5,
    weekdays=(),
    people=1,
    equipment="",
    budget=None,
    activity="",
    agrees_to_charter=False,
):
    """An organisation's needs table. The charter in force when it is sent is the one
    it is examined against: its version is kept, whatever changes later."""
    collective = site.collective
    if kind not in TenancyKind.values:
        raise DomainError(_("Choose the kind of tenancy wanted."), field="kind")
    if not collective.organisations.filter(pk=organisation.pk).exists():
        raise DomainError(_("Choose an organisation of the collective."), field="organisation")
    if (
        TenancyApplication.objects.select_for_update()
        .filter(site=site, organisation=organisation, status=ApplicationStatus.SUBMITTED)
        .exists()
    ):
        raise DomainError(
            _("%(organisation)s already has an application waiting for this site.")
            % {"organisation": organisation.name},
            field="organisation",
        )
    if budget is not None and budget < 0:
        raise DomainError(_("A budget cannot be negative."), field="budget")
    if days_per_week is not None and not 0 <= days_per_week <= 7:
        raise DomainError(_("A week has between 0 and 7 days."), field="days_per_week")
    weekdays = _check_weekdays(kind, weekdays)
    spaces = _check_spaces(site, spaces)
    charter = current_charter(collective)
    if charter is not None and collective.requires_charter_agreement and not agrees_to_charter:
        raise DomainError(
            _("To apply, the organisation must agree to the collective's charter."),
            field="agrees_to_charter",
        )
    application = TenancyApplication.objects.create(
        site=site,
        organisation=organisation,
        applicant=user,
        kind=kind,
        desks=desks or 0,
        days_per_week=days_per_week if days_per_week is not None else 0,
        weekdays=weekdays,
        starts_on=starts_on,
        people=people or 0,
        equipment=equipment,
        budget=budget,
        activity=activity,
        charter_version=charter,
    )
    application.spaces.set(spaces)
    log_action(
        actor=user,
        action="premises.application_submitted",
        obj=application,
        collective=collective,
        after={"organisation": organisation.name, "kind": kind, "starts_on": starts_on},
    )
    return application


def _submitted(application):
    application = (
        TenancyApplication.objects.select_for_update()
        .select_related("site__collective", "organisation", "applicant")
        .get(pk=application.pk)
    )
    if application.status != ApplicationStatus.SUBMITTED:
        raise DomainError(
            _("This application has already been answered (%(status)s).")
            % {"status": application.get_status_display()}
        )
    return application


def check_tenancy(site, *, kind, starts_on, ends_on, category, weekdays, quota_half_days):
    if kind not in TenancyKind.values:
        raise DomainError(_("Choose the kind of tenancy."), field="kind")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_("The tenancy cannot end before it starts."), field="ends_on")
    if category is None or category.site_id != site.pk:
        raise DomainError(_("Choose a price category of this site."), field="category")
    if quota_half_days is not None and quota_half_days < 0:
        raise DomainError(_("Enter a number of zero or more."), field="quota_half_days")
    return _check_weekdays(kind, weekdays)


@transaction.atomic
def accept_application(
    *,
    actor,
    application,
    kind,
    starts_on,
    category,
    quota_half_days=0,
    ends_on=None,
    weekdays=(),
    spaces=(),
    desks=0,
):
    application = _submitted(application)
    site = application.site
    weekdays = check_tenancy(
        site,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        category=category,
        weekdays=weekdays,
        quota_half_days=quota_half_days,
    )
    spaces = _check_spaces(site, spaces)
    tenancy = Tenancy.objects.create(
        site=site,
        organisation=application.organisation,
        kind=kind,
        weekdays=weekdays,
        starts_on=starts_on,
        ends_on=ends_on,
        category=category,
        quota_half_days=quota_half_days or 0,
        desks=desks or 0,
        application=application,
    )
    tenancy.spaces.set(spaces)
    _decide(actor, application, ApplicationStatus.ACCEPTED)
    log_action(
        actor=actor,
        action="premises.application_accepted",
        obj=application,
        collective=site.collective,
        after={
            "organisation": application.organisation.name,
            "kind": kind,
            "starts_on": starts_on,
            "quota_half_days": tenancy.quota_half_days,
        },
    )
    return tenancy


@transaction.atomic
def refuse_application(*, actor, application, reason):
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the application is refused."), field="reason")
    application = _submitted(application)
    _decide(actor, application, ApplicationStatus.REFUSED, reason)
    log_action(
        actor=actor,
        action="premises.application_refused",
        obj=application,
        collective=application.site.collective,
        after={"organisation": application.organisation.name, "reason": reason},
    )
    return application


def _decide(actor, application, status, reason=""):
    application.status = status
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.decision_reason = reason
    application.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    site = application.site
    queue_email(
        template="premises/tenancy/email/decision",
        to=application.applicant.email,
        language=application.applicant.language,
        context={
            "application": application,
            "accepted": status == ApplicationStatus.ACCEPTED,
            "url": settings.SITE_URL
            + reverse("premises:site", args=[site.collective.slug, site.slug]),
        },
    )


def _lock_tenancy(tenancy, base_version):
    return lock_at_version(
        Tenancy.objects.select_related("site__collective", "organisation"),
        tenancy.pk,
        base_version,
        of=("self",),
    )


@transaction.atomic
def update_tenancy(*, actor, tenancy, base_version, quota_half_days, category, ends_on):
    tenancy = _lock_tenancy(tenancy, base_version)
    check_tenancy(
        tenancy.site,
        kind=tenancy.kind,
        starts_on=tenancy.starts_on,
        ends_on=ends_on,
        category=category,
        weekdays=tenancy.weekdays,
        quota_half_days=quota_half_days,
    )
    before = {
        "quota_half_days": tenancy.quota_half_days,
        "category": tenancy.category.name,
        "ends_on": tenancy.ends_on,
    }
    tenancy.quota_half_days = quota_half_days
    tenancy.category = category
    tenancy.ends_on = ends_on
    tenancy.version += 1
    tenancy.save(update_fields=["quota_half_days", "category", "ends_on", "version"])
    log_action(
        actor=actor,
        action="premises.tenancy_updated",
        obj=tenancy,
        collective=tenancy.site.collective,
        before=before,
        after={"quota_half_days": quota_half_days, "category": category.name, "ends_on": ends_on},
    )
    return tenancy


@transaction.atomic
def end_tenancy(*, actor, tenancy, ends_on):
    """The tenancy ends on ``ends_on`` (included)."""
    tenancy = _lock_tenancy(tenancy, None)
    if ends_on < tenancy.starts_on:
        raise DomainError(_("The tenancy cannot end before it starts."), field="ends_on")
    before = tenancy.ends_on
    tenancy.ends_on = ends_on
    tenancy.version += 1
    tenancy.save(update_fields=["ends_on", "version"])
    log_action(
        actor=actor,
        action="premises.tenancy_ended",
        obj=tenancy,
        collective=tenancy.site.collective,
        before={"ends_on": before},
        after={"ends_on": ends_on},
    )
    return tenancy
