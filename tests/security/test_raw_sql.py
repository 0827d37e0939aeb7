"""No SQL is built from user input: queries go through the ORM, or pass every value as a
parameter. The project's Python is parsed (not grepped), so a call split over lines is seen.

SQL text that is one literal (inline or a module-level constant) passes. SQL put together at
run time (f-strings, %, +, .format(), a variable) fails unless its function has been read and
listed in REVIEWED with the reason it is safe; a change to such a function deserves a new read.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# bench/ holds operator scripts run by hand with their own arguments, never by the site.
SKIPPED_DIRS = {
    ".venv",
    "node_modules",
    "var",
    "staticfiles",
    ".git",
    "migrations",
    "tests",
    "bench",
}
RAW_SQL_CALLS = {"raw", "extra", "execute", "executemany", "executescript", "RawSQL"}

# (file, function) -> why its run-time SQL holds no user input.
REVIEWED: dict[tuple[str, str], str] = {
    ("search/backends.py", "_postgres_search"): (
        "formats in Filters.sql(), whose fragments are constants; every value is a parameter"
    ),
    ("search/backends.py", "_sqlite_search"): (
        "formats in Filters.sql() fragments and module constants; values are parameters"
    ),
    ("search/backends.py", "_sqlite_similar"): (
        "formats in the FTS_WEIGHTS and _SIMILAR_COLUMNS constants and _shared_facts(), whose "
        "column names come from forum.facts.FACT_NAMES; the match and the facts are parameters"
    ),
    ("search/backends.py", "_postgres_similar"): (
        "formats in _SIMILAR_COLUMNS and _shared_facts(): column names from FACT_NAMES, every "
        "value a parameter"
    ),
    ("search/backends.py", "search_fact_rows"): (
        "formats in Filters.sql() fragments and the constants _FACT_GROUPS and _STATES_A_FACT, "
        "made from FACT_NAMES and SIDE_COUNT_FIELDS; values are parameters"
    ),
    ("search/indexing.py", "_sync"): "formats in the constant scopes _POST/_THREAD/_RANGE",
    ("search/indexing.py", "_insert_range"): "formats in the constant scope _RANGE[0]",
    ("config/observability.py", "__call__"): (
        "the query counter's execute wrapper passes Django's own SQL and parameters on unchanged"
    ),
}


@dataclass(frozen=True)
class RawSql:
    line: int
    function: str
    call: str
    built_at_run_time: bool


def project_python_files() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts)
    ]


def _module_string_constants(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        value = getattr(node, "value", None)
        is_text = isinstance(value, ast.Constant) and isinstance(value.value, str)
        if isinstance(node, ast.Assign) and is_text:
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def raw_sql_calls(source: str) -> list[RawSql]:
    tree = ast.parse(source)
    constants = _module_string_constants(tree)
    found = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Call):
                func = child.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in RAW_SQL_CALLS:
                    sql = child.args[0] if child.args else None
                    fixed = isinstance(sql, ast.Constant) or (
                        isinstance(sql, ast.Name) and sql.id in constants
                    )
                    # QuerySet.extra() takes SQL in several arguments: always needs a read.
                    dynamic = name == "extra" or (sql is not None and not fixed)
                    found.append(RawSql(child.lineno, function, name, dynamic))
            visit(child, function)

    visit(tree, "<module>")
    return found


def test_no_sql_is_put_together_at_run_time_outside_reviewed_functions():
    offenders = []
    for path in project_python_files():
        relative = path.relative_to(ROOT).as_posix()
        for call in raw_sql_calls(path.read_text(encoding="utf-8")):
            if call.built_at_run_time and (relative, call.function) not in REVIEWED:
                offenders.append(f"{relative}:{call.line} {call.call}() in {call.function}")
    assert offenders == []


def test_every_reviewed_function_still_exists_and_still_builds_sql():
    seen = set()
    for path in project_python_files():
        relative = path.relative_to(ROOT).as_posix()
        for call in raw_sql_calls(path.read_text(encoding="utf-8")):
            if call.built_at_run_time:
                seen.add((relative, call.function))
    assert set(REVIEWED) <= seen


def test_the_scan_reads_the_project_and_sees_the_health_check():
    health = raw_sql_calls((ROOT / "forum/views.py").read_text(encoding="utf-8"))
    assert RawSql(health[0].line, "healthz", "execute", False) in health


@pytest.mark.parametrize(
    "source",
    [
        "def f(name):\n    cursor.execute(f\"SELECT * FROM t WHERE name = '{name}'\")",
        'def f(i):\n    cursor.execute("SELECT * FROM t WHERE id = %s" % i)',
        'def f(i):\n    cursor.execute("SELECT * FROM t WHERE id = {}".format(i))',
        'def f(i):\n    cursor.execute("SELECT * FROM t WHERE id = " + i)',
        "def f(query):\n    cursor.execute(query)",
        "def f(q):\n    Thread.objects.raw(f\"SELECT * FROM forum_thread WHERE title = '{q}'\")",
        'def f(q):\n    Thread.objects.extra(where=["title = %s"], params=[q])',
        "def f(sql):\n    Thread.objects.annotate(x=RawSQL(sql, []))",
        'SQL = "SELECT {}"\ndef f(q):\n    cursor.execute(SQL.format(q))',
    ],
)
def test_the_scan_catches_sql_put_together_at_run_time(source):
    assert [call.built_at_run_time for call in raw_sql_calls(source)] == [True]


def test_the_scan_accepts_fixed_sql_with_parameters():
    source = (
        'QUERY = "SELECT * FROM t WHERE id = %s"\n'
        "def f(x):\n"
        '    cursor.execute("SELECT 1")\n'
        '    cursor.execute("SELECT * FROM t WHERE id = %s", [x])\n'
        "    cursor.execute(QUERY, [x])\n"
    )
    assert [call.built_at_run_time for call in raw_sql_calls(source)] == [False, False, False]
