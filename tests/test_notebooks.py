"""Both notebooks run headless (nbclient, a real kernel) against a warehouse built from the dev set."""

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from devtools.evaluate import default_gold_path, load_gold
from pipeline.ingest import ingest_records

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def dev_warehouse(tmp_path_factory):
    path = tmp_path_factory.mktemp("nb") / "ekspor.duckdb"
    ingest_records([{"id": g["id"], "text": g["text"], "published": g.get("published"), "url": g.get("url")}
                    for g in load_gold(default_gold_path())], path)
    return path


def test_there_are_at_least_two_notebooks_with_outputs_stripped():
    assert len(NOTEBOOKS) >= 2
    for nb in NOTEBOOKS:
        cells = json.loads(nb.read_text())["cells"]
        assert all(not c.get("outputs") and not c.get("execution_count") for c in cells if c["cell_type"] == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes(path, dev_warehouse, monkeypatch):
    monkeypatch.setenv("EKSPOR_DB", str(dev_warehouse))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert images, "the notebook should draw real plots"
