"""Entries of the permission matrix (tests/test_permissions.py) for these URLs."""

from ..permission_helpers import in_collective


def collective(w):
    return [w.collective.slug]


# Everyone in the collective reads the timeline and downloads the board.
MATRIX = {
    "projects:timeline": ("get", collective, None, in_collective(200)),
    "projects:export_xlsx": ("get", collective, None, in_collective(200)),
    "projects:export_csv": ("get", collective, None, in_collective(200)),
    "projects:export_docx": ("get", collective, None, in_collective(200)),
}
PUBLIC_MATRIX = {}
