"""Each person's data in their own hands: exporting it, deleting an account, and a
collective's coordinators answering for someone without an account (by e-mail address).

Every app says what it holds and how it is erased in its ``privacy.py``
(``maillage/core/personal.py``); these functions run them all. Nothing here writes a
name or an address in the log: requests answered are recorded with a keyed hash of the
address (``PrivacyRequest.email_digest``) and the count of rows erased.
"""

import json
import logging
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core import personal
from maillage.core.errors import DomainError
from maillage.core.limits import keyed_hash
from maillage.core.mail import queue_email

from .models import DataExport, ExportStatus, PrivacyRequest, RequestKind

logger = logging.getLogger(__name__)

FORMAT = "maillage-personal-data/1"
# A person asks for their data at most this many times a day; a collective sends at most
# this many addresses their data a day.
EXPORTS_A_DAY = 3
ANSWERS_A_DAY = 20
DIGEST_PURPOSE = "privacy.request"


def email_digest(email):
    return keyed_hash(DIGEST_PURPOSE, (email or "").strip().lower())


def _clean_email(email):
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(_("Enter a valid e-mail address."), field="email") from None
    return email


def _days():
    return timedelta(days=settings.PRIVACY_EXPORT_DAYS)


# Exports ------------------------------------------------------------------------------


def _enqueue(export, email, language):
    from .tasks import build_export_task

    transaction.on_commit(
        lambda: build_export_task.enqueue(export_id=export.pk, email=email, language=language)
    )


@transaction.atomic
def request_export(*, user):
    """Ask for one's own data: an export is built by the task worker and its link e-mailed."""
    from maillage.accounts.models import User

    User.objects.select_for_update().filter(pk=user.pk).first()  # one request at a time
    mine = DataExport.objects.filter(user=user)
    if mine.filter(status=ExportStatus.BUILDING).exists():
        raise DomainError(_("Your data is already being prepared: the link will come by e-mail."))
    if mine.filter(requested_at__gt=timezone.now() - timedelta(days=1)).count() >= EXPORTS_A_DAY:
        raise DomainError(
            _("You asked for your data %(count)s times today: try again tomorrow.")
            % {"count": EXPORTS_A_DAY}
        )
    try:
        with transaction.atomic():
            export = DataExport.objects.create(user=user, expires_at=timezone.now() + _days())
    except IntegrityError:
        raise DomainError(
            _("Your data is already being prepared: the link will come by e-mail.")
        ) from None
    _enqueue(export, "", user.language)
    return export


def document_for(person, *, scope):
    """Everything the registered apps hold about ``person``, as one JSON-ready document."""
    apps = {}
    for app, exporter in sorted(personal.EXPORTERS.items()):
        data = exporter(person)
        if data:
            apps[app] = data
    return {
        "format": FORMAT,
        "generated_at": timezone.now().isoformat(),
        "scope": scope,
        "email": person.email,
        "data": apps,
    }


@transaction.atomic
def build_export(*, export_id, email="", language=None):
    """Build the export ``export_id`` (the task worker calls this) and e-mail its link.
    ``email`` is the address a coordinator answered for (no account); a person's own
    export is sent to their account's address."""
    export = (
        DataExport.objects.select_for_update(of=("self",))
        .select_related("user", "collective")
        .filter(pk=export_id, status=ExportStatus.BUILDING)
        .first()
    )
    if export is None:
        return None  # already built, or deleted meanwhile
    if export.user is not None:
        person = personal.Person(user=export.user)
        scope = "everything"
        to, language = export.user.email, export.user.language
    else:
        person = personal.Person(email=email, collectives=frozenset({export.collective_id}))
        scope = export.collective.name
        to, language = person.email, language or settings.LANGUAGE_CODE
    export.document = document_for(person, scope=scope)
    export.status = ExportStatus.READY
    export.ready_at = timezone.now()
    export.expires_at = export.ready_at + _days()
    export.save(update_fields=["document", "status", "ready_at", "expires_at"])
    queue_email(
        template="privacy/email/export_ready",
        to=to,
        language=language,
        context={
            "url": settings.SITE_URL + export.get_absolute_url(),
            "expires_at": export.expires_at,
            "collective": export.collective,
            "needs_login": export.user is not None,
        },
    )
    return export


@transaction.atomic
def export_failed(*, export_id):
    DataExport.objects.filter(pk=export_id, status=ExportStatus.BUILDING).update(
        status=ExportStatus.FAILED
    )


