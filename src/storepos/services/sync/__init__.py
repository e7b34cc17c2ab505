"""The till side of sync: the local outbox and pulled documents, and the sync problems a manager
settles. The central side is storepos.central. The Sync problems screen's door is api.py.
"""
