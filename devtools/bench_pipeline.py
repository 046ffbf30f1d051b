"""`ekspor bench pipeline`: pages/s per core from WARC to warehouse, against trafilatura.extract alone on the
same pages in the same session (each in its own process, so peak RSS is per run)."""

from __future__ import annotations

import gzip
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import trafilatura

from crawler.archive import WarcArchive, read_pages
from devtools.evaluate import default_gold_path, load_gold
from devtools.testweb import Outlet, Page, article_html

CORPUS = Path(__file__).resolve().parents[1] / "bench" / "clickid_sample.jsonl.gz"


def build_warc(directory: Path, n: int, seed: int = 3) -> Path:
    """n archived article pages: dev-set export stories mixed into real CLICK-ID news (as on a real crawl)."""
    rng = random.Random(seed)
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        corpus = [json.loads(line) for line in fh]
    stories = load_gold(default_gold_path())
    outlet = Outlet("Bench", "wordpress", port=8000)
    archive = WarcArchive(directory, "bench")
    for i in range(n):
        if i % 50 == 0:
            g = stories[(i // 50) % len(stories)]
            title, text = g["text"].split("\n")[0][:80], g["text"]
        else:
            c = corpus[i % len(corpus)]
            title, text = c["title"] or "Berita", (c["content"] or "").replace(",", ", ")
            if i >= len(corpus):  # later copies: reordered sentences, so they are not byte-identical
                parts = text.split(". ")
                rng.shuffle(parts)
                text = ". ".join(parts)
        page = Page(f"/{2024}/01/01/berita-{i}-nomor-{i}/", title, text, "2024-01-01")
        body = article_html(outlet, page).encode()
        archive.write_response(outlet.base + page.path, 200, [("Content-Type", "text/html; charset=utf-8")], body,
                               {"WARC-Ekspor-Source": "bench", "WARC-Ekspor-Role": "article",
                                "WARC-Ekspor-Run": "bench"})
    archive.close()
    return archive.path


def register(db: Path, warc: Path) -> None:
    """Point raw.pages at the archived pages, as a crawl would."""
    from crawler.records import FetchRecord
    from warehouse.raw import RawStore

    store = RawStore(db)
    for p in read_pages(warc):
        store.fetch(FetchRecord("bench", p.url, "bench", "article", 200, len(p.body), 1.0, "fetched", None, p.pointer,
                                content_type=p.headers.get("Content-Type")))
    store.close()


def _rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def trafilatura_main(warc: str) -> None:
    pages = [p.body for p in read_pages(Path(warc))]
    t0 = time.perf_counter()
    for body in pages:
        trafilatura.extract(body.decode("utf-8"), include_comments=False, with_metadata=True)
    print(json.dumps({"pages": len(pages), "seconds": time.perf_counter() - t0, "peak_rss_mb": _rss()}))


def pipeline_main(db: str) -> None:
    from nlp.spacy_pipeline import build_nlp
    from pipeline.process import process

    build_nlp()  # start-up is not throughput
    t0 = time.perf_counter()
    report = process(Path(db), publish=False)
    pages = sum(n for (_s, stage, _st), n in report.stages.items() if stage == "read")
    print(json.dumps({"pages": pages, "seconds": time.perf_counter() - t0, "peak_rss_mb": _rss(),
                      "loaded": report.loaded}))


def run_bench(n: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        warc = build_warc(Path(tmp) / "warc", n)
        db = Path(tmp) / "bench.duckdb"
        register(db, warc)

        def run(*args: str) -> dict:
            out = subprocess.run([sys.executable, "-m", "devtools.bench_pipeline", *args], capture_output=True,
                                 text=True, check=True, timeout=7200)
            return json.loads(out.stdout.strip().splitlines()[-1])

        base = run("trafilatura", str(warc))
        real = run("pipeline", str(db))
    base_rate, real_rate = base["pages"] / base["seconds"], real["pages"] / real["seconds"]
    return {"pages": n, "trafilatura_pages_per_s": base_rate, "pipeline_pages_per_s": real_rate,
            "pipeline_vs_trafilatura_ratio": real_rate / base_rate, "pipeline_peak_rss_mb": real["peak_rss_mb"],
            "trafilatura_peak_rss_mb": base["peak_rss_mb"], "articles_loaded": real["loaded"].get("articles_new", 0)}


if __name__ == "__main__":
    if sys.argv[1] == "trafilatura":
        trafilatura_main(sys.argv[2])
    else:
        pipeline_main(sys.argv[2])
