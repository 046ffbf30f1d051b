"""Two crawler processes share one crawl through scrapy-redis and a real redis-server started here."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from devtools.testweb import TestWeb

ROOT = Path(__file__).resolve().parents[1]
REDIS = shutil.which("redis-server")


@pytest.fixture()
def redis_url():
    if REDIS is None:
        pytest.fail("redis-server is not installed (apt-get install redis-server); .ci/run installs it")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL)
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.kill()
    proc.wait()


def test_two_workers_fetch_every_url_once(redis_url, tmp_path):
    with TestWeb(slow_seconds=3) as web:
        procs = []
        for i in range(2):
            args = [sys.executable, "-m", "ekspor.cli", "crawl", "--allow-private-hosts", "--fast",
                    "--db", str(tmp_path / f"w{i}.duckdb"), "--warc-dir", str(tmp_path / f"warc{i}"),
                    "--distributed", redis_url]
            for u in web.urls:
                args += ["--site", u]
            procs.append(subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                          env={**os.environ, "COLUMNS": "250", "PYTHONWARNINGS": "always"}))
        for p in procs:
            out, err = p.communicate(timeout=300)
            assert p.returncode == 0, err[-2000:]
            # scrapy-redis 0.9.1 with Scrapy 2.19: no deprecated Scrapy API on the path we use
            assert "DeprecationWarning" not in err and "deprecated" not in err.lower(), err[-2000:]
        fetched: list[str] = []
        for i in range(2):
            con = duckdb.connect(str(tmp_path / f"w{i}.duckdb"), read_only=True)
            fetched += [r[0] for r in con.execute(
                "SELECT url FROM raw.fetch_log WHERE role = 'article' AND outcome = 'fetched'").fetchall()]
            con.close()
        assert len(fetched) == len(set(fetched)), "a URL was fetched by both workers"
        assert set(fetched) == web.reachable_articles(), "a URL was lost"
        assert not [u for u in web.hits if "/rahasia/" in u]
