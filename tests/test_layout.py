"""The package's parts and the one direction its imports run: shared ground ← measures, indicators ← reports ← CLI."""

import ast
from pathlib import Path

import segstats

PACKAGE = Path(segstats.__file__).parent

# Each part and the parts it may import (besides itself). Shared ground is the package's own
# top-level modules; the district profile joins measures and indicators, below the reports.
SHARED = {
    "errors",
    "paths",
    "text",
    "codes",
    "schema",
    "processed",
    "io",
    "lock",
    "datapackage",
    "interrupts",
    "failures",
    "words",
}
MAY_IMPORT = {
    "shared": set(),
    "measures": {"shared"},
    "indicators": {"shared"},
    "profile": {"shared", "measures", "indicators"},
    "reports": {"shared", "measures", "indicators", "profile"},
    "explore": {"shared", "measures", "indicators", "profile", "reports"},
    "top": {"shared", "measures", "indicators", "profile", "reports", "explore"},
}


def part_of(module: str) -> str:
    """The part a module ``segstats.X[.Y]`` belongs to."""
    head = module.split(".")[1] if "." in module else ""
    if head in SHARED:
        return "shared"
    if head in MAY_IMPORT:
        return head
    return "top"  # segstats/__init__.py and cli.py


def imports(path: Path) -> list[tuple[int, str]]:
    """The segstats modules a file imports, with their lines (``from segstats import x`` counts as ``segstats.x``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("segstats"):
            if node.module == "segstats":
                found += [(node.lineno, f"segstats.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}:{node.lineno}: relative import; the package imports itself by full name")
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("segstats")]
    return found


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_the_tree_shows_the_three_parts():
    for part in ("measures", "indicators", "reports"):
        assert (PACKAGE / part / "__init__.py").exists(), part
    top_level = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "cli", "profile"}
    assert top_level <= SHARED, f"modules outside the parts and the shared ground: {top_level - SHARED}"


def test_no_import_runs_against_the_flow():
    against = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = part_of(module_name(path))
        for line, target in imports(path):
            there = part_of(target)
            if there != here and there not in MAY_IMPORT[here]:
                against.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {here} imports {target} ({there})")
    assert not against, "imports against the flow:\n" + "\n".join(against)


def test_the_direction_check_catches_an_import_upwards(tmp_path):
    upward = tmp_path / "x.py"
    upward.write_text("from segstats.reports import fmt\nfrom segstats import codes\n")
    targets = [part_of(t) for _, t in imports(upward)]
    assert targets == ["reports", "shared"]
    assert "reports" not in MAY_IMPORT["measures"] and "measures" not in MAY_IMPORT["indicators"]


def test_the_package_face_names_resolve_and_load_nothing_until_used():
    import subprocess
    import sys

    for name in segstats.__all__:
        assert getattr(segstats, name) is not None, name
    # A report kernel imports segstats.reports' modules: the validation library only comes with a loader.
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, segstats, segstats.measures.compare; print('pandera' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == "False"
