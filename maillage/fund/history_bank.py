"""How the foundation's bank changes read in the collective's log (audit.history): a
statement's counts, a line's amount, status and gift; never a debtor's name."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Choice, Date, Field, Money, Number, Reference, register
from maillage.audit.models import ACTION_LABELS

from .models_bank import LineStatus, StatementFormat

register(
    ["fund.statement_imported"],
    {
        "format": Field(_("File format"), Choice(StatementFormat.choices)),
        "lines": Field(_("Credit lines"), Number()),
        "new_lines": Field(_("New lines"), Number()),
        "debits": Field(_("Debits skipped"), Number()),
        "matched": Field(_("Lines matched"), Number()),
        "review": Field(_("To review"), Number()),
    },
)
register(
    ["fund.bank_line_matched", "fund.bank_line_ignored", "fund.bank_line_unignored"],
    {
        "status": Field(_("Status"), Choice(LineStatus.choices)),
        "gift": Field(_("Gift"), Reference("fund.Gift", "reference")),
        "amount": Field(_("Amount"), Money()),
        "booked_on": Field(_("Booked on"), Date()),
        "reason": Field(_("Reason")),
    },
)

ACTION_LABELS.update(
    {
        "fund.statement_imported": _("Bank statement imported"),
        "fund.bank_line_matched": _("Bank line matched to a gift"),
        "fund.bank_line_ignored": _("Bank line set aside (not a gift)"),
        "fund.bank_line_unignored": _("Bank line back in review"),
    }
)
