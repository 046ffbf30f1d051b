"""The `ekspor` command line: thin wrappers, each calling one public library function."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from pipeline.io import read_records

app = typer.Typer(help="Ekspor Radar: Indonesian SME export stories from regional news.", no_args_is_help=True,
                  add_completion=False)
bench_app = typer.Typer(help="Benchmarks (throughput and peak memory; not part of the test suite).",
                        no_args_is_help=True)
app.add_typer(bench_app, name="bench")
sources_app = typer.Typer(help="The source registry (crawler/sources.toml).", no_args_is_help=True)
app.add_typer(sources_app, name="sources")
db_app = typer.Typer(help="Warehouse schema and data tests.", no_args_is_help=True)
app.add_typer(db_app, name="db")
DB_OPTION = typer.Option(None, "--db", help="Warehouse file (default: $EKSPOR_DB or data/ekspor.duckdb).")
LOG_JSON = typer.Option(False, "--log-json", help="One JSON line per source and stage on stdout, not tables.")
err = Console(stderr=True)

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = REPO_ROOT / "examples" / "articles.jsonl"
BASELINE = REPO_ROOT / "nlp" / "eval_baseline.json"
BENCH_CORPUS = REPO_ROOT / "bench" / "clickid_sample.jsonl.gz"


def main() -> None:
    """The `ekspor` entry point: expected faults end with a plain message and an exit code, not a traceback."""
    from warehouse.connection import WarehouseBusy

    try:
        app()
    except WarehouseBusy as exc:
        err.print(f"[red]busy[/red] {exc}")
        sys.exit(75)


@app.command()
def extract(
    input: list[str] = typer.Option(..., "--input", "-i", help="JSONL file(s), .txt file(s), or - for stdin."),
    output: str = typer.Option("-", "--output", "-o", help="JSONL output file, or - for stdout."),
) -> None:
    """Extract export events from articles: one output line per input article, same order.

    Example: ekspor extract --input examples/articles.jsonl --output events.jsonl
    """
    from nlp.extract import extract_articles

    failures = 0

    def stream() -> Iterator[dict[str, Any]]:
        for item in read_records(input):
            yield {"id": None, "text": None, "_error": item} if isinstance(item, str) else item

    out = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
    try:
        for res in extract_articles(stream()):
            line = res.to_json()
            if res.error:
                failures += 1
                err.print(f"[red]error[/red] {res.id or '?'}: {res.error}")
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    if failures:
        err.print(f"{failures} article(s) failed; see the error fields in the output")
        raise typer.Exit(1)


@app.command("eval")
def eval_cmd(
    gold: Path | None = typer.Argument(None, help="A gold JSONL of your own (default: the bundled sets)."),
    sets: list[str] = typer.Option([], "--set", "-s",
                                   help="Bundled set(s) to score: devset, train, heldout, retold, retold-3, "
                                        "retold-heldout, retold-4, retold2-heldout, writers, writers-2 ... writers-18, "
                                        "writers-heldout, "
                                        "templated-heldout, roundup-heldout, mixed-heldout, phrasing-heldout, "
                                        "feature-heldout, damage-heldout, close-heldout, close2-heldout, "
                                        "breadth-heldout, period-heldout, clickid "
                                        "(default: all)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    check: bool = typer.Option(False, "--check", help="Fail when a score is below its pinned floor."),
    show_misses: bool = typer.Option(True, "--misses/--no-misses", help="List every miss with its article id."),
) -> None:
    """Score the extractor against labelled articles: story and event P/R/F1, per-field accuracy, misses.

    By default every bundled set is scored side by side: the dev set, the realset's train and heldout parts,
    the retold articles (realset and dev-set stories told again in other words) and the writers' new articles,
    each with a part held out. Held-out parts are for reporting: their misses are listed only when named with
    --set (for example --set heldout).

    Example: ekspor eval --check          (all bundled sets against their floors)
    Example: ekspor eval --set train      (the realset part that rules are tuned on, with every miss)
    """
    from devtools.evaluate import (
        HELDOUT_SETS,
        SET_NAMES,
        check_floors,
        evaluate,
        load_baseline,
        load_gold,
        load_set,
        set_hash,
    )

    if gold is not None:
        if check or sets:
            err.print("--check and --set apply to the bundled sets; give no GOLD file with them")
            raise typer.Exit(2)
        results = {str(gold): evaluate(load_gold(gold))}
        listed = set(results)
    else:
        unknown = [s for s in sets if s not in SET_NAMES]
        if unknown:
            err.print(f"unknown set(s) {', '.join(unknown)}; choose from {', '.join(SET_NAMES)}")
            raise typer.Exit(2)
        names = [n for n in SET_NAMES if n in sets] if sets else list(SET_NAMES)
        results = {n: evaluate(load_set(n)) for n in names}
        listed = {n for n in names if n not in HELDOUT_SETS or n in sets}
    if as_json:
        print(json.dumps({n: sc.as_dict() if n in listed else {**sc.as_dict(), "misses": None}
                          for n, sc in results.items()}, indent=2, ensure_ascii=False))
    else:
        _print_eval(results, listed if show_misses else set())
    if check:
        baseline = load_baseline(BASELINE)
        problems = [p for n, sc in results.items()
                    for p in check_floors(sc, baseline["sets"].get(n), set_hash(n), n)]
        for p in problems:
            err.print(f"[red]FLOOR[/red] {p}")
        if problems:
            raise typer.Exit(1)


def _print_eval(results: dict[str, Any], with_misses: set[str]) -> None:
    con = Console(width=max(Console().width, 24 + 17 * len(results)))  # one line per measure, however many sets
    names = list(results)
    t = Table(title="ekspor eval: " + ", ".join(f"{n} ({sc.articles})" for n, sc in results.items()))
    t.add_column("measure", no_wrap=True)
    for n in names:
        t.add_column(n, justify="right")
    for part in ("story", "event"):
        for k in ("precision", "recall", "f1"):
            t.add_row(f"{part} {k}", *(f"{getattr(results[n], part)[k]:.3f}" for n in names))
    t.add_row("events (gold)", *(str(results[n].event["tp"] + results[n].event["fn"]) for n in names))
    for f in results[names[0]].fields:
        t.add_row(f"field {f}", *(f"{results[n].fields[f]:.3f}" for n in names))
    t.add_row("date (exact day)", *(f"{results[n].exact_day:.3f}" for n in names))
    t.add_row("negatives w/ shipment", *(str(len(results[n].negatives_with_shipment)) for n in names))
    con.print(t)
    for n in names:
        if n in with_misses:
            con.print(f"[bold]{n}[/bold]: hard negatives with an SME shipment: "
                      f"{results[n].negatives_with_shipment or 'none'}")
            for m in results[n].misses:
                con.print(f"  miss {m}", markup=False)


@app.command("train")
def train_cmd(
    output: Path = typer.Option(Path("data/models/clause_textcat"), "--output", "-o",
                                help="Folder for the trained clause model."),
    folds: int = typer.Option(5, "--folds", help="Cross-validation folds on the tuning data."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Train the learned clause model (spaCy textcat, fixed seed) on the dev set and realset train, pick its
    thresholds by cross-validation, and score the realset heldout with and without it.

    The extractor uses the model only when given it (`extract_articles(..., clause_model=DIR)`); the report
    says whether it earns that. About 3 minutes on 2 cores.

    Example: ekspor train --output data/models/clause_textcat
    """
    from devtools.train_clause import train_and_report

    res = train_and_report(output, folds=folds)
    if as_json:
        print(json.dumps(res, indent=2))
        return
    rows = [[f"cv {k}", f"{v['f1']:.3f}", f"{res['cv_story'][k]['f1']:.3f}"] for k, v in res["cv_event"].items()]
    rows += [[f"heldout {k}", f"{v['event']['f1']:.3f}", f"{v['story']['f1']:.3f}"] for k, v in res["heldout"].items()]
    Console().print(_table(f"ekspor train: thresholds chosen {res['chosen']} (veto/upgrade)",
                           ["setting", "event f1", "story f1"], rows))
    Console().print(f"model written to {res['model']}")


