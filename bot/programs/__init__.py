"""Training programs: the catalog and its search.

Catalog: `models` (tables), `schema` (the column set and the check of one row, shared by
file import and the staff console), `io` (CSV/JSON import and export), `geo` (ZIP and city
points, distances, offline), `seed` (the sample catalog), `cli` (`python -m bot programs`).
Search: `search` (hard filters, ranking, reasons, relaxation). Nothing here imports Rasa;
docs/programs.md describes the columns and the ranking.
"""
