"""Bank reconciliation: a statement imported, its credits matched to promised gifts.

``import_statement`` reads the file (statements.py), adds the lines the foundation does
not have yet (a line is known by its key: the same statement imported twice, or two
statements that overlap, add nothing twice), then matches each new line:

1. by reference: the line's payment reference is a promised gift's (received with the
   line's amount), a standing order's (its month's gift, made then received) or a
   round-up programme's (its oldest promised monthly total); another currency than the
   gift's goes to review;
2. by amount and name: exactly one promised gift in the same currency, of the same
   amount, whose donor's name is the debtor's (accents, case, word order and titles
   aside);
3. the rest waits in review, where a treasurer matches a line by hand (``match_line``:
   the gift follows the money when the amounts differ) or sets it aside as not a gift
   (``ignore_line``, undone by ``unignore_line``).

The promised gifts and the references are loaded once per import, not once per line;
each matched line then goes through ``services_gifts.receive_gift`` (ledger, matching
funds, log), so the ledger is balanced after every service.
"""

import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maillage.audit.services import log_action
from maillage.core.bulk import update_rows
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError
from maillage.core.payments import normalise_reference

from . import services_gifts, services_receive, statements
from .models import Foundation, Gift, GiftStatus, MonthlyGift, RoundUpProgramme
from .models_bank import BankLine, BankStatement, LineStatus

KEYS_PER_QUERY = 500
REASON_MAX = 300
# Titles dropped from a name before comparing it.
TITLES = {
    "m",
    "mme",
    "mlle",
    "mr",
    "mrs",
    "ms",
    "monsieur",
    "madame",
    "mademoiselle",
    "dr",
    "herr",
    "frau",
    "et",
    "and",
    "ou",
}


@dataclass
class Imported:
    """What an import did: its statement, and how many of its new lines were matched
    (by reference, by amount and name) or wait in review."""

    statement: BankStatement
    by_reference: int = 0
    by_name: int = 0
    review: int = 0

    @property
    def matched(self):
        return self.by_reference + self.by_name


