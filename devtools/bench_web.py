"""`ekspor bench web`: 20 concurrent clients on loopback for a bounded time against `ekspor serve` over a
synthetic warehouse of 100k events; p50/p95 latency, requests/s and errors."""

from __future__ import annotations

import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from devtools.bench_warehouse import FTS_QUERIES
from warehouse.connection import checkpoint, connect
from warehouse.exporters import rebuild_exporters
from warehouse.migrations import migrate
from warehouse.search import build_index
from warehouse.snapshot import publish_snapshot
from warehouse.synthetic import generate, sample_event_ids, sample_exporter_ids

CORPUS = Path(__file__).resolve().parents[1] / "bench" / "clickid_sample.jsonl.gz"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _requests(rng: random.Random, event_ids: list[str], exporter_ids: list[str]) -> str:
    kind = rng.random()
    if kind < 0.3:
        return f"/?q={rng.choice(FTS_QUERIES).replace(' ', '+')}"
    if kind < 0.45:
        return f"/api/events?q={rng.choice(FTS_QUERIES).replace(' ', '+')}&page={rng.randint(1, 3)}"
    if kind < 0.6:
        return f"/?destination={rng.choice(['CN', 'US', 'JP', 'MY', 'SG', 'SA'])}&since=2020-01-01"
    if kind < 0.7:
        return f"/feed.atom?destination={rng.choice(['CN', 'US', 'JP'])}"
    if kind < 0.8 and exporter_ids:
        return f"/{rng.choice(['exporters', 'api/exporters'])}/{rng.choice(exporter_ids)}"
    if kind < 0.9:
        return f"/events/{rng.choice(event_ids)}"
    return f"/api/events/{rng.choice(event_ids)}"


async def _client(base: str, stop: float, seed: int, event_ids: list[str], exporter_ids: list[str],
                  lat: list[float], errors: list[str]):
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        while time.monotonic() < stop:
            path = _requests(rng, event_ids, exporter_ids)
            t0 = time.perf_counter()
            try:
                r = await client.get(path)
                if r.status_code != 200:
                    errors.append(f"{r.status_code} {path}")
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__} {path}")
            lat.append((time.perf_counter() - t0) * 1000)


def run_bench(events: int, articles: int, clients: int, seconds: float, workers: int = 2) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "web.duckdb"
        con = connect(db)
        migrate(con)
        generate(con, events, articles, CORPUS)
        build_index(con)
        event_ids = sample_event_ids(con)
        rebuild_exporters(con)
        exporter_ids = sample_exporter_ids(con)
        checkpoint(con)
        con.close()
        publish_snapshot(db)
        port = _port()
        server = subprocess.Popen([sys.executable, "-m", "ekspor.cli", "serve", "--port", str(port), "--db", str(db),
                                   "--workers", str(workers)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy())
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    httpx.get(base + "/healthz", timeout=2)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            httpx.get(base + "/?q=kopi", timeout=30)  # warm the snapshot connection
            lat: list[float] = []
            errors: list[str] = []
            stop = time.monotonic() + seconds

            async def main():
                await asyncio.gather(*(_client(base, stop, i, event_ids, exporter_ids, lat, errors)
                                       for i in range(clients)))

            t0 = time.perf_counter()
            asyncio.run(main())
            wall = time.perf_counter() - t0
        finally:
            server.terminate()
            server.wait(timeout=30)
    lat.sort()
    return {"events": events, "clients": clients, "seconds": round(wall, 1), "requests": len(lat),
            "requests_per_s": len(lat) / wall, "p50_ms": statistics.median(lat),
            "p95_ms": lat[int(0.95 * (len(lat) - 1))], "errors": len(errors), "server_workers": workers}
