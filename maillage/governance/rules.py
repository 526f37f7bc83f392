import rules

from maillage.collectives.rules import (
    is_facilitator_or_above,
    is_in_collective,
    is_public_collective,
)

# Governance texts say publicly who a public collective is; a private
# collective's texts are for its members.
rules.add_perm("governance.view_texts", is_public_collective | is_in_collective)
rules.add_perm("governance.view_history", is_in_collective)
rules.add_perm("governance.change_text", is_facilitator_or_above)