@app.command("robustness")
def robustness_cmd(
    sets: list[str] = typer.Option(["devset", "train"], "--set", "-s", help="Bundled set(s) to perturb."),
    perturbations: list[str] = typer.Option([], "--perturbation", "-p",
                                            help="Perturbation(s) to run (default: all)."),
    max_drop: float | None = typer.Option(None, "--max-drop",
                                   help="Fail when event F1 under any perturbation drops more than this."),
    as_json: bool = typer.Option(False, "--json", help="Print the rows as JSON."),
) -> None:
    """Score labelled sets again in the page shapes scraping produces (hard wraps, comma-glued paragraphs,
    no blank lines, no-break spaces, a capitals headline, teaser lines, CRLF); labels are unchanged.

    Example: ekspor robustness --set devset --set train --max-drop 0.02
    """
    from devtools.evaluate import SET_NAMES
    from devtools.robustness import PERTURBATIONS, robustness

    unknown = [s for s in sets if s not in SET_NAMES] + [p for p in perturbations if p not in PERTURBATIONS]
    if unknown:
        err.print(f"unknown set or perturbation: {', '.join(unknown)}; sets: {', '.join(SET_NAMES)}; "
                  f"perturbations: {', '.join(PERTURBATIONS)}")
        raise typer.Exit(2)
    base, rows = robustness(sets, perturbations or None)
    if as_json:
        print(json.dumps({"sets": sets, "event_f1": base.event["f1"], "story_f1": base.story["f1"],
                          "rows": [r.as_dict() for r in rows]}, indent=2))
    else:
        table = [("as labelled", f"{base.story['f1']:.3f}", f"{base.event['f1']:.3f}", "")]
        table += [(r.perturbation, f"{r.scores.story['f1']:.3f}", f"{r.scores.event['f1']:.3f}",
                   f"{r.scores.event['f1'] - base.event['f1']:+.3f}")
                  for r in rows]
        Console().print(_table(f"ekspor robustness: {', '.join(sets)}",
                               ["text", "story F1", "event F1", "change"], table))
    worse = [r for r in rows if max_drop is not None and r.drop > max_drop]
    for r in worse:
        err.print(f"[red]DROP[/red] {r.perturbation}: event F1 falls by {r.drop:.3f} (more than {max_drop})")
    if worse:
        raise typer.Exit(1)


