"""DuckDB warehouse: migrations, idempotent loads, full-text search, exports and the Python API."""

from .api import Warehouse, open_warehouse

__all__ = ["Warehouse", "open_warehouse"]
