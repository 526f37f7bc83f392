"""How the changes of orientation read in the collective's log (audit.history). Each
part of the app registers its actions in its own history_*.py, imported here."""

from . import (
    history_catalogue,  # noqa: F401 - registers its labels
    history_referrals,  # noqa: F401 - registers its labels
)