@app.command("eval-pipeline")
def eval_pipeline() -> None:
    """Cleaning eval (saved real pages and test-web pages) and dedup eval (synthetic near-copies), with floors.

    Example: ekspor eval-pipeline
    """
    from devtools.cleaning_eval import pipeline_eval

    values, problems = pipeline_eval(BASELINE)
    floors = json.loads(BASELINE.read_text(encoding="utf-8"))["pipeline_floors"]
    rows = [(k, f"{v:.3f}" if isinstance(v, float) else v, floors.get(k, "")) for k, v in values.items()]
    Console().print(_table("ekspor eval-pipeline", ["measure", "value", "floor"], rows))
    for p in problems:
        err.print(f"[red]FLOOR[/red] {p}")
    if problems:
        raise typer.Exit(1)


@bench_app.command("extract")
def bench_extract(
    repeats: int = typer.Option(5, help="How many times the dev texts are run through the full extractor."),
    corpus: Path = typer.Option(BENCH_CORPUS, help="gzipped JSONL of real articles for the prefilter."),
) -> None:
    """Throughput (articles/s) of the full extractor and of the prefilter, and peak RSS.

    Example: ekspor bench extract --repeats 10
    """
    from devtools.bench_extract import run_bench

    _measures("ekspor bench extract (one process, one core)", run_bench(corpus, repeats=repeats))


@bench_app.command("pipeline")
def bench_pipeline(pages: int = typer.Option(2000, help="Archived pages (50000 for the RSS check).")) -> None:
    """Pages/s from WARC to warehouse against trafilatura.extract alone on the same pages, and peak RSS.

    Example: ekspor bench pipeline --pages 5000
    """
    from devtools.bench_pipeline import run_bench

    res = run_bench(pages)
    _measures("ekspor bench pipeline (one core)", res)


