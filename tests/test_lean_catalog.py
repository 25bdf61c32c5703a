"""A loaded catalog is held compactly: Arrow lists for the list columns, malloc for Arrow's memory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from core import catalog
from core.schema import CATALOG_FILE

ROOT = Path(__file__).resolve().parent.parent
LIST_COLUMNS = ("genres", "production_companies", "production_countries", "cast", "directors", "keywords")


def arrow_backend(**environment: str) -> str:
    """The allocator Arrow uses in a fresh interpreter that imports the core first."""
    code = "import core.catalog, pyarrow; print(pyarrow.default_memory_pool().backend_name)"
    env = {key: value for key, value in os.environ.items() if key != "ARROW_DEFAULT_MEMORY_POOL"} | environment
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_arrow_allocates_with_malloc_by_default():
    assert arrow_backend() == "system"


def test_an_allocator_the_user_chose_is_kept():
    assert arrow_backend(ARROW_DEFAULT_MEMORY_POOL="mimalloc") == "mimalloc"


def test_list_columns_are_held_as_arrow_lists(sample_catalog_dir):
    movies = catalog.load(sample_catalog_dir).movies
    for column in LIST_COLUMNS:
        assert isinstance(movies[column].dtype, pd.ArrowDtype), column
        assert pa.types.is_list(movies[column].dtype.pyarrow_dtype), column


def test_a_list_cell_reads_as_the_names_the_build_wrote(sample_catalog_dir):
    movies = catalog.load(sample_catalog_dir).movies
    written = pq.read_table(sample_catalog_dir / CATALOG_FILE, columns=list(LIST_COLUMNS)).to_pylist()
    for row in (0, len(movies) // 2, len(movies) - 1):
        for column in LIST_COLUMNS:
            assert movies[column].iloc[row] == written[row][column], (row, column)
