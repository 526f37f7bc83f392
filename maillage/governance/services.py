from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.changes import clean_line, lock_at_version
from maillage.core.errors import DomainError

from .models import GovernanceText, GovernanceTextVersion, TextKind


def _clean(title, body):
    title = clean_line(title, field="title", empty_message=_("Give the text a title."))
    body = body.strip().replace("\r\n", "\n")
    if not body:
        raise DomainError(_("The text is empty."), field="body")
    return title, body


@transaction.atomic
def create_text(*, actor, collective, kind, title, body, comment=""):
    title, body = _clean(title, body)
    if (
        kind != TextKind.FREE
        and GovernanceText.objects.filter(collective=collective, kind=kind).exists()
    ):
        raise DomainError(
            _("The collective already has a text of this kind: edit it instead."), field="kind"
        )
    try:
        with transaction.atomic():
            text = GovernanceText.objects.create(
                collective=collective, kind=kind, title=title, body=body, updated_by=actor
            )
    except IntegrityError:
        raise DomainError(
            _("The collective already has a text of this kind: edit it instead."), field="kind"
        ) from None
    GovernanceTextVersion.objects.create(
        text=text, number=1, title=title, body=body, comment=comment, author=actor
    )
    log_action(
        actor=actor,
        action="governance.text_created",
        obj=text,
        after={"title": title, "body": body},
    )
    return text


@transaction.atomic
def update_text(*, actor, text, title, body, base_version, comment=""):
    """Save a new version of a text edited from version ``base_version``.

    If someone saved in between, nothing is written and ConflictError tells who;
    the view gives the person their own text back to merge by hand.
    """
    title, body = _clean(title, body)
    text = lock_at_version(
        GovernanceText.objects.select_related("updated_by"),
        text.pk,
        base_version,
        message=lambda text: (
            _(
                "%(person)s saved a new version of this text while you were editing it. "
                "Your changes are not saved yet: they are shown below beside the current text."
            )
            % {"person": text.updated_by}
        ),
    )
    if title == text.title and body == text.body:
        raise DomainError(_("Nothing has changed: no new version was made."), code="unchanged")
    before = {"title": text.title, "body": text.body, "version": text.version}
    text.title, text.body = title, body
    text.version += 1
    text.updated_by = actor
    text.save()
    GovernanceTextVersion.objects.create(
        text=text, number=text.version, title=title, body=body, comment=comment, author=actor
    )
    log_action(
        actor=actor,
        action="governance.text_updated",
        obj=text,
        before=before,
        after={"title": title, "body": body, "version": text.version},
    )
    return text
