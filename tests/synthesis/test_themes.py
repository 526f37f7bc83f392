"""Themes engine: contract, edge cases, near-duplicates, command line and quality."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score

from maillage.synthesis import themes as themes_module
from maillage.synthesis.themes import find_themes

ROOT = Path(__file__).resolve().parents[2]
CONVENTION = ROOT.parent / "shared" / "data" / "fr" / "convention-citoyenne-climat-propositions.csv"


SMALL = [
    "Plus de pistes cyclables dans le centre-ville",
    "Des pistes cyclables sécurisées pour aller à l'école à vélo",
    "Un parking à vélos couvert près de la gare",
    "Des repas bio et locaux dans les cantines scolaires",
    "La cantine devrait proposer un menu végétarien chaque jour",
    "Acheter les légumes des cantines aux producteurs locaux",
    "Aider les propriétaires à isoler les logements anciens",
    "Rénover les logements sociaux mal isolés",
    "Des aides pour changer de chaudière et mieux isoler sa maison",
    "Plus de bus le soir et le dimanche",
    "Un bus toutes les dix minutes vers la zone industrielle",
    "Des horaires de bus adaptés aux travailleurs de nuit",
]


def convention():
    with CONVENTION.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [row["text"] for row in rows], [row["family"] for row in rows]


def check_contract(result, n, k=None):
    """Shape and invariants of find_themes' answer for n texts."""
    assert set(result) == {"themes", "unassigned", "duplicates"}
    seen = []
    for theme in result["themes"]:
        assert set(theme) == {"label", "keywords", "representative", "members"}
        assert isinstance(theme["label"], str) and theme["label"].strip()
        assert 1 <= len(theme["label"].replace(",", " ").split()) <= 5
        assert all(isinstance(word, str) and word for word in theme["keywords"])
        assert theme["members"], "no empty theme"
        assert theme["members"] == sorted(theme["members"])
        assert all(type(i) is int for i in theme["members"])
        assert type(theme["representative"]) is int
        assert theme["representative"] in theme["members"]
        seen.extend(theme["members"])
    assert all(type(i) is int for i in result["unassigned"])
    seen.extend(result["unassigned"])
    assert sorted(seen) == list(range(n)), "every position exactly once"
    for group in result["duplicates"]:
        assert len(group) >= 2
        assert group == sorted(set(group))
        assert all(type(i) is int and 0 <= i < n for i in group)
    grouped = [i for group in result["duplicates"] for i in group]
    assert len(grouped) == len(set(grouped)), "duplicate groups are disjoint"
    if k is not None:
        assert len(result["themes"]) == k
    json.dumps(result)  # plain JSON types only


# ------------------------------------------------------------------ contract


@pytest.mark.parametrize("k", [1, 2, 4, 12])
def test_k_themes_exactly_when_enough_texts(k):
    result = find_themes(SMALL, k=k, seed=0)
    check_contract(result, len(SMALL), k=k)


def test_k_larger_than_usable_texts_gives_one_theme_per_text():
    texts = ["Des vélos", "", "Des bus la nuit", "le la les"]
    result = find_themes(texts, k=6)
    check_contract(result, len(texts))
    assert sorted(theme["members"] for theme in result["themes"]) == [[0], [2]]
    assert result["unassigned"] == [1, 3]


def test_small_corpus_groups_the_obvious_themes():
    result = find_themes(SMALL, k=4, seed=0)
    groups = {tuple(theme["members"]) for theme in result["themes"]}
    assert groups == {(0, 1, 2), (3, 4, 5), (6, 7, 8), (9, 10, 11)}
    labels = {theme["label"] for theme in result["themes"]}
    # labels use the texts' own words, accents included
    words = " ".join(labels)
    assert "logements" in words or "logement" in words
    assert "bus" in words


def test_same_seed_same_output():
    first = find_themes(SMALL * 3, k=5, seed=7)
    assert find_themes(SMALL * 3, k=5, seed=7) == first
    assert find_themes(SMALL * 3, seed=3) == find_themes(SMALL * 3, seed=3)


def test_k_none_chooses_a_number_of_themes():
    result = find_themes(SMALL * 2, seed=0)
    check_contract(result, 2 * len(SMALL))
    assert 2 <= len(result["themes"]) <= themes_module.MAX_THEMES_CHOSEN


@pytest.mark.parametrize(
    "texts",
    [[], [""], ["Un seul texte sur les vélos"], ["Des vélos", "Des cantines bio"]],
)
@pytest.mark.parametrize("k", [None, 1, 2, 3])
def test_zero_one_two_texts(texts, k):
    result = find_themes(texts, k=k)
    usable = sum(1 for text in texts if text)
    expected = min(k, usable) if k else min(1, usable)
    check_contract(result, len(texts), k=expected)


def test_all_empty_or_contentless_texts_are_unassigned():
    texts = ["", "   ", "!!!", "12 345", "le la les et", "Oui.", None]
    result = find_themes(texts, k=3)
    check_contract(result, len(texts), k=0)
    assert result["unassigned"] == list(range(len(texts)))


def test_mixed_languages():
    texts = [
        *SMALL,
        "Mehr Fahrradwege in der Innenstadt",
        "Mehr Busse am Abend und am Wochenende",
        "More bike lanes in the city centre",
        "Organic local food in school canteens",
        "Più piste ciclabili in centro città",
        "Mense scolastiche con prodotti biologici e locali",
        "Ein Gemüsegarten für jede Schule, where children learn, e anche i genitori",
    ]
    for k in (None, 8):
        check_contract(find_themes(texts, k=k), len(texts), k=k)


