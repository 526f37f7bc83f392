"""How the foundation's bank changes read in the collective's log (audit.history)."""
