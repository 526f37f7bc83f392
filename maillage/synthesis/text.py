"""Normalising short contributions: words, accents, lemmas and stop words.

Texts are mostly French, with some German, English and Italian. A word is a run
of letters (digits, punctuation and apostrophes separate words, so "l'affichage"
gives "l" and "affichage"). The language of each text is guessed from its
function words (French unless another language has clearly more of them). Each
distinct word of a language is then analysed once and cached:

* its *key* is its lemma in that language (simplemma, whose dictionaries ship
  with the package), lower-cased and without accents, so that "Vélos", "velo"
  and "vélo" are one feature;
* it is a *stop word* when its lower-cased, accent-free form or its key is in
  the small lists below (articles, pronouns, prepositions, conjunctions,
  auxiliaries and the most common light verbs of the four languages);
* it is a *verb* when it is a French verb (a lemma that simplemma's French
  dictionary conjugates): proposals often start with one ("interdire",
  "développer", "mettre en place") and these cut across themes, so the themes
  count verbs for less than nouns and adjectives.

Keys are for computing; people are shown words as they were written (see
``SurfaceForms``).
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import simplemma

LANGUAGES = ("fr", "de", "en", "it")
DEFAULT_LANGUAGE = "fr"

_WORD = re.compile(r"[^\W\d_]+")

# Small, general lists written accent-free and lower-case (they are compared to
# folded forms). Negations such as "pas", "non", "not", "nicht" are stop words
# for themes, but they are kept apart in POLARITY for near-duplicates.
_STOP_FR = """
a ai aie aient aies ait alors as au aucun aucune aupres auquel aura aurai auraient
aurais aurait aurez auriez aurions aurons auront aussi autre autres aux auxquelles
auxquels avaient avais avait avant avec avez aviez avions avoir avons ayant ayez
ayons c ca car ce ceci cela celle celles celui cependant certain certaine certaines
certains ces cet cette ceux chacun chacune chaque chez ci comme comment d dans de
des desquelles desquels deja donc dont du duquel elle elles en encore entre es est
et etaient etais etait etant etc ete etes etiez etions etre eu eue eues eurent eus
eusse eut eux faire fait faut falloir fois font furent fut ici il ils j je jusqu
jusque l la laquelle le lequel les lesquelles lesquels leur leurs lors lorsque lui
m ma mais me meme memes mes moi moins mon n ne ni non nos notre nous o on ont or ou
par parce pas peu peut peuvent plus plusieurs pour pourquoi pouvoir puis qu quand
que quel quelle quelles quels qui quoi s sa sans se selon ses si sien sienne soi
soient sois soit sommes son sont sous suis sur t ta te tel telle telles tels tes
toi ton tous tout toute toutes tres trop tu un une unes uns vers via voici voila
vos votre vouloir vous y oui ok merci bonjour svp
"""
_STOP_EN = """
a about above after again against all also am an and any are as at be been being
before below between both but by can could did do does doing down during each few
for from further had has have having he her here hers herself him himself his how
i if in into is it its itself just me more most my myself no nor not of off on once
only or other our ours ourselves out over own same she should so some such than
that the their theirs them themselves then there these they this those through to
too under until up very was we were what when where which while who whom why will
with would you your yours yourself yourselves yes ok thanks please
"""
_STOP_DE = """
aber alle allem allen aller alles als also am an andere anderen anderer anderes
auch auf aus bei bin bis bist da damit dann das dass dein deine dem den denn der
des dessen die dies diese diesem diesen dieser dieses doch dort du durch ein eine
einem einen einer eines er es etwas euch euer eure fur gegen gewesen hab habe haben
hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre im in indem ins ist
jede jedem jeden jeder jedes jetzt kann kein keine konnen konnte machen man mehr
mein meine mit muss mussen nach nicht nichts noch nun nur ob oder ohne sehr sein
seine sich sie sind so soll sollen sollte sondern uber um und uns unser unter viel
vom von vor war waren warum was weil welche welchem welchen welcher welches wenn
werden wer wie wieder will wir wird wirst wo wollen wurde wurden zu zum zur zwischen
ja nein danke bitte
"""
_STOP_IT = """
a ad agli ai al alla alle allo anche avere ci che chi come con contro cui da dagli
dai dal dalla dalle dallo degli dei del dell della delle dello di dove e essere fare
gli ha hanno ho i il in io la le lei li lo loro lui ma mi ne negli nei nel nella
nelle nello noi non o per perche piu piu poi quale quando quella quelle quelli
quello questa queste questi questo se sei si sia siamo sono su sua sue sui sul sulla
sulle suo suoi tra tu tutti tutto un una uno vi voi grazie
"""
_STOP_BY_LANGUAGE = {
    "fr": frozenset(_STOP_FR.split()),
    "en": frozenset(_STOP_EN.split()),
    "de": frozenset(_STOP_DE.split()),
    "it": frozenset(_STOP_IT.split()),
}
STOP_WORDS = frozenset().union(*_STOP_BY_LANGUAGE.values())
# Function words that tell languages apart (those of one list only).
_MARKERS = {
    language: words - frozenset().union(*(w for o, w in _STOP_BY_LANGUAGE.items() if o != language))
    for language, words in _STOP_BY_LANGUAGE.items()
}

# Words that turn a statement into its opposite: two texts that differ by one of
# them are never near-duplicates ("pour"/"contre" the same thing).
_POLARITY = """
ne pas non jamais aucun aucune sans contre plus moins rien
no not nor never without against more less
nicht kein keine keinen ohne gegen nie mehr weniger
non senza contro mai nessuno nessuna piu meno
"""
POLARITY = frozenset(_POLARITY.split())

# Words that make a note say the opposite of a note without them, for themes
# ("pas de logement" / "un logement", "manque de bus" / "des bus"). Compared to
# folded words and to keys. "plus"/"moins" are left out: "plus de bus" and
# "moins de voitures" are one side of the same wish more often than opposites.
_NEGATIONS = """
ne n pas jamais aucun aucune rien sans nul nulle manque manquer absence absent
not no never without lack nothing none
nicht kein keine keinen keinem keiner ohne nie mangel
non senza mai nessuno nessuna niente mancanza
"""
NEGATIONS = frozenset(_NEGATIONS.split())

# Antonym pairs (folded keys): the first is the opposite of the second, e.g. the
# "mal" of "mal-être" answers the "bien" of "bien-être".
ANTONYMS = {
    "mal": "bien",
    "mauvais": "bon",
    "pire": "meilleur",
    "malheur": "bonheur",
    "malheureux": "heureux",
    "difficile": "facile",
    "bad": "good",
    "worse": "better",
}
# Prefixes that turn a word into its opposite ("inaccessible", "insatisfait",
# "désagréable", "mécontent", "unsafe"), counted only when the word without its
# prefix is itself a word of the texts and ends like an adjective or a quality.
_ANTONYM_PREFIXES = ("in", "im", "il", "ir", "des", "de", "mal", "me", "mes", "un")
_ANTONYM_ENDINGS = (
    "able", "ible", "ant", "ent", "ain", "al", "el", "if", "ive", "aire", "ique", "ite",
    "e", "u", "ue", "ait", "aite", "eux", "euse", "ct", "cte", "fe", "py", "fair",
)  # fmt: skip
_NOT_BASES = frozenset({"pendant", "dent", "ment", "ant", "cent", "vent", "ite", "ce"})


def antonym_base(key):
    """The (folded) key a word's prefix turns around, or None: "inaccessible" ->
    "accessible". Whether that base is a word of the texts is checked by the caller."""
    if key in ANTONYMS:
        return ANTONYMS[key]
    for prefix in _ANTONYM_PREFIXES:
        base = key[len(prefix) :]
        if (
            key.startswith(prefix)
            and len(base) >= 4
            and base.endswith(_ANTONYM_ENDINGS)
            and base not in _NOT_BASES
            and base not in STOP_WORDS
        ):
            return base
    return None


def fold(word):
    """Lower case without accents: "Écologie" -> "ecologie"."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text):
    """The words of a text, as written."""
    return _WORD.findall(text or "")


