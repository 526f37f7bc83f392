"""How the changes of the employment app read in the collective's log (audit.history).
Each part of the app registers its actions in its own history_*.py, imported here."""

from . import (
    history_after,  # noqa: F401 - registers its labels
    history_cafe,  # noqa: F401 - registers its labels
    history_operations,  # noqa: F401 - registers its labels
    history_rotations,  # noqa: F401 - registers its labels
)
