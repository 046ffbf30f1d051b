"""The `ekspor` command line: thin wrappers, each calling one public library function."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(help="Ekspor Radar: Indonesian SME export stories from regional news.", no_args_is_help=True,
                  add_completion=False)
bench_app = typer.Typer(help="Benchmarks (throughput and peak memory; not part of the test suite).",
                        no_args_is_help=True)
app.add_typer(bench_app, name="bench")
err = Console(stderr=True)

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = REPO_ROOT / "examples" / "articles.jsonl"
BASELINE = REPO_ROOT / "nlp" / "eval_baseline.json"
BENCH_CORPUS = REPO_ROOT / "bench" / "clickid_sample.jsonl.gz"


def read_records(paths: list[str]) -> Iterator[dict[str, Any] | str]:
    """Yield article dicts; a line that is not valid JSON yields an error string instead (never fatal)."""
    for p in paths:
        if p != "-" and p.endswith(".txt"):
            raw = Path(p).read_bytes()
            yield {"id": Path(p).stem, "text": raw.decode("utf-8", errors="replace"), "title": None,
                   "published": None, "url": None}
            continue
        stream = sys.stdin.buffer if p == "-" else open(p, "rb")  # noqa: SIM115
        try:
            for n, raw in enumerate(stream, 1):
                if not raw.strip():
                    continue
                try:
                    yield json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                    yield f"line {n} of {p}: not valid UTF-8 JSON ({exc.__class__.__name__}: {str(exc)[:80]})"
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()


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
    gold: Path | None = typer.Argument(None, help="Gold JSONL (default: the bundled dev set)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    check: bool = typer.Option(False, "--check", help="Fail when a score is below its pinned floor."),
    show_misses: bool = typer.Option(True, "--misses/--no-misses", help="List every miss with its article id."),
) -> None:
    """Score the extractor against labelled articles: story and event P/R/F1, per-field accuracy, misses.

    Example: ekspor eval --check
    """
    from nlp.evaluate import check_floors, default_gold_path, evaluate, gold_hash, load_baseline, load_gold

    path = gold or default_gold_path()
    scores = evaluate(load_gold(path))
    if as_json:
        print(json.dumps(scores.as_dict(), indent=2, ensure_ascii=False))
    else:
        con = Console()
        t = Table(title=f"ekspor eval: {path} ({scores.articles} articles)")
        for c in ("score", "precision", "recall", "f1"):
            t.add_column(c)
        for name, s in (("story", scores.story), ("event", scores.event)):
            t.add_row(name, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}")
        con.print(t)
        ft = Table(title="field accuracy on matched events")
        ft.add_column("field")
        ft.add_column("accuracy")
        for k, v in scores.fields.items():
            ft.add_row(k, f"{v:.3f}")
        ft.add_row("date (exact day)", f"{scores.exact_day:.3f}")
        con.print(ft)
        con.print(f"hard negatives with an SME shipment: {scores.negatives_with_shipment or 'none'}")
        if show_misses:
            for m in scores.misses:
                con.print(f"  miss {m}", markup=False)
    if check:
        problems = check_floors(scores, load_baseline(BASELINE), gold_hash(path))
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
    from nlp.bench import run_bench

    res = run_bench(corpus, repeats=repeats)
    t = Table(title="ekspor bench extract (one process, one core)")
    t.add_column("measure")
    t.add_column("value", justify="right")
    for k, v in res.items():
        t.add_row(k, f"{v:,.2f}" if isinstance(v, float) else str(v))
    Console().print(t)


if __name__ == "__main__":
    app()
