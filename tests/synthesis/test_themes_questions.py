"""Themes within each question (SPIRAL notes answer several questions), labels that
are phrases of the notes, and themes that never mix opposite notes."""

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from maillage.synthesis.text import STOP_WORDS, fold
from maillage.synthesis.themes import find_themes

from .test_themes import check_contract, convention

ROOT = Path(__file__).resolve().parents[2]

# Answers to three SPIRAL questions, as participants write them on sticky notes.
WELL_BEING = [  # "Qu'est-ce que le bien-être pour vous ?"
    "Avoir un logement chauffé en hiver",
    "Un logement chauffé et pas trop cher",
    "Un logement chauffé, propre et calme",
    "Du temps avec mes enfants le week-end",
    "Passer du temps avec mes enfants",
    "Du temps avec mes enfants et mes amis",
]
ILL_BEING = [  # "Qu'est-ce que le mal-être pour vous ?"
    "Vivre dans un logement humide et froid",
    "Un logement humide, les enfants tombent malades",
    "Un logement humide sans chauffage",
    "La solitude le soir quand on rentre",
    "La solitude quand les enfants sont partis",
    "La solitude des personnes âgées",
]
ACTIONS = [  # "Que pouvez-vous faire pour le bien-être de tous ?"
    "Aider les voisins âgés à faire leurs courses",
    "Aider les voisins âgés pour les papiers",
    "Aider les voisins âgés à sortir",
    "Rendre visite aux voisins âgés",
    "Créer un jardin partagé dans la cité",
    "Un jardin partagé au pied de l'immeuble",
    "Cultiver un jardin partagé avec les enfants",
    "Des légumes du jardin partagé pour tous",
]
TEXTS = WELL_BEING + ILL_BEING + ACTIONS
QUESTIONS = ["bien-être"] * 6 + ["mal-être"] * 6 + ["agir"] * 8


def check_questions(result):
    for theme in result["themes"]:
        assert {QUESTIONS[i] for i in theme["members"]} == {theme["question"]}


# ------------------------------------------------------------ per question


def test_themes_are_found_within_each_question():
    result = find_themes(TEXTS, seed=0, questions=QUESTIONS)
    check_questions(result)
    assert {theme["question"] for theme in result["themes"]} == set(QUESTIONS)
    labels = [theme["label"] for theme in result["themes"]]
    assert len(labels) == len(set(labels))
    groups = {tuple(theme["members"]) for theme in result["themes"]}
    assert (12, 13, 14, 15) in groups and (16, 17, 18, 19) in groups  # "agir": two themes
    # Every position is a member or unassigned, once.
    placed = sorted(i for theme in result["themes"] for i in theme["members"])
    assert sorted(placed + result["unassigned"]) == list(range(len(TEXTS)))


def test_pooled_themes_mix_the_questions_when_asked():
    pooled = find_themes(TEXTS, k=3, seed=0, questions=QUESTIONS, across_questions=True)
    check_contract(pooled, len(TEXTS), k=3)  # the keys of themes without questions
    assert pooled == find_themes(TEXTS, k=3, seed=0)
    # "logement" and "enfants" are said in answer to more than one question.
    assert any(len({QUESTIONS[i] for i in t["members"]}) > 1 for t in pooled["themes"])


def test_k_is_shared_among_questions_in_proportion():
    texts = WELL_BEING + ACTIONS[:4] + ACTIONS[4:] + ACTIONS[:1]
    questions = ["a"] * 6 + ["b"] * 9
    result = find_themes(texts, k=5, seed=0, questions=questions)
    per_question = [theme["question"] for theme in result["themes"]]
    assert (per_question.count("a"), per_question.count("b")) == (2, 3)
    # Fewer themes asked than questions: still one per question.
    result = find_themes(texts, k=1, seed=0, questions=questions)
    assert sorted(theme["question"] for theme in result["themes"]) == ["a", "b"]


def test_a_question_without_usable_text_gets_no_theme():
    texts = ["Oui !", "", *WELL_BEING]
    questions = ["vide", "vide"] + ["bien-être"] * 6
    result = find_themes(texts, seed=0, questions=questions)
    assert {theme["question"] for theme in result["themes"]} == {"bien-être"}
    assert result["unassigned"][:2] == [0, 1]


def test_questions_must_match_the_texts():
    with pytest.raises(ValueError):
        find_themes(TEXTS, questions=QUESTIONS[:-1])


# ------------------------------------------------------------------ labels


def phrase_words(label):
    return re.findall(r"[^\W\d_]+", label)


def check_label(label, member_texts):
    words = phrase_words(label)
    assert 2 <= len(words) <= 5, label
    assert fold(words[-1]) not in STOP_WORDS, label
    folded = " ".join(fold(" ".join(t.split())) for t in member_texts)
    assert fold(label) in folded, f"{label!r} is not written in its notes"


def test_labels_are_phrases_of_the_notes():
    result = find_themes(TEXTS, seed=0, questions=QUESTIONS)
    labels = {}
    for theme in result["themes"]:
        check_label(theme["label"], [TEXTS[i] for i in theme["members"]])
        labels[tuple(theme["members"])] = theme["label"]
    assert labels[(12, 13, 14, 15)] == "voisins âgés"
    assert labels[(16, 17, 18, 19)] == "jardin partagé"
    # With 6 notes, a question gets one theme, named by its most frequent phrase.
    assert labels[(0, 1, 2, 3, 4, 5)] in {"logement chauffé", "temps avec mes enfants"}