def word_spans(text):
    """(start, end) of each word of ``words(text)`` in the text."""
    return [match.span() for match in _WORD.finditer(text or "")]


_MARKER_OF = {word: language for language, words in _MARKERS.items() for word in words}


def guess_language(folded_words):
    """ "fr", "de", "en" or "it": the language with the most function words of its own."""
    counts = Counter(_MARKER_OF[word] for word in folded_words if word in _MARKER_OF)
    if not counts:
        return DEFAULT_LANGUAGE
    best = max(LANGUAGES, key=lambda language: (counts[language], language == DEFAULT_LANGUAGE))
    return best if counts[best] > counts[DEFAULT_LANGUAGE] else DEFAULT_LANGUAGE


_FRENCH_VERBS = None


def french_verbs():
    """Accent-free French verb lemmas: those with an imperfect form ("-aient")
    in simplemma's French dictionary. Empty if that dictionary cannot be read."""
    global _FRENCH_VERBS
    if _FRENCH_VERBS is None:
        verbs = set()
        try:
            from simplemma.strategies import DEFAULT_DICTIONARY_FACTORY

            dictionary = DEFAULT_DICTIONARY_FACTORY.get_dictionary("fr")
            for form in dictionary:
                if form.endswith("aient"):
                    lemma = dictionary.get(form) or ""
                    if lemma.endswith(("er", "ir", "re")):
                        verbs.add(fold(lemma))
        except (ImportError, AttributeError, ValueError, OSError):  # pragma: no cover
            verbs = set()
        _FRENCH_VERBS = frozenset(verbs)
    return _FRENCH_VERBS


