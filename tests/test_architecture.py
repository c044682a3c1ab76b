"""The import rules of docs/architecture.md ("Who may import whom"), checked on the source.

Each package's imports of the project's own modules are read with :mod:`ast`; an import
inside a function counts too, except where the table allows it there only (the CLI's
``serve`` and ``users`` commands load the web app when they run).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: package (module prefix) -> the project's modules it may import, besides its own.
ALLOWED = {
    "indexer.article": (), "indexer.config": (), "indexer.nltk_modules": (),     # leaves
    "indexer.corpus": (),
    "indexer.extract": ("indexer.corpus", "indexer.article", "indexer.nltk_modules"),
    "indexer.index": ("indexer.article", "indexer.nltk_modules"),
    "indexer.sync": ("indexer.",),
    "indexer.searchd": ("indexer.index", "indexer.article", "indexer.config", "indexer.sync.sink",
                        "indexer.sync.grouping", "indexer.sync.names"),
    "indexer.cli": ("indexer.",),
    "webapp": ("indexer.index", "indexer.searchd", "indexer.article", "indexer.config",
               "indexer.extract.people.sentences"),
}
#: Forbidden inside an allowed prefix.
EXCEPT = {"indexer.sync": ("indexer.searchd",)}
#: Imported inside functions only.
LAZY = {"indexer.cli": ("webapp", "webapp.serving", "webapp.access", "webapp.users")}
#: webapp/views.py: the view functions see the backend interface, never an engine.
VIEWS_MAY_IMPORT = ("webapp.backend", "webapp.document", "webapp.params", "webapp.present")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, bool]]:
    """(imported module, at module level?) for each import in ``path``, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).rsplit(".", 0 if path.name == "__init__.py" else 1)[0]
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, id(node) in top) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            names = [f"{base}.{alias.name}" for alias in node.names]
            found += [(name, id(node) in top) for name in names]
    return found


def owner(module: str) -> str | None:
    for prefix in sorted(ALLOWED, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return prefix
    return None


def within(name: str, prefixes) -> bool:
    return any(name == p.rstrip(".") or name.startswith(p if p.endswith(".") else p + ".") for p in prefixes)


SOURCES = sorted(p for folder in ("indexer", "webapp") for p in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_module_imports_only_what_its_package_may(path):
    module = module_name(path)
    package = owner(module)
    wrong = []
    for name, at_top in imports(path):
        if not within(name, ("indexer", "webapp")) or package is None or within(name, (package,)):
            continue
        allowed = within(name, ALLOWED[package]) and not within(name, EXCEPT.get(package, ()))
        lazy = not at_top and within(name, LAZY.get(package, ()))
        if not (allowed or lazy):
            wrong.append(name)
    assert not wrong, f"{module} imports {wrong}: see 'Who may import whom' in docs/architecture.md"


def test_the_views_see_the_backend_interface_only():
    names = [name for name, _ in imports(ROOT / "webapp" / "views.py")]
    assert not [n for n in names if n.split(".")[0] == "whoosh"]
    own = [n for n in names if within(n, ("webapp", "indexer"))]
    assert own and all(within(n, VIEWS_MAY_IMPORT) for n in own), own


def test_the_indexer_never_loads_the_web_app_at_import_time():
    for path in (ROOT / "indexer").rglob("*.py"):
        assert not [n for n, top in imports(path) if top and within(n, ("webapp",))], path
