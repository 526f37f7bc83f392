"""Job cafés: setting one up, recruiters and offers, job seekers' registration, their
personal link, check-in, and the erasure of their data.

A seeker's name never goes to the collective's log: the changes about a seeker are
logged on the café with the seeker's number only. Every view of a seeker's profile or
CV by someone other than the seeker is recorded (``log_profile_view``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core import limits
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError
from maillage.core.mail import queue_email
from maillage.events.models import EventKind
from maillage.events.services_registrations import check_open

from .models import (
    Cafe,
    Contract,
    Mobility,
    Recruiter,
    RecruiterOffer,
    Referrer,
    Seeker,
    SeekerStatus,
    Wish,
)

# An address registered twice gets its link again at most once in this window.
LINK_WINDOW_SECONDS = 3600
ERASED_NAME = "—"
PROFILE_FIELDS = (
    "wishes_text",
    "availability",
    "mobility",
    "referrer",
    "referrer_detail",
    "needs",
)


def default_consent_text():
    """The platform's consent text, when the café gives none."""
    return _(
        "I agree that the recruiters of this job café see my profile (the jobs I wish, "
        "my availability, my mobility and my CV if I give one) to prepare our meetings. "
        "I can withdraw this consent at any time from my personal link."
    )


def consent_text_of(cafe):
    return cafe.consent_text.strip() or default_consent_text()


def _log(actor, action, cafe, **after):
    """The change logged on the café (never on a seeker: its name would be kept)."""
    log_action(actor=actor, action=action, obj=cafe, after=after or None)


def _lock_cafe(cafe):
    return Cafe.objects.select_for_update(of=("self",)).select_related("event").get(pk=cafe.pk)


def _lock_seeker(seeker):
    seeker = Seeker.objects.select_for_update(of=("self",)).get(pk=seeker.pk)
    if seeker.erased_at is not None:
        raise DomainError(_("This person's data was deleted."))
    return seeker


def _clean_email(email, *, required=False, field="email"):
    email = (email or "").strip()
    if not email:
        if required:
            raise DomainError(_("Give your e-mail address."), field=field)
        return ""
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(_("Enter a valid e-mail address."), field=field) from None
    return email.lower()


def _text(value, field, max_length):
    return clean_line(value, field=field, max_length=max_length)


def _choice(value, choices, field):
    value = value or ""
    if value and value not in choices.values:
        raise DomainError(_("Choose one of the answers offered."), field=field)
    return value


# ------------------------------------------------------------------------- the café


def _cafe_settings(cafe, values):
    changed = {}
    limits_of = {"rotations": (1, 30), "minutes_per_rotation": (3, 240), "seats": (1, 20)}
    for name, (low, high) in limits_of.items():
        if name in values and values[name] is not None:
            number = int(values[name])
            if not low <= number <= high:
                raise DomainError(
                    _("Give a number between %(low)s and %(high)s.") % {"low": low, "high": high},
                    field=name,
                )
            changed[name] = number
    if "rotations_start_at" in values:
        changed["rotations_start_at"] = values["rotations_start_at"]
    if "consent_text" in values:
        text = (values["consent_text"] or "").strip()
        if len(text) > 2000:
            raise DomainError(_("2000 characters at most."), field="consent_text")
        changed["consent_text"] = text
    for name, value in changed.items():
        setattr(cafe, name, value)
    return changed


@transaction.atomic
def set_up_cafe(*, actor, event, **values):
    """The job café of ``event`` (made the first time): only an event of kind job café."""
    if event.kind != EventKind.JOB_CAFE:
        raise DomainError(
            _("Only an event of kind “job café” can become a job café: change its kind first.")
        )
    existing = Cafe.objects.filter(event=event).first()
    if existing is not None:
        return existing
    cafe = Cafe(event=event)
    _cafe_settings(cafe, values)
    try:
        with transaction.atomic():
            cafe.save()
    except IntegrityError:  # set up at the same time by someone else
        return Cafe.objects.get(event=event)
    _log(actor, "employment.cafe_set_up", cafe)
    return cafe


@transaction.atomic
def update_cafe(*, actor, cafe, **values):
    """Rounds, minutes per round, seekers per table, the first round's time, consent text."""
    cafe = _lock_cafe(cafe)
    changed = _cafe_settings(cafe, values)
    cafe.version += 1
    cafe.save()
    _log(
        actor,
        "employment.cafe_changed",
        cafe,
        **{
            key: changed[key]
            for key in ("rotations", "minutes_per_rotation", "seats")
            if key in changed
        },
    )
    return cafe


