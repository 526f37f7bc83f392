"""Code suggestions for sticky notes: the contract, learning, edge cases, quality."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

from maillage.synthesis.errors import SynthesisInputError
from maillage.synthesis.suggest import CodeSuggester

ROOT = Path(__file__).resolve().parents[2]
CONVENTION = ROOT.parent / "shared/data/fr/convention-citoyenne-climat-propositions.csv"

NOTES = [
    ("Plus de pistes cyclables pour aller au travail à vélo", "Mobilité"),
    ("Des bus plus fréquents le soir entre les villages", "Mobilité"),
    ("Un covoiturage organisé pour aller à la gare", "Mobilité"),
    ("Réduire la vitesse des voitures dans le centre", "Mobilité"),
    ("Un marché de producteurs locaux chaque semaine", "Alimentation"),
    ("Des repas bio et locaux à la cantine de l'école", "Alimentation"),
    ("Un jardin partagé pour cultiver des légumes", "Alimentation"),
    ("Acheter les fruits et légumes directement aux producteurs", "Alimentation"),
    ("Isoler les logements anciens pour baisser les factures", "Logement"),
    ("Rénover les maisons vides du bourg pour les louer", "Logement"),
    ("Des logements sociaux pour les jeunes couples", "Logement"),
    ("Aider les propriétaires à isoler leur maison", "Logement"),
]
TEXTS = [text for text, _ in NOTES]
LABELS = [label for _, label in NOTES]
NEW = [
    "Une piste cyclable sécurisée jusqu'au collège",
    "Des légumes bio des producteurs du coin à la cantine",
    "Isoler les maisons pour payer moins de chauffage",
    "Un bus pour aller à la gare le matin",
]


@pytest.fixture(scope="module")
def suggester():
    return CodeSuggester(seed=0).fit(TEXTS, LABELS)


# -- contract -------------------------------------------------------------------


def test_one_known_code_per_note_in_order_with_a_confidence(suggester):
    suggestions = suggester.suggest(NEW)
    assert len(suggestions) == len(NEW)
    for label, confidence in suggestions:
        assert isinstance(label, str) and label in set(LABELS)
        assert isinstance(confidence, float) and 0.0 <= confidence <= 1.0
    assert [label for label, _ in suggestions] == [
        "Mobilité",
        "Alimentation",
        "Logement",
        "Mobilité",
    ]
    # Order is kept: each note gets the same answer alone or among others.
    assert suggester.suggest(NEW[::-1]) == suggestions[::-1]
    assert [suggester.suggest([text])[0] for text in NEW] == suggestions


def test_the_same_calls_give_the_same_answers():
    first = CodeSuggester(seed=3).fit(TEXTS, LABELS).suggest(NEW)
    second = CodeSuggester(seed=3).fit(TEXTS, LABELS).suggest(NEW)
    assert first == second


def test_no_suggestion_asked_gives_none(suggester):
    assert suggester.suggest([]) == []


def test_fit_forgets_earlier_notes():
    suggester = CodeSuggester().fit(["un chat", "un chien"], ["Chats", "Chiens"])
    suggester.fit(TEXTS, LABELS)
    assert {label for label, _ in suggester.suggest(NEW + ["un chat"])} <= set(LABELS)


def test_a_clear_note_is_suggested_with_more_confidence_than_an_empty_one(suggester):
    [(_, clear)] = suggester.suggest(["Des pistes cyclables et des vélos"])
    [(_, empty)] = suggester.suggest([""])
    assert clear > empty


# -- learning -------------------------------------------------------------------


def test_learning_a_new_code_makes_it_a_possible_suggestion():
    suggester = CodeSuggester().fit(TEXTS, LABELS)
    note = "Des panneaux solaires sur le toit de la salle des fêtes"
    before, _ = suggester.suggest([note])[0]
    assert before in set(LABELS)
    suggester.learn("Installer des panneaux solaires sur les toits de l'école", "Énergie")
    after, _ = suggester.suggest([note])[0]
    assert after == "Énergie"


def test_learning_a_coded_note_changes_the_suggestion_for_similar_notes():
    suggester = CodeSuggester().fit(TEXTS, LABELS)
    note = "Une ressourcerie pour réparer et revendre"
    before, _ = suggester.suggest([note])[0]
    other = next(label for label in ("Logement", "Mobilité") if label != before)
    suggester.learn("Ouvrir une ressourcerie pour réparer les objets", other)
    after, _ = suggester.suggest([note])[0]
    assert after == other != before


def test_learning_one_by_one_agrees_with_fitting_all_at_once():
    step_by_step = CodeSuggester().fit(TEXTS[:2] + TEXTS[4:6], LABELS[:2] + LABELS[4:6])
    for text, label in zip(TEXTS[2:4] + TEXTS[6:], LABELS[2:4] + LABELS[6:], strict=True):
        step_by_step.learn(text, label)
    at_once = CodeSuggester().fit(
        TEXTS[:2] + TEXTS[4:6] + TEXTS[2:4] + TEXTS[6:],
        LABELS[:2] + LABELS[4:6] + LABELS[2:4] + LABELS[6:],
    )
    assert [label for label, _ in step_by_step.suggest(NEW)] == [
        label for label, _ in at_once.suggest(NEW)
    ]


def test_a_suggester_can_start_empty_and_learn_note_by_note():
    suggester = CodeSuggester()
    with pytest.raises(SynthesisInputError, match="No coded note"):
        suggester.suggest(["un vélo"])
    suggester.learn(*NOTES[0])
    with pytest.raises(SynthesisInputError, match="two different codes"):
        suggester.suggest(["un vélo"])
    suggester.learn(*NOTES[4])
    [(label, confidence)] = suggester.suggest(["des pistes cyclables"])
    assert label == "Mobilité" and 0.0 <= confidence <= 1.0


# -- edge cases -----------------------------------------------------------------


def test_no_coded_note_is_refused():
    with pytest.raises(SynthesisInputError, match="No coded note"):
        CodeSuggester().fit([], [])


def test_a_single_code_is_refused_with_the_reason():
    with pytest.raises(SynthesisInputError, match="same code .'Mobilité'.*two different codes"):
        CodeSuggester().fit(TEXTS[:4], LABELS[:4])


def test_texts_and_codes_must_match():
    with pytest.raises(SynthesisInputError, match="12 notes but 11 codes"):
        CodeSuggester().fit(TEXTS, LABELS[:-1])
    with pytest.raises(SynthesisInputError, match="Coded note 2 has no code"):
        CodeSuggester().fit(TEXTS[:3], ["Mobilité", " ", "Logement"])
    with pytest.raises(SynthesisInputError, match="Coded note 1: the text is NoneType"):
        CodeSuggester().fit([None, "un"], ["A", "B"])
    with pytest.raises(SynthesisInputError, match="Note 2: the text is int"):
        CodeSuggester().fit(TEXTS, LABELS).suggest(["un vélo", 3])


def test_an_empty_note_gets_the_most_frequent_code_with_a_low_confidence():
    # Mobilité 5, Alimentation 4, Logement 1
    suggester = CodeSuggester().fit(TEXTS[:9] + TEXTS[1:2], LABELS[:9] + ["Mobilité"])
    for note in ["", "   ", "?!", "…"]:
        [(label, confidence)] = suggester.suggest([note])
        assert label == "Mobilité"
        assert 1 / 3 < confidence < 0.9


def test_empty_coded_notes_are_kept_and_lead_empty_notes_to_their_code():
    suggester = CodeSuggester().fit(TEXTS + ["", " "], LABELS + ["Autre", "Autre"])
    assert suggester.suggest([""])[0][0] == "Autre"
    assert [label for label, _ in suggester.suggest(NEW[:3])] == [
        "Mobilité",
        "Alimentation",
        "Logement",
    ]


def test_unknown_words_still_get_a_suggestion_with_less_confidence(suggester):
    [(label, confidence)] = suggester.suggest(["Xylophone zygomatique quokka"])
    [(_, clear)] = suggester.suggest(["Des logements sociaux isolés pour les jeunes"])
    assert label in set(LABELS)
    assert 0.0 <= confidence < clear


def test_a_code_with_a_single_note_can_be_suggested():
    suggester = CodeSuggester().fit(
        TEXTS + ["Une ressourcerie pour réparer les objets cassés"], LABELS + ["Déchets"]
    )
    [(label, _)] = suggester.suggest(["Réparer les objets à la ressourcerie"])
    assert label == "Déchets"


# -- command line ---------------------------------------------------------------


def write_csv(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run_suggest(train, test):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "maillage.synthesis",
            "suggest",
            str(train),
            str(test),
            "--text-column",
            "text",
            "--label-column",
            "family",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_command_line_prints_one_prediction_per_test_row(tmp_path):
    train = write_csv(
        tmp_path / "train.csv",
        ["id", "text", "family"],
        [(i, text, label) for i, (text, label) in enumerate(NOTES)],
    )
    test = write_csv(
        tmp_path / "test.csv", ["id", "text"], [(i, text) for i, text in enumerate(NEW + [""])]
    )
    result = run_suggest(train, test)
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    predictions = output["predictions"]
    assert len(predictions) == len(NEW) + 1
    for prediction in predictions:
        assert prediction["label"] in set(LABELS)
        assert 0.0 <= prediction["confidence"] <= 1.0
    assert [p["label"] for p in predictions[:3]] == ["Mobilité", "Alimentation", "Logement"]
    assert output["elapsed_s"] >= 0


def test_the_command_line_refuses_a_single_code(tmp_path):
    train = write_csv(tmp_path / "train.csv", ["text", "family"], NOTES[:4])
    test = write_csv(tmp_path / "test.csv", ["text"], [(text,) for text in NEW])
    result = run_suggest(train, test)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert "two different codes" in result.stderr


# -- quality on real proposals --------------------------------------------------


def baseline_accuracy(train_texts, train_labels, test_texts, test_labels):
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
    with threadpool_limits(limits=1, user_api="blas"):
        model = LogisticRegression(max_iter=1000).fit(
            vectorizer.fit_transform(train_texts), train_labels
        )
        predicted = model.predict(vectorizer.transform(test_texts))
    return float(np.mean(predicted == np.array(test_labels)))


def test_beats_the_character_ngram_baseline_on_citizens_convention_proposals():
    with CONVENTION.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    texts = [row["text"] for row in rows]
    labels = [row["family"] for row in rows]
    gains = []
    for seed in (0, 1, 2):
        train_texts, test_texts, train_labels, test_labels = train_test_split(
            texts, labels, train_size=0.3, stratify=labels, random_state=seed
        )
        suggestions = CodeSuggester(seed=seed).fit(train_texts, train_labels).suggest(test_texts)
        ours = float(np.mean([label for label, _ in suggestions] == np.array(test_labels)))
        baseline = baseline_accuracy(train_texts, train_labels, test_texts, test_labels)
        assert ours > baseline, (seed, ours, baseline)
        gains.append(ours - baseline)
        # Higher confidence means more often right: the more confident half of
        # the suggestions is right more often than the other half.
        confidence = np.array([c for _, c in suggestions])
        right = np.array([label for label, _ in suggestions]) == np.array(test_labels)
        order = np.argsort(-confidence, kind="stable")
        half = len(order) // 2
        assert right[order[:half]].mean() > right[order[half:]].mean()
    assert np.mean(gains) >= 0.05, gains
