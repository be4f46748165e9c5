"""docs/contributing.md stays true: every module is on its feature map, and what its walk-through
(`/cop thanks`, a subcommand end to end) imports, calls and names exists in the code as written."""

import ast
import builtins
import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
FENCE = re.compile(r"```(\w*)\n(.*?)```", re.DOTALL)


def modules() -> list[str]:
    found = []
    for layer in ("bot", "handlers", "storage"):
        for path in sorted((ROOT / layer).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if path.name == "__init__.py" or "/migrations/versions/" in relative:
                continue
            found.append(relative)
    return found


def python_blocks(text: str = GUIDE) -> list[str]:
    return [body for language, body in FENCE.findall(text) if language == "python"]


def defined_by_the_guide(text: str = GUIDE) -> set[str]:
    """What the walk-through asks the reader to write: its functions and classes."""
    names = set()
    for body in python_blocks(text):
        for node in ast.walk(ast.parse(body)):
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                names.add(node.name)
    return names


def test_every_module_is_on_the_guides_feature_map():
    missing = [module for module in modules() if f"`{module}`" not in GUIDE]
    assert not missing, f"docs/contributing.md's feature map leaves out {missing}"


def test_every_file_the_guide_names_exists():
    named = set(re.findall(r"`((?:bot|handlers|storage|tests|scripts|docs|bench)/[\w./-]+)`", GUIDE))
    for _, body in FENCE.findall(GUIDE):
        named |= set(re.findall(r"(?<![\w/])(scripts/[\w-]+)", body))
    absent = sorted(name for name in named
                    if "*" not in name and "00NN" not in name and not (ROOT / name).exists()
                    and not (name.endswith("/") and (ROOT / name.rstrip("/")).is_dir()))
    assert not absent, f"docs/contributing.md names files that do not exist: {absent}"


def _module_of(body: str):
    """The module a snippet goes in, from its first comment (``# bot/blocks/people.py``), if any."""
    first = re.match(r"#\s*([\w/]+)\.py", body.strip())
    return importlib.import_module(first.group(1).replace("/", ".")) if first else None


def _imported(tree: ast.Module, problems: list[str]) -> dict[str, object]:
    known: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                known[alias.asname or alias.name] = importlib.import_module(alias.name)
        elif isinstance(node, ast.ImportFrom):
            module = importlib.import_module(node.module)
            for alias in node.names:
                value = getattr(module, alias.name, None)
                if value is None:
                    try:
                        value = importlib.import_module(f"{node.module}.{alias.name}")
                    except ImportError:
                        problems.append(f"from {node.module} import {alias.name}")
                        continue
                known[alias.asname or alias.name] = value
    return known


def walk_through_problems(text: str) -> list[str]:
    """Each snippet's names: imported by it, written by the guide, local, built in, or found in the
    module its first comment names — and every attribute taken of an import exists."""
    ours = defined_by_the_guide(text)
    problems: list[str] = []
    for body in python_blocks(text):
        tree = ast.parse(body)
        home = _module_of(body)
        known = _imported(tree, problems)
        local = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
        local |= {arg.arg for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
                  for arg in node.args.args + node.args.kwonlyargs}
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                if not (node.id in ours or node.id in known or node.id in local or hasattr(builtins, node.id)
                        or (home is not None and hasattr(home, node.id))):
                    problems.append(f"{node.id} is neither imported nor defined")
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.attr not in ours:
                owner = known.get(node.value.id)
                if owner is None and home is not None and node.value.id not in local:
                    owner = getattr(home, node.value.id, None)
                if owner is not None and not hasattr(owner, node.attr):
                    problems.append(f"{node.value.id}.{node.attr} does not exist")
    return sorted(set(problems))


def test_what_the_walk_through_imports_and_calls_exists():
    problems = walk_through_problems(GUIDE)
    assert not problems, f"the walk-through in docs/contributing.md no longer matches the code: {problems}"


def test_the_check_catches_a_name_that_is_gone():
    """The walk-through once used ``roles.MENTION``, which never became public: the check says so,
    whether the snippet imports ``roles`` or relies on the module it goes in; a name nobody imports too."""
    imported = GUIDE.replace("from bot.text import USER_MENTION", "from bot.services import roles", 1)
    imported = imported.replace("USER_MENTION.search", "roles.MENTION.search", 1)
    assert "roles.MENTION does not exist" in walk_through_problems(imported)
    forgotten = GUIDE.replace("USER_MENTION.search", "roles.MENTION.search", 1)
    assert "roles.MENTION does not exist" in walk_through_problems(forgotten)
    unimported = GUIDE.replace("USER_MENTION.search", "MENTION.search", 1)
    assert "MENTION is neither imported nor defined" in walk_through_problems(unimported)