# ----------------------------------------------------------------- recruiters, offers


def _recruiter_values(cafe, values):
    cleaned = {}
    organisation = values.get("organisation")
    if (
        organisation is not None
        and not organisation.collectives.filter(pk=cafe.collective_id).exists()
    ):
        raise DomainError(_("Choose an organisation of the collective."), field="organisation")
    if "organisation" in values:
        cleaned["organisation"] = organisation
    name = (values.get("name") or "").strip()
    if not name and organisation is not None:
        name = organisation.name
    cleaned["name"] = clean_line(
        name, field="name", max_length=200, empty_message=_("Give the recruiter's name.")
    )
    for field, length in (("contact_name", 120), ("contact_phone", 40), ("sectors", 300)):
        if field in values:
            cleaned[field] = _text(values[field], field, length)
    if "contact_email" in values:
        cleaned["contact_email"] = _clean_email(values["contact_email"], field="contact_email")
    if "tables" in values and values["tables"] is not None:
        tables = int(values["tables"])
        if not 0 <= tables <= 20:
            raise DomainError(
                _("Give a number between %(low)s and %(high)s.") % {"low": 0, "high": 20},
                field="tables",
            )
        cleaned["tables"] = tables
    return cleaned


def _save_recruiter(recruiter):
    try:
        with transaction.atomic():
            recruiter.save()
    except IntegrityError:
        raise DomainError(
            _("This café already has a recruiter of this name."), field="name"
        ) from None


@transaction.atomic
def add_recruiter(*, actor, cafe, **values):
    cafe = _lock_cafe(cafe)
    recruiter = Recruiter(cafe=cafe, **_recruiter_values(cafe, values))
    _save_recruiter(recruiter)
    _log(actor, "employment.recruiter_added", cafe, recruiter=recruiter.name)
    return recruiter


@transaction.atomic
def update_recruiter(*, actor, recruiter, **values):
    recruiter = Recruiter.objects.select_for_update().get(pk=recruiter.pk)
    for name, value in _recruiter_values(recruiter.cafe, values).items():
        setattr(recruiter, name, value)
    _save_recruiter(recruiter)
    _log(actor, "employment.recruiter_changed", recruiter.cafe, recruiter=recruiter.name)
    return recruiter


@transaction.atomic
def remove_recruiter(*, actor, recruiter):
    """Remove a recruiter who has no meeting yet (one with meetings is marked absent)."""
    recruiter = Recruiter.objects.select_for_update().get(pk=recruiter.pk)
    if recruiter.slots.exists():
        raise DomainError(
            _("This recruiter already has meetings: mark them absent instead of removing them.")
        )
    cafe, name = recruiter.cafe, recruiter.name
    recruiter.delete()
    _log(actor, "employment.recruiter_removed", cafe, recruiter=name)


@transaction.atomic
def set_recruiter_present(*, actor, recruiter, present):
    recruiter = Recruiter.objects.select_for_update().get(pk=recruiter.pk)
    recruiter.present = bool(present)
    recruiter.save(update_fields=["present"])
    _log(
        actor,
        "employment.recruiter_presence",
        recruiter.cafe,
        recruiter=recruiter.name,
        present=recruiter.present,
    )
    return recruiter


@transaction.atomic
def send_recruiter_link(*, actor, recruiter):
    """E-mail the recruiter's contact their personal link."""
    recruiter = Recruiter.objects.select_related("cafe__event__collective").get(pk=recruiter.pk)
    if not recruiter.contact_email:
        raise DomainError(_("Give the contact's e-mail address first."))
    event = recruiter.cafe.event
    page = recruiter.get_absolute_url()
    queue_email(
        template="employment/email/recruiter_link",
        to=recruiter.contact_email,
        context={
            "recruiter": recruiter,
            "event": event,
            "registration": {"name": recruiter.contact_name or recruiter.name},
            "link": f"{settings.SITE_URL}{page}",
            "event_link": f"{settings.SITE_URL}{event.get_absolute_url()}",
        },
    )
    _log(actor, "employment.recruiter_link_sent", recruiter.cafe, recruiter=recruiter.name)
    return recruiter


