import io

from healthie.io.progress import Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_terminal_sees_counts_totals_and_a_summary():
    stream = Terminal()
    progress = Progress("extract", stream=stream, total=3)
    progress.step("a.txt: 4 claims")
    progress.step("b.txt: 0 claims")
    progress.close("4 claims")
    written = stream.getvalue()
    assert "extract:" in written and "2/3" in written and "a.txt: 4 claims" not in written.split("\r")[-1]
    assert written.rstrip("\n").split("\r")[-1].endswith("4 claims]") and written.endswith("\n")


def test_silent_when_quiet_or_not_a_terminal():
    for progress in (Progress("x", quiet=True, stream=Terminal()), Progress("x", stream=io.StringIO())):
        progress.step("m")
        progress.close("s")
        assert progress.count == 1
        assert progress.stream.getvalue() == ""


def test_track_steps_once_per_item_after_it_is_dealt_with():
    stream = Terminal()
    progress = Progress("render", stream=stream)
    seen = []
    for doc_id, _ in progress.track([("a.txt", 1), ("b.txt", 2)]):
        seen.append((doc_id, progress.count))
    assert seen == [("a.txt", 0), ("b.txt", 1)]
    assert progress.count == 2 and "b.txt" in stream.getvalue() and stream.getvalue().endswith("\n")
