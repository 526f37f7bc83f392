"""How the foundation's changes read in the collective's log (audit.history). Each part
of the app registers its actions in its own history_*.py, imported here."""

from . import (
    history_bank,  # noqa: F401 - registers its labels
    history_campaigns,  # noqa: F401 - registers its labels
    history_gifts,  # noqa: F401 - registers its labels
    history_grants,  # noqa: F401 - registers its labels
    history_matching,  # noqa: F401 - registers its labels
    history_receipts,  # noqa: F401 - registers its labels
)
