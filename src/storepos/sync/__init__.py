"""Sync between offline-first tills and the one central database (no Qt, no local models).

    protocol.py      what travels: events (outbox entries), their results, change batches
    central/         the central database: schema and its own migrations, push (store events once,
                     apply them under the central rules), pull (the change log), cards (holds and
                     captures), row-level security in each till's store context
    service.py       SyncService: push then pull, status, background loop with backoff; it reaches
                     the till's database through the LocalSide port (services.sync_local)

This package sits beside persistence/: it never imports the local models. The till side of sync
(reading the outbox, applying pulled rows) lives in services/, which may use both.
"""
