"""What the public questionnaire changes, only ever at the person's explicit request:
a hand-over code (the answers and the result kept for a social worker, until the code
expires), one anonymous count of "does this match your situation?", and an e-mail of
the result (sent at once, the address kept nowhere)."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.audit.services import log_action
from maillage.core import limits
from maillage.core.errors import DomainError

from .forms_questionnaire import CODE_ALPHABET
from .models_results import FeedbackAnswer, FeedbackCount, HandoverCode

HOUR = 60 * 60


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def show_code(code):
    """ABCD2345 as people read it: ABCD-2345."""
    return f"{code[:4]}-{code[4:]}"


def hand_over(*, collective, answers, result, language, now=None):
    """Keep the answers and the result under a new short code, until
    ORIENTATION_HANDOVER_DAYS have passed."""
    now = now or timezone.now()
    expires_at = now + timedelta(days=settings.ORIENTATION_HANDOVER_DAYS)
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return HandoverCode.objects.create(
                    collective=collective,
                    code=new_code(),
                    answers=answers,
                    result=result,
                    language=language,
                    expires_at=expires_at,
                )
        except IntegrityError:  # the code was taken: draw another
            continue
    raise DomainError(_("No code could be made just now. Please try again."))


def read_handover(*, actor, collective, code, now=None):
    """The hand-over with ``code`` in the collective, for a professional (the view has
    checked the permission). Reading it is recorded in the collective's log."""
    now = now or timezone.now()
    handover = HandoverCode.objects.filter(collective=collective, code=code).first()
    if handover is None:
        raise DomainError(_("No questionnaire was handed over with this code."), field="code")
    if handover.is_expired(now):
        raise DomainError(_("This code has expired: the answers it held are erased."), field="code")
    with transaction.atomic():
        log_action(actor=actor, action="orientation.handover_read", obj=handover)
    return handover


def erase_expired_handovers(now=None):
    """Delete the hand-overs whose code has expired (a periodic job)."""
    deleted, _counts = HandoverCode.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


def count_feedback(*, collective, answer, today=None):
    """One more "yes", "partly" or "no" for the collective today: a counter, nothing else."""
    if answer not in FeedbackAnswer.values:
        raise DomainError(_("Choose an answer."), field="answer")
    day = today or timezone.localdate()
    counters = FeedbackCount.objects.filter(collective=collective, day=day, answer=answer)
    with transaction.atomic():
        if counters.update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                FeedbackCount.objects.create(collective=collective, day=day, answer=answer, count=1)
        except IntegrityError:  # counted by another request in the meantime
            counters.update(count=F("count") + 1)


def send_result(*, email, subject, body, attachment=None, ip=None, now=None):
    """E-mail the result to the person now, never queued: no task row keeps the address.
    At most ORIENTATION_RESULT_EMAILS_PER_IP an hour from one network address."""
    if ip:
        usage = limits.hit("orientation-result-email", limits.network(ip), seconds=HOUR, now=now)
        if usage.count > settings.ORIENTATION_RESULT_EMAILS_PER_IP:
            minutes = usage.minutes_left(now)
            raise DomainError(
                ngettext(
                    "Too many e-mails from your connection in the last hour. Please try "
                    "again in %(minutes)s minute.",
                    "Too many e-mails from your connection in the last hour. Please try "
                    "again in %(minutes)s minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                field="email",
            )
    message = EmailMessage(subject=subject, body=body, to=[email])
    if attachment:
        message.attach(*attachment)
    message.send()
