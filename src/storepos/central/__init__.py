"""The central database: one for all stores and the web shop (PostgreSQL behind the central
service, `storepos central serve --db URL`; an embedded SQLite file for a single store or the
demo, run in the till's process)."""
