"""The central database: one for all stores and the web shop (PostgreSQL in production,
`STOREPOS_CENTRAL_URL`; an embedded SQLite file for a single store or the demo)."""
