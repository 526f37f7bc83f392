"""What project and action comments share: their text's rules and who may archive one.

A comment model has ``author``, ``text``, ``archived_at`` and a ``collective`` property.
Members and above of the collective comment; the author (while still a member) or a
coordinator archives a comment: nothing is deleted.
"""

import rules
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.errors import DomainError

from .rules import is_coordinator, is_member_or_above, object_role

# The longest comment, in characters.
COMMENT_MAX_LENGTH = 2000


@rules.predicate
def coordinates_comment_collective(user, comment):
    return comment is not None and is_coordinator(user, comment.collective)


# The author of a comment, while still a member (observers read, they do not write).
writes_comment = object_role(
    "writes_comment",
    lambda user, comment: (
        comment.author_id == user.pk and is_member_or_above(user, comment.collective)
    ),
)
may_archive_comment = coordinates_comment_collective | writes_comment


def clean_text(text):
    """A comment's text: line ends unified, not blank, not too long."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise DomainError(_("Write something before sending the comment."), field="text")
    if len(text) > COMMENT_MAX_LENGTH:
        raise DomainError(
            _("A comment is at most %(max)s characters long; this one has %(count)s.")
            % {"max": COMMENT_MAX_LENGTH, "count": len(text)},
            field="text",
        )
    return text


def check_may_comment(actor, collective):
    if not is_member_or_above(actor, collective):
        raise DomainError(_("Only members of the collective can comment."))


def archive(actor, comment):
    """Hide ``comment`` (a row locked by the caller's transaction)."""
    if comment.archived_at:
        raise DomainError(_("This comment is already archived."))
    if not may_archive_comment(actor, comment):
        raise DomainError(_("Only its author or a coordinator can archive this comment."))
    comment.archived_at = timezone.now()
    comment.save(update_fields=["archived_at"])
    return comment
