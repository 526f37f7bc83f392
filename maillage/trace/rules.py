"""Who reads a trace. Predicates take the collective.

The whole trace of a decision, an action or a project is for the collective's members
(observers included), like its meetings and actions; within it, each part follows the
rules of its app (chain.py: a consultation's notes and themes as its wall). Outside the
collective, only a public project of a public collective has a trace, as its public
results page shows it.
"""

import rules

from maillage.collectives.rules import is_in_collective

rules.add_perm("trace.view_trace", is_in_collective)
