"""Every notebook in notebooks/ runs top to bottom on the seeds, and is stored without outputs."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def kernel_manager_factory(tmp_path_factory):
    """Kernels of this venv's Python, from a kernelspec written into a temp dir (nothing installed outside)."""
    from ipykernel.kernelspec import install
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    prefix = tmp_path_factory.mktemp("kernels")
    install(kernel_name="newsgraph-test", prefix=str(prefix))
    specs = KernelSpecManager(kernel_dirs=[str(prefix / "share" / "jupyter" / "kernels")])
    assert Path(specs.get_kernel_spec("newsgraph-test").argv[0]).resolve() == Path(sys.executable).resolve()
    return lambda: KernelManager(kernel_name="newsgraph-test", kernel_spec_manager=specs)


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear outputs before committing"


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path, kernel_manager_factory):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)  # a copy in memory: the file keeps no outputs
    client = NotebookClient(nb, km=kernel_manager_factory(), timeout=600, resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    assert all(c.execution_count for c in nb.cells if c.cell_type == "code")
    # Saved with its outputs, the notebook is not blank where the live explorer cannot run: every inline
    # explorer carries a plain-text form and a hint that survives an untrusted view stripping the iframe.
    explorers = [o for c in nb.cells for o in c.get("outputs", []) if "<iframe srcdoc=" in o.get("data", {}).get("text/html", "")]
    assert explorers, "the notebook shows the explorer (newsgraph.show)"
    for output in explorers:
        assert "run this cell" in output["data"]["text/plain"]
        assert "run this cell" in re.sub(r"<iframe.*?</iframe>", "", output["data"]["text/html"], flags=re.S)
