"""An amount in French words, as a receipt writes it: "mille deux cent trente-quatre
euros et cinquante-six centimes", "quatre-vingts francs", "un million d'euros".

Always French (the Cerfa n° 11580 and the Swiss certificate are written in French,
whatever the reader's language). ``num2words`` spells the numbers (its "fr" rules give
"quatre-vingts", "deux cents", "mille", "un million"); the units are added here, from
the integer and the cents parts, because num2words knows no franc in French and its
currency mode reads amounts as floats.
"""

from decimal import ROUND_HALF_UP, Decimal

from num2words import num2words

# (singular, plural, elided before a vowel) per currency; the cents are "centimes" in both.
UNITS = {
    "EUR": ("euro", "euros", True),
    "CHF": ("franc", "francs", False),
}


def spell(number):
    """``number`` (a non-negative integer) in French words."""
    return num2words(int(number), lang="fr")


def _unit(whole, currency):
    singular, plural, vowel = UNITS[currency]
    words = spell(whole)
    if whole == 1:
        return f"{words} {singular}"
    # "un million d'euros", "deux milliards de francs": a round million takes "de".
    if whole >= 1_000_000 and whole % 1_000_000 == 0:
        return f"{words} d'{plural}" if vowel else f"{words} de {plural}"
    return f"{words} {plural}"


def amount_in_words(amount, currency="EUR"):
    """``amount`` (a Decimal, or what Decimal reads) in ``currency`` (EUR or CHF) in
    French words. Refuses negative amounts and unknown currencies (ValueError)."""
    if currency not in UNITS:
        raise ValueError(f"no words for the currency {currency!r}")
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value < 0:
        raise ValueError("a negative amount has no words on a receipt")
    whole = int(value)
    cents = int((value - whole) * 100)
    if not cents:
        return _unit(whole, currency)
    centimes = f"{spell(cents)} centime{'s' if cents > 1 else ''}"
    if not whole:
        return centimes
    return f"{_unit(whole, currency)} et {centimes}"
