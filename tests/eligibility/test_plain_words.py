"""The questions people answer are in plain words: the measurable rules of the FALC
guidance ("facile à lire et à comprendre", Inclusion Europe's "L'information pour tous",
2009), checked on every French text of the questionnaire — the catalogue's facts
(facts.yaml) and the cantonal benefits' questions (qeli/questions.yaml).

Rules checked: short sentences (at most 16 words; an answer at most 12), one question
asked at a time (a question's label holds one question mark), numbers written in
digits, no semicolon, no "etc.", the person addressed directly in the catalogue's
questions ("vous"), and questions asked in the positive (no "ne … pas", "ne … plus").
"""

import re
from pathlib import Path

import pytest
import yaml

PACKAGE = Path(__file__).resolve().parents[2] / "maillage" / "eligibility"
SOURCES = [PACKAGE / "facts.yaml", PACKAGE / "qeli" / "questions.yaml"]
WORD = re.compile(r"[\wÀ-ÿ’'-]+")
NUMBER_WORDS = re.compile(r"\b(deux|trois|quatre|cinq|sept|huit|neuf|dix|douze|vingt)\b", re.I)
NEGATION = re.compile(r"\b(ne|n[’'])\s*\S+\s+(pas|plus|jamais|rien)\b", re.I)


def french_texts():
    """(where, kind, text): kind is 'label' for a question, 'option' for an answer,
    'help' for an explanation."""
    found = []

    def walk(node, where, kind):
        if isinstance(node, dict):
            if isinstance(node.get("fr"), str):
                found.append((where, kind, node["fr"]))
            for key, value in node.items():
                walk(value, f"{where}/{key}", "option" if key == "options" else key)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]", kind)

    for source in SOURCES:
        walk(yaml.safe_load(source.read_text(encoding="utf-8")), source.name, "")
    return found


TEXTS = french_texts()
QUESTIONS = [(w, t) for w, k, t in TEXTS if k in ("label", "label_self") and "options" not in w]


def sentences(text):
    return [s for s in re.split(r"(?<=[.?!:])\s+", text.replace("\u00a0", " ")) if s]


def test_there_are_texts_to_check():
    assert len(QUESTIONS) >= 40
    assert len(TEXTS) >= 150


@pytest.mark.parametrize(("where", "kind", "text"), TEXTS)
def test_short_sentences_digits_and_no_semicolon(where, kind, text):
    limit = 12 if "options" in where else 16
    for sentence in sentences(text):
        assert len(WORD.findall(sentence)) <= limit, (where, sentence)
    assert ";" not in text and "etc." not in text, where
    assert not NUMBER_WORDS.search(text), (where, "numbers in digits")


@pytest.mark.parametrize(("where", "text"), QUESTIONS)
def test_one_question_at_a_time_asked_in_the_positive(where, text):
    assert text.count("?") <= 1, where
    assert not NEGATION.search(text), where


def test_the_catalogue_questions_address_the_person():
    facts = yaml.safe_load((PACKAGE / "facts.yaml").read_text(encoding="utf-8"))["facts"]
    for fact in facts:
        assert re.search(r"\bvous\b|-vous\b|\bvotre\b", fact["label"]["fr"], re.I), fact["id"]


@pytest.mark.parametrize(("where", "kind", "text"), TEXTS)
def test_french_typography_a_non_breaking_space_before_double_punctuation(where, kind, text):
    assert not re.search(r" [?:!;]", text), where
