"""China's administrative divisions, region phrases, and region resolution (SPEC section 4).

The division list (names, codes) is cpca's data file, read directly so that cpca's
own matcher (and its pandas import) is not loaded.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

NATIONAL = "全国"
_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "地区",
             "新区", "省", "市", "区", "县", "盟", "旗")
# deictic words: the first character(s) of the level they stand for
_DEICTIC = re.compile(r"(?:全|我|本|该)(省|市|区|县|州|旗)|全国")
_ANONYMISED = re.compile(r"[XＸ×某]{1,3}(?:省|市|区|县)")
_LEVEL_OF_DEICTIC = {"省": "province", "市": "city", "州": "city", "区": "county", "县": "county", "旗": "county"}


@dataclass(frozen=True)
class Division:
    """One administrative division."""

    name: str
    code: str
    level: str  # province, city, county

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def city_code(self) -> str:
        return self.code[:4] + "00"


@dataclass(frozen=True)
class ResolvedRegion:
    """A region as a claim record carries it: official name, code and parents."""

    name: str
    code: str | None
    parents: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return " > ".join(self.parents + (self.name,))


class RegionCatalogue:
    """Look-ups over the division list: names, short names, parents."""

    def __init__(self, divisions: list[Division]):
        self.divisions = divisions
        self.by_code = {d.code: d for d in divisions}
        self.by_name: dict[str, list[Division]] = {}
        for division in divisions:
            self.by_name.setdefault(division.name, []).append(division)
        self.by_short: dict[str, list[Division]] = {}
        for division in divisions:
            if division.level in ("province", "city"):
                short = short_name(division.name)
                if short != division.name and len(short) >= 2:
                    self.by_short.setdefault(short, []).append(division)

    def names(self) -> list[str]:
        """Every full name and the short names of provinces and cities."""
        return sorted(set(self.by_name) | set(self.by_short), key=len, reverse=True)

    def parents(self, division: Division) -> list[Division]:
        chain = []
        for code in (division.province_code, division.city_code):
            parent = self.by_code.get(code)
            if parent and parent.code != division.code and parent not in chain:
                chain.append(parent)
        return chain

    def lookup(self, phrase: str, near: Division | None = None) -> Division | None:
        """The division a name or short name means, preferring one close to ``near``."""
        candidates = self.by_name.get(phrase) or self.by_short.get(phrase) or []
        if not candidates:
            return None
        if near is not None and len(candidates) > 1:
            def closeness(candidate: Division) -> int:
                return (candidate.city_code == near.city_code) * 2 + (candidate.province_code == near.province_code)
            candidates = sorted(candidates, key=closeness, reverse=True)
        return candidates[0]

    def resolve(self, division: Division) -> ResolvedRegion:
        return ResolvedRegion(division.name, division.code, tuple(p.name for p in self.parents(division)))


def short_name(name: str) -> str:
    """常德市 -> 常德, 广西壮族自治区 -> 广西, 黔东南苗族侗族自治州 -> 黔东南."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            core = name[: -len(suffix)]
            stripped = True
            while stripped:
                stripped = False
                for nation in _nations():
                    if core.endswith(nation) and len(core) > len(nation):
                        core, stripped = core[: -len(nation)], True
            return core
    return name


@lru_cache(maxsize=1)
def _nations() -> tuple[str, ...]:
    """The 56 nationalities (cpca's list), as they stand in autonomous divisions' names."""
    lines = (_data_file().parent / "56_nations.csv").read_text(encoding="utf-8").split()
    return tuple(sorted({n.strip() for n in lines if n.strip()}, key=len, reverse=True))


def _data_file() -> Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("healthie needs the cpca package for the division list: pip install cpca")
    return Path(list(spec.submodule_search_locations)[0]) / "resources" / "adcodes.csv"


@lru_cache(maxsize=1)
def catalogue() -> RegionCatalogue:
    """The shared catalogue of divisions (read once)."""
    divisions = []
    with _data_file().open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code, name = row["adcode"][:6], row["name"].strip()
            if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划") or not name:
                continue
            level = "province" if code.endswith("0000") else "city" if code.endswith("00") else "county"
            divisions.append(Division(name, code, level))
    return RegionCatalogue(divisions)


@dataclass
class HomeRegion:
    """The region a document is about, from the caller's hint or the text."""

    division: Division | None
    name: str
    parent: Division | None = None

    def resolved(self) -> ResolvedRegion:
        regions = catalogue()
        if self.division is not None:
            return regions.resolve(self.division)
        parents = tuple(p.name for p in regions.parents(self.parent)) + (self.parent.name,) if self.parent else ()
        return ResolvedRegion(self.name, None, parents)


def home_from_hint(hint: str) -> HomeRegion:
    """A caller's ``region=`` hint (常德市, 常德, 湖南省常德市)."""
    regions = catalogue()
    parts = re.findall(r".+?(?:省|自治区|市|州|盟|地区|县|区|旗)|.+$", hint.strip())
    division, near = None, None
    for part in parts:
        found = regions.lookup(part, near)
        if found is not None:
            division = near = found
    if division is None:
        anonymised = _ANONYMISED.fullmatch(hint.strip())
        return HomeRegion(None, hint.strip(), near) if anonymised else HomeRegion(None, hint.strip())
    return HomeRegion(division, division.name)


