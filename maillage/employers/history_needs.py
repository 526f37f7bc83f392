"""How the needs changes read in the collective's log (audit.history)."""
