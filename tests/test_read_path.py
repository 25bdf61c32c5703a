"""The read path (catalog, queries, search, recommendations, the app's pages) never imports the build's side."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD_SIDE = ("sklearn", "core.build")
# Every module of the read side: core/ but the build's package and the command line (which hands
# `build`, `fetch` and `evaluate` to the build), and every page.
READ_SIDE = tuple(
    sorted(
        [
            f"core.{path.stem}"
            for path in (ROOT / "core").glob("*.py")
            if path.stem not in ("__init__", "__main__", "cli")
        ]
        + [f"pages.{path.stem}" for path in (ROOT / "pages").glob("*.py") if path.stem != "__init__"]
    )
)


def modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter has imported after running `code`."""
    script = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def imported_at(module: str, catalog: Path | None = None) -> list[str]:
    """Every module that importing `module` imports, from the interpreter's own import-time trace; with
    `catalog`, the catalog the app reads (a page draws itself when imported: without one built, it
    would build the sample, and import the build)."""
    env = {**os.environ, "FILMOTECA_CATALOG_DIR": str(catalog)} if catalog else None
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("import time:")]
    return [line.rsplit("|", 1)[1].strip() for line in lines[1:]]  # the first line is the header


@pytest.mark.parametrize("module", READ_SIDE)
def test_importing_the_read_side_imports_neither_the_build_nor_scikit_learn(module, sample_catalog_dir):
    imported = imported_at(module, sample_catalog_dir)
    assert module in imported
    assert not [name for name in imported if name.startswith(BUILD_SIDE)]


def test_the_import_trace_sees_the_build_side_where_it_is_imported():
    imported = imported_at("core.build.pipeline")  # the test above would catch an import of it
    assert "core.build.training" in imported and "core.build.literals" in imported


def test_answering_queries_and_recommendations_imports_nothing_of_the_build(sample_catalog_dir):
    loaded = modules_after(
        "from core import catalog, queries, recommender\n"
        "from core.search import TitleSearch\n"
        f"c = catalog.load({str(sample_catalog_dir)!r}); c.lookups.warm()\n"
        "for query in queries.QUERIES.values(): query(c, query.example)\n"
        f"model = recommender.load({str(sample_catalog_dir)!r}, c.movies)\n"
        "model.recommend([TitleSearch(c).search('Toy Story').chosen().row], mode='gustos')\n"
    )
    assert "core.catalog" in loaded and "scipy.sparse" in loaded
    assert not [module for module in loaded if module.startswith(BUILD_SIDE)]


def test_every_page_of_the_app_imports_nothing_of_the_build(sample_catalog_dir):
    loaded = modules_after(
        "import os\n"
        f"os.environ['FILMOTECA_CATALOG_DIR'] = {str(sample_catalog_dir)!r}\n"
        "from streamlit.testing.v1 import AppTest\n"
        "app = AppTest.from_file('streamlit_app.py', default_timeout=60)\n"
        "for page in ('inicio', 'exploracion', 'consultas', 'recomendador', 'listas'):\n"
        "    app.switch_page(f'pages/{page}.py'); app.query_params['q'] = 'Toy Story'; app.run()\n"
        "    assert not app.exception, app.exception\n"
    )
    assert {"pages.links", "pages.widgets", "pages.resources"} <= loaded
    assert not [module for module in loaded if module.startswith(BUILD_SIDE)]


def test_the_pages_reach_the_core_through_the_service_alone():
    reached = {}
    for script in [ROOT / "streamlit_app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                named = [node.module] if node.module != "core" else [f"core.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                named = [alias.name for alias in node.names]
            else:
                continue
            reached |= {module: script.name for module in named if module.split(".")[0] == "core"}
    assert set(reached) == {"core.service"}, reached


def test_the_build_fits_with_scikit_learn(trap_raw, tmp_path):
    loaded = modules_after(
        "from pathlib import Path\n"
        "from core.build import build\n"
        f"build(Path({str(trap_raw)!r}), Path({str(tmp_path / 'catalog')!r}))\n"
    )
    assert {"core.build.training", "sklearn.feature_extraction.text", "sklearn.preprocessing"} <= loaded


def test_the_first_page_draws_from_the_manifest_without_pandas():
    # The home page shows the manifest's figures while pandas and the models are still loading.
    loaded = modules_after("import pages.links, pages.resources, pages.widgets, pages.setup")
    assert "core.service" in loaded and "core.schema" in loaded
    assert not {"pandas", "pyarrow", "scipy", "thefuzz", "rapidfuzz", "sklearn"} & loaded