def delete_expired_exports(now=None):
    """The periodic job: exports past their ``PRIVACY_EXPORT_DAYS`` are deleted."""
    deleted, _by_model = DataExport.objects.expired(now).delete()
    return deleted


# Deleting one's account -----------------------------------------------------------------


def _erase(person):
    """Run every eraser in order; the count of rows each touched."""
    done = {}
    for app, eraser in personal.erasers():
        for what, count in (eraser(person) or {}).items():
            done[f"{app}.{what}"] = count
    return done


def _end_sessions(user):
    """Delete the person's sessions on every device (the unusable password would already
    refuse them; their rows would still hold the account's id until they expire)."""
    ids = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk)
    ]
    # Through the session engine, so that a copy kept in the cache (cached_db, with
    # several nodes) goes with the row.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in ids:
        store(session_key=key).delete()
    return len(ids)


@transaction.atomic
def delete_account(*, user, password):
    """Delete ``user``'s account, once their password confirms it: every app erases or
    pseudonymises what it holds (its ``privacy.py``), then the account itself loses its
    name, address and password. The caller logs the person out."""
    from maillage.accounts.models import User

    user = User.objects.select_for_update().get(pk=user.pk)
    if user.erased_at is not None:
        raise DomainError(_("This account is already deleted."))
    if not password or not user.check_password(password):
        raise DomainError(_("The password is not correct."), field="password")
    person = personal.Person(user=user)
    done = _erase(person)
    done["privacy.exports"] = DataExport.objects.filter(user=user).delete()[0]
    done["privacy.sessions"] = _end_sessions(user)
    rows = sum(done.values())
    user.refresh_from_db()
    PrivacyRequest.objects.create(kind=RequestKind.ACCOUNT_DELETED, answered_by=user, rows=rows)
    log_action(
        actor=user,
        action="privacy.account_deleted",
        obj=user,
        collective=None,
        after={"rows": rows},
    )
    return done


# A coordinator's answers for an address -----------------------------------------------


def _record(*, actor, collective, kind, email, rows):
    request = PrivacyRequest.objects.create(
        kind=kind,
        collective=collective,
        email_digest=email_digest(email),
        answered_by=actor,
        rows=rows,
    )
    log_action(
        actor=actor,
        action=f"privacy.{kind}",
        obj=request,
        collective=collective,
        after={"kind": kind, "rows": rows},
    )
    return request


@transaction.atomic
def send_data_for(*, actor, collective, email):
    """Send ``email`` (someone without an account, or who asks through the collective)
    what ``collective`` holds about that address: an export limited to the collective,
    whose link works with its key alone for PRIVACY_EXPORT_DAYS days."""
    from maillage.collectives.models import Collective

    email = _clean_email(email)
    Collective.objects.select_for_update().filter(pk=collective.pk).first()
    today = PrivacyRequest.objects.filter(
        collective=collective,
        kind=RequestKind.EXPORT,
        answered_at__gt=timezone.now() - timedelta(days=1),
    )
    if today.count() >= ANSWERS_A_DAY:
        raise DomainError(
            _("%(count)s addresses were sent their data today: try again tomorrow.")
            % {"count": ANSWERS_A_DAY}
        )
    export = DataExport.objects.create(collective=collective, expires_at=timezone.now() + _days())
    request = _record(
        actor=actor, collective=collective, kind=RequestKind.EXPORT, email=email, rows=0
    )
    _enqueue(export, email, translation.get_language())
    return request


@transaction.atomic
def erase_for(*, actor, collective, email):
    """Erase what ``collective`` holds about ``email``, as each app's rules say (rows typed
    with that address: registrations, invitations, referrals…). Accounts are not touched:
    a person with an account deletes it themselves."""
    from maillage.collectives.models import Collective

    email = _clean_email(email)
    Collective.objects.select_for_update().filter(pk=collective.pk).first()
    person = personal.Person(email=email, collectives=frozenset({collective.pk}))
    done = _erase(person)
    # The files this collective sent the address go too (they hold what was just erased).
    sent = DataExport.objects.filter(collective=collective, user=None, document__email=email)
    done["privacy.exports"] = sent.delete()[0]
    rows = sum(done.values())
    request = _record(
        actor=actor, collective=collective, kind=RequestKind.ERASURE, email=email, rows=rows
    )
    return request, done


def requests_for(collective):
    return PrivacyRequest.objects.filter(collective=collective).select_related("answered_by")


def to_json(document):
    """The export as a file: plain JSON, UTF-8, indented, that opens anywhere."""
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
