"""Participants who can be reached again: the address a participant without an account
leaves to be told when a round opens (with their consent, kept word for word), its
withdrawal and its erasure when the consultation closes; the personal return link that
brings a participant back from another device; telling every participant who can be
reached that a round opened, once per round and participant.

No address is ever written to the log (audit or otherwise): only counts and ids.
"""

import logging
import re
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from maillage.audit.services import log_action
from maillage.collectives.models import Membership
from maillage.core.errors import DomainError
from maillage.core.tasks import send_email

from .access import COOKIE_MAX_AGE
from .models import Participant, Round
from .models_contact import ParticipantContact, RoundNotice

logger = logging.getLogger(__name__)

EMAIL_MAX_LENGTH = 254
_SPACES = re.compile(r"[ \t\r\n\f\v]+")

# ------------------------------------------------------------------------ the consent


def consent_text():
    """The consent a participant gives by ticking the box, in the current language.
    What is shown is what is stored (ParticipantContact.consent_text)."""
    return _(
        "Tell me by e-mail when a new round of this consultation opens. My address is "
        "used for this consultation only, seen by nobody (not even the facilitators), "
        "and erased when the consultation closes; I can remove it from the wall at any "
        "time."
    )


def clean_contact_email(email):
    """The address as typed, without surrounding spaces, or a DomainError saying why
    it is refused."""
    email = (email or "").strip()
    if not email:
        raise DomainError(_("Type your e-mail address."), field="email")
    if len(email) > EMAIL_MAX_LENGTH:
        raise DomainError(
            _("An e-mail address holds %(max)s characters at most.") % {"max": EMAIL_MAX_LENGTH},
            field="email",
        )
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(
            _("“%(email)s” is not an e-mail address: check it (it looks like name@example.org).")
            % {"email": email},
            field="email",
        ) from None
    return email


# --------------------------------------------------------------------- the address


@transaction.atomic
def leave_contact(*, participant, email, consent, language=None):
    """Keep ``email`` to tell ``participant`` (without an account) when a round of
    their consultation opens. ``consent`` is the text the participant agreed to, as it
    was shown, in ``language`` (the current language by default). Leaving an address
    again replaces the one kept, with its consent."""
    email = clean_contact_email(email)
    consent = (consent or "").strip()
    if not consent:
        raise DomainError(
            _("Tick the box to agree: your address is kept only with your agreement."),
            field="consent",
        )
    participant = Participant.objects.select_related("consultation").get(pk=participant.pk)
    if participant.user_id is not None:
        raise DomainError(
            _("You take part with your account: you will be told at its address."),
            field="email",
        )
    if participant.consultation.is_closed:
        raise DomainError(_("The consultation is closed: no round will open any more."))
    contact, _created = ParticipantContact.objects.select_for_update().update_or_create(
        participant=participant,
        defaults={
            "email": email,
            "consent_text": consent,
            "consent_language": language or translation.get_language() or settings.LANGUAGE_CODE,
            "consented_at": timezone.now(),
            "withdrawn_at": None,
            "erased_at": None,
        },
    )
    return contact


@transaction.atomic
def withdraw_contact(*, participant):
    """The participant removes their address; the consent's record stays, saying when
    it ended. Nothing to remove is no error (the same page sent twice)."""
    contact = (
        ParticipantContact.objects.select_for_update()
        .filter(participant=participant)
        .reachable()
        .first()
    )
    if contact is None:
        return None
    contact.email = ""
    contact.withdrawn_at = timezone.now()
    contact.save(update_fields=["email", "withdrawn_at"])
    return contact


def erase_contacts(*, actor, consultation, now=None):
    """Erase every address left for ``consultation`` (called when it closes, in its
    transaction): the rows stay, without the address, saying when it was erased. The
    log records how many, never which."""
    now = now or timezone.now()
    erased = (
        ParticipantContact.objects.filter(participant__consultation=consultation)
        .reachable()
        .update(email="", erased_at=now)
    )
    if erased:
        log_action(
            actor=actor,
            action="consultations.contacts_erased",
            obj=consultation,
            after={"contacts": erased},
        )
    return erased


