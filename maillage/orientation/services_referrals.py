"""Referrals: sending one, the receiving structure's answer (accept, refuse with a coded
reason, close), the sender's cancellation, and the periodic erasure of the person's
data. Each change takes the referral's row lock, checks the status it starts from,
records itself in the audit log and sends its e-mails once the transaction commits.

E-mails carry no personal data of the referred person: the receiving structure and the
sender read them on the referral's page, behind the permission check.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.collectives.models import Membership
from maillage.collectives.rules import organisations_of
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError
from maillage.core.mail import queue_email

from .models import Structure
from .models_referrals import (
    DOCUMENT_TYPES,
    Referral,
    ReferralStatus,
    RefusalReason,
)
from .rules_referrals import can_send

NEED_MAX = 1000
COMMENT_MAX = 1000


def referral_url(referral):
    return settings.SITE_URL + reverse(
        "orientation:referral", args=[referral.collective.slug, referral.uuid]
    )


def sender_structures(user, collective):
    """The catalogue's structures ``user`` works for in ``collective``."""
    return Structure.objects.filter(
        collective=collective, organisation_id__in=organisations_of(user, collective)
    )


def _clean_email(email):
    email = (email or "").strip()
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(_("Enter a valid e-mail address."), field="email") from None
    return email


def document_type(upload):
    """The document's MIME type read from its first bytes, or a DomainError saying what
    is accepted (PDF, JPEG, PNG) or how large it may be."""
    limit = settings.ORIENTATION_REFERRAL_MAX_BYTES
    if upload.size > limit:
        raise DomainError(
            _(
                "This document is too large (%(size)s): %(limit)s at most. Choose it again "
                "once made smaller."
            )
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            field="document",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for mime, (_extension, signatures) in DOCUMENT_TYPES.items():
        if any(head.startswith(signature) for signature in signatures):
            return mime
    raise DomainError(
        _("This document is not a PDF, JPEG or PNG file: choose one of these."),
        field="document",
    )


def _structure_people(structure):
    """Active memberships of the people of ``structure`` (none without an organisation)."""
    if structure.organisation_id is None:
        return Membership.objects.none()
    return (
        Membership.objects.active()
        .filter(collective=structure.collective, organisation=structure.organisation_id)
        .select_related("user")
    )


def _mail_arrived(referral):
    structure = referral.offer.structure
    context = {"referral": referral, "offer": referral.offer, "url": referral_url(referral)}
    sent_to = set()
    for membership in _structure_people(structure):
        user = membership.user
        if user.email.lower() in sent_to or user.pk == referral.sender_id:
            continue
        sent_to.add(user.email.lower())
        queue_email(
            template="orientation/referrals/email/arrived",
            to=user.email,
            language=user.language,
            context=context,
        )
    if referral.offer.email and referral.offer.email.lower() not in sent_to:
        queue_email(
            template="orientation/referrals/email/arrived",
            to=referral.offer.email,
            language=settings.LANGUAGE_CODE,
            context=context,
        )


def _mail_person(referral, template):
    if referral.email and referral.notify_person and referral.consent:
        queue_email(
            template=template,
            to=referral.email,
            language=referral.language,
            context={"referral": referral, "offer": referral.offer},
        )


def _mail_sender(referral):
    sender = referral.sender
    if sender is None or not sender.email:
        return
    queue_email(
        template="orientation/referrals/email/decided",
        to=sender.email,
        language=sender.language,
        context={"referral": referral, "offer": referral.offer, "url": referral_url(referral)},
    )


@transaction.atomic
def send_referral(
    *,
    actor,
    offer,
    first_name,
    last_name,
    phone="",
    email="",
    need,
    consent,
    consent_text,
    notify_person=False,
    language=None,
    sender_structure=None,
    document=None,
    now=None,
):
    """Send a person to ``offer``. Refused without the person's consent, without a way
    to reach them (phone or e-mail), for an unpublished offer, for a sender who is not a
    professional of a member structure nor a coordinator, and for a document that is not
    a PDF, JPEG or PNG or is larger than ORIENTATION_REFERRAL_MAX_BYTES."""
    now = now or timezone.now()
    collective = offer.structure.collective
    if not can_send(actor, collective):
        raise DomainError(
            _("Only the professionals of the network's structures can send a referral.")
        )
    if not offer.published:
        raise DomainError(_("This offer is not published: it takes no referral."))
    if sender_structure is not None and (
        sender_structure.collective_id != collective.pk
        or not sender_structure.organisation_id
        or sender_structure.organisation_id not in organisations_of(actor, collective)
    ):
        raise DomainError(_("Choose one of the structures you work for."), field="sender_structure")
    first_name = clean_line(
        first_name, field="first_name", max_length=100, empty_message=_("Give the first name.")
    )
    last_name = clean_line(
        last_name, field="last_name", max_length=100, empty_message=_("Give the last name.")
    )
    phone = clean_line(phone, field="phone", max_length=40)
    email = _clean_email(email)
    if not phone and not email:
        raise DomainError(
            _(
                "Give a phone number or an e-mail address, so that the structure can reach "
                "the person."
            ),
            field="phone",
        )
    need = (need or "").strip()
    if not need:
        raise DomainError(_("Say in a few lines what the person needs."), field="need")
    if len(need) > NEED_MAX:
        raise DomainError(
            _("%(max)s characters at most (this one has %(count)s).")
            % {"max": NEED_MAX, "count": len(need)},
            field="need",
        )
    if not consent or not consent_text:
        raise DomainError(
            _("The person's consent is needed: ask them, then tick the box."), field="consent"
        )
    mime = document_type(document) if document else ""
    referral = Referral(
        offer=offer,
        sender=actor,
        sender_structure=sender_structure,
        first_name=first_name,
        last_name=last_name,
        phone=phone,
        email=email,
        language=language or settings.LANGUAGE_CODE,
        need=need,
        notify_person=bool(notify_person and email),
        consent=True,
        consent_text=consent_text,
        consent_at=now,
        document_type=mime,
    )
    if document:
        referral.document.save("document", document, save=False)
    try:
        referral.save()
    except Exception:
        if referral.document:
            referral.document.delete(save=False)
        raise
    log_action(
        actor=actor,
        action="orientation.referral_sent",
        obj=referral,
        collective=collective,
        after={"offer": offer.name, "status": referral.status},
    )
    _mail_arrived(referral)
    _mail_person(referral, "orientation/referrals/email/person_sent")
    return referral


def _locked(referral, allowed, message, *, actor, perm="orientation.decide_referral"):
    locked = (
        Referral.objects.select_for_update().select_related("offer__structure").get(pk=referral.pk)
    )
    if not actor.has_perm(perm, locked):
        if perm == "orientation.cancel_referral":
            raise DomainError(_("Only the person who sent this referral can cancel it."))
        raise DomainError(_("Only the receiving structure or a coordinator can answer it."))
    if locked.erased_at is not None:
        raise DomainError(
            _("The person's data was erased: this referral can no longer be answered.")
        )
    if locked.status not in allowed:
        raise DomainError(message)
    return locked


def _decide(locked, *, actor, status, now):
    before = locked.status
    locked.status = status
    locked.decided_by = actor
    locked.decided_at = now
    return before


def _log(locked, actor, action, *, before, after):
    log_action(
        actor=actor,
        action=action,
        obj=locked,
        collective=locked.offer.structure.collective,
        before=before,
        after=after,
    )


def _move(referral, *, actor, allowed, to, message, now, perm=None, **changes):
    """The one way a referral changes status: locked, checked, decided (by whom, when,
    with ``changes`` such as a refusal's reason), saved and logged as
    ``orientation.referral_<new status>``."""
    extra = {"perm": perm} if perm else {}
    locked = _locked(referral, allowed, message, actor=actor, **extra)
    before = _decide(locked, actor=actor, status=to, now=now or timezone.now())
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", "decided_by", "decided_at", *changes])
    after = {"status": locked.status}
    if "reason" in changes:
        after["reason"] = changes["reason"]
    _log(locked, actor, f"orientation.referral_{to}", before={"status": before}, after=after)
    return locked


@transaction.atomic
def accept_referral(*, actor, referral, now=None):
    """The receiving structure takes the person in: the sender is told."""
    locked = _move(
        referral,
        actor=actor,
        allowed=(ReferralStatus.SENT,),
        to=ReferralStatus.ACCEPTED,
        message=_("Only a referral waiting for an answer can be accepted."),
        now=now,
    )
    _mail_sender(locked)
    _mail_person(locked, "orientation/referrals/email/person_decided")
    return locked


@transaction.atomic
def refuse_referral(*, actor, referral, reason, comment="", now=None):
    """The receiving structure cannot take the person in, for ``reason`` (a
    RefusalReason), with an optional comment the sender reads."""
    if reason not in RefusalReason.values:
        raise DomainError(_("Choose the reason for the refusal."), field="reason")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise DomainError(
            _("%(max)s characters at most (this one has %(count)s).")
            % {"max": COMMENT_MAX, "count": len(comment)},
            field="comment",
        )
    if reason == RefusalReason.OTHER and not comment:
        raise DomainError(_("Say in a few words why the referral is refused."), field="comment")
    locked = _move(
        referral,
        actor=actor,
        allowed=(ReferralStatus.SENT,),
        to=ReferralStatus.REFUSED,
        message=_("Only a referral waiting for an answer can be refused."),
        now=now,
        reason=reason,
        comment=comment,
    )
    _mail_sender(locked)
    _mail_person(locked, "orientation/referrals/email/person_decided")
    return locked


@transaction.atomic
def cancel_referral(*, actor, referral, now=None):
    """The sender withdraws a referral still waiting for an answer."""
    return _move(
        referral,
        actor=actor,
        allowed=(ReferralStatus.SENT,),
        to=ReferralStatus.CANCELLED,
        message=_("Only a referral waiting for an answer can be cancelled."),
        now=now,
        perm="orientation.cancel_referral",
    )


@transaction.atomic
def close_referral(*, actor, referral, now=None):
    """The receiving structure's follow-up of an accepted referral is over."""
    return _move(
        referral,
        actor=actor,
        allowed=(ReferralStatus.ACCEPTED,),
        to=ReferralStatus.CLOSED,
        message=_("Only an accepted referral can be closed."),
        now=now,
    )


# ---------------------------------------------------------------------- periodic job


PERSONAL_FIELDS = {
    "first_name": "",
    "last_name": "",
    "phone": "",
    "email": "",
    "need": "",
    "comment": "",
    "notify_person": False,
}


def erase_expired(now=None):
    """Erase the person's data and document of every referral decided or cancelled more
    than ORIENTATION_REFERRAL_RETENTION_DAYS ago, and of every referral left unanswered
    for ORIENTATION_REFERRAL_UNANSWERED_DAYS (it can then no longer be answered); the
    offer, the dates, the status and the reason stay for the counts. Returns how many
    referrals were erased."""
    now = now or timezone.now()
    before = now - timedelta(days=settings.ORIENTATION_REFERRAL_RETENTION_DAYS)
    unanswered = now - timedelta(days=settings.ORIENTATION_REFERRAL_UNANSWERED_DAYS)
    due = Referral.objects.filter(
        Q(~Q(status=ReferralStatus.SENT), decided_at__lte=before)
        | Q(status=ReferralStatus.SENT, created_at__lte=unanswered),
        erased_at__isnull=True,
    ).select_related("offer__structure__collective")
    done = 0
    for referral in due:
        with transaction.atomic():
            document = referral.document.name
            for field, value in PERSONAL_FIELDS.items():
                setattr(referral, field, value)
            referral.document = ""
            referral.document_type = ""
            referral.erased_at = now
            referral.save(
                update_fields=[*PERSONAL_FIELDS, "document", "document_type", "erased_at"]
            )
            log_action(
                actor=None,
                action="orientation.referral_erased",
                obj=referral,
                collective=referral.offer.structure.collective,
            )
            if document:
                storage = referral.document.storage
                transaction.on_commit(lambda name=document, s=storage: s.delete(name))
            done += 1
    return done


@transaction.atomic
def erase_referral_data(*, referral, actor=None, now=None):
    """Erase the referred person's data and document of ``referral`` now (their own
    request, or their account's deletion), as ``erase_expired`` does on schedule: the
    offer, the dates, the status and the reason stay for the counts."""
    now = now or timezone.now()
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("offer__structure__collective")
        .get(pk=referral.pk)
    )
    if referral.erased_at is not None:
        return referral
    document = referral.document.name
    for field, value in PERSONAL_FIELDS.items():
        setattr(referral, field, value)
    referral.document = ""
    referral.document_type = ""
    referral.erased_at = now
    referral.save(update_fields=[*PERSONAL_FIELDS, "document", "document_type", "erased_at"])
    log_action(
        actor=actor,
        action="orientation.referral_erased",
        obj=referral,
        collective=referral.offer.structure.collective,
    )
    if document:
        storage = referral.document.storage
        transaction.on_commit(lambda name=document, s=storage: s.delete(name))
    return referral
