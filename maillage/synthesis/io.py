"""Reading the engine's inputs: CSV files of texts and Pol.is export folders.

Every reader refuses malformed input with a SynthesisInputError naming the file,
the line and what to do, instead of guessing.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse

from .errors import SynthesisInputError

csv.field_size_limit(10 * 1024 * 1024)


def _read_rows(path):
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SynthesisInputError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise SynthesisInputError(f"{path} is a folder, not a CSV file.") from None
    except OSError as exc:
        raise SynthesisInputError(f"{path} cannot be read: {exc.strerror}.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SynthesisInputError(
            f"{path} is not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}). "
            "Save it as CSV UTF-8 and try again."
        ) from None
    try:
        rows = list(csv.reader(text.splitlines(keepends=True), strict=True))
    except csv.Error as exc:
        raise SynthesisInputError(f"{path} is not valid CSV: {exc}.") from None
    if not rows:
        raise SynthesisInputError(f"{path} is empty: a header line is needed.")
    header, body = rows[0], rows[1:]
    for number, row in enumerate(body, start=2):
        if row and len(row) != len(header):
            raise SynthesisInputError(
                f"{path}, line {number}: {len(row)} fields where the header has "
                f"{len(header)}. Check for a missing or extra separator or quote."
            )
    return header, [row for row in body if row]


def _column(path, header, name):
    if name not in header:
        raise SynthesisInputError(
            f"{path} has no column {name!r}; its columns are: {', '.join(header)}."
        )
    return header.index(name)


def read_texts(path, text_column):
    """The texts of one column, in file order (row positions are 0-based)."""
    header, rows = _read_rows(path)
    index = _column(path, header, text_column)
    return [row[index] for row in rows]


def read_questions(path, text_column, question_column):
    """(texts, questions): the texts and the question each answers, in file order.
    A row whose question cell is empty is refused (every text answers one)."""
    header, rows = _read_rows(path)
    text_index = _column(path, header, text_column)
    question_index = _column(path, header, question_column)
    for number, row in enumerate(rows, start=2):
        if not row[question_index].strip():
            raise SynthesisInputError(
                f"{path}, line {number}: the {question_column!r} cell is empty; "
                "every text needs the question it answers."
            )
    return [row[text_index] for row in rows], [row[question_index].strip() for row in rows]


def read_labelled(path, text_column, label_column):
    """(texts, labels) of two columns, in file order."""
    header, rows = _read_rows(path)
    text_index = _column(path, header, text_column)
    label_index = _column(path, header, label_column)
    return [row[text_index] for row in rows], [row[label_index] for row in rows]


@dataclass
class PolisConversation:
    """A Pol.is export: who voted what on which statement, and Pol.is's own groups.

    ``votes`` is participants × statements, sparse: +1 agree, -1 disagree, and a
    pass is stored as an explicit 0 in ``seen`` (``seen`` is 1 wherever a vote,
    pass included, was cast).
    """

    participants: list[str]
    statements: list[str]
    votes: sparse.csr_matrix
    seen: sparse.csr_matrix
    polis_groups: dict  # participant id -> Pol.is group id (only those it clustered)
    # Statements moderated out (their votes are in neither votes nor seen), and
    # participants × moderated, 1 wherever a vote was cast on one of them: Pol.is
    # still counts them (see opinions.py), and so does the engine, since its groups
    # agree less with Pol.is's without them (bench/loco_opinions.py).
    moderated: list[str] = field(default_factory=list)
    moderated_seen: sparse.csr_matrix | None = None


def read_polis(folder):
    folder = Path(folder)
    if not folder.is_dir():
        raise SynthesisInputError(f"{folder} is not a folder of a Pol.is export.")
    votes_path = folder / "participants-votes.csv"
    comments_path = folder / "comments.csv"
    for needed in (votes_path, comments_path):
        if not needed.exists():
            raise SynthesisInputError(
                f"{folder} has no {needed.name}: a Pol.is export folder holds "
                "participants-votes.csv and comments.csv."
            )
    header, rows = _read_rows(comments_path)
    id_index = _column(comments_path, header, "comment-id")
    moderated_index = _column(comments_path, header, "moderated")
    excluded = {row[id_index] for row in rows if row[moderated_index].strip() == "-1"}
    known = {row[id_index] for row in rows}

    header, rows = _read_rows(votes_path)
    participant_index = _column(votes_path, header, "participant")
    group_index = _column(votes_path, header, "group-id")
    statement_columns = [
        (position, name)
        for position, name in enumerate(header)
        if name in known and name not in excluded
    ]
    moderated_columns = [
        (position, name)
        for position, name in enumerate(header)
        if name in known and name in excluded
    ]
    participants, polis_groups = [], {}
    moderated_rows, moderated_cols = [], []
    seen_rows, seen_cols, vote_rows, vote_cols, vote_values = [], [], [], [], []
    for row_number, row in enumerate(rows):
        participant = row[participant_index]
        participants.append(participant)
        if row[group_index].strip() != "":
            polis_groups[participant] = row[group_index].strip()
        for column, (position, _name) in enumerate(moderated_columns):
            if row[position].strip() != "":
                moderated_rows.append(row_number)
                moderated_cols.append(column)
        for column, (position, _name) in enumerate(statement_columns):
            cell = row[position].strip()
            if cell == "":
                continue
            try:
                value = int(float(cell))
            except ValueError:
                raise SynthesisInputError(
                    f"{votes_path}, participant {participant}: vote {cell!r} is not 1, -1 or 0."
                ) from None
            if value not in (-1, 0, 1):
                raise SynthesisInputError(
                    f"{votes_path}, participant {participant}: vote {value} is not 1, -1 or 0."
                )
            seen_rows.append(row_number)
            seen_cols.append(column)
            if value:
                vote_rows.append(row_number)
                vote_cols.append(column)
                vote_values.append(value)
    shape = (len(participants), len(statement_columns))
    votes = sparse.csr_matrix(
        (np.array(vote_values, dtype=np.float32), (vote_rows, vote_cols)), shape=shape
    )
    seen = sparse.csr_matrix(
        (np.ones(len(seen_rows), dtype=np.float32), (seen_rows, seen_cols)), shape=shape
    )
    return PolisConversation(
        participants=participants,
        statements=[name for _position, name in statement_columns],
        votes=votes,
        seen=seen,
        polis_groups=polis_groups,
        moderated=[name for _position, name in moderated_columns],
        moderated_seen=sparse.csr_matrix(
            (np.ones(len(moderated_rows), dtype=np.float32), (moderated_rows, moderated_cols)),
            shape=(len(participants), len(moderated_columns)),
        ),
    )
