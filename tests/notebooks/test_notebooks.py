"""The notebooks run top to bottom on the committed reports."""

import nbformat
from nbclient import NotebookClient

from ..conftest import ROOT


def _run(name):
    notebook = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    return notebook


def test_evaluation_notebook_plots_and_lists_errors():
    notebook = _run("evaluation.ipynb")
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 3
    last = notebook.cells[-1].outputs
    assert any(o.get("data", {}).get("text/plain") == "20" for o in last)


def test_explore_notebook_tabulates_and_plots_the_seed_claims(seed_claims):
    notebook = _run("explore.ipynb")
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 3
    total = sum(len(claims) for claims in seed_claims.values())
    assert any(o.get("text", "").startswith(f"{total} claims from {len(seed_claims)} reports") for o in outputs)
    assert any(o.get("data", {}).get("text/plain") == str(total) for o in notebook.cells[-1].outputs)


def test_indicators_notebook_merges_the_reports_and_plots_one_indicator():
    notebook = _run("indicators.ipynb")
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 1
    summary = next(o["text"] for o in outputs if o.get("name") == "stdout" and "indicator rows" in o["text"])
    assert summary.split(" claims from ")[1].startswith("33 reports")  # the 5 seeds, dev and test
    rows = summary.split(" -> ")[1].split()[0]
    assert any(o.get("data", {}).get("text/plain") == rows for o in notebook.cells[-1].outputs)