def _offer_values(values):
    cleaned = {
        "title": clean_line(
            values.get("title"),
            field="title",
            max_length=200,
            empty_message=_("Give the job's title."),
        ),
        "contract": _choice(values.get("contract"), Contract, "contract"),
        "place": _text(values.get("place"), "place", 200),
        "requirements": (values.get("requirements") or "").strip()[:2000],
        "hours": values.get("hours"),
        "posts": values.get("posts") or 1,
    }
    if not cleaned["contract"]:
        raise DomainError(_("Choose the kind of contract."), field="contract")
    if cleaned["hours"] is not None and not 0 < cleaned["hours"] <= 60:
        raise DomainError(
            _("Give a number between %(low)s and %(high)s.") % {"low": 1, "high": 60},
            field="hours",
        )
    if not 1 <= int(cleaned["posts"]) <= 999:
        raise DomainError(
            _("Give a number between %(low)s and %(high)s.") % {"low": 1, "high": 999},
            field="posts",
        )
    return cleaned


@transaction.atomic
def add_offer(*, actor, recruiter, **values):
    offer = RecruiterOffer.objects.create(recruiter=recruiter, **_offer_values(values))
    _log(
        actor, "employment.offer_added", recruiter.cafe, recruiter=recruiter.name, offer=offer.title
    )
    return offer


@transaction.atomic
def update_offer(*, actor, offer, **values):
    offer = RecruiterOffer.objects.select_for_update().get(pk=offer.pk)
    for name, value in _offer_values(values).items():
        setattr(offer, name, value)
    offer.save()
    cafe = offer.recruiter.cafe
    _log(actor, "employment.offer_changed", cafe, recruiter=offer.recruiter.name, offer=offer.title)
    return offer


@transaction.atomic
def remove_offer(*, actor, offer):
    offer = RecruiterOffer.objects.select_for_update().get(pk=offer.pk)
    recruiter = offer.recruiter
    title = offer.title
    offer.delete()
    _log(actor, "employment.offer_removed", recruiter.cafe, recruiter=recruiter.name, offer=title)


# -------------------------------------------------------------------------- seekers


def check_cv(cv):
    """Refuse a CV that is not a PDF (read from its first bytes) or is too large."""
    if cv is None:
        return
    limit = settings.EMPLOYMENT_CV_MAX_BYTES
    if cv.size > limit:
        raise DomainError(
            _("This CV is too large (%(size)s): %(limit)s at most.")
            % {"size": filesizeformat(cv.size), "limit": filesizeformat(limit)},
            field="cv",
        )
    cv.seek(0)
    head = cv.read(5)
    cv.seek(0)
    if head != b"%PDF-":
        raise DomainError(
            _("This CV is not a PDF file: save it as a PDF and choose it again."), field="cv"
        )


def _profile(values):
    return {
        "wishes_text": _text(values.get("wishes_text"), "wishes_text", 300),
        "availability": _text(values.get("availability"), "availability", 200),
        "mobility": _choice(values.get("mobility"), Mobility, "mobility"),
        "referrer": _choice(values.get("referrer"), Referrer, "referrer"),
        "referrer_detail": _text(values.get("referrer_detail"), "referrer_detail", 200),
        "needs": _text(values.get("needs"), "needs", 300),
    }


def _clean_wishes(cafe, wishes):
    """{recruiter: weight 1–3} of this café's recruiters (weight 0: not wished)."""
    cleaned = {}
    for recruiter, weight in (wishes or {}).items():
        weight = int(weight or 0)
        if weight == 0:
            continue
        if recruiter.cafe_id != cafe.pk or not 1 <= weight <= 3:
            raise DomainError(_("Choose among the café's recruiters."), field="wishes")
        cleaned[recruiter] = weight
    return cleaned


def _set_wishes(seeker, wishes):
    seeker.wishes.exclude(recruiter__in=list(wishes)).delete()
    for recruiter, weight in wishes.items():
        Wish.objects.update_or_create(
            seeker=seeker, recruiter=recruiter, defaults={"weight": weight}
        )


def _store_cv(seeker, cv):
    if seeker.cv:
        seeker.cv.delete(save=False)
    seeker.cv.save("cv.pdf", cv, save=False)


def _mail_link(seeker, template="employment/email/seeker_link"):
    if not seeker.email:
        return
    event = seeker.cafe.event
    queue_email(
        template=template,
        to=seeker.email,
        context={
            "event": event,
            "registration": seeker,
            "seeker": seeker,
            "link": f"{settings.SITE_URL}{seeker.get_absolute_url()}",
            "event_link": f"{settings.SITE_URL}{event.get_absolute_url()}",
        },
        language=seeker.language,
    )


