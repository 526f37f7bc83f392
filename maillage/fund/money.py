"""Amounts and currencies as people type them, checked once for every service of the
foundation: exact decimals to the cent, never a float."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db.models import BigIntegerField, F, Sum
from django.db.models.functions import Cast, Round
from django.utils.translation import gettext as _

from maillage.core.errors import DomainError
from maillage.core.typography import amount

from .models import Currency

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# A gift, a grant or a disbursement above this is a typing error in a territorial
# foundation; larger sums go through the treasurer's bank, not a form.
AMOUNT_MAX = Decimal("1000000")
# Spaces (also non-breaking and thin), apostrophes and a dot or comma before three
# digits are thousands separators: "1 000,50", "1'000.50", "1.000,50".
_SEPARATORS = re.compile(r"[\s\u00a0\u202f'’]")


def cents(value):
    """``value`` rounded half up to the cent (a Decimal)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(text):
    """The Decimal that ``text`` writes, or None when it writes no number."""
    if isinstance(text, Decimal):
        return text
    if isinstance(text, int):
        return Decimal(text)
    text = _SEPARATORS.sub("", str(text or "")).strip()
    if text.count(",") == 1 and text.count(".") >= 1:
        # "1.000,50": the last mark is the decimal one.
        if text.rindex(",") > text.rindex("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?\d+(\.\d*)?|[+-]?\.\d+", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def check_amount(value, *, field="amount", maximum=AMOUNT_MAX, label=None):
    """``value`` as a positive Decimal with at most two decimals, at most ``maximum``;
    otherwise DomainError with a message that says what is wrong."""
    amount = parse_amount(value)
    if amount is None or not amount.is_finite():
        raise DomainError(_("Write the amount as a number, for example 50 or 12.50."), field=field)
    if amount <= 0:
        raise DomainError(_("The amount must be more than zero."), field=field)
    if amount != amount.quantize(CENT):
        raise DomainError(_("An amount has at most two decimals (cents)."), field=field)
    if amount > maximum:
        raise DomainError(
            _("%(amount)s is more than %(maximum)s: check the amount.")
            % {
                "amount": f"{amount:,.2f}".replace(",", "\u202f"),
                "maximum": f"{maximum:,.0f}".replace(",", "\u202f"),
            },
            field=field,
        )
    return amount.quantize(CENT)


def check_currency(value, *, field="currency"):
    code = str(value or "").strip().upper()
    if code not in Currency.values:
        raise DomainError(
            _("Unknown currency “%(code)s”: the foundation counts in francs (CHF) or euros (EUR).")
            % {"code": str(value or "")[:10]},
            field=field,
        )
    return code


def cents_sum(expression):
    """A SUM of ``expression`` (a field name or an expression of amounts) counted in whole
    cents, so that the database adds integers: SQLite would add decimals as floating
    point numbers (0.01 + … ≠ exact), PostgreSQL adds them exactly either way. Read the
    result with ``from_cents``."""
    if isinstance(expression, str):
        expression = F(expression)
    return Sum(Cast(Round(expression * 100), output_field=BigIntegerField()))


def from_cents(value):
    """The Decimal amount of ``value`` cents (None: zero)."""
    return (Decimal(int(value or 0)) / 100).quantize(CENT)


def shown(value):
    """``value`` as the reader's language writes an amount ("1 500,00" in French, with
    no-break spaces), for a message that names its currency beside it."""
    return amount(value, cents=True)
