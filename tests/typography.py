"""The common slips of French typography, found in plain text or in the text of a page.

``slips(text)`` reads French text; ``html_slips(html)`` reads a page's text nodes (and
the attributes people read: ``title``, ``alt``, ``placeholder``, ``aria-label``),
leaving out scripts, styles, code and anything marked in another language. Each slip
is ``(kind, excerpt)``; the kinds are those of ``KINDS``.

The conventions checked are the project's: a no-break space (U+00A0, or the narrow
U+202F) before ``: ; ! ?`` and inside « », elision before a vowel, "Aucune" before a
feminine noun, the straight apostrophe only, and amounts written the French way.
"""

import re
from html.parser import HTMLParser

NBSP = "\u00a0\u202f"

KINDS = {
    "space before punctuation": "a breaking space before : ; ! ? (a no-break one is needed)",
    "no space before punctuation": "nothing before : ; ! ? (a no-break space is needed)",
    "guillemets": "« or » without a no-break space on its inner side",
    "elision": '"de" before a vowel ("de Aurélie"), or "de Le"/"de Les" before a name',
    "agreement": '"Aucun" before a feminine noun',
    "curly apostrophe": "the typographic apostrophe ’ (the project uses ' only)",
    "amount": 'an amount with a decimal point or breaking spaces ("3 000.00 EUR")',
    "percent": 'a percentage without a no-break space before % ("60 %", "60%")',
}

# A breaking space (or none, after a word) before a high punctuation mark that ends a
# word: "Lieu : ", "Lieu: ", "Qui ?". Times (14:30), URLs (https://, ?page=2) and
# ratios have no space after the mark, so they never match the second pattern.
_SPACE_BEFORE = re.compile(r"[ \t\r\n]+[:;!?]")
_NO_SPACE_BEFORE = re.compile(r"[\w)\]»%…'\"*](?:[:;!?])(?=[\s)\]]|$)")
_GUILLEMETS = re.compile(rf"«(?![{NBSP}])|(?<![{NBSP}])»")
_VOWEL = "aeiouàâäéèêëîïôöûüùœæAEIOUÀÂÄÉÈÊËÎÏÔÖÛÜÙŒÆ"
_DE_VOWEL = re.compile(rf"(?<![\w'’-])[Dd]e[ {NBSP}]+(?=[{_VOWEL}])(\w+)")
# Words after "de" that keep it whole: a number read as such, "oui", "ouate"...
_DE_KEPT = {"onze", "onzième", "oui", "ouate", "ouistiti", "yaourt"}
_DE_ARTICLE = re.compile(r"(?<![\w'’-])(?:[Dd]e|à) (?:Le|Les) \w")
_FEMININE = (
    "organisation|action|réunion|décision|réponse|inscription|note|personne|invitation|"
    "demande|consultation|question|proposition|version|séance|place|modification|analyse|"
    "idée|donnée|activité|adresse|date|erreur|information|contribution|étape|catégorie|"
    "table|famille|session|structure|association|entreprise|collectivité|commune|ville|"
    "amende|modification|annonce|échéance|valeur|thématique|initiative|inscrite|raison"
)
_AUCUN = re.compile(rf"\b[Aa]ucun[ {NBSP}]+(?:{_FEMININE})s?\b")
_CURLY = re.compile("’")
# "3 000.00 EUR", "3000.50 €", "3 000 CHF" with breaking spaces.
_AMOUNT = re.compile(r"(?<![\w.,])\d[\d \u00a0\u202f.,]*(?:€|EUR|CHF)(?!\w)")
# "60 %", "60%": the sign takes a no-break space. "%(value)s" placeholders are not numbers.
_PERCENT = re.compile(r"\d(?: ?)%(?![(\w%])")


def _amount_slip(match):
    text = match.group(0)
    number = re.sub(r"[ \u00a0\u202f]*(?:€|EUR|CHF)$", "", text)
    if re.search(r"\.\d{1,2}$", number):
        return True  # a decimal point
    if re.search(r"\d \d", number):
        return True  # thousands apart with a breaking space
    return bool(re.search(r"\d (?:€|EUR|CHF)$", text))  # a breaking space before the unit


def slips(text):
    """The typographic slips of a French text, as (kind, excerpt) pairs."""
    found = []

    def add(kind, match):
        start, end = match.span()
        found.append((kind, text[max(0, start - 30) : end + 30].replace("\n", " ")))

    for match in _SPACE_BEFORE.finditer(text):
        add("space before punctuation", match)
    for match in _NO_SPACE_BEFORE.finditer(text):
        add("no space before punctuation", match)
    for match in _GUILLEMETS.finditer(text):
        add("guillemets", match)
    for match in _DE_VOWEL.finditer(text):
        if match.group(1).lower() not in _DE_KEPT:
            add("elision", match)
    for match in _DE_ARTICLE.finditer(text):
        add("elision", match)
    for match in _AUCUN.finditer(text):
        add("agreement", match)
    for match in _CURLY.finditer(text):
        add("curly apostrophe", match)
    for match in _AMOUNT.finditer(text):
        if _amount_slip(match):
            add("amount", match)
    for match in _PERCENT.finditer(text):
        add("percent", match)
    return found


# Elements whose content is not prose: scripts, styles, code, and text in a form's field.
_SKIPPED = {"script", "style", "code", "pre", "kbd", "samp", "template", "textarea"}
# Elements that break the text, so that two cells or paragraphs do not read as one line.
_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "option", "p", "section", "select", "summary", "table",
    "td", "th", "tr", "ul", "title", "details", "legend", "label", "button", "input", "svg",
    "text", "caption", "menu", "dialog",
}  # fmt: skip
_READ_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.attributes, self.stack = [], [], []

    def _skipping(self):
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        inherited = self._skipping()
        skip = tag in _SKIPPED or (lang is not None and not lang.startswith("fr"))
        if tag not in _VOID:
            self.stack.append((tag, skip))
        if tag in _BLOCKS:
            self.parts.append("\n")
        if not (inherited or skip):
            for name in _READ_ATTRIBUTES:
                if attrs.get(name):
                    self.attributes.append(attrs[name])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skipping():
            # A line break in the source is a space on the page; blocks make the lines.
            self.parts.append(re.sub(r"[\t\r\n\f]", " ", data))


def html_text(html):
    """The text people read on a page: its text nodes, one block a line, then the
    attributes they read, one a line."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    # Collapse what HTML collapses; the no-break spaces stay.
    text = "\n".join(re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join([line for line in text.split("\n") if line] + parser.attributes)


def html_slips(html):
    return slips(html_text(html))
