class PlanningInputError(ValueError):
    """Input a planner cannot use, with a message that says which part and why."""
