"""The stamp of the code in generated documents' keys: the same on every node running the
same code, whatever the files' dates (core/downloads.py)."""

import os
import shutil

from maillage.core.downloads import _SOURCE, code_digest


def _copy(target):
    shutil.copytree(_SOURCE / "core", target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_two_installations_of_the_same_code_have_the_same_stamp(tmp_path):
    first = _copy(tmp_path / "first")
    second = _copy(tmp_path / "second")
    for path in second.rglob("*.py"):  # installed on another day
        os.utime(path, (1_000_000_000, 1_000_000_000))
    assert code_digest(first) == code_digest(second)


def test_a_changed_file_changes_the_stamp(tmp_path):
    first = _copy(tmp_path / "first")
    second = _copy(tmp_path / "second")
    before = code_digest(second)
    with open(second / "dates.py", "a") as file:
        file.write("\n# a change\n")
    assert code_digest(first) == before != code_digest(second)
    (second / "dates.py").rename(second / "dates_moved.py")
    assert code_digest(second) not in (before, code_digest(first))