def test_large_input_path_fits_on_a_sample_and_assigns_the_rest(monkeypatch):
    """Above SAMPLE_SIZE texts, themes are fitted on a sample; all texts get one."""
    monkeypatch.setattr(themes_module, "SAMPLE_SIZE", 15)
    monkeypatch.setattr(themes_module, "SELECTION_SAMPLE_SIZE", 15)
    texts = [f"{text} {extra}" for extra in ("", "vraiment", "svp", "merci") for text in SMALL]
    result = find_themes(texts, k=4, seed=1)
    check_contract(result, len(texts), k=4)
    assert find_themes(texts, k=4, seed=1) == result
    check_contract(find_themes(texts, seed=1), len(texts))


# ----------------------------------------------------------- near-duplicates


def test_near_duplicates_are_grouped():
    texts = [
        "Il faut plus de pistes cyclables dans le centre-ville",  # 0
        "il faut PLUS de pistes cyclables, dans le centre ville !",  # 1 case, punctuation
        "Dans le centre-ville, il faut plus de pistes cyclables",  # 2 word order
        "Il faut plus de piste cyclable dans le centre ville de Lyon",  # 3 small edits
        "Il ne faut pas plus de pistes cyclables dans le centre-ville",  # 4 negation
        "Des cantines bio et locales pour les écoles",  # 5
        "Des cantines locales et bio pour les ecoles",  # 6 accents, order
        "Rénover les logements mal isolés du quartier",  # 7
        "Plus de bus le dimanche",  # 8
        "",  # 9
        "",  # 10
    ]
    result = find_themes(texts, k=3)
    check_contract(result, len(texts), k=3)
    assert result["duplicates"] == [[0, 1, 2, 3], [5, 6]]


def test_many_copies_form_one_group():
    """A text posted many times with small changes is one group (large LSH buckets)."""
    sentence = "Créer des jardins partagés dans chaque quartier pour les familles"
    base = sentence.split()
    rng = np.random.RandomState(0)
    texts = []
    for _ in range(60):
        words = list(base)
        words.pop(rng.randint(len(words)))  # one word dropped
        rng.shuffle(words)
        texts.append(" ".join(words))
    texts += ["Des bus électriques pour la ville", "Interdire les pesticides près des écoles"]
    result = find_themes(texts, k=2)
    check_contract(result, len(texts), k=2)
    assert result["duplicates"] == [list(range(60))]


def test_different_texts_are_not_duplicates():
    result = find_themes(SMALL, k=4)
    assert result["duplicates"] == []


# ------------------------------------------------------------- command line


def test_cli_prints_json_with_elapsed_time_and_never_imports_django():
    # -X importtime lists every module the command imports on standard error.
    command = [sys.executable, "-X", "importtime", "-m", "maillage.synthesis"]
    command += ["themes", str(CONVENTION), "--text-column", "text", "--k", "6"]
    done = subprocess.run(
        command, capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert isinstance(result.pop("elapsed_s"), float)
    texts, _families = convention()
    check_contract(result, len(texts), k=6)
    # Same answer as in this process, whose string hashing differs (PYTHONHASHSEED).
    assert result == find_themes(texts, k=6, seed=0)
    imported = [line.split("|")[-1].strip() for line in done.stderr.splitlines()]
    assert "maillage.synthesis.themes" in imported
    assert not [name for name in imported if name.split(".")[0] == "django"]


def test_cli_small_file(tmp_path, capsys):
    from maillage.synthesis.__main__ import main

    path = tmp_path / "contributions.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerows([i, text] for i, text in enumerate(SMALL))
    assert main(["themes", str(path), "--text-column", "text", "--k", "4", "--seed", "2"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result.pop("elapsed_s") >= 0
    check_contract(result, len(SMALL), k=4)


def test_cli_refuses_a_missing_column(tmp_path, capsys):
    from maillage.synthesis.__main__ import main

    path = tmp_path / "contributions.csv"
    path.write_text("id,texte\n1,Des vélos\n", encoding="utf-8")
    assert main(["themes", str(path), "--text-column", "text"]) == 2
    captured = capsys.readouterr()
    assert "no column 'text'" in captured.err
    assert captured.out == ""


# ------------------------------------------------------------------ quality


def test_quality_beats_plain_tfidf_kmeans_on_the_convention():
    """NMI with the six human families, k=6, mean over three seeds."""
    texts, families = convention()
    ours, baseline = [], []
    for seed in range(3):
        result = find_themes(texts, k=6, seed=seed)
        check_contract(result, len(texts), k=6)
        labels = np.full(len(texts), -1)
        for number, theme in enumerate(result["themes"]):
            labels[theme["members"]] = number
        ours.append(normalized_mutual_info_score(families, labels))
        matrix = TfidfVectorizer().fit_transform(texts)
        plain = KMeans(n_clusters=6, n_init=10, random_state=seed).fit_predict(matrix)
        baseline.append(normalized_mutual_info_score(families, plain))
    assert np.mean(ours) >= 1.5 * np.mean(baseline), (ours, baseline)
    assert np.mean(ours) > 0.18, ours
