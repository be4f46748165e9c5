"""The layers hold (pyproject.toml's [tool.importlinter]): handlers → bot → storage, services and
storage never import Slack's SDK or Bolt, and no two services import each other in a circle."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_are_kept():
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    done = subprocess.run([command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "4 kept, 0 broken" in done.stdout


def _third_party_imports() -> dict[str, set[str]]:
    """Top-level modules imported anywhere under bot/, handlers/ and storage/ (migrations included,
    imports inside functions too) that are neither the standard library's nor the project's own:
    module → the files that import it."""
    import ast

    own = {"bot", "handlers", "storage"}
    found: dict[str, set[str]] = {}
    for package in own:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in own and top not in sys.stdlib_module_names:
                        found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_module_the_bot_imports_is_installed_by_pip_install_dot():
    """The README installs cop-bot with ``pip install -e .``: every third-party module its code imports
    must come from a runtime dependency, not from the test extra (doctor once needed PyYAML)."""
    import re
    import tomllib
    from importlib.metadata import packages_distributions

    def normal(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {normal(re.match(r"[A-Za-z0-9._-]+", dep).group(0)) for dep in project["dependencies"]}
    providers = packages_distributions()
    imported = _third_party_imports()
    assert {"slack_sdk", "sqlalchemy", "alembic"} <= set(imported)  # the walk sees what the code imports
    missing = {module: sorted(files) for module, files in imported.items()
               if not runtime & {normal(dist) for dist in providers.get(module, [module])}}
    assert not missing, f"imported by the bot but not in [project] dependencies: {missing}"