def _link_sent_now(seeker, now):
    """True the first time in the window (the link may go), False after."""
    usage = limits.hit("employment-seeker-link", seeker.pk, seconds=LINK_WINDOW_SECONDS, now=now)
    return usage.count == 1


@transaction.atomic
def register_seeker(
    *,
    cafe,
    name,
    email,
    phone="",
    wishes_text="",
    availability="",
    mobility="",
    referrer="",
    referrer_detail="",
    needs="",
    wishes=None,
    consent=False,
    cv=None,
    language="fr",
    ip="",
    now=None,
):
    """Register a job seeker. One row per café and address: an address already
    registered changes nothing and gets its link again (at most once an hour); the
    returned seeker then has ``already = True``. Without consent the profile is never
    shown to recruiters; the person may still come."""
    now = now or timezone.now()
    name = clean_line(name, field="name", max_length=120, empty_message=_("Give your name."))
    email = _clean_email(email, required=True)
    phone = _text(phone, "phone", 40)
    profile = _profile(
        {
            "wishes_text": wishes_text,
            "availability": availability,
            "mobility": mobility,
            "referrer": referrer,
            "referrer_detail": referrer_detail,
            "needs": needs,
        }
    )
    check_cv(cv)
    cafe = _lock_cafe(cafe)
    check_open(cafe.event, now)
    wishes = _clean_wishes(cafe, wishes)
    existing = cafe.seekers.filter(email=email).first()
    if existing is None:
        seeker = Seeker(
            cafe=cafe,
            name=name,
            email=email,
            phone=phone,
            language=language or "fr",
            ip_hash=limits.keyed_hash("employment-ip", limits.network(ip)),
            last_activity_at=now,
            **profile,
        )
        if consent:
            seeker.consent_text = consent_text_of(cafe)
            seeker.consented_at = now
        try:
            with transaction.atomic():
                seeker.save()
        except IntegrityError:  # the same address at the same moment: one row
            existing = cafe.seekers.get(email=email)
    if existing is not None:
        if existing.erased_at is None and _link_sent_now(existing, now):
            _mail_link(existing, "employment/email/seeker_again")
        existing.already = True
        return existing
    _set_wishes(seeker, wishes)
    if cv is not None:
        _store_cv(seeker, cv)
        seeker.save(update_fields=["cv"])
    _link_sent_now(seeker, now)
    _mail_link(seeker)
    _log(None, "employment.seeker_registered", cafe, seeker=seeker.pk, consent=bool(consent))
    seeker.already = False
    return seeker


@transaction.atomic
def add_walk_in(*, actor, cafe, name, email="", phone="", now=None):
    """Someone who came without registering, added by an organiser: arrived."""
    now = now or timezone.now()
    name = clean_line(
        name, field="name", max_length=120, empty_message=_("Give the person's name.")
    )
    email = _clean_email(email)
    cafe = _lock_cafe(cafe)
    if email and cafe.seekers.filter(email=email).exists():
        raise DomainError(
            _("This address is already registered: mark the person arrived in the list."),
            field="email",
        )
    seeker = Seeker.objects.create(
        cafe=cafe,
        name=name,
        email=email,
        phone=_text(phone, "phone", 40),
        status=SeekerStatus.ARRIVED,
        arrived_at=now,
        last_activity_at=now,
    )
    _log(actor, "employment.seeker_walked_in", cafe, seeker=seeker.pk)
    return seeker


@transaction.atomic
def check_in(*, actor, seeker, status, now=None):
    """Arrived, left, or back to registered (a mistake undone)."""
    now = now or timezone.now()
    if status not in (SeekerStatus.ARRIVED, SeekerStatus.LEFT, SeekerStatus.REGISTERED):
        raise DomainError(_("Choose one of the answers offered."))
    seeker = _lock_seeker(seeker)
    seeker.status = status
    if status == SeekerStatus.ARRIVED:
        seeker.arrived_at, seeker.left_at = now, None
    elif status == SeekerStatus.LEFT:
        seeker.left_at = now
    else:
        seeker.arrived_at = seeker.left_at = None
    seeker.save(update_fields=["status", "arrived_at", "left_at"])
    _log(actor, "employment.seeker_checked_in", seeker.cafe, seeker=seeker.pk, status=status)
    return seeker
