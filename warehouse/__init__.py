"""DuckDB warehouse: migrations, idempotent loads, full-text search, exports and the Python API."""

from .api import Warehouse, open_warehouse
from .queries import EventFilter

__all__ = ["EventFilter", "Warehouse", "open_warehouse"]
