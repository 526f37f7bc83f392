import rules

from maillage.collectives.rules import is_coordinator

# Answering for an address (sending it its data, erasing it) is the coordinators' task,
# as the collective's controller of its data.
rules.add_perm("privacy.answer_requests", is_coordinator)