# ------------------------------------------------------------------ who can be reached


def _with_account(participants):
    """Participants with an account who still take part: an active account, and an
    active membership of the consultation's collective or of the group's territory
    (rules.takes_part)."""
    member = Membership.objects.active().filter(user=OuterRef("user_id"))
    member = member.filter(
        Q(collective=OuterRef("consultation__collective_id"))
        | Q(collective=OuterRef("group__territory_id"))
    )
    return participants.filter(user__isnull=False, user__is_active=True).filter(Exists(member))


def _by_email(participants):
    return participants.filter(user__isnull=True).filter(
        Exists(ParticipantContact.objects.reachable().filter(participant=OuterRef("pk")))
    )


def reachable_counts(consultation):
    """How many participants can be told that a round opens: by the address they
    left, and through their account. Never who, never the addresses."""
    participants = Participant.objects.filter(consultation=consultation)
    return {
        "by_email": _by_email(participants).count(),
        "by_account": _with_account(participants).count(),
    }


# -------------------------------------------------------------------- the return link

RETURN_SALT = "maillage.consultations.return-link"
# As long as the participant's cookie lasts: Delphi rounds come weeks or months later.
RETURN_MAX_AGE = COOKIE_MAX_AGE


class ReturnLinkError(Exception):
    """A return link that cannot be used: ``code`` is "expired", "invalid", "gone" or
    "replaced" (a newer link was made)."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def return_key(participant):
    """The signed key of the participant's personal return link: their token, for
    their consultation, with the time it was made."""
    return signing.dumps(
        {"c": participant.consultation_id, "t": participant.token, "k": participant.link_key},
        salt=RETURN_SALT,
    )


def return_url(participant):
    return settings.SITE_URL + reverse("consultations:come_back", args=[return_key(participant)])


def participant_from_key(key):
    """The participant (without an account) a return link brings back, or
    ReturnLinkError."""
    try:
        data = signing.loads(key, salt=RETURN_SALT, max_age=RETURN_MAX_AGE)
    except signing.SignatureExpired:
        raise ReturnLinkError("expired") from None
    except signing.BadSignature:
        raise ReturnLinkError("invalid") from None
    if not isinstance(data, dict) or not isinstance(data.get("t"), str):
        raise ReturnLinkError("invalid")
    participant = (
        Participant.objects.select_related("consultation__collective", "group")
        .filter(consultation_id=data.get("c"), token=data["t"], user__isnull=True)
        .first()
    )
    if participant is None:
        raise ReturnLinkError("gone")
    if data.get("k", "") != participant.link_key:
        raise ReturnLinkError("replaced")
    return participant


@transaction.atomic
def renew_return_link(*, participant):
    """A new personal return link for ``participant`` (without an account): every
    link given before stops working, as when one was shared by mistake. The cookie
    of the devices where they take part is not touched."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.user_id is not None:
        raise DomainError(_("You take part with your account: it is your way back."))
    participant.link_key = secrets.token_urlsafe(12)
    participant.save(update_fields=["link_key"])
    return participant


# ------------------------------------------------------ stopping the e-mails from one

STOP_SALT = "maillage.consultations.stop-emails"


def stop_key(contact):
    """The signed key of the link, in every e-mail sent to an address, that removes
    it without going through the wall: whoever receives the e-mail (even someone
    whose address another person typed) can stop them. It names the consent it ends,
    so an old e-mail's link does not remove an address left again later."""
    return signing.dumps(
        {"p": contact.participant_id, "at": contact.consented_at.isoformat()}, salt=STOP_SALT
    )


def stop_url(contact):
    return settings.SITE_URL + reverse("consultations:stop_emails", args=[stop_key(contact)])


