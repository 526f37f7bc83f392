"""The engine's command line refuses bad input with a message, never a traceback."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "maillage.synthesis", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def assert_refused(result, *fragments):
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    for fragment in fragments:
        assert fragment in result.stderr


@pytest.fixture
def notes(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("id,texte\n1,Un revenu pour la transition\n2,Des jardins partagés\n")
    return path


def test_missing_column_names_the_columns_there_are(notes):
    assert_refused(run("themes", notes, "--text-column", "text"), "no column 'text'", "id, texte")


def test_a_file_that_is_not_utf8_is_refused_with_the_line(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("text\nidée\nénergie\n".encode("latin-1"))
    assert_refused(run("themes", path, "--text-column", "text"), "not UTF-8", "line 2")


def test_ragged_rows_are_refused_with_their_line(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("id,text\n1,un\n2,deux,trois\n")
    assert_refused(run("themes", path, "--text-column", "text"), "line 3", "3 fields")


def test_an_unclosed_quote_is_refused(tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text('id,text\n1,"never closed\n')
    assert_refused(run("themes", path, "--text-column", "text"), "not valid CSV")


def test_missing_and_empty_files(tmp_path):
    assert_refused(run("themes", tmp_path / "nope.csv", "--text-column", "text"), "no such file")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert_refused(run("themes", empty, "--text-column", "text"), "empty")


def test_suggest_checks_both_files(notes, tmp_path):
    assert_refused(
        run(
            "suggest",
            notes,
            tmp_path / "absent.csv",
            "--text-column",
            "texte",
            "--label-column",
            "code",
        ),
        "no column 'code'",
    )


def test_opinions_needs_an_export_folder(tmp_path, notes):
    assert_refused(run("opinions", notes), "not a folder")
    assert_refused(run("opinions", tmp_path), "participants-votes.csv")


def test_bad_arguments_are_usage_errors(notes):
    result = run("themes", notes, "--text-column", "texte", "--k", "zero")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "not a whole number" in result.stderr


def test_a_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufefftext\nUn revenu de transition\n".encode())
    from maillage.synthesis.io import read_texts

    assert read_texts(path, "text") == ["Un revenu de transition"]
