"""Round trip through a real Label Studio: pre-annotate, import, accept, export, import back, compare.

    python scripts/labelstudio_roundtrip.py --label-studio /tmp/ls-venv/bin/label-studio
    python scripts/labelstudio_roundtrip.py --url http://127.0.0.1:8080 --token TOKEN

With ``--label-studio`` (or $HEALTHIE_LABEL_STUDIO) the script starts that executable on 127.0.0.1
with a fresh data folder, a preset user and a legacy API token, and stops it at the end; with
``--url`` and ``--token`` ($HEALTHIE_LABEL_STUDIO_URL, $HEALTHIE_LABEL_STUDIO_TOKEN) it uses a
running server (a legacy token, or a personal access token, which is exchanged for an access token).

The documents (default: the three shortest seeds, plus a short report with an emoji before its
numbers) go through ``healthie annotate``; Label Studio gets a project with the shipped labeling
config and the tasks, turns the predictions into annotations (the Data Manager action an annotator
uses to accept them), and exports JSON, which ``healthie corpus import`` reads back. The records
must equal the pre-annotations: same text, entities, relations and metadata, nothing refused; the
import writes exactly the pre-annotations that validate and lists the validation problems of the
others. Exit status 0 when all of that holds.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EMOJI_REPORT = {"id": "emoji_report", "region": "常德市",
                "text": "📊 2020年常德市卫生健康统计公报\n🏥 全市出生人口数43417人，人口出生率6.79‰。👶"}


class LabelStudio:
    """A Label Studio server reached over its REST API."""

    def __init__(self, url: str, token: str) -> None:
        self.url = url.rstrip("/")
        self.auth = f"Token {token}"
        if token.count(".") == 2:  # a personal access token (a JWT refresh token)
            access = self.request("POST", "/api/token/refresh", {"refresh": token}, auth=False)["access"]
            self.auth = f"Bearer {access}"

    def request(self, method: str, path: str, body: object = None, auth: bool = True) -> object:
        headers = {"Content-Type": "application/json"}
        if auth:
            headers["Authorization"] = self.auth
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.url + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=300) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as err:
            raise RuntimeError(f"{method} {path}: HTTP {err.code}: {err.read()[:1000].decode('utf-8', 'replace')}") from None


def start_server(executable: str, data_dir: Path, wait_s: float) -> tuple[subprocess.Popen, str, str]:
    """Start Label Studio on a free port of 127.0.0.1; return the process, its URL and an API token."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = secrets.token_hex(20)
    env = {**os.environ, "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir), "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true"}
    command = [executable, "start", "--no-browser", "--internal-host", "127.0.0.1", "--port", str(port),
               "--data-dir", str(data_dir), "--username", "healthie@example.org", "--password", secrets.token_hex(12),
               "--user-token", token, "--enable-legacy-api-token"]
    log = open(data_dir / "server.log", "wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"label-studio exited with {process.returncode}; see {data_dir / 'server.log'}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=5) as response:
                if response.status == 200:
                    return process, url, token
        except OSError:
            pass
        time.sleep(1)
    stop_server(process)
    raise RuntimeError(f"label-studio did not answer on {url} within {wait_s:.0f} s")


def stop_server(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def healthie(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "healthie.cli", *args], capture_output=True, text=True, cwd=ROOT)


def round_trip(server: LabelStudio, documents: list[Path], work: Path) -> list[str]:
    """Run the round trip; return what failed (empty when it all held)."""
    from healthie.training.annotation import from_labelstudio_export
    from healthie.training.corpus.build import normalise
    from healthie.training.corpus.preannotate import preannotate
    from healthie.training.corpus.validate import validate_corpus
    from healthie.pipeline import load
    from healthie.text.reading import TEXT_SUFFIXES, iter_documents

    failures = []
    tasks_path, config_path = work / "tasks.json", work / "labelstudio.xml"
    made = healthie("annotate", *map(str, documents), "-o", str(tasks_path), "--config-out", str(config_path))
    if made.returncode != 0:
        return [f"healthie annotate exited with {made.returncode}: {made.stderr}"]
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))

    nlp = load()
    expected = []
    for item in iter_documents(documents):
        doc_id = Path(item.id).stem if Path(item.id).suffix.lower() in TEXT_SUFFIXES else item.id
        record = preannotate(nlp, item.text, doc_id, {"home_region": item.region or ""}, source="imported")
        expected.append(normalise(record))

    project = server.request("POST", "/api/projects", {"title": "healthie round trip",
                                                      "label_config": config_path.read_text(encoding="utf-8")})
    imported = server.request("POST", f"/api/projects/{project['id']}/import", tasks)
    print(f"imported {imported.get('task_count')} tasks, {imported.get('prediction_count')} predictions", file=sys.stderr)
    accepted = server.request("POST", f"/api/dm/actions?id=predictions_to_annotations&project={project['id']}",
                              {"selectedItems": {"all": True, "excluded": []}})
    print(f"predictions accepted as annotations: {accepted}", file=sys.stderr)
    export = server.request("GET", f"/api/projects/{project['id']}/export?exportType=JSON")
    export_path = work / "export.json"
    export_path.write_text(json.dumps(export, ensure_ascii=False, indent=1), encoding="utf-8")
    if [len(task.get("annotations", [])) for task in export] != [1] * len(tasks):
        failures.append(f"expected one annotation on each of {len(tasks)} tasks, got "
                        f"{[len(task.get('annotations', [])) for task in export]}")

    records, problems = from_labelstudio_export(export)
    failures += [f"refused: {problem}" for problem in problems]
    by_id = {record["id"]: record for record in records}
    for want in expected:
        got = by_id.get(want["id"])
        if got is None:
            failures.append(f"{want['id']}: missing from the export")
            continue
        for key in ("text", "entities", "relations", "meta", "source"):
            if got[key] != want[key]:
                failures.append(f"{want['id']}: {key} changed on the way")
        print(f"{want['id']}: {len(got['entities'])} entities, {len(got['relations'])} relations "
              f"{'identical' if got == want else 'DIFFERENT'}", file=sys.stderr)

    out = work / "imported.jsonl"
    command = healthie("corpus", "import", str(export_path), "-o", str(out))
    invalid = validate_corpus(expected)
    want_lines = sorted(f"{doc_id}: {reason}" for doc_id, reasons in invalid.items() for reason in reasons)
    if command.returncode != (1 if invalid else 0):
        failures.append(f"healthie corpus import exited with {command.returncode}: {command.stderr}")
    if sorted(command.stdout.splitlines()) != want_lines:
        failures.append(f"healthie corpus import listed {command.stdout!r}, expected the validation problems {want_lines}")
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    if written != [r for r in expected if r["id"] not in invalid]:
        failures.append("healthie corpus import did not write exactly the valid pre-annotations")
    print(command.stderr.strip(), file=sys.stderr)
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("documents", nargs="*", type=Path, help="default: the three shortest seeds and an emoji report")
    parser.add_argument("--label-studio", default=os.environ.get("HEALTHIE_LABEL_STUDIO"),
                        help="label-studio executable to start ($HEALTHIE_LABEL_STUDIO)")
    parser.add_argument("--url", default=os.environ.get("HEALTHIE_LABEL_STUDIO_URL"), help="a running server instead")
    parser.add_argument("--token", default=os.environ.get("HEALTHIE_LABEL_STUDIO_TOKEN"), help="its API token")
    parser.add_argument("--wait", type=float, default=300, help="seconds to wait for the server to start")
    parser.add_argument("--keep", type=Path, help="keep the tasks, export and imported records in this folder")
    args = parser.parse_args(argv)
    if not (args.url and args.token) and not args.label_studio:
        parser.error("give --label-studio PATH, or --url and --token of a running server")

    with tempfile.TemporaryDirectory(prefix="healthie-ls-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        documents = args.documents
        if not documents:
            documents = sorted((ROOT / "seeds").glob("*.txt"), key=lambda p: p.stat().st_size)[:3]
            emoji = work / "emoji.jsonl"
            emoji.write_text(json.dumps(EMOJI_REPORT, ensure_ascii=False) + "\n", encoding="utf-8")
            documents.append(emoji)
        process = None
        started = time.monotonic()
        if args.url and args.token:
            url, token = args.url, args.token
        else:
            data_dir = Path(scratch) / "label-studio"
            data_dir.mkdir()
            process, url, token = start_server(args.label_studio, data_dir, args.wait)
            print(f"label-studio answered on {url} after {time.monotonic() - started:.0f} s", file=sys.stderr)
        try:
            failures = round_trip(LabelStudio(url, token), documents, work)
        finally:
            if process is not None:
                stop_server(process)
    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    print(f"round trip {'failed' if failures else 'passed'} in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
