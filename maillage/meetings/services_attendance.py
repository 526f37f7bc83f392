"""On the day: attendance, who represents whom, and the walk-ins (someone who came
without being on the list)."""

import unicodedata

from django.db import transaction
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.collectives.models import Membership
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError
from maillage.core.typography import one_line

from .models import (
    Agreement,
    Attendance,
    Invitee,
)
from .services_common import _locked, check_not_frozen
from .services_invitations import invite_guest, invite_member

# ----------------------------------------------------------------------- attendance


@transaction.atomic
def record_attendance(*, actor, meeting, marks, proxies=None):
    """``marks`` maps invitee ids to an Attendance value; ``proxies`` maps invitee ids
    to (who represents them, Agreement), typed on the sheet for anyone on the list.
    Naming a representative marks the person represented. Only on or after the day."""
    meeting = _locked(meeting)
    check_not_frozen(meeting)
    if meeting.is_cancelled:
        raise DomainError(_("This meeting is cancelled."))
    if meeting.local_today() < meeting.local_start.date():
        raise DomainError(_("Attendance is recorded on the day of the meeting or after it."))
    proxies = proxies or {}
    valid = set(Attendance.values)
    invitees = {invitee.pk: invitee for invitee in meeting.invitees.all()}
    changed = 0
    for pk in sorted({int(pk) for pk in [*marks, *proxies]}):
        invitee = invitees.get(pk)
        if invitee is None:
            raise DomainError(_("This person is not on the list of the meeting."))
        mark = marks.get(pk, marks.get(str(pk)))
        if mark is not None and mark not in valid:
            raise DomainError(_("Unknown attendance mark: %(mark)s.") % {"mark": mark})
        fields = {}
        if pk in proxies or str(pk) in proxies:
            proxy, agreement = proxies.get(pk, proxies.get(str(pk)))
            proxy = one_line(proxy)
            if agreement not in Agreement.values:
                agreement = Agreement.NEUTRAL
            if proxy and mark is None:
                mark = Attendance.REPRESENTED
            if proxy and mark != Attendance.REPRESENTED:
                raise DomainError(
                    _(
                        "%(name)s is marked “%(mark)s”: tick “%(represented)s” to say who "
                        "represents them, or clear the name of the representative."
                    )
                    % {
                        "name": invitee.name,
                        "mark": Attendance(mark).label,
                        "represented": Attendance.REPRESENTED.label,
                    }
                )
            if len(proxy) > Invitee._meta.get_field("represented_by").max_length:
                raise DomainError(
                    _("The name of who represents %(name)s is too long.") % {"name": invitee.name}
                )
            fields["represented_by"], fields["agreement"] = proxy, agreement
        if mark is not None:
            fields["attendance"] = mark
        fields = {name: value for name, value in fields.items() if getattr(invitee, name) != value}
        if fields:
            for name, value in fields.items():
                setattr(invitee, name, value)
            invitee.save(update_fields=list(fields))
            changed += 1
    log_action(
        actor=actor, action="meetings.attendance_recorded", obj=meeting, after={"changed": changed}
    )
    return changed


# --- added for the meeting pages


def same_name(name):
    """A name compared without case, accents or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", " ".join((name or "").split()))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def find_on_list(meeting, *, name, email=""):
    """The person already on the meeting's list that a walk-in is: the same e-mail
    address (theirs or their account's), or, when one of the two has no address, the
    same name. None when nobody matches."""
    email = email.strip().lower()
    key = same_name(name)
    for invitee in meeting.invitees.select_related("user"):
        addresses = {invitee.email.lower()} | (
            {invitee.user.email.lower()} if invitee.user_id else set()
        )
        addresses.discard("")
        if email and email in addresses:
            return invitee
        names = {same_name(invitee.name)} | (
            {same_name(invitee.user.display_name)} if invitee.user_id else set()
        )
        if (not email or not addresses) and key in names:
            return invitee
    return None


@transaction.atomic
def add_walk_in(*, actor, meeting, name, email="", organisation=None, organisation_name=""):
    """Someone who came without being on the list: added as a guest and marked present,
    both or neither (attendance is recorded on the day of the meeting or after it).

    Someone already on the list (see ``find_on_list``) is not added again: their row is
    marked present. A member of the collective, known by their address, is added as
    the member they are. Returns (invitee, whether they were already on the list)."""
    meeting = _locked(meeting)
    name = clean_line(name, field="name", empty_message=_("Give the guest's name."))
    existing = find_on_list(meeting, name=name, email=email)
    if existing is not None:
        # They came in person: nobody represents them.
        record_attendance(
            actor=actor,
            meeting=meeting,
            marks={existing.pk: Attendance.PRESENT},
            proxies={existing.pk: ("", existing.agreement)},
        )
        existing.refresh_from_db()
        return existing, True
    from maillage.accounts.models import User

    email = email.strip().lower()
    account = User.objects.filter(email__iexact=email).first() if email else None
    if account is not None and account.pk in Membership.objects.member_ids(meeting.collective):
        invitee = invite_member(actor=actor, meeting=meeting, user=account)
    else:
        invitee = invite_guest(
            actor=actor,
            meeting=meeting,
            name=name,
            email=email,
            organisation=organisation,
            organisation_name=organisation_name,
        )
    record_attendance(actor=actor, meeting=meeting, marks={invitee.pk: Attendance.PRESENT})
    invitee.refresh_from_db()
    return invitee, False
