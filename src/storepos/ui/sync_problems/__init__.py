"""Sync problems: the store's events the central database refused or flagged, settled by a
manager with what was done, why, and their PIN."""
