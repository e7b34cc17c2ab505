"""The till's day: the float, every cash movement with the action that made it, the X and Z
reports, the count and the close (domain.till_day has the rules)."""
