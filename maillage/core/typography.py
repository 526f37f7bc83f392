"""French typography for text built from data: "de" before a name, lists of names, amounts.

The catalogue's French strings follow the rules themselves (a no-break space before
``: ; ! ?`` and inside « », the straight apostrophe, elision); what they cannot know
is the name put in their place. "Les membres de %(name)s" must read "les membres
d'Aurélie" or "les membres d'Emmaüs Connect": ``elide`` makes that junction, and
``de`` writes "de"/"d'" before a name when the code builds the phrase itself.
"""

import re
from decimal import Decimal

from django.utils import formats, translation
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext

NBSP = "\u00a0"

_VOWELS = "aeiouàâäéèêëîïôöûüùœæ"
# Words starting with a mute h, which elide like a vowel ("d'Hélène", "d'habitants");
# any other h is treated as aspirated ("de Hugues", "de Haute-Savoie").
_MUTE_H = (
    "habit",
    "hélène",
    "henri",
    "herbe",
    "héritage",
    "heure",
    "histoire",
    "hiver",
    "homme",
    "hommage",
    "horaire",
    "horizon",
    "hôpita",
    "hôte",
    "huile",
    "humain",
    "humanit",
    "hypoth",
)
# Words that keep "de" whole although they start with a vowel sound.
_KEPT = ("onze", "oui", "ouate", "ouistiti", "yaourt")


def elides(word):
    """Whether "de" before ``word`` becomes "d'" in French."""
    lowered = word.lstrip("«\u00a0 \"'").lower()
    if not lowered or lowered.startswith(_KEPT):
        return False
    if lowered[0] in _VOWELS:
        return True
    return lowered.startswith(_MUTE_H)


def de(name):
    """ "de" and ``name``, elided before a vowel or a mute h: ``de("Aurélie")`` is
    "d'Aurélie", ``de("Paul")`` "de Paul". For French text only."""
    name = str(name)
    return f"d'{name}" if elides(name) else f"de {name}"


_WORD = r"[^\W\d_][\w'-]*"
_DE_WORD = re.compile(rf"(?<![\w'’-])([Dd])e (?P<word>{_WORD})")
# A name that starts with its own article: "de Le Pôle" is "du Pôle", "à Les Amis" "aux Amis".
_ARTICLE = re.compile(r"(?<![\w'’-])(?P<prep>[Dd]e|[Àà]) (?P<article>Le|Les) (?=\w)")
_CONTRACTED = {
    ("de", "Le"): "du",
    ("de", "Les"): "des",
    ("à", "Le"): "au",
    ("à", "Les"): "aux",
}


def _elide_word(match):
    if not elides(match.group("word")):
        return match.group(0)
    return f"{match.group(1)}'{match.group('word')}"


def _contract(match):
    prep = match.group("prep")
    contracted = _CONTRACTED[(prep.lower(), match.group("article"))]
    if prep[0].isupper():
        contracted = contracted.capitalize()
    return f"{contracted} "


def elide(text):
    """French text with its "de" elided before a vowel ("de Aurélie" -> "d'Aurélie")
    and contracted before a name's own article ("de Le Pôle" -> "du Pôle"). The
    catalogue's strings are already right: this mends what a name put in them.
    Text in another language is returned as it is; safe HTML stays safe."""
    if not (translation.get_language() or "").startswith("fr"):
        return text
    mended = _ARTICLE.sub(_contract, _DE_WORD.sub(_elide_word, str(text)))
    return mark_safe(mended) if isinstance(text, SafeData) else mended  # noqa: S308


def names_list(names):
    """Names joined as a sentence says them, in the current language: "A", "A and B",
    "A, B and C" (in French "A, B et C"). Empty names are left out."""
    names = [str(name) for name in names if name and str(name).strip()]
    if len(names) < 2:
        return "".join(names)
    return gettext("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def labelled(label, text):
    """ "label: text" with the colon of the current language ("label\u00a0: text" in
    French), Django's own translated ``":"``."""
    return f"{label}{gettext(':')} {text}"


def amount(value, currency="", *, cents=False):
    """An amount as people of the current language write it: "25 000,00 EUR" in French
    (no-break spaces), "25,000.00 EUR" in English; whole amounts without decimals,
    unless ``cents`` (a statement's "405,00")."""
    value = Decimal(value)
    places = 0 if not cents and value == value.to_integral_value() else 2
    text = formats.number_format(value, places, use_l10n=True, force_grouping=True)
    return f"{text}{NBSP}{currency}" if currency else text


_RUN = re.compile(r"\s+")
_NO_BREAK = "\u00a0\u202f"


def _one_space(match):
    run = match.group(0)
    if "\n" in run or "\r" in run:
        return " "
    kept = [c for c in run if c in _NO_BREAK]
    return kept[0] if kept else " "


def one_line(text):
    """``text`` on one line, without spaces around it: each run of spaces, tabs and
    line breaks becomes one space, except that a no-break space typed before a colon
    or inside guillemets stays one (``" ".join(text.split())`` would break it)."""
    return _RUN.sub(_one_space, text or "").strip(" \t\r\n\f\v" + _NO_BREAK)


_WORD_BREAK = re.compile(r"[ \t\r\n\f\v]+")


def truncate_words(text, count):
    """The first ``count`` words of ``text`` on one line, then "…" if some are left
    out: Django's ``truncatewords`` without its breaking the no-break spaces."""
    words = _WORD_BREAK.split(str(text).strip())
    if len(words) <= count:
        return " ".join(words)
    return " ".join(words[:count]) + "…"
