"""How the foundation's receipts changes read in the collective's log (audit.history)."""
