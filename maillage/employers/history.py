"""How the changes of the employer group read in the collective's log (audit.history).
Each part of the app registers its actions in its own history_*.py, imported here."""

from . import (
    history_agreements,  # noqa: F401 - registers its labels
    history_needs,  # noqa: F401 - registers its labels
    history_pooling,  # noqa: F401 - registers its labels
)