def test_labels_on_the_convention_proposals():
    texts, _families = convention()
    result = find_themes(texts, k=12, seed=0)
    labels = [theme["label"] for theme in result["themes"]]
    assert len(set(labels)) == len(labels)
    for theme in result["themes"]:
        check_label(theme["label"], [texts[i] for i in theme["members"]])
        # A phrase, not a verb and its object ("mettre en place").
        assert not theme["label"].startswith(("mettre", "développer", "interdire"))


def test_same_best_phrase_gives_unique_labels():
    texts = ["Un logement chauffé", "Un logement chauffé l'hiver", "Pas de logement chauffé"]
    result = find_themes(texts, seed=0, questions=["a", "a", "b"])
    labels = [theme["label"] for theme in result["themes"]]
    assert labels == ["logement chauffé", "pas de logement chauffé"]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # Not "élus de terrain et surtout": an adverb leaves the phrase hanging.
        (
            [
                "Les élus de terrain et surtout les maires",
                "Des élus de terrain et surtout proches des gens",
                "Des élus de terrain et surtout honnêtes",
            ],
            "élus de terrain",
        ),
        # "seul" may start a label, not end one ("un seul").
        (["Un seul mandat présidentiel", "Un seul mandat de six ans"], "seul mandat"),
        # Nor a preposition: not "autour de la voiture depuis".
        (
            ["Tout autour de la voiture depuis toujours", "Autour de la voiture depuis des années"],
            "autour de la voiture",
        ),
        (
            ["Aujourd'hui la vie quotidienne change", "Aujourd'hui notre vie quotidienne"],
            "vie quotidienne",
        ),
        # Of two spellings as frequent, the one that does not shout.
        (["Une AUGMENTATION d'IMPÔT", "Une augmentation d'impôt"], "augmentation d'impôt"),
    ],
)
def test_labels_neither_hang_nor_shout(texts, expected):
    assert [theme["label"] for theme in find_themes(texts, seed=0)["themes"]] == [expected]


# ------------------------------------------------------------- opposites


OPPOSITES = [
    ("Le bien-être au travail", "Le mal-être au travail"),
    ("Un logement pour ma famille", "Pas de logement pour ma famille"),
    ("La mairie est accessible", "La mairie est inaccessible"),
    ("Je suis satisfait des transports", "Je suis insatisfait des transports"),
    ("Des bus le soir dans le quartier", "Manque de bus le soir dans le quartier"),
]


@pytest.mark.parametrize(("positive", "negative"), OPPOSITES)
@pytest.mark.parametrize("k", [None, 1])
def test_opposite_notes_never_share_a_theme(positive, negative, k):
    texts = [positive, positive + " !", negative, negative + " !"]
    result = find_themes(texts, k=k, seed=0)
    groups = {tuple(theme["members"]) for theme in result["themes"]}
    assert groups == {(0, 1), (2, 3)}
    # The negative theme's label keeps its negation or antonym.
    labels = {tuple(theme["members"]): theme["label"] for theme in result["themes"]}
    assert fold(labels[(2, 3)]) != fold(labels[(0, 1)])


def test_opposites_are_kept_apart_with_k_and_k_is_kept():
    texts = [
        *WELL_BEING[:3],
        "Pas de logement chauffé",
        "Pas de logement chauffé cet hiver",
        *ACTIONS,
    ]
    result = find_themes(texts, k=3, seed=0)
    check_contract(result, len(texts), k=3)
    for theme in result["themes"]:
        members = set(theme["members"])
        assert not ({0, 1, 2} & members and {3, 4} & members), result["themes"]


def test_notes_about_the_same_thing_without_opposites_stay_together():
    """ "mal isolés" describes what "isoler" fixes: no "bien isolés" note, no split."""
    texts = [
        "Aider les propriétaires à isoler les logements anciens",
        "Rénover les logements sociaux mal isolés",
        "Des aides pour mieux isoler sa maison et les logements",
    ]
    result = find_themes(texts, k=1, seed=0)
    assert [theme["members"] for theme in result["themes"]] == [[0, 1, 2]]


# ------------------------------------------------------------ command line


def write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def run(*args):
    command = [sys.executable, "-m", "maillage.synthesis", "themes", *map(str, args)]
    return subprocess.run(
        command, capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )


def test_cli_question_column(tmp_path):
    path = write(tmp_path / "notes.csv", [["q", "text"], *zip(QUESTIONS, TEXTS, strict=True)])
    done = run(path, "--text-column", "text", "--question-column", "q")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {"themes", "unassigned", "duplicates", "elapsed_s"}
    assert all(set(t) == {"label", "keywords", "representative", "members", "question"}
               for t in result["themes"])  # fmt: skip
    check_questions(result)
    pooled = run(path, "--text-column", "text", "--question-column", "q", "--across-questions")
    assert pooled.returncode == 0, pooled.stderr
    assert all("question" not in t for t in json.loads(pooled.stdout)["themes"])


@pytest.mark.parametrize(
    ("rows", "args", "message"),
    [
        ([["q", "text"], ["a", "x"]], ["--question-column", "question"], "no column 'question'"),
        ([["q", "text"], ["", "Des vélos"]], ["--question-column", "q"], "line 2"),
        ([["q", "text"], ["a", "Des vélos"]], ["--across-questions"], "--question-column"),
    ],
)
def test_cli_bad_question_input_exits_2_with_a_message(tmp_path, rows, args, message):
    done = run(write(tmp_path / "notes.csv", rows), "--text-column", "text", *args)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""
