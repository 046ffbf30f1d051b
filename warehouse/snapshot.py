"""The published read copy of the warehouse: how it is made, where it is, and a reader that follows it.

Writers work on the live file; readers (notebooks, the search page, `ekspor sql`) read the snapshot, so a
running load never blocks them. Until a first snapshot is published, readers fall back to the live file.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from .connection import connect, snapshot_path
from .derived import materialise

CACHE_SIZE = 2048
CACHE_BYTES = 64 * 1024 * 1024  # rendered pages are ~65 KB: about a thousand of them per server worker


def _weight(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes) else 0


def publish_snapshot(path: Path) -> Path:
    """Copy the (checkpointed, closed) warehouse to its snapshot with an atomic rename, after building the
    derived tables declared for snapshots (`derived.py`) in the copy."""
    snap = snapshot_path(path)
    tmp = snap.with_name(snap.name + f".tmp-{os.getpid()}")
    shutil.copyfile(path, tmp)
    con = connect(tmp)
    try:
        materialise(con, "snapshot")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, snap)
    return snap


def reader_path(db: Path) -> Path:
    """The snapshot when one is published, else the live file: the one fallback rule for every reader."""
    snap = snapshot_path(db)
    return snap if snap.exists() else db


def open_reader(db: Path) -> duckdb.DuckDBPyConnection:
    return connect(reader_path(db), read_only=True)


class SnapshotReader:
    """A long-lived reader (the web server): reopens the snapshot when a newer one replaces it on disk, and
    caches values per published snapshot."""

    def __init__(self, db: Path):
        self.db = db
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stamp: tuple[int, int] | None = None
        self._cache: OrderedDict[Any, tuple[tuple[int, int] | None, Any]] = OrderedDict()
        self._bytes = 0  # rendered pages and bodies held (str/bytes values), bounded by CACHE_BYTES

    def cached(self, key: Any, compute: Callable[[duckdb.DuckDBPyConnection], Any]) -> Any:
        """A value computed once per published snapshot: the snapshot never changes in place, so a result
        stays right until a new snapshot is published (then the cache starts afresh). LRU-bounded."""
        cur = self.cursor()
        with self._lock:
            stamp = self._stamp
            hit = self._cache.get(key)
            if hit is not None and hit[0] == stamp:
                self._cache.move_to_end(key)
                return hit[1]
        value = compute(cur)
        with self._lock:
            old = self._cache.pop(key, None)
            if old is not None:
                self._bytes -= _weight(old[1])
            self._cache[key] = (stamp, value)
            self._bytes += _weight(value)
            while len(self._cache) > CACHE_SIZE or (self._bytes > CACHE_BYTES and len(self._cache) > 1):
                self._bytes -= _weight(self._cache.popitem(last=False)[1][1])
        return value

    def cursor(self) -> duckdb.DuckDBPyConnection:
        path = reader_path(self.db)
        st = path.stat()
        stamp = (st.st_ino, st.st_mtime_ns)
        with self._lock:
            if self._con is None or stamp != self._stamp:
                old = self._con
                self._con, self._stamp = self._open(path, st.st_ino), stamp
                if old is not None:
                    old.close()
            return self._con.cursor()

    @staticmethod
    def _open(path: Path, inode: int) -> duckdb.DuckDBPyConnection:
        """Open this version of the file under a name of its own: DuckDB caches database instances by path, so
        reconnecting to the same name while an old cursor lives would return the old contents."""
        link = path.with_name(f".{path.name}.{os.getpid()}.{inode}")
        link.unlink(missing_ok=True)
        # one thread per query: many small concurrent requests, not one big one
        try:
            os.link(path, link)
        except OSError:
            return connect(path, read_only=True, threads=1)
        try:
            return connect(link, read_only=True, threads=1)
        finally:
            link.unlink(missing_ok=True)  # the open database keeps the inode alive
