"""DuckDB warehouse: migrations, loads, search and exports (issue #3; not built yet)."""