def name_key(name):
    """``name`` compared: no accents, no case, no titles, words in order."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    words = [word for word in re.split(r"[^a-z0-9]+", text) if word and word not in TITLES]
    return " ".join(sorted(words))


def statement_error_message(error):
    """The translated message of a ``statements.StatementError``."""
    template = _(error.template)
    return template % error.params if error.params else template


def _default_currency(foundation):
    if foundation.iban_eur and not foundation.iban_chf:
        return "EUR"
    if foundation.iban_chf and not foundation.iban_eur:
        return "CHF"
    return ""


def _already(foundation, digest):
    return BankStatement.objects.filter(foundation=foundation, sha256=digest).first()


def _refuse_again(statement):
    raise DomainError(
        _("This file was already imported on %(date)s: nothing was changed.")
        % {"date": date_format(timezone.localtime(statement.imported_at), "DATETIME_FORMAT")},
        field="file",
        code="again",
    )


def _known_keys(foundation, keys):
    known = set()
    keys = list(keys)
    for start in range(0, len(keys), KEYS_PER_QUERY):
        known.update(
            BankLine.objects.filter(
                foundation=foundation, key__in=keys[start : start + KEYS_PER_QUERY]
            ).values_list("key", flat=True)
        )
    return known


def import_statement(*, actor, foundation, file_name, data, now=None):
    """Import the statement ``data`` (bytes of a camt.053 or CSV file) and match its new
    lines. Returns an ``Imported``."""
    now = now or timezone.now()
    digest = hashlib.sha256(data or b"").hexdigest()
    previous = _already(foundation, digest)
    if previous is not None:
        _refuse_again(previous)
    try:
        parsed = statements.read_statement(data or b"", currency=_default_currency(foundation))
    except statements.StatementError as error:
        raise DomainError(statement_error_message(error), field="file", code="unreadable") from None
    file_name = clean_line((file_name or "")[-200:]) or "statement"
    try:
        with transaction.atomic():
            foundation = Foundation.objects.select_for_update().get(pk=foundation.pk)
            previous = _already(foundation, digest)
            if previous is not None:
                _refuse_again(previous)
            statement = BankStatement.objects.create(
                foundation=foundation,
                format=parsed.format,
                file_name=file_name[:200],
                sha256=digest,
                account=parsed.account[:40],
                bank_id=parsed.bank_id[:100],
                lines_count=len(parsed.lines),
                imported_by=actor,
                imported_at=now,
            )
            known = _known_keys(foundation, {line.key for line in parsed.lines})
            new = []
            for line in parsed.lines:
                if line.key in known:
                    continue
                known.add(line.key)
                new.append(
                    BankLine(
                        statement=statement,
                        foundation=foundation,
                        key=line.key,
                        booked_on=line.booked_on,
                        amount=line.amount,
                        currency=line.currency,
                        debtor_name=line.debtor_name,
                        debtor_iban=line.debtor_iban,
                        reference=line.reference,
                        remittance=line.remittance,
                    )
                )
            new = BankLine.objects.bulk_create(new, batch_size=1000)
            statement.new_lines = len(new)
            statement.save(update_fields=["new_lines"])
            result = Imported(statement=statement)
            _reconcile(actor, foundation, new, now, result)
            log_action(
                actor=actor,
                action="fund.statement_imported",
                obj=statement,
                after={
                    "format": statement.format,
                    "lines": statement.lines_count,
                    "new_lines": statement.new_lines,
                    "debits": parsed.debits,
                    "matched": result.matched,
                    "review": result.review,
                },
            )
    except IntegrityError:
        # The same file imported at the same moment by someone else.
        previous = _already(foundation, digest)
        if previous is None:
            raise
        _refuse_again(previous)
    return result


# ------------------------------------------------------------------ matching


class _Index:
    """The foundation's promised gifts and payment references, loaded once."""

    def __init__(self, foundation):
        self.by_reference = {}
        self.by_name = defaultdict(list)
        self.round_up_gifts = defaultdict(list)
        pledged = (
            Gift.objects.filter(foundation=foundation, status=GiftStatus.PLEDGED)
            .select_related("donor", "round_up")
            .order_by("pledged_at", "pk")
        )
        for gift in pledged:
            if gift.reference:
                self.by_reference[normalise_reference(gift.reference)] = gift
            if gift.round_up_id is not None:
                self.round_up_gifts[gift.round_up.programme_id].append(gift)
            if gift.donor is not None and gift.donor.erased_at is None:
                key = (gift.currency, gift.amount, name_key(gift.donor.name))
                self.by_name[key].append(gift)
        for programme in self.round_up_gifts.values():
            programme.sort(key=lambda gift: (gift.round_up.month, gift.pk))
        self.monthlies = {
            normalise_reference(monthly.reference): monthly
            for monthly in MonthlyGift.objects.filter(foundation=foundation).select_related(
                "foundation", "campaign", "donor"
            )
        }
        self.round_ups = {
            normalise_reference(programme.reference): programme
            for programme in RoundUpProgramme.objects.filter(foundation=foundation)
        }
        self.taken = set()

    def by_ref(self, line):
        """The gift ``line``'s reference names (None: none), or "review" when the
        reference is known but cannot take this line."""
        reference = normalise_reference(line.reference)
        if not reference:
            return None
        gift = self.by_reference.get(reference)
        if gift is not None and gift.pk not in self.taken:
            return gift if gift.currency == line.currency else "review"
        monthly = self.monthlies.get(reference)
        if monthly is not None:
            if monthly.currency != line.currency:
                return "review"
            gift = services_gifts.pledge_month(monthly, line.booked_on)
            return gift if gift.status == GiftStatus.PLEDGED and gift.pk not in self.taken else None
        programme = self.round_ups.get(reference)
        if programme is not None:
            if programme.currency != line.currency:
                return "review"
            waiting = [g for g in self.round_up_gifts[programme.pk] if g.pk not in self.taken]
            return waiting[0] if waiting else "review"
        return None

    def by_amount_and_name(self, line):
        key = name_key(line.debtor_name)
        if not key:
            return None
        found = [
            gift
            for gift in self.by_name.get((line.currency, line.amount, key), ())
            if gift.pk not in self.taken
        ]
        return found[0] if len(found) == 1 else None


def _reconcile(actor, foundation, lines, now, result):
    """Find the gift of each new line, then receive them all at once
    (``services_receive.receive_many``); a line whose gift refuses the money waits in
    review."""
    index = _Index(foundation)
    found_lines = []
    for line in lines:
        found = index.by_ref(line)
        how = "reference"
        if found is None:
            found, how = index.by_amount_and_name(line), "name"
        if found is None or found == "review":
            result.review += 1
            continue
        index.taken.add(found.pk)
        found_lines.append((line, found, how))
    received = services_receive.receive_many(
        actor=actor,
        foundation=foundation,
        items=[(gift, line.amount, line.booked_on, line) for line, gift, _how in found_lines],
        now=now,
    )
    matched = []
    for line, gift, how in found_lines:
        if gift.pk not in received:
            result.review += 1
            continue
        line.status, line.matched_how, line.gift = LineStatus.MATCHED, how, gift
        line.matched_by, line.matched_at = actor, now
        matched.append(line)
        if how == "reference":
            result.by_reference += 1
        else:
            result.by_name += 1
    update_rows(
        BankLine,
        {line.pk: {"matched_how": line.matched_how, "gift": line.gift_id} for line in matched},
        same={"status": LineStatus.MATCHED, "matched_by": actor.pk, "matched_at": now},
    )


# ------------------------------------------------------------------ review


def _locked_line(line):
    return BankLine.objects.select_for_update().select_related("foundation").get(pk=line.pk)


