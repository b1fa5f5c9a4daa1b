from healthie.training.benchmark import run_long_benchmark, to_markdown


def test_long_documents_are_measured_in_a_child_process():
    runs = run_long_benchmark(line_bytes=60_000, lines=300)
    line, lines = runs
    assert (line["document"], line["lines"], lines["document"], lines["lines"]) == ("single line", 1, "lines", 300)
    assert line["bytes"] >= 60_000 and line["chars"] > 20_000 and line["claims"] > 100
    assert all(run["peak_rss_mb"] >= run["loaded_rss_mb"] > 50 for run in runs)
    table = to_markdown({"model": "m", "model_size_mb": 1.0, "load_s": {"best": 1.0, "runs": [1.0]}, "extract": [], "long": runs})
    assert f"| single line | 0.1 | {line['chars']} | 1 | {line['claims']} |" in table
