"""Where the warehouse lives and how to open it, with the full-text-search extension loaded offline.

DuckDB 1.5.5 is pinned with the PyPI wheel `duckdb-extension-fts==1.5.5`, whose extension file is loaded by
path: DuckDB's own `INSTALL fts` needs the network, and duckdb 2.x cannot load this file.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb

DEFAULT_DB = Path("data/ekspor.duckdb")


def db_path(path: str | os.PathLike | None = None) -> Path:
    """--db PATH, else $EKSPOR_DB, else data/ekspor.duckdb."""
    return Path(path or os.environ.get("EKSPOR_DB") or DEFAULT_DB)


def snapshot_path(path: Path) -> Path:
    """The read-only copy that readers use: data/ekspor.duckdb -> data/ekspor.snapshot.duckdb."""
    return path.with_name(path.stem + ".snapshot" + path.suffix)


def fts_extension_file() -> Path:
    import duckdb_extension_fts

    root = Path(duckdb_extension_fts.__file__).parent / "extensions"
    files = sorted(root.glob(f"v{duckdb.__version__}/fts.duckdb_extension"))
    if not files:
        raise RuntimeError(
            f"no fts extension for duckdb {duckdb.__version__} under {root}; install duckdb-extension-fts=="
            f"{duckdb.__version__}"
        )
    return files[0]


def connect(path: Path, read_only: bool = False, threads: int | None = None,
            memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `ekspor db migrate` or `ekspor ingest` first")
    config: dict[str, object] = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    if threads:
        config["threads"] = threads
    if memory_limit:
        config["memory_limit"] = memory_limit
    try:
        con = duckdb.connect(str(path), read_only=read_only, config=config)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise WarehouseBusy(f"{path} is held by another process ({_holder(str(exc))}); wait for it to finish "
                                "or stop it, then run again") from None
        raise
    con.load_extension(str(fts_extension_file()))
    return con


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Every write goes through here: BEGIN, then COMMIT, or ROLLBACK on any exception (a KeyboardInterrupt
    included), so a half-written batch never stays behind."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """Fold the write-ahead log into the file: done before a writer closes, so the file is whole on its own
    (a snapshot copy, a backup) and the next opener replays nothing."""
    con.execute("CHECKPOINT")


class WarehouseBusy(RuntimeError):
    """Another process has the warehouse file open for writing (DuckDB allows one writer per file)."""


def _holder(message: str) -> str:
    import re

    m = re.search(r"PID (\d+)", message)
    return f"pid {m.group(1)}" if m else "a writer"
