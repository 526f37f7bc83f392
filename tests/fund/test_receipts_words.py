"""Amounts in French words, as the receipts write them."""

from decimal import Decimal

import pytest

from maillage.fund.words import amount_in_words


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("0.01", "un centime"),
        ("0.80", "quatre-vingts centimes"),
        ("1", "un euro"),
        ("1.50", "un euro et cinquante centimes"),
        ("2.01", "deux euros et un centime"),
        ("21", "vingt et un euros"),
        ("71", "soixante et onze euros"),
        ("80", "quatre-vingts euros"),
        ("81", "quatre-vingt-un euros"),
        ("91", "quatre-vingt-onze euros"),
        ("100", "cent euros"),
        ("200", "deux cents euros"),
        ("280", "deux cent quatre-vingts euros"),
        ("1000", "mille euros"),
        ("1234.56", "mille deux cent trente-quatre euros et cinquante-six centimes"),
        ("20000", "vingt mille euros"),
        ("1000000", "un million d'euros"),
        ("2000000", "deux millions d'euros"),
        ("1000001", "un million un euros"),
    ],
)
def test_euros(value, words):
    assert amount_in_words(Decimal(value), "EUR") == words


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("1", "un franc"),
        ("80.05", "quatre-vingts francs et cinq centimes"),
        ("200", "deux cents francs"),
        ("1000000", "un million de francs"),
        ("0.50", "cinquante centimes"),
    ],
)
def test_francs(value, words):
    assert amount_in_words(value, "CHF") == words


def test_refuses_what_a_receipt_cannot_say():
    with pytest.raises(ValueError, match="negative"):
        amount_in_words("-1", "EUR")
    with pytest.raises(ValueError, match="USD"):
        amount_in_words("1", "USD")