def contact_from_stop_key(key):
    """The address a stop link removes, or ReturnLinkError ("invalid", or "gone" when
    it was already removed, erased or left again since)."""
    try:
        data = signing.loads(key, salt=STOP_SALT)
    except signing.BadSignature:
        raise ReturnLinkError("invalid") from None
    if not isinstance(data, dict) or not isinstance(data.get("at"), str):
        raise ReturnLinkError("invalid")
    contact = (
        ParticipantContact.objects.reachable()
        .select_related("participant__consultation__collective")
        .filter(participant_id=data.get("p"))
        .first()
    )
    if contact is None or contact.consented_at.isoformat() != data["at"]:
        raise ReturnLinkError("gone")
    return contact


# ------------------------------------------------------------ telling that a round opened

TEMPLATE = "consultations/email/round_opened"


def round_opened(round_):
    """Called by services_rounds.open_round, in its transaction: once it commits, a
    task tells the round's participants who can be reached."""
    transaction.on_commit(lambda: tell_round_opened.enqueue(round_.pk))


def _recipients(round_):
    """The round's participants who can be reached and were not told yet."""
    participants = Participant.objects.filter(consultation_id=round_.consultation_id)
    groups = list(round_.groups.values_list("pk", flat=True))
    if groups:
        participants = participants.filter(group_id__in=groups)
    participants = participants.filter(
        ~Exists(RoundNotice.objects.filter(round=round_, participant=OuterRef("pk")))
    )
    wanted = Q(pk__in=_by_email(participants).values("pk")) | Q(
        pk__in=_with_account(participants).values("pk")
    )
    return (
        Participant.objects.filter(wanted)
        .select_related("user", "contact", "group__consultation__collective")
        .order_by("pk")
    )


def _message(round_, participant):
    """(address, language, context) of the e-mail telling ``participant``."""
    consultation = round_.consultation
    context = {"consultation": consultation, "round": round_, "group": participant.group}
    if participant.user_id is not None:
        user = participant.user
        context |= {
            "by_account": True,
            "link": settings.SITE_URL + participant.group.get_absolute_url(),
        }
        return user.email, user.language or settings.LANGUAGE_CODE, context
    contact = participant.contact
    context |= {
        "by_account": False,
        "link": return_url(participant),
        "stop_link": stop_url(contact),
    }
    return contact.email, contact.consent_language, context


def _send(to, language, context):
    with translation.override(language):
        subject = _SPACES.sub(" ", render_to_string(f"{TEMPLATE}_subject.txt", context)).strip()
        body = render_to_string(f"{TEMPLATE}.txt", context)
        html = render_to_string(f"{TEMPLATE}.html", context)
    # Sent here, by the task, rather than queued as a task of its own: no task row
    # keeps the address after the consultation closes.
    send_email.call(subject=subject, body=body, html=html, to=[to])


def tell_participants(round_):
    """E-mail each participant of ``round_`` who can be reached that it opened: at the
    address they left, with their personal return link, in the language they agreed
    in; members through their account's address. Once per round and participant (a
    RoundNotice, written with the sending): run again, it sends nothing twice. A
    message that cannot be sent is tried again at the next run. Returns how many
    were sent."""
    round_ = Round.objects.select_related("consultation__collective").get(pk=round_.pk)
    if not round_.is_open or round_.consultation.is_closed:
        return 0
    sent = 0
    for participant in _recipients(round_):
        to, language, context = _message(round_, participant)
        try:
            with transaction.atomic():
                _notice, created = RoundNotice.objects.get_or_create(
                    round=round_, participant=participant
                )
                if not created:  # told meanwhile by another run
                    continue
                _send(to, language, context)
        except OSError:
            # Never the address in the log: the participant's number is enough.
            logger.warning("Round %s: participant %s could not be told.", round_.pk, participant.pk)
            continue
        sent += 1
    return sent


@task()
def tell_round_opened(round_id: int) -> int:
    """The task queued when a round opens (round_opened)."""
    round_ = Round.objects.filter(pk=round_id).first()
    return tell_participants(round_) if round_ is not None else 0
