"""How the agreements changes read in the collective's log (audit.history)."""