def infer_home(text: str, head: int = 3000) -> HomeRegion | None:
    """Guess a document's home region from its title, byline and first mentions.

    The deictic word the text uses most (全省/我省, 全市, 全区, 全县) says what the home region's
    name ends with: 全市 is a municipality, a city or a county-level city, 全区 a district or an
    autonomous region. Among the divisions named in the first ``head`` characters with that ending,
    the one mentioned most wins; the divisions inside a candidate count for it at half weight, and
    a tie goes to the higher level. Without a deictic word, the most mentioned city (or above).
    """
    regions = catalogue()
    mentions: Counter = Counter()
    for match in _name_pattern().finditer(text[:head]):
        division = regions.lookup(match.group())
        if division is not None and division.name not in _GENERIC_NAMES:
            mentions[division.code] += 3 if match.start() < 200 else 1
    deictics = Counter(m.group(1) for m in _DEICTIC.finditer(text) if m.group(1))
    ending = deictics.most_common(1)[0][0] if deictics else None
    named = {regions.by_code[c] for c in mentions}
    named |= {p for d in list(named) for p in regions.parents(d)}
    anonymised = _ANONYMISED.search(text)
    if ending in ("区", "县", "旗") and anonymised:  # XX区: the place is withheld, its city is not
        cities = [d for d in named if d.level == "city"]
        city = max(cities, key=lambda d: _score(regions, d, mentions)) if cities else None
        return HomeRegion(None, anonymised.group(), city)
    fitting = [d for d in named if ending is None and d.level != "county" or ending and d.name.endswith(ending)]
    if not fitting:
        fitting = list(named)
    if not fitting:
        return None
    best = max(fitting, key=lambda d: (_score(regions, d, mentions), -_LEVELS.index(d.level)))
    return HomeRegion(best, best.name)


_GENERIC_NAMES = {"城区", "郊区", "矿区"}  # division names that are also common words
_LEVELS = ("province", "city", "county")


def _score(regions: "RegionCatalogue", division: Division, mentions: Counter) -> float:
    """A division's own mentions, plus half of those of the divisions inside it."""
    inside = sum(count for code, count in mentions.items()
                 if code != division.code and division in regions.parents(regions.by_code[code]))
    return mentions[division.code] + 0.5 * inside


def resolve_phrase(phrase: str, home: HomeRegion | None) -> ResolvedRegion | None:
    """Resolve a REGION phrase (a name, a short name or a deictic word) against the home region."""
    regions = catalogue()
    phrase = phrase.strip()
    if phrase == NATIONAL:
        return ResolvedRegion(NATIONAL, None)
    deictic = _DEICTIC.fullmatch(phrase) or re.fullmatch(r"(市|省|县|区)(?:本级)?", phrase)
    if deictic:
        return _resolve_deictic(deictic.group(1), home)
    if _ANONYMISED.fullmatch(phrase):
        if home is not None and home.name == phrase:
            return home.resolved()
        parent = home.division or home.parent if home else None
        parents = tuple(p.name for p in regions.parents(parent)) + (parent.name,) if parent else ()
        return ResolvedRegion(phrase, None, parents)
    near = home.division or home.parent if home else None
    division = regions.lookup(phrase, near)
    return regions.resolve(division) if division else None


def _resolve_deictic(level_word: str, home: HomeRegion | None) -> ResolvedRegion | None:
    if home is None:
        return None
    regions = catalogue()
    level = _LEVEL_OF_DEICTIC[level_word]
    if home.division is None:
        if level == "county":
            return home.resolved()
        parent = home.parent
        chain = [*regions.parents(parent), parent] if parent else []
        match = next((d for d in chain if d.level == level), None)
        return regions.resolve(match) if match else home.resolved()
    chain = [*regions.parents(home.division), home.division]
    match = next((d for d in reversed(chain) if d.level == level), None)
    if match is None and level == "county":
        match = home.division
    return regions.resolve(match) if match else regions.resolve(home.division)


@lru_cache(maxsize=1)
def _name_pattern() -> re.Pattern:
    names = [n for n in catalogue().names() if len(n) >= 2]
    return re.compile("|".join(map(re.escape, names)))


def deictic_pattern() -> re.Pattern:
    """Region phrases that are not names: 全市, 我省, 本县, 全国, XX区."""
    return re.compile(f"{_DEICTIC.pattern}|{_ANONYMISED.pattern}")


@lru_cache(maxsize=1)
def region_pattern() -> re.Pattern:
    """Region phrases in text: division names, short names, deictic and anonymised forms."""
    names = [n for n in catalogue().names() if len(n) >= 2]
    return re.compile(f"{_DEICTIC.pattern}|{_ANONYMISED.pattern}|" + "|".join(map(re.escape, names)))
