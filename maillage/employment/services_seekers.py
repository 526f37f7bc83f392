"""Job seekers' own changes from their personal link (profile, consent, CV, "keep my
data", download, deletion), the record of who saw a profile, and the erasure of
seekers' data after a time without activity. See services_cafe.py for registration.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.changes import clean_line
from maillage.core.errors import DomainError

from .models import (
    ProfileView,
    Seeker,
)
from .services_cafe import (
    ERASED_NAME,
    PROFILE_FIELDS,
    _clean_wishes,
    _lock_seeker,
    _log,
    _profile,
    _set_wishes,
    _store_cv,
    _text,
    check_cv,
    consent_text_of,
)

# --------------------------------------------------- the seeker's own changes (link)


def _touch(seeker, now=None):
    seeker.last_activity_at = now or timezone.now()


@transaction.atomic
def update_profile(*, seeker, name, phone="", wishes=None, now=None, **values):
    seeker = _lock_seeker(seeker)
    seeker.name = clean_line(name, field="name", max_length=120, empty_message=_("Give your name."))
    seeker.phone = _text(phone, "phone", 40)
    for field, value in _profile(values).items():
        setattr(seeker, field, value)
    if wishes is not None:
        _set_wishes(seeker, _clean_wishes(seeker.cafe, wishes))
    _touch(seeker, now)
    seeker.save()
    _log(None, "employment.seeker_profile_changed", seeker.cafe, seeker=seeker.pk)
    return seeker


@transaction.atomic
def set_consent(*, seeker, consent, now=None):
    """Give consent (with the café's text now) or withdraw it: recruiters stop seeing
    the profile at once."""
    now = now or timezone.now()
    seeker = _lock_seeker(seeker)
    if consent:
        seeker.consent_text = consent_text_of(seeker.cafe)
        seeker.consented_at = now
    else:
        seeker.consented_at = None
    _touch(seeker, now)
    seeker.save(update_fields=["consent_text", "consented_at", "last_activity_at"])
    _log(None, "employment.seeker_consent", seeker.cafe, seeker=seeker.pk, consent=bool(consent))
    return seeker


@transaction.atomic
def replace_cv(*, seeker, cv, now=None):
    check_cv(cv)
    if cv is None:
        raise DomainError(_("Choose a PDF file."), field="cv")
    seeker = _lock_seeker(seeker)
    _store_cv(seeker, cv)
    _touch(seeker, now)
    seeker.save(update_fields=["cv", "last_activity_at"])
    _log(None, "employment.seeker_cv_replaced", seeker.cafe, seeker=seeker.pk)
    return seeker


@transaction.atomic
def delete_cv(*, seeker, now=None):
    seeker = _lock_seeker(seeker)
    if seeker.cv:
        seeker.cv.delete(save=False)
    seeker.cv = ""
    _touch(seeker, now)
    seeker.save(update_fields=["cv", "last_activity_at"])
    _log(None, "employment.seeker_cv_deleted", seeker.cafe, seeker=seeker.pk)
    return seeker


@transaction.atomic
def keep_data(*, seeker, now=None):
    """The person asks to stay: their data is kept a year from today."""
    now = now or timezone.now()
    seeker = _lock_seeker(seeker)
    seeker.keep_until = (now + timedelta(days=365)).date()
    _touch(seeker, now)
    seeker.save(update_fields=["keep_until", "last_activity_at"])
    _log(None, "employment.seeker_kept", seeker.cafe, seeker=seeker.pk)
    return seeker


def _iso(value):
    return value.isoformat() if value else None


def seeker_data(seeker):
    """Everything kept about the seeker, for their download (JSON-ready)."""
    data = {
        "cafe": {"title": seeker.cafe.event.title, "starts_at": _iso(seeker.cafe.event.starts_at)},
        "profile": {
            "name": seeker.name,
            "email": seeker.email,
            "phone": seeker.phone,
            "language": seeker.language,
            **{field: getattr(seeker, field) for field in PROFILE_FIELDS},
            "cv": bool(seeker.cv),
            "status": seeker.status,
            "registered_at": _iso(seeker.created_at),
            "arrived_at": _iso(seeker.arrived_at),
            "left_at": _iso(seeker.left_at),
            "keep_until": _iso(seeker.keep_until),
            "last_activity_at": _iso(seeker.last_activity_at),
        },
        "consent": {"text": seeker.consent_text, "given_at": _iso(seeker.consented_at)},
        "wishes": [
            {"recruiter": wish.recruiter.name, "weight": wish.weight}
            for wish in seeker.wishes.select_related("recruiter")
        ],
        "meetings": [
            {
                "round": slot.rotation + 1,
                "recruiter": slot.recruiter.name,
                "table": slot.table + 1,
                "outcome": slot.outcome,
            }
            for slot in seeker.slots.select_related("recruiter").order_by("rotation")
        ],
        "outcomes": [
            {
                "months": outcome.checkpoint,
                "kind": outcome.kind,
                "contract": outcome.contract,
                "hours": str(outcome.hours) if outcome.hours is not None else None,
                "recorded_by": outcome.recorded_by,
                "recorded_at": _iso(outcome.recorded_at),
            }
            for outcome in seeker.outcomes.order_by("checkpoint")
        ],
        "follow_ups": [
            {
                "months": request.months,
                "due_on": _iso(request.due_on),
                "sent_at": _iso(request.sent_at),
                "answered_at": _iso(request.answered_at),
            }
            for request in seeker.follow_ups.order_by("months")
        ],
        "profile_views": [
            {
                "at": _iso(view.at),
                "what": view.what,
                "by": (
                    view.recruiter.name
                    if view.recruiter_id
                    else (view.user.display_name if view.user_id else None)
                ),
                "as": "recruiter" if view.recruiter_id else "organiser",
            }
            for view in seeker.views.select_related("recruiter", "user").order_by("at")
        ],
    }
    return data


def _erase(seeker, now):
    if seeker.cv:
        seeker.cv.delete(save=False)
    seeker.cv = ""
    seeker.name = ERASED_NAME
    seeker.email = ""
    seeker.phone = ""
    for field in PROFILE_FIELDS:
        setattr(seeker, field, "")
    seeker.consented_at = None
    seeker.consent_text = ""
    seeker.ip_hash = ""
    seeker.keep_until = None
    seeker.erased_at = now
    seeker.save()


@transaction.atomic
def erase_seeker(*, seeker, actor=None, now=None):
    """The person deletes their data: the row stays, anonymous, for the counts."""
    now = now or timezone.now()
    seeker = _lock_seeker(seeker)
    _erase(seeker, now)
    _log(actor, "employment.seeker_erased", seeker.cafe, seeker=seeker.pk)
    return seeker


def log_profile_view(*, seeker, user=None, recruiter=None, what="profile"):
    """Record a view of the seeker's profile (or CV) by an organiser or a recruiter."""
    return ProfileView.objects.create(
        seeker=seeker,
        user=user if user is not None and user.is_authenticated else None,
        recruiter=recruiter,
        what=what,
    )


def log_profile_views(*, seekers, recruiter=None, user=None, what="profile"):
    """One ``ProfileView`` per seeker shown at once (a recruiter's page lists several)."""
    user = user if user is not None and user.is_authenticated else None
    ProfileView.objects.bulk_create(
        ProfileView(seeker=seeker, recruiter=recruiter, user=user, what=what) for seeker in seekers
    )


def erase_inactive_seekers(now=None):
    """Erase seekers with no activity for EMPLOYMENT_SEEKER_RETENTION_DAYS, unless they
    asked to stay (``keep_until`` in the future). Returns how many were erased."""
    now = now or timezone.now()
    before = now - timedelta(days=settings.EMPLOYMENT_SEEKER_RETENTION_DAYS)
    due = Seeker.objects.filter(erased_at__isnull=True, last_activity_at__lt=before).exclude(
        keep_until__gte=now.date()
    )
    erased = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            seeker = Seeker.objects.select_for_update().filter(pk=pk).first()
            if (
                seeker is None
                or seeker.erased_at is not None
                or seeker.last_activity_at >= before
                or (seeker.keep_until and seeker.keep_until >= now.date())
            ):
                continue
            _erase(seeker, now)
            _log(None, "employment.seeker_erased", seeker.cafe, seeker=seeker.pk)
            erased += 1
    return erased
