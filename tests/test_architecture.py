"""The layout holds: imports point one way, and only `warehouse/` speaks SQL.

crawler and nlp produce records; warehouse stores and answers; pipeline and web sit on top of them; the
command line (`ekspor`) and the development tools (`devtools`) sit on top of everything, and no runtime
package imports them.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ALLOWED = {
    "nlp": {"nlp"},
    "crawler": {"crawler", "nlp"},
    "warehouse": {"warehouse", "crawler", "nlp"},
    "pipeline": {"pipeline", "warehouse", "crawler", "nlp"},
    "web": {"web", "warehouse", "crawler", "nlp"},
    "devtools": {"devtools", "pipeline", "web", "warehouse", "crawler", "nlp"},
    "ekspor": {"ekspor", "devtools", "pipeline", "web", "warehouse", "crawler", "nlp"},
}
OURS = set(ALLOWED)
SQL = re.compile(r"\b(SELECT\b.*\bFROM|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|CREATE\s+(OR\s+REPLACE\s+)?"
                 r"(TEMP\s+)?(TABLE|VIEW|INDEX|SCHEMA)|DROP\s+(TABLE|VIEW)|BEGIN\s+TRANSACTION|ROLLBACK|CHECKPOINT|"
                 r"PRAGMA)\b|\b(raw|staging|marts)\.[a-z_]+\b", re.S)
DB_CALLS = {"execute", "executemany", "fetchall", "fetchone", "register"}  # the DuckDB connection API


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def imported_packages(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & OURS


def upward_imports(package: str, source: str) -> set[str]:
    return imported_packages(ast.parse(source)) - ALLOWED[package]


def sql_strings(source: str) -> list[str]:
    """String constants that hold SQL or a warehouse table name; docstrings (documentation) are not code."""
    tree = ast.parse(source)
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and id(n) not in docstrings and SQL.search(n.value)]


def db_calls(source: str) -> list[str]:
    return [n.func.attr for n in ast.walk(ast.parse(source))
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in DB_CALLS]


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_point_one_way(package):
    bad = {str(p.relative_to(ROOT)): sorted(upward_imports(package, p.read_text(encoding="utf-8")))
           for p in modules(package)}
    assert not {k: v for k, v in bad.items() if v}, "imports against the layering"


@pytest.mark.parametrize("package", sorted(OURS - {"warehouse"}))
def test_no_sql_outside_the_warehouse(package):
    found = {str(p.relative_to(ROOT)): sql_strings(p.read_text(encoding="utf-8")) + db_calls(p.read_text("utf-8"))
             for p in modules(package)}
    assert not {k: v for k, v in found.items() if v}, "SQL or database calls outside warehouse/"


def test_transactions_are_written_once():
    """BEGIN/COMMIT/ROLLBACK live in `warehouse.connection.transaction` only; every write goes through it."""
    hits = [str(p.relative_to(ROOT)) for p in modules("warehouse")
            if re.search(r"BEGIN TRANSACTION|\"COMMIT\"|\"ROLLBACK\"", p.read_text(encoding="utf-8"))]
    assert hits == ["warehouse/connection.py"]


def test_the_checks_themselves_can_fail():
    assert upward_imports("crawler", "from warehouse.load import url_key\n") == {"warehouse"}
    assert upward_imports("pipeline", "import web.app\n") == {"web"}
    assert upward_imports("web", "from devtools import testweb\n") == {"devtools"}
    assert upward_imports("nlp", "from . import records\nimport re\n") == set()
    assert sql_strings('q = f"SELECT * FROM {t} WHERE x = ?"\n')
    assert sql_strings('name = "marts.events"\n')
    assert not sql_strings('"""Reads marts.events (documentation)."""\nx = "select an item from the list"\n')
    assert db_calls("con.execute('...')\n") == ["execute"]


def test_every_package_is_layered():
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages - {"tests", "notebooks", "scripts"} == OURS