@bench_app.command("web")
def bench_web(
    events: int = typer.Option(100_000, help="Synthetic events behind the page."),
    clients: int = typer.Option(20, help="Concurrent clients on loopback."),
    seconds: float = typer.Option(30.0, help="How long the load runs (bounded)."),
) -> None:
    """Load test of `ekspor serve`: concurrent clients on 127.0.0.1 for a bounded time; p50/p95 and errors.

    Example: ekspor bench web --events 100000 --clients 20 --seconds 30
    """
    from devtools.bench_web import run_bench

    res = run_bench(events, max(1000, events // 5), clients, seconds)
    _measures("ekspor bench web", res)


@bench_app.command("crawl")
def bench_crawl(copies: int = typer.Option(20, help="Copies of the background news on the local test web.")) -> None:
    """Pages/s of the real crawl against a bare Scrapy spider on the same local test web, and peak RSS.

    Example: ekspor bench crawl --copies 40
    """
    from devtools.bench_crawl import run_bench

    res = run_bench(copies)
    _measures("ekspor bench crawl", res)


@bench_app.command("backfill")
def bench_backfill(
    copies: int = typer.Option(20, help="Copies of the test web's registry pages in the archive."),
    off_copies: int = typer.Option(60, help="Copies of off-registry pages (skipped on their headers)."),
    files: int = typer.Option(16, help="Archive files (Dask tasks)."),
) -> None:
    """Backfill records/s with 1 and 2 workers on one archive, against trafilatura alone; warcio vs FastWARC.

    Example: ekspor bench backfill --copies 40 --files 32
    """
    from devtools.bench_backfill import run_bench

    _measures("ekspor bench backfill", run_bench(copies, off_copies, files))


@bench_app.command("warehouse")
def bench_warehouse(
    events: int = typer.Option(1_000_000, help="Synthetic events."),
    articles: int = typer.Option(200_000, help="Synthetic articles."),
    repeats: int = typer.Option(20, help="Runs of each query for the percentiles."),
    workdir: Path = typer.Option(Path(".bench"), help="Where the synthetic warehouse is written."),
) -> None:
    """Load rows/s, p50/p95 of the documented queries and of FTS, and file size, on a synthetic warehouse.

    Example: ekspor bench warehouse --events 100000 --articles 20000
    """
    from devtools.bench_warehouse import run_bench

    res = run_bench(workdir, events, articles, repeats, REPO_ROOT / "docs" / "queries.md", BENCH_CORPUS)
    _measures("ekspor bench warehouse", res)


@sources_app.command("check")
def sources_check() -> None:
    """Validate the registry: unique domains, Kemendagri codes, parseable URLs; exit 1 on a problem.

    Example: ekspor sources check
    """
    from crawler.registry import load_registry, provinces_covered, validate

    sources = load_registry()
    problems = validate(sources)
    for p in problems:
        err.print(f"[red]problem[/red] {p}")
    Console().print(f"{len(sources)} sources, {len(provinces_covered(sources))} provinces, {len(problems)} problem(s)")
    if problems:
        raise typer.Exit(1)


@sources_app.command("docs")
def sources_docs(out: Path = typer.Option(REPO_ROOT / "docs" / "sources.md", help="Where to write it."),
                 db: Path | None = typer.Option(None, "--db", help="Add each source's observed status from "
                                                                 "this warehouse.")) -> None:
    """Regenerate docs/sources.md from the registry (with --db, also the status a warehouse observed).

    Example: ekspor sources docs
    """
    from crawler.registry import load_registry, render_docs

    observed = None
    if db is not None:
        from warehouse.connection import connect
        from warehouse.health import source_states

        con = connect(db, read_only=True)
        try:
            observed = {k: (v.status, f"{v.since:%Y-%m-%d}") for k, v in source_states(con).items()}
        finally:
            con.close()
    out.write_text(render_docs(load_registry(), observed), encoding="utf-8")
    Console().print(f"wrote {out}")


@sources_app.command("probe")
def sources_probe(
    source: list[str] = typer.Option([], "--source", help="Registry source name(s); default: all but quarantined."),
    site: list[str] = typer.Option([], "--site", help="Ad-hoc site URL(s)."),
    timeout: float = typer.Option(10.0, "--timeout", min=0.5, max=120, help="Seconds per request."),
    allow_private_hosts: bool = typer.Option(False, "--allow-private-hosts", help="Allow loopback (tests)."),
    db: Path | None = DB_OPTION,
) -> None:
    """Check every discovery endpoint of each source (robots, sitemaps, feeds, WordPress API, listings, search
    with a nonsense-keyword check, one article), keep the history, and move each source's observed status.

    Example: ekspor sources probe --source "Antara Jawa Timur"
    """
    from crawler.registry import adhoc, load_registry
    from pipeline.health import probe_sources
    from warehouse.connection import db_path

    registry = load_registry()
    chosen = [s for s in registry if s.name in source] + [adhoc(u) for u in site]
    missing = set(source) - {s.name for s in chosen}
    if missing:
        err.print(f"[red]error[/red] unknown source(s): {', '.join(sorted(missing))}")
        raise typer.Exit(2)
    chosen = chosen or [s for s in registry if s.status != "quarantined"]
    results = probe_sources(db_path(db), chosen, allow_private_hosts, timeout,
                            on_probe=lambda p: err.print(f"probed {p.source}: {p.verdict}", markup=False))
    rows = [(p.source[:28], p.verdict, st.status, ", ".join(p.discovery) or "-", (p.reason or "")[:60])
            for p, st in results]
    Console().print(_table("sources probe", ["source", "verdict", "status", "discovery uses", "problems"], rows))


@sources_app.command("status")
def sources_status(db: Path | None = DB_OPTION) -> None:
    """Each source's observed status, since when, its last good night and its 7-night yield (article links).

    Example: ekspor sources status --db /var/lib/ekspor/ekspor.duckdb
    """
    from warehouse.connection import connect, db_path
    from warehouse.health import source_states, yields_7_nights

    con = connect(db_path(db), read_only=True)
    try:
        states, yields = source_states(con), yields_7_nights(con)
    finally:
        con.close()
    rows = [(name[:28], st.status, f"{st.since:%Y-%m-%d}", f"{st.last_good_night:%Y-%m-%d}" if st.last_good_night
             else "-", yields.get(name, 0), (st.reason or "")[:40]) for name, st in sorted(states.items())]
    Console().print(_table("observed source status", ["source", "status", "since", "last good", "7-night yield",
                                                      "reason"], rows))


@app.command()
def crawl(
    source: list[str] = typer.Option([], "--source",
                                     help="Registry source name(s); default: every active or unverified one."),
    site: list[str] = typer.Option([], "--site", help="Ad-hoc site URL(s) to crawl with auto-discovery."),
    since: str | None = typer.Option(None, help="Only articles modified on or after YYYY-MM-DD."),
    max_pages: int | None = typer.Option(None, "--max-pages", help="Stop after this many responses."),
    allow_private_hosts: bool = typer.Option(False, "--allow-private-hosts",
                                             help="Allow loopback and private addresses (tests, the demo)."),
    distributed: str | None = typer.Option(None, "--distributed", help="redis://host:port/db for scrapy-redis."),
    user_agent: str | None = typer.Option(None, "--user-agent", help="User-Agent with a contact URL."),
    warc_dir: Path | None = typer.Option(None, help="Where the run's WARC files go (default: warc/ beside --db)."),
    fast: bool = typer.Option(False, "--fast", hidden=True, help="Short delays and timeouts for local test sites."),
    log_json: bool = LOG_JSON,
    db: Path | None = DB_OPTION,
) -> None:
    """Crawl registry sources or ad-hoc sites politely into WARC files and the warehouse fetch log.

    Example: ekspor crawl --site http://127.0.0.1:8001/ --allow-private-hosts --max-pages 200
    """
    from pipeline.crawl import CrawlRequest, default_warc_dir, select_sources
    from pipeline.crawl import crawl as run_crawl
    from warehouse.connection import db_path

    try:
        select_sources(source, site)
        _check_date("--since", since)
    except ValueError as exc:
        err.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc
    path = db_path(db)
    request = CrawlRequest(str(path), str(warc_dir or default_warc_dir(path)), source, site, since, max_pages,
                           allow_private_hosts, fast=fast, distributed=distributed)
    if user_agent:
        request.user_agent = user_agent
    with _Bar("pages fetched") as bar:
        report = run_crawl(request, on_fetch=bar)
    if log_json:
        _json_lines(_crawl_lines(report))
    else:
        Console().print(_yield_table(report))
        Console().print(f"WARC: {report.warc}")
    from pipeline.health import night_is_good

    dead = [(name, why) for name, cols in sorted(report.per_source.items())
            for good, why in [night_is_good(cols)] if not good and "every request failed" in why]
    for name, why in dead:
        refused = report.per_source[name].get("refused_private", 0)
        hint = " (private addresses are refused; --allow-private-hosts allows them)" if refused else ""
        err.print(f"failed {name}: {why}{hint}", markup=False, highlight=False)
    if dead:
        raise typer.Exit(1)


def _json_lines(records: list[dict]) -> None:
    for r in records:
        sys.stdout.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")


def _crawl_lines(report) -> list[dict]:
    return [{"event": "crawl", "run_id": report.run_id, "source": name, **cols}
            for name, cols in sorted(report.per_source.items())]


def _process_lines(report) -> list[dict]:
    return [{"event": "stage", "run_id": report.run_id, "source": src, "stage": stage, "status": status,
             "documents": n} for src, stage, status, n in report.table()]


def _check_date(name: str, value: str | None) -> None:
    import datetime as dt

    if value:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{name} must be a date like 2024-01-31") from None


# the yield table fits 80 columns: failure kinds are summed (the full counts are in marts.run_stages)
COMPACT = {"found": ("discovered",), "fetched": ("fetched",), "2xx": ("2xx",), "4xx": ("4xx",), "5xx": ("5xx",),
           "failed": ("timeout", "failed", "refused_private", "too_large", "blocked_robots"),
           "new": ("new_articles",), "known": ("skipped_known", "not_modified")}


def _yield_table(report) -> Table:
    def row(name: str, v: dict[str, int]) -> tuple:
        return (name[:24], *[sum(v.get(c, 0) for c in cols) for cols in COMPACT.values()])

    rows = [row(name, v) for name, v in sorted(report.per_source.items())]
    rows.append(row("TOTAL", report.totals()))
    return _table(f"crawl {report.run_id}", ["source", *COMPACT], rows)


@app.command("process")
def process_cmd(
    run: str | None = typer.Option(None, "--run", help="Only pages fetched by this crawl run."),
    reprocess: bool = typer.Option(False, help="Process pages again even if they were processed."),
    batch: int = typer.Option(200, min=1, help="Documents per load transaction."),
    log_json: bool = LOG_JSON,
    db: Path | None = DB_OPTION,
) -> None:
    """Clean, de-duplicate, filter, extract and load archived pages; print documents per source and stage.

    Example: ekspor process --run crawl-20260101T020000-abc123
    """
    from pipeline.process import process
    from warehouse.connection import db_path

    with _Bar("pages processed") as bar:
        report = process(db_path(db), reprocess=reprocess, run=run, batch=batch, on_progress=bar)
    if log_json:
        _json_lines(_process_lines(report))
        return
    Console().print(_table(f"process {report.run_id}", ["source", "stage", "status", "documents"], report.table()))
    Console().print(_table("loaded", ["measure", "value"], list(report.loaded.items())))


@app.command()
def backfill(
    sources: list[str] = typer.Argument(..., help="WARC files or folders, http(s)/s3:// URLs, or a warc.paths.gz."),
    workers: int = typer.Option(2, "--workers", min=1, max=256, help="Worker processes of the local Dask cluster."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="tcp://HOST:8786 of a running Dask cluster."),
    domains: str = typer.Option("registry", "--domains", help="registry, all, or d1,d2: whose pages to keep."),
    since: str | None = typer.Option(None, "--since", help="Only records dated (WARC-Date) on or after YYYY-MM-DD."),
    until: str | None = typer.Option(None, "--until", help="Only records dated on or before YYYY-MM-DD."),
    resume: bool = typer.Option(True, "--resume/--no-resume", help="Skip archive files an earlier run loaded."),
    base_url: str | None = typer.Option(None, "--base-url", help="Where the paths of a warc.paths.gz live."),
    staging: Path | None = typer.Option(None, "--staging", help="Parquet partitions (default: beside --db)."),
    reader: str = typer.Option("fastwarc", "--reader", help="WARC reader: fastwarc or warcio."),
    db: Path | None = DB_OPTION,
) -> None:
    """Backfill archived news (CC-NEWS-style WARC) into the warehouse on Dask: one task per file; exit 1 if any
    file failed (it is listed with its reason, and the rest are loaded).

    Example: ekspor backfill data/cc-news/2024-06/ --workers 2 --since 2024-06-01
    """
    from crawler.archives import READERS, ArchiveError
    from pipeline.backfill import BackfillRequest, ClusterUnavailable
    from pipeline.backfill import backfill as run_backfill
    from warehouse.connection import db_path

    if reader not in READERS:
        err.print(f"[red]error[/red] --reader must be one of {', '.join(READERS)}")
        raise typer.Exit(2)
    request = BackfillRequest(sources, str(db_path(db)), str(staging) if staging else None, workers, scheduler,
                              domains, since, until, resume, base_url, reader)
    progress = _FileProgress()
    try:
        with progress:
            report = run_backfill(request, on_file=progress.done, on_dashboard=progress.dashboard)
    except (ArchiveError, ClusterUnavailable, ValueError) as exc:
        err.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc
    rows = [(f.uri.rsplit("/", 1)[-1], sum(f.records.values()), f.records.get("matched", 0), f.articles,
             "FAILED" if f.error else "ok") for f in sorted(report.files, key=lambda f: f.uri)]
    Console().print(_table(f"backfill {report.run_id}", ["file", "records", "matched", "articles", "result"], rows))
    Console().print(_table("loaded", ["measure", "value"], list(report.loaded.items())))
    if report.skipped:
        Console().print(f"{len(report.skipped)} file(s) loaded by an earlier run were skipped")
    for f in report.failed:
        err.print(f"[red]failed[/red] {f.error}")
    if report.failed:
        raise typer.Exit(1)


class _Bar:
    """A rich progress bar on stderr when it is a terminal (pages, articles, ETA); silent otherwise, so that
    logs and pipes get only the summary (or the --log-json lines)."""

    def __init__(self, label: str):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.label = label
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeRemainingColumn(), console=err, transient=True) if err.is_terminal else None
        self.task = None

    def __enter__(self) -> _Bar:
        if self.bar:
            self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar:
            self.bar.__exit__(*exc)

    def __call__(self, done: int, total: int | None = None) -> None:
        if self.bar is None:
            return
        if self.task is None:
            self.task = self.bar.add_task(self.label, total=total)
        self.bar.update(self.task, completed=done, total=total)

    def stage(self, label: str) -> None:
        """Start counting a new stage (the nightly's crawl, then its processing)."""
        if self.bar is not None and self.task is not None:
            self.bar.remove_task(self.task)
        self.task, self.label = None, label


class _FileProgress(_Bar):
    """The backfill's bar follows finished archive files; without a terminal, one plain line per file."""

    def __init__(self):
        super().__init__("archive files")

    def dashboard(self, link: str) -> None:
        err.print(f"Dask dashboard: {link}")

    def done(self, outcome, n: int, total: int) -> None:
        if self.bar is not None:
            self(n, total)
        else:
            err.print(f"[{n}/{total}] {outcome.uri} {'FAILED: ' + outcome.error if outcome.error else 'ok'}",
                      markup=False, highlight=False)


@app.command()
def nightly(
    source: list[str] = typer.Option([], "--source", help="Registry source name(s); default: all but quarantined."),
    site: list[str] = typer.Option([], "--site", help="Ad-hoc site URL(s)."),
    since: str | None = typer.Option(None, help="Only articles modified on or after YYYY-MM-DD."),
    max_pages: int | None = typer.Option(None, "--max-pages"),
    allow_private_hosts: bool = typer.Option(False, "--allow-private-hosts"),
    warc_dir: Path | None = typer.Option(None, help="Where WARC files go (default: warc/ beside --db)."),
    fast: bool = typer.Option(False, "--fast", hidden=True),
    report_json: Path | None = typer.Option(None, "--report-json",
                                            help="Where the JSON report goes (default: reports/ beside --db)."),
    log_json: bool = LOG_JSON,
    db: Path | None = DB_OPTION,
) -> None:
    """The scheduled job: crawl, process, run the data checks, review source health, publish the snapshot and
    write a JSON report; exit 1 on a failure (warnings, such as a source gone quiet, keep exit 0).

    Example: ekspor nightly --db /var/lib/ekspor/ekspor.duckdb
    """
    from pipeline.crawl import default_warc_dir
    from pipeline.nightly import LockBusy, default_report_path, write_report
    from pipeline.nightly import nightly as run_nightly
    from warehouse.connection import db_path

    try:
        _check_date("--since", since)
    except ValueError as exc:
        err.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc
    try:
        path = db_path(db)
        with _Bar("crawling (in a child process)") as bar:
            report = run_nightly(path, warc_dir or default_warc_dir(path), source, site, since, max_pages,
                                 allow_private_hosts, fast, on_stage=bar.stage, on_progress=bar)
    except LockBusy as exc:
        err.print(f"[red]busy[/red] {exc}")
        raise typer.Exit(75) from exc
    written = write_report(report, report_json or default_report_path(path))
    if log_json:
        from pipeline.nightly import alerts

        _json_lines((_crawl_lines(report.crawl) if report.crawl else []) +
                    (_process_lines(report.process) if report.process else []) +
                    [{"event": "alert", **a.as_dict()} for a in alerts(report)] +
                    [{"event": "nightly", "ok": report.ok, "report": str(written)}])
    else:
        _print_nightly(report)
        Console().print(f"report: {written}")
    if not report.ok:
        raise typer.Exit(1)


def _print_nightly(report) -> None:

    con = Console()
    if report.crawl:
        con.print(_yield_table(report.crawl))
    if report.crawl_exit != 0 or report.crawl is None:
        con.print(report.crawl_log.strip()[-3000:], markup=False)
    if report.process:
        totals: dict[tuple[str, str], int] = {}
        for _src, stage, status, n in report.process.table():
            totals[(stage, status)] = totals.get((stage, status), 0) + n
        con.print(_table("process: documents per stage", ["stage", "status", "documents"],
                         [(s, st, n) for (s, st), n in sorted(totals.items())]))
    failed = [c for c in report.checks if not c.ok]
    con.print(f"crawl exit {report.crawl_exit}; data checks: {len(report.checks) - len(failed)} ok, "
              f"{len(failed)} failed {[c.name for c in failed] if failed else ''}")
    from pipeline.nightly import alerts

    for a in alerts(report):
        con.print(f"{'[red]FAILURE[/red]' if a.level == 'failure' else '[yellow]warning[/yellow]'} {a.message}",
                  highlight=False)
    if report.health:
        for src, old, new in report.health.changes:
            con.print(f"status {src}: {old} -> {new}", markup=False)
    con.print("[green]nightly ok[/green]" if report.ok else "[red]nightly FAILED[/red]")


@app.command()
def demo(
    db: Path = typer.Option(Path("data/demo.duckdb"), "--db", help="A fresh warehouse for the demo."),
    warc_dir: Path = typer.Option(Path("data/demo-warc")),
) -> None:
    """Offline demo: serve the bundled test web on 127.0.0.1, run the nightly job into a fresh warehouse, show it.

    Example: ekspor demo
    """
    import shutil

    from devtools.demo import run_demo

    result = run_demo(db, warc_dir, on_serve=lambda web: Console().print(
        f"serving {len(web.outlets)} test outlets: {', '.join(web.urls)}"))
    _print_nightly(result.nightly)
    for title, (column, rows) in result.summaries.items():
        Console().print(_table(title, [column, "events"], rows))
    exe = "ekspor" if shutil.which("ekspor") else str(Path(sys.executable).parent / "ekspor")
    Console().print("Next:\n" + "\n".join(f"  {exe} {step}" for step in result.next_steps))
    if not result.nightly.ok:
        raise typer.Exit(1)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to bind (loopback unless told otherwise)."),
    port: int = typer.Option(8000, min=1, max=65535),
    workers: int = typer.Option(1, min=1, max=32, help="Worker processes (each reads the snapshot)."),
    db: Path | None = DB_OPTION,
) -> None:
    """Serve the journalists' search page and JSON API over the published warehouse snapshot.

    Example: ekspor serve --port 8000 --db data/demo.duckdb
    """
    import uvicorn

    from warehouse.connection import db_path
    from web.app import create_app

    if workers == 1:
        uvicorn.run(create_app(db_path(db)), host=host, port=port, log_level="warning", server_header=False)
    else:  # separate processes need an import string; the app factory reads the path from the environment
        os.environ["EKSPOR_DB"] = str(db_path(db))
        uvicorn.run("web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_level="warning", server_header=False)


def _measures(title: str, res: dict) -> None:
    Console().print(_table(title, ["measure", "value"],
                           [(k, f"{v:,.2f}" if isinstance(v, float) else v) for k, v in res.items()]))


def _table(title: str, columns: list[str], rows: list[tuple]) -> Table:
    t = Table(title=title)
    for c in columns:
        t.add_column(c)
    for r in rows:
        t.add_row(*["" if v is None else str(v) for v in r])
    return t


@db_app.command("migrate")
def db_migrate(db: Path | None = DB_OPTION) -> None:
    """Create or upgrade the warehouse schema (each migration one transaction, recorded with its time).

    Example: ekspor db migrate --db data/ekspor.duckdb
    """
    from warehouse.connection import connect, db_path
    from warehouse.migrations import migrate

    con = connect(db_path(db))
    ran = migrate(con)
    con.close()
    Console().print(f"applied {len(ran)} migration(s): {', '.join(m.name for m in ran) or 'none pending'}")


@db_app.command("status")
def db_status(db: Path | None = DB_OPTION) -> None:
    """List every registered migration and when it was applied.

    Example: ekspor db status
    """
    from warehouse.connection import connect, db_path
    from warehouse.migrations import status

    path = db_path(db)
    con = connect(path, read_only=path.exists())
    rows = status(con) if path.exists() else [(v, n, "pending") for v, n, _ in status(con)]
    con.close()
    Console().print(_table(f"migrations in {path}", ["version", "name", "applied_at"], rows))


@db_app.command("check")
def db_check(db: Path | None = DB_OPTION) -> None:
    """Run the data tests (keys, nulls, accepted values, foreign keys, counts); exit 1 on any failure.

    Example: ekspor db check
    """
    from warehouse.checks import run_checks
    from warehouse.connection import connect, db_path

    con = connect(db_path(db), read_only=True)
    results = run_checks(con)
    con.close()
    Console().print(_table("data tests", ["check", "failing rows", "result"],
                           [(r.name, r.failures, "ok" if r.ok else "FAIL") for r in results]))
    if not all(r.ok for r in results):
        raise typer.Exit(1)


@db_app.command("docs")
def db_docs(out: Path = typer.Option(REPO_ROOT / "docs" / "data-dictionary.md", help="Where to write it."),
            ) -> None:
    """Regenerate docs/data-dictionary.md from a freshly migrated in-memory warehouse.

    Example: ekspor db docs
    """
    from warehouse.dictionary import render_fresh

    out.write_text(render_fresh(), encoding="utf-8")
    Console().print(f"wrote {out}")


@app.command()
def ingest(
    files: list[str] = typer.Argument(..., help="JSONL file(s) in the `ekspor extract` input format, or -."),
    db: Path | None = DB_OPTION,
) -> None:
    """Extract and load your own articles into the warehouse (idempotent), then publish the read snapshot.

    Example: ekspor ingest nlp/data/devset/gold.jsonl --db data/dev.duckdb
    """
    from pipeline.ingest import ingest_records
    from pipeline.io import read_articles
    from warehouse.connection import db_path

    bad: list[str] = []
    with _Bar("articles extracted") as bar:
        report = ingest_records(read_articles(files, bad), db_path(db), on_progress=bar)
    for e in bad + report.errors:
        err.print(f"[red]skipped[/red] {e}")
    Console().print(_table("ingest", ["measure", "value"], list(report.stats.as_dict().items())))
    Console().print(f"snapshot published: {report.snapshot}")
    if bad or report.errors:
        raise typer.Exit(1)


@app.command("search")
def search_cmd(
    query: str = typer.Argument(..., help="Words to search for; Indonesian stemming applies."),
    limit: int = typer.Option(20, min=1, max=200),
    as_json: bool = typer.Option(False, "--json", help="Print hits as JSON."),
    db: Path | None = DB_OPTION,
) -> None:
    """Full-text search (BM25) over articles and events, ranked, each hit with a snippet.

    Example: ekspor search "kopi jepang" --json
    """
    from warehouse import open_warehouse

    try:
        with open_warehouse(db) as wh:
            hits = wh.search(query, limit)
    except ValueError as exc:
        err.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc
    if as_json:
        print(json.dumps([h.as_dict() for h in hits], ensure_ascii=False, indent=1))
        return
    Console().print(_table(f"search: {query}", ["score", "kind", "title", "snippet"],
                           [(f"{h.score:.3f}", h.kind, h.title, h.snippet) for h in hits]))


@app.command("export")
def export_cmd(
    format: str = typer.Option("parquet", "--format", help="parquet, csv or jsonl."),
    out: Path = typer.Option(..., "--out", help="Output directory."),
    db: Path | None = DB_OPTION,
) -> None:
    """Export events, mentions and articles partitioned by year, with a data dictionary.

    Example: ekspor export --format parquet --out exports/
    """
    from warehouse import open_warehouse
    from warehouse.export import export

    with open_warehouse(db) as wh:
        try:
            counts = export(wh.con, format, out)
        except ValueError as exc:
            err.print(f"[red]error[/red] {exc}")
            raise typer.Exit(2) from exc
    Console().print(_table(f"exported to {out}", ["table", "rows"], list(counts.items())))


@app.command("sql")
def sql_cmd(
    query: str = typer.Argument(..., help="A SQL query (read-only: runs on the published snapshot)."),
    csv: bool = typer.Option(False, "--csv", help="Print CSV instead of a table."),
    db: Path | None = DB_OPTION,
) -> None:
    """Run a read-only SQL query against the warehouse and print a table or CSV.

    Example: ekspor sql "SELECT province, count(*) FROM marts.v_export_events GROUP BY 1"
    """
    import duckdb

    from warehouse import open_warehouse

    with open_warehouse(db) as wh:
        try:
            df = wh.sql(query)
        except duckdb.Error as exc:
            err.print(f"[red]error[/red] {str(exc).splitlines()[0]}")
            raise typer.Exit(2) from exc
    if csv:
        sys.stdout.write(df.to_csv(index=False))
    else:
        rows = [tuple(r) for r in df.itertuples(index=False)]
        Console().print(_table(query[:60], [str(c) for c in df.columns], rows))


if __name__ == "__main__":
    main()
