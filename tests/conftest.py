import contextlib
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from nlp.extract import extract_text


def serving_dev_set(db: Path):
    """The dev set ingested into a fresh warehouse at `db`, served by the real app (uvicorn) on 127.0.0.1."""
    from devtools.evaluate import default_gold_path, load_gold
    from pipeline.ingest import ingest_records

    ingest_records([{"id": g["id"], "text": g["text"], "published": g.get("published"), "url": g.get("url")}
                    for g in load_gold(default_gold_path())], db)
    return serving(db)


@contextlib.contextmanager
def serving(db: Path):
    """The real app (uvicorn) over the warehouse at `db`, on an ephemeral port of 127.0.0.1."""
    import uvicorn

    from web.app import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(base + "/healthz", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.05)
    try:
        yield {"base": base, "db": db}
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def extract():
    """One article text in, the list of event dicts out (pipeline built once per test session)."""

    def run(text: str, **kw):
        return extract_text(text, **kw)

    return run


def shipments(result):
    return [e.to_json() for e in result.events if e.status == "shipment"]
