"""Planners that need no web framework: the rotations of a job café (``meetings``).

Each planner is a plain function over plain data, with a command line
(``python -m maillage.planning``); docs/planning.md describes them.
"""

from .errors import PlanningInputError
from .meetings import MeetingPlan, plan_meetings

__all__ = ["MeetingPlan", "PlanningInputError", "plan_meetings"]
