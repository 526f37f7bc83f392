"""How the changes of this part read in the collective's log."""
