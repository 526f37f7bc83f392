"""Entries of the permission matrix (tests/test_permissions.py) for the bank
reconciliation (maillage/fund/urls_bank.py): only the people who keep the money, the
coordinators and the foundation's treasurer (the world's facilitator); members and
observers get 403; outsiders never learn the foundation exists (404), also when the
collective is public (its statements are never public)."""

from datetime import date

from maillage.fund import services_bank

from ..permission_helpers import in_collective
from .setting import build_foundation
from .statements.build import camt

MONEY = in_collective(200, minimum="facilitator")


def _statement(w):
    fund = build_foundation(w)
    if getattr(w, "bank_statement", None) is None:
        data = camt(
            [
                {"amount": "42.00", "booked_on": date(2026, 3, 2), "name": "X", "bank_ref": "R"},
                {"amount": "7.00", "booked_on": date(2026, 3, 2), "name": "Y", "bank_ref": "I"},
            ]
        )
        done = services_bank.import_statement(
            actor=w.facilitator, foundation=fund.foundation, file_name="m.xml", data=data
        )
        ignored = done.statement.lines.get(amount="7.00")
        services_bank.ignore_line(actor=w.facilitator, line=ignored, reason="Frais")
        w.bank_statement = done.statement
    return w.bank_statement


def collective(w):
    build_foundation(w)
    return [w.collective.slug]


def statement(w):
    return [w.collective.slug, _statement(w).pk]


def line(w):
    return [w.collective.slug, _statement(w).lines.get(amount="42.00").pk]


def ignored(w):
    return [w.collective.slug, _statement(w).lines.get(amount="7.00").pk]


MATRIX = {
    "fund:statements": ("get", collective, None, MONEY),
    "fund:statement_import": ("get", collective, None, MONEY),
    "fund:statement": ("get", statement, None, MONEY),
    "fund:review": ("get", collective, None, MONEY),
    "fund:line_match": ("get", line, None, MONEY),
    "fund:line_ignore": ("get", line, None, MONEY),
    "fund:line_unignore": (
        "post",
        ignored,
        None,
        {**in_collective(403, minimum="facilitator"), "facilitator": 302, "coordinator": 302},
    ),
}

PUBLIC_MATRIX = {
    "fund:statements": ("get", collective, None, {**MONEY, "outsider": 403}),
    "fund:review": ("get", collective, None, {**MONEY, "outsider": 403}),
}