@dataclass(frozen=True)
class WordInfo:
    key: str  # folded lemma, the unit of computation
    stop: bool
    polarity: bool
    verb: bool
    negation: bool = False  # see NEGATIONS


class Analyser:
    """Analyses texts into word keys, caching each distinct word once per language."""

    def __init__(self):
        self._cache = {}
        self._folded = {}

    def info(self, word, language=DEFAULT_LANGUAGE):
        cached = self._cache.get((word, language))
        if cached is None:
            lower = word.lower()
            folded = fold(lower)
            lemma = self._lemma(lower, language)
            key = fold(lemma) or folded
            stop = len(folded) < 2 or folded in STOP_WORDS or key in STOP_WORDS
            verb = language == "fr" and not stop and key in french_verbs()
            negation = folded in NEGATIONS or key in NEGATIONS
            cached = WordInfo(
                key=key, stop=stop, polarity=folded in POLARITY, verb=verb, negation=negation
            )
            self._cache[(word, language)] = cached
        return cached

    @staticmethod
    def _lemma(lower, language):
        try:
            return simplemma.lemmatize(lower, lang=language).lower()
        except ValueError:  # pragma: no cover - defensive: input simplemma refuses
            return lower

    def folded(self, word):
        """fold(word), folded once per distinct word."""
        found = self._folded.get(word)
        if found is None:
            found = self._folded[word] = fold(word)
        return found

    def tokens(self, text):
        """[(word as written, WordInfo)] of a text, in order."""
        found = words(text)
        language = guess_language(self.folded(word) for word in found)
        return [(word, self.info(word, language)) for word in found]

    def lemma_of(self, word, language=DEFAULT_LANGUAGE):
        return self._lemma(word.lower(), language)


class SurfaceForms:
    """How each key was written, to show people words rather than keys.

    A key is shown as its lemma when that lemma was itself written in the texts
    (so "vélos" and "vélo" show "vélo"), otherwise as its most frequent written
    form, lower-cased unless it is mostly written with inner capitals (acronyms).
    """

    def __init__(self):
        self._pairs = Counter()  # (key, word as written) -> count
        self._seen = None

    def add(self, keys, written):
        """Record that ``written[i]`` was written for ``keys[i]``."""
        self._pairs.update(zip(keys, written, strict=True))
        self._seen = None

    def show(self, key, analyser):
        if self._seen is None:
            self._seen = {}
            for (known, word), count in self._pairs.items():
                self._seen.setdefault(known, Counter())[word] = count
        seen = self._seen.get(key)
        if not seen:
            return key
        lowered = Counter()
        for word, count in seen.items():
            lowered[word.lower()] += count
        for word in sorted(lowered, key=lambda w: (-lowered[w], w)):
            lemma = analyser.lemma_of(word)
            if lemma in lowered and lemma not in STOP_WORDS:
                return self._case(lemma, seen)
        best = min(lowered, key=lambda w: (-lowered[w], w))
        return self._case(best, seen)

    @staticmethod
    def _case(lower, seen):
        """Lower case, unless the word is mostly written with inner capitals
        ("PSN", "EGalim"), as acronyms and names are."""
        forms = Counter({w: c for w, c in seen.items() if w.lower() == lower})
        if not forms:
            return lower
        total = sum(forms.values())
        inner = sum(c for w, c in forms.items() if any(ch.isupper() for ch in w[1:]))
        if len(lower) > 1 and inner * 2 > total:
            return min(forms, key=lambda w: (-forms[w], w))
        return lower
