"""The architecture, enforced: walk every module's imports (ast) and check the layers.

domain <- storage <- services <- (cli, gui); search and exchange depend on domain only;
only gui/ and app.py import PySide6; gui never touches SQLAlchemy, storage or Whoosh.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import fieldjournal

PACKAGE = Path(fieldjournal.__file__).parent
STDLIB = sys.stdlib_module_names


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Absolute names of every module ``path`` imports, anywhere in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                prefix = ".".join([*base, node.module] if node.module else base)
            else:
                prefix = node.module or ""
            found.add(prefix)
            found.update(f"{prefix}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


MODULES = {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}


def layer(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def top(name: str) -> str:
    return name.split(".")[0]


def within(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def violations(rule: str) -> list[str]:
    bad = []
    for module, imported in MODULES.items():
        for name in imported:
            if RULES[rule](module, name):
                bad.append(f"{module} imports {name}")
    return sorted(bad)


def _domain(module: str, name: str) -> bool:
    return layer(module) == "domain" and not (
        top(name) in STDLIB or within(name, "fieldjournal.domain")
    )


def _domain_only(module: str, name: str) -> bool:
    """search/ and exchange/ may use third-party libraries, but of ours only the domain."""
    return (
        layer(module) in ("search", "exchange")
        and within(name, "fieldjournal")
        and not within(name, "fieldjournal.domain", f"fieldjournal.{layer(module)}")
    )


def _storage(module: str, name: str) -> bool:
    return layer(module) == "storage" and within(
        name, "fieldjournal.services", "fieldjournal.cli", "fieldjournal.gui", "fieldjournal.app"
    )


def _services(module: str, name: str) -> bool:
    return layer(module) == "services" and within(
        name, "fieldjournal.cli", "fieldjournal.gui", "fieldjournal.app"
    )


def _qt(module: str, name: str) -> bool:
    return top(name) in ("PySide6", "shiboken6") and not (
        layer(module) == "gui" or module == "fieldjournal.app"
    )


def _gui(module: str, name: str) -> bool:
    return layer(module) == "gui" and (
        top(name) in ("sqlalchemy", "whoosh", "alembic") or within(name, "fieldjournal.storage")
    )


RULES = {
    "domain imports only the standard library": _domain,
    "search and exchange import only the domain": _domain_only,
    "storage does not import services, cli or gui": _storage,
    "services do not import cli or gui": _services,
    "only gui/ and app.py import PySide6": _qt,
    "gui never imports sqlalchemy, storage or whoosh": _gui,
}


@pytest.mark.parametrize("rule", RULES)
def test_layering(rule: str) -> None:
    assert violations(rule) == []


def test_the_walk_sees_the_imports_it_checks() -> None:
    """Guard the guard: the walker finds known imports, relative ones resolved."""
    assert "fieldjournal.domain.errors" in MODULES["fieldjournal.domain.text"]
    assert "sqlalchemy" in MODULES["fieldjournal.storage.engine"]
    assert "fieldjournal.services.journal" in MODULES["fieldjournal"]
    assert "fieldjournal.cli.common.fail" in MODULES["fieldjournal.cli"]
    assert len(MODULES) > 30
    assert _qt("fieldjournal.services.journal", "PySide6.QtCore")
    assert _domain("fieldjournal.domain.records", "sqlalchemy.orm")
    assert _gui("fieldjournal.gui.main_window", "fieldjournal.storage.models")
    assert _domain_only("fieldjournal.exchange.jsonl", "fieldjournal.services.journal")
    assert not _domain_only("fieldjournal.exchange.docx", "docx")
