"""`ekspor` end to end, as a user runs it: real files, real subprocesses, bad input included."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EKSPOR = [sys.executable, "-m", "ekspor.cli"]


def run(args, stdin=None):
    return subprocess.run(EKSPOR + args, input=stdin, capture_output=True, cwd=ROOT, timeout=300,
                          env={**os.environ, "COLUMNS": "200"})


def test_extract_examples_one_line_per_article_in_order(tmp_path):
    out = tmp_path / "events.jsonl"
    p = run(["extract", "--input", "examples/articles.jsonl", "--output", str(out)])
    assert p.returncode == 0, p.stderr.decode()
    ids_in = [json.loads(line)["id"] for line in (ROOT / "examples/articles.jsonl").read_text().splitlines()]
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [x["id"] for x in lines] == ids_in
    assert any(x["is_export_story"] for x in lines)
    ev = next(e for x in lines for e in x["events"] if e["status"] == "shipment")
    assert set(ev) == {"status", "exporter", "exporter_type", "origin", "product", "product_code", "destination",
                       "quantity", "value", "date", "evidence", "confidence"}


def test_bad_input_gets_per_line_errors_and_a_failing_exit(tmp_path):
    src = tmp_path / "in.jsonl"
    good = {"id": "ok", "text": "UMKM Maju melepas ekspor perdana 1 ton kopi ke Jepang, Senin (1/7/2024).",
            "published": None, "url": None, "title": None}
    lines = [
        json.dumps(good).encode(),
        b'{"id": "broken", "text": ',  # a broken JSON line
        json.dumps({"id": "empty", "text": ""}).encode(),
        json.dumps({"id": "junk", "text": "\x00\x01\x02" * 100}).encode(),
        json.dumps({"id": "big", "text": "kata " * 1_000_000}).encode(),  # 5 MB
        b'{"id": "latin1", "text": "ekspor ke Jep\xe1ng"}',  # not UTF-8
        json.dumps({"id": "nodate", "text": "x", "published": "kemarin"}).encode(),
        json.dumps(good | {"id": "ok2"}).encode(),
    ]
    src.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out.jsonl"
    p = run(["extract", "--input", str(src), "--output", str(out)])
    assert p.returncode == 1
    res = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(res) == len(lines)
    by_id = {r["id"]: r for r in res if r["id"]}
    assert by_id["ok"]["is_export_story"] and by_id["ok2"]["is_export_story"]
    assert "error" not in by_id["empty"] and by_id["empty"]["events"] == []
    assert "binary" in by_id["junk"]["error"]
    assert "too large" in by_id["big"]["error"]
    assert "published" in by_id["nodate"]["error"]
    assert sum(1 for r in res if r["id"] is None and "not valid UTF-8 JSON" in r["error"]) == 2
    assert b"failed" in p.stderr


def test_txt_input_and_stdout(tmp_path):
    f = tmp_path / "berita.txt"
    f.write_text("Koperasi Tani Makmur melepas ekspor perdana 3 ton vanili ke Prancis, Selasa (2/7/2024).")
    p = run(["extract", "--input", str(f), "--output", "-"])
    assert p.returncode == 0, p.stderr.decode()
    (line,) = p.stdout.decode().splitlines()
    res = json.loads(line)
    assert res["id"] == "berita" and res["events"][0]["destination"]["iso2"] == "FR"


def test_stdin(tmp_path):
    rec = {"id": "s", "text": "IKM Sepatu Jaya melepas ekspor perdana 500 pasang sepatu ke Senegal, Senin (1/7/2024)."}
    p = run(["extract", "--input", "-"], stdin=(json.dumps(rec) + "\n").encode())
    assert p.returncode == 0
    assert json.loads(p.stdout)["events"][0]["quantity"]["unit"] == "pair"


def _commands(group=None, prefix=()):
    import typer

    from ekspor.cli import app

    group = group or typer.main.get_command(app)
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):  # a sub-app (typer may bring its own click)
            yield from _commands(cmd, prefix + (name,))
        else:
            yield list(prefix + (name,))


@pytest.mark.parametrize("cmd", list(_commands()), ids=" ".join)
def test_every_command_has_an_example_and_is_in_the_readme(cmd):
    p = run(cmd + ["--help"])
    assert p.returncode == 0
    assert "Example: ekspor " + " ".join(cmd) in p.stdout.decode()
    assert "ekspor " + " ".join(cmd) in (ROOT / "README.md").read_text()


def test_eval_command_prints_every_set_side_by_side_and_hides_heldout_misses():
    p = run(["eval", "--json"])
    assert p.returncode == 0, p.stderr.decode()
    scores = json.loads(p.stdout)
    assert list(scores) == ["devset", "train", "heldout", "retold", "retold-3", "retold-heldout", "retold-4",
                            "retold2-heldout", "writers",
                            "writers-2", "writers-3", "writers-4", "writers-5", "writers-6", "writers-7",
                            "writers-8", "writers-9", "writers-10", "writers-11", "writers-12", "writers-13",
                            "writers-14", "writers-15", "writers-16", "writers-17", "writers-18",
                            "writers-heldout",
                            "templated-heldout", "roundup-heldout", "mixed-heldout", "phrasing-heldout",
                            "feature-heldout", "damage-heldout", "close-heldout", "close2-heldout",
                            "breadth-heldout", "period-heldout", "clickid"]
    assert scores["devset"]["articles"] == 32 and 0 <= scores["train"]["event"]["f1"] <= 1
    for name in ("heldout", "retold-heldout", "writers-heldout", "templated-heldout", "roundup-heldout",
                 "mixed-heldout", "phrasing-heldout", "feature-heldout",
                 "damage-heldout", "close-heldout", "close2-heldout", "breadth-heldout",
                 "period-heldout", "retold2-heldout"):
        assert scores[name]["misses"] is None, name
    assert all(isinstance(scores[n]["misses"], list) for n in ("train", "retold", "retold-3", "writers", "writers-2",
                                                                  "writers-3", "writers-4", "writers-5",
                                                                  "writers-6", "writers-7", "writers-8",
                                                                  "writers-9", "writers-10", "writers-11", "writers-12",
                                                                  "writers-13", "writers-14", "writers-15",
                                                                  "writers-16", "writers-17", "writers-18", "retold-4",
                                                                  "clickid"))
    table = run(["eval", "--no-misses"]).stdout.decode()
    assert all(name in table for name in scores) and "event f1" in table
    named = json.loads(run(["eval", "--json", "--set", "heldout"]).stdout)
    assert list(named) == ["heldout"] and isinstance(named["heldout"]["misses"], list)


def test_eval_check_passes_on_the_bundled_sets_and_rejects_unknown_sets():
    assert run(["eval", "--check", "--no-misses"]).returncode == 0
    bad = run(["eval", "--set", "nope"])
    assert bad.returncode == 2 and "unknown set" in bad.stderr.decode()


def test_robustness_command_scores_a_perturbation_and_refuses_unknown_ones():
    p = run(["robustness", "--set", "devset", "-p", "crlf", "-p", "hard-wrap", "--json", "--max-drop", "0.01"])
    assert p.returncode == 0, p.stderr.decode()
    out = json.loads(p.stdout)
    assert [r["perturbation"] for r in out["rows"]] == ["crlf", "hard-wrap"]
    assert out["rows"][0]["event_f1"] == out["event_f1"]
    bad = run(["robustness", "-p", "upside-down"])
    assert bad.returncode == 2 and "upside-down" in bad.stderr.decode()
