"""Print jobs: status, reprint, send to another printer, cancel, and the print preview."""