def match_line(*, actor, line, gift, now=None):
    """A line in review matched by hand to ``gift`` (promised, same currency): the gift
    is received with the line's amount, which may differ from the promise."""
    now = now or timezone.now()
    with transaction.atomic():
        line = _locked_line(line)
        if line.status != LineStatus.REVIEW:
            raise DomainError(_("This line is not waiting for review any more."), code="state")
        if gift is None or gift.foundation_id != line.foundation_id:
            raise DomainError(_("Choose a promised gift of the foundation."), field="gift")
        gift = Gift.objects.select_for_update().get(pk=gift.pk)
        if gift.status != GiftStatus.PLEDGED:
            raise DomainError(
                _("This gift is not waiting for its money any more: choose another one."),
                field="gift",
            )
        if gift.currency != line.currency:
            raise DomainError(
                _("This gift is in %(gift)s and the line in %(line)s: choose a gift in %(line)s.")
                % {"gift": gift.currency, "line": line.currency},
                field="gift",
            )
        services_gifts.receive_gift(
            actor=actor,
            gift=gift,
            received_on=line.booked_on,
            amount=line.amount,
            bank_line=line,
            now=now,
        )
        line.status, line.matched_how, line.gift = LineStatus.MATCHED, "hand", gift
        line.matched_by, line.matched_at = actor, now
        line.save(update_fields=["status", "matched_how", "gift", "matched_by", "matched_at"])
        log_action(
            actor=actor,
            action="fund.bank_line_matched",
            obj=line,
            before={"status": LineStatus.REVIEW},
            after={
                "status": LineStatus.MATCHED,
                "gift": gift.pk,
                "amount": f"{line.amount} {line.currency}",
                "booked_on": line.booked_on.isoformat(),
            },
        )
    return line


def ignore_line(*, actor, line, reason, now=None):
    """A line in review that is not a gift (a bank's refund, a grant from elsewhere…)."""
    reason = clean_line(
        reason,
        field="reason",
        max_length=REASON_MAX,
        empty_message=_("Say what this money is, for example “refund of bank fees”."),
    )
    now = now or timezone.now()
    with transaction.atomic():
        line = _locked_line(line)
        if line.status != LineStatus.REVIEW:
            raise DomainError(_("This line is not waiting for review any more."), code="state")
        line.status, line.matched_by, line.matched_at = LineStatus.IGNORED, actor, now
        line.save(update_fields=["status", "matched_by", "matched_at"])
        log_action(
            actor=actor,
            action="fund.bank_line_ignored",
            obj=line,
            before={"status": LineStatus.REVIEW},
            after={
                "status": LineStatus.IGNORED,
                "amount": f"{line.amount} {line.currency}",
                "reason": reason,
            },
        )
    return line


def unignore_line(*, actor, line):
    """A line set aside by mistake goes back to review."""
    with transaction.atomic():
        line = _locked_line(line)
        if line.status != LineStatus.IGNORED:
            raise DomainError(_("Only a line set aside can go back to review."), code="state")
        line.status, line.matched_by, line.matched_at = LineStatus.REVIEW, None, None
        line.save(update_fields=["status", "matched_by", "matched_at"])
        log_action(
            actor=actor,
            action="fund.bank_line_unignored",
            obj=line,
            before={"status": LineStatus.IGNORED},
            after={"status": LineStatus.REVIEW, "amount": f"{line.amount} {line.currency}"},
        )
    return line


# ------------------------------------------------------------------ suggestions (reads)


def pledged_gifts(foundation):
    """The promised gifts of ``foundation``, for the review's suggestions."""
    return list(
        Gift.objects.filter(foundation=foundation, status=GiftStatus.PLEDGED)
        .select_related("donor", "campaign")
        .order_by("pledged_at", "pk")
    )


def _likeness(first, second):
    first, second = set(first.split()), set(second.split())
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def suggested_gifts(line, pledged, limit=5):
    """The promised gifts ``line`` may pay, best first: same currency only; the same
    amount first, then the closest name, then the closest amount."""
    name = name_key(line.debtor_name)
    ranked = []
    for gift in pledged:
        if gift.currency != line.currency:
            continue
        donor = gift.donor.name if gift.donor is not None and gift.donor.erased_at is None else ""
        likeness = _likeness(name, name_key(donor))
        same = gift.amount == line.amount
        if not same and likeness == 0 and len(pledged) > limit:
            continue
        ranked.append((not same, -likeness, abs(gift.amount - line.amount), gift.pk, gift))
    ranked.sort(key=lambda row: row[:4])
    return [row[-1] for row in ranked[:limit]]


def gift_by_reference(foundation, reference):
    """The gift of ``foundation`` with payment reference ``reference`` (None: none)."""
    reference = normalise_reference(reference)
    if not reference:
        return None
    return Gift.objects.filter(foundation=foundation, reference=reference).first()
