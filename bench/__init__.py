"""``make bench``: the platform's speed at campaign scale, measured the same way every time.

Run as ``python -m bench`` from the repository root (the Makefile does). It
builds a demo database of ``--activities`` items once and keeps it under
``var/bench/`` (on SQLite; with ``DATABASE_URL`` set, that database is used
and topped up), then measures seeding, search, the showcase page, reindexing,
the API and a worker's memory, prints a table and writes the figures as JSON
under ``var/bench/results/``. ``python -m bench.readme`` copies the latest
table into the README's performance section.
"""
