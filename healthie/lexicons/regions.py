"""China's administrative divisions, region phrases, and region resolution (SPEC section 4).

The division list is the package's data/divisions.csv (code, name, level, parent, former names), with
its date, source and the hand-kept changes applied since in data/divisions.meta.json; both are written
by scripts/refresh_divisions.py. CSV: one short line per division, so a refresh reads as a line diff,
and the standard library reads it.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

NATIONAL = "全国"
_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区",
             "新区", "省", "市", "区", "县", "盟", "旗")
# deictic words: the first character(s) of the level they stand for
_DEICTIC = re.compile(r"(?:全|我|本|该)(省|市|区|县|州|旗)|全国")
_ANONYMISED = re.compile(r"[XＸ×某]{1,3}(?:省|市|区|县)")
# a town or subdistrict (虹桥镇, 古美路街道, 三河镇): a name of two to four characters before 镇, 乡 or 街道, after
# a boundary (punctuation, a line start, a division's last character, or a short function word), that is
# not a kind of town (中心镇, 卫生乡镇, 小城镇) nor holds a word that never starts or fills a town's name
_TOWN_NAME = (r"(?!分别|分类|分级|分为|分布|分设)[^\W\d_的了和与及为在是有以指各全本该每其这那个些所辖部乡镇村街城县区省级等对向"
              r"从于将把由共帮助推进实现配管逐下新建给]{2,4}?新?")  # 分水镇, 川沙新镇
_TOWN_KINDS = r"(?<!中心)(?<!重点)(?<!特色)(?<!示范)(?<!卫生)(?<!建制)(?<!旅游)(?<!文明)(?<!园林)(?<!生态)(?<!民族)(?<!贫困)"
TOWN = re.compile(rf"(?:^|(?<=[\s、，。；：:（(|县区市旗为和及与在是有对向由将共给从到至于])|(?<=其中))(?:{_TOWN_NAME}|城关){_TOWN_KINDS}(?:镇|乡|街道)(?!镇|村(?!卫生室))"
                  rf"|(?:^|(?<=[\n|\t]))[^\W\d_小新农全县市]{{1,3}}城[镇乡](?=[ \t]*(?:$|[|\t\n]))")  # a table's row: 研城镇 | 12860
# 高于全省平均水平4.2个百分点, 列全省第三, 在全省排名: a place only compared with, not the report's own
_COMPARED_BEFORE = re.compile(r"(?:高于|低于|超过|超出|比|较|居|列|位居|位列|名列|在)$")
_COMPARED_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:平均|排名|排位|第[一二三四五六七八九十\d]|前列|首位|同级)")
# the body a report comes from: a government, its health or insurance bureau, or one of their institutions
_ISSUER = re.compile(r"卫生健康(?:委员会|委|局)|卫健[委局]|卫生局|人民政府|医疗保障局|医保局|疾病预防控制(?:中心|局)|疾控中心"
                     r"|卫生(?:健康)?监督(?:所|局|执法)|妇幼保健(?:院|计划生育服务中心|中心)|(?:第[一二三四五六七八九十]+)?人民医院"
                     r"|中医(?:医)?院")
_JOINED = re.compile(r"[和与及][县区市]$")  # a two-character name that opens with a joining word
_TITLED = re.compile(r"\s*(?:(?:19|20)\d\d年|“?十[一二三四五]五|卫生|卫健|医疗|医保|健康)")  # 攸县2023年…, 攸县卫生健康…
_LEVEL_OF_DEICTIC = {"省": "province", "市": "city", "州": "city", "区": "county", "县": "county", "旗": "county"}


@dataclass(frozen=True)
class Division:
    """One administrative division."""

    name: str
    code: str  # "" where the official code is not known yet
    level: str  # province, city, county
    parent: str = ""  # the code of the nearest division above, "" for a province
    former: tuple[str, ...] = ()  # earlier names (襄樊市 for 襄阳市)

    @property
    def province_code(self) -> str:
        return (self.code or self.parent)[:2] + "0000"

    @property
    def city_code(self) -> str:
        return (self.code or self.parent)[:4] + "00"


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
    """Look-ups over the division list: names, short names, former names, parents."""

    def __init__(self, divisions: list[Division]):
        self.divisions = divisions
        self.by_code = {d.code: d for d in divisions if d.code}
        self.by_name: dict[str, list[Division]] = {}
        for division in divisions:
            self.by_name.setdefault(division.name, []).append(division)
        self.by_short: dict[str, list[Division]] = {}
        for division in divisions:
            _add_short(self.by_short, division.name, division)
        self.by_former: dict[str, list[Division]] = {}  # former names and their short forms
        for division in divisions:
            for former in division.former:
                self.by_former.setdefault(former, []).append(division)
                _add_short(self.by_former, former, division)

    def names(self) -> list[str]:
        """Every full name, the short names of provinces and cities, and former names."""
        return sorted(set(self.by_name) | set(self.by_short) | set(self.by_former), key=len, reverse=True)

    def parents(self, division: Division) -> list[Division]:
        """The divisions above, the province first."""
        chain = []
        parent = self.by_code.get(division.parent)
        while parent is not None:
            chain.insert(0, parent)
            parent = self.by_code.get(parent.parent)
        return chain

    def is_former(self, phrase: str) -> bool:
        """Whether ``phrase`` names a division only by a former name (襄樊 for 襄阳市)."""
        return phrase in self.by_former and phrase not in self.by_name and phrase not in self.by_short

    def meanings(self, phrase: str) -> list[Division]:
        """Every division a name, short name or former name may mean."""
        return self.by_name.get(phrase) or self.by_short.get(phrase) or self.by_former.get(phrase) or []

    def lookup(self, phrase: str, near: Division | None = None) -> Division | None:
        """The division a name, short name or former name means, preferring one close to ``near``."""
        candidates = self.meanings(phrase)
        if not candidates:
            return None
        if near is not None and len(candidates) > 1:
            candidates = sorted(candidates, key=lambda candidate: _closeness(candidate, near), reverse=True)
        return candidates[0]

    def decided(self, phrase: str, near: Division | None) -> Division | list[Division] | None:
        """The one division ``phrase`` means near ``near``, or, when the context cannot decide (鼓楼区 is a
        district of 南京市, 徐州市, 开封市 and 福州市), the divisions it may still mean. Of names nested in
        each other (吉林: the province and its city) the outer one is meant unless ``near`` is the inner."""
        candidates = self.meanings(phrase)
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        if near is not None:
            best = max(_closeness(candidate, near) for candidate in candidates)
            candidates = [candidate for candidate in candidates if _closeness(candidate, near) == best]
        outer = [c for c in candidates if all(c == other or c in self.parents(other) for other in candidates)]
        return outer[0] if outer else candidates[0] if len(candidates) == 1 else candidates

    def resolve(self, division: Division) -> ResolvedRegion:
        return ResolvedRegion(division.name, division.code or None, tuple(p.name for p in self.parents(division)))


def _shared_start(chains: list[list]) -> list:
    """The longest start the lists all share (the parents several divisions have in common)."""
    shared = chains[0]
    for chain in chains[1:]:
        n = 0
        while n < min(len(shared), len(chain)) and shared[n] == chain[n]:
            n += 1
        shared = shared[:n]
    return shared


def _closeness(candidate: Division, near: Division) -> int:
    return (candidate.city_code == near.city_code) * 2 + (candidate.province_code == near.province_code)


def _add_short(table: dict[str, list[Division]], name: str, division: Division) -> None:
    """File ``division`` under the short form of ``name`` if it is a province's or city's and has one; an
    autonomous prefecture, county or banner also under its short form with 州, 县 or 旗 (果洛藏族自治州 ->
    果洛, 果洛州; 巴里坤哈萨克自治县 -> 巴里坤县)."""
    short = short_name(name)
    if short == name or len(short) < 2:
        return
    if division.level in ("province", "city"):
        table.setdefault(short, []).append(division)
    for autonomous, level in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
        if name.endswith(autonomous):
            table.setdefault(short + level, []).append(division)
            if autonomous == "自治县":  # 道真仡佬族苗族自治县 -> 道真自治县
                table.setdefault(short + autonomous, []).append(division)


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
            if core.endswith("族") and core[:-1] in _nations():
                core = core[:-1]  # 鄂温克族自治旗 -> 鄂温克
            return core
    return name


@lru_cache(maxsize=1)
def _nations() -> tuple[str, ...]:
    """The 56 nationalities (data/nations.txt), as they stand in autonomous divisions' names: with 族, and
    the longer ones also without it (巴里坤哈萨克自治县)."""
    lines = _read("nations.txt").splitlines()
    names = {n.strip() for n in lines if n.strip() and not n.startswith("#")}
    names |= {n[:-1] for n in names if n.endswith("族") and len(n) >= 4}
    return tuple(sorted(names, key=len, reverse=True))


def _read(name: str) -> str:
    """A data file of the package, through its public resource path."""
    return (resources.files("healthie") / "data" / name).read_text(encoding="utf-8")


def divisions_source() -> dict:
    """The division list's date, source, and the dated changes applied since (data/divisions.meta.json)."""
    return json.loads(_read("divisions.meta.json"))


@lru_cache(maxsize=1)
def catalogue() -> RegionCatalogue:
    """The shared catalogue of divisions (read once)."""
    lines = _read("divisions.csv").splitlines()
    rows = csv.DictReader(line for line in lines if not line.startswith("#"))
    return RegionCatalogue([Division(row["name"], row["code"], row["level"], row["parent"],
                                     tuple(filter(None, row["former"].split("|")))) for row in rows])


@dataclass(frozen=True)
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
    parts = [m.group() for m in _name_pattern().finditer(hint.strip())]  # 重庆市|万州区, never 万州|区
    division, near = None, None
    for part in parts:
        found = regions.lookup(part, near)
        if found is not None:
            division = near = found
    if division is None:
        anonymised = _ANONYMISED.fullmatch(hint.strip())
        return HomeRegion(None, hint.strip(), near) if anonymised else HomeRegion(None, hint.strip())
    return HomeRegion(division, division.name)


@lru_cache(maxsize=8)  # the rankers and the claim builder ask for the same document's in turn
def infer_home(text: str, head: int = 3000) -> HomeRegion | None:
    """Guess a document's home region from its title, byline and first mentions.

    The deictic word the text uses most (全省/我省, 全市, 全区, 全县) says what the home region's
    name ends with: 全市 is a municipality, a city or a county-level city, 全区 a district or an
    autonomous region. Among the divisions named in the first ``head`` characters with that ending,
    the one mentioned most wins; the divisions inside a candidate count for it at half weight, and
    a tie goes to the higher level. The issuer a report's first line names (神木市卫生健康局…) is the home
    when it fits the deictic word, however often the text names the city it is in. Without a deictic
    word, the most mentioned city (or above).
    """
    regions = catalogue()
    mentions: Counter = Counter()
    shared: Counter = Counter()  # names several divisions share (鼓楼区), decided below if the text can
    title_end = text.find("\n", 0, 200)
    issuer = titled = None
    for match in _name_pattern().finditer(text[:head]):
        if match.group() == "全州县" and text[match.end():match.end() + 1] == "域":
            continue  # 全州县域内: the whole prefecture's county level
        if _JOINED.match(match.group()) and (text[match.end():match.end() + 1] == "级"
                                             or re.match(r"[\u4e00-\u9fff]", text[match.start() - 1:match.start()])):
            continue  # 机构和县级医院, 领导和县卫生健康局: 和 joins, 和县 is no place named
        decided = regions.decided(match.group(), None)
        weight = 3 if match.start() < 200 else 1
        if match.end() < title_end and _ISSUER.match(text, match.end()) and isinstance(decided, Division):
            issuer = issuer or decided  # 神木市卫生健康局2024年工作总结
        if (match.end() < title_end and not text[:match.start()].strip() and _TITLED.match(text, match.end())
                and isinstance(decided, Division) and titled is None):
            titled = decided  # 攸县2023年卫生健康工作总结: the place a report's title opens with
        if isinstance(decided, list):
            shared[tuple(decided)] += weight
        elif decided is not None and decided.name not in _GENERIC_NAMES:
            mentions[decided] += weight
    for meanings, weight in shared.items():  # 南京市鼓楼区: the 鼓楼区 inside a division the text names
        inside = [d for d in meanings if any(m in regions.parents(d) for m in mentions)]
        if len(inside) == 1:
            mentions[inside[0]] += weight
    deictics = Counter(m.group(1) for m in _DEICTIC.finditer(text) if m.group(1) and not _compared_scope(text, m))
    ending = deictics.most_common(1)[0][0] if deictics else None
    named = set(mentions)
    named |= {p for d in list(named) for p in regions.parents(d)}
    if issuer is not None and (ending is None or issuer.name.endswith(ending)):
        return HomeRegion(issuer, issuer.name)
    if titled is not None and ending is None:
        return HomeRegion(titled, titled.name)
    anonymised = _ANONYMISED.search(text)
    if ending in ("区", "县", "旗") and anonymised:  # XX区: the place is withheld, its city is not
        cities = [d for d in named if d.level == "city"]
        city = max(cities, key=lambda d: _score(regions, d, mentions)) if cities else None
        return HomeRegion(None, anonymised.group(), city)
    fitting = [d for d in named if ending is None and d.level != "county" or ending and d.name.endswith(ending)]
    undecided = [(weight, meanings) for meanings, weight in shared.items()
                 if ending and meanings[0].name.endswith(ending) and not any(d in mentions for d in meanings)]
    if not fitting and undecided:  # 鼓楼区卫生健康局 …全区: a 鼓楼区, but not which one
        meanings = max(undecided, key=lambda item: item[0])[1]
        above = _shared_start([regions.parents(d) for d in meanings])
        return HomeRegion(None, meanings[0].name, above[-1] if above else None)
    if not fitting:
        fitting = list(named)
    if not fitting:
        return None
    best = max(fitting, key=lambda d: (_score(regions, d, mentions), -_LEVELS.index(d.level)))
    return HomeRegion(best, best.name)


def _compared_scope(text: str, deictic: re.Match) -> bool:
    """Whether a deictic word names the place a figure is compared with or ranked in."""
    return bool(_COMPARED_BEFORE.search(text, max(0, deictic.start() - 2), deictic.start())
                or _COMPARED_AFTER.match(text, deictic.end()))


_GENERIC_NAMES = {"城区", "郊区", "矿区"}  # division names that are also common words
_LEVELS = ("province", "city", "county")


def is_deictic(phrase: str) -> bool:
    """全区, 我市, 本县, 全国: a word that points at a place instead of naming one."""
    return _DEICTIC.fullmatch(phrase) is not None


def _score(regions: "RegionCatalogue", division: Division, mentions: Counter) -> float:
    """A division's own mentions, plus half of those of the divisions inside it."""
    inside = sum(count for other, count in mentions.items()
                 if other != division and division in regions.parents(other))
    return mentions[division] + 0.5 * inside


def resolve_phrase(phrase: str, home: HomeRegion | None) -> ResolvedRegion | None:
    """Resolve a REGION phrase (a name, a short name, a deictic word or a town's name) against the home
    region; a town lies in the home region."""
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
    decided = regions.decided(phrase, near)
    if decided is None and TOWN.fullmatch(phrase):  # a town: in the home county, no code of its own
        above = home.resolved() if home is not None else None
        return ResolvedRegion(phrase, None, (*above.parents, above.name) if above else ())
    if isinstance(decided, list):  # a name several divisions share: no code, the parents they all have
        shared = tuple(p.name for p in _shared_start([regions.parents(d) for d in decided]))
        names = {d.name for d in decided}
        return ResolvedRegion(names.pop() if len(names) == 1 else phrase, None, shared)
    return regions.resolve(decided) if decided else None


def level_below_home(phrase: str, home: HomeRegion | None) -> str | None:
    """全市 in a province's report (a city's official speaking at the province's press conference): the
    level a deictic word names when the home region lies above it, else None."""
    deictic = _DEICTIC.fullmatch(phrase)
    if not deictic or not deictic.group(1) or home is None or home.division is None:
        return None
    if home.division.name.endswith(deictic.group(1)):
        return None  # 全区 in 西藏自治区's report, 全市 in 北京市's: the home itself
    level = _LEVEL_OF_DEICTIC[deictic.group(1)]
    return level if _LEVELS.index(home.division.level) < _LEVELS.index(level) else None


def named_at_level(phrases: list[str], level: str, home: HomeRegion | None) -> ResolvedRegion | None:
    """The place of ``level`` that ``phrases`` (in text order) name most often, the last named on a tie
    (请问韶关…韶关地处粤北…跑广州…全市: 韶关市, not a city named in passing)."""
    regions = catalogue()
    near = home.division if home is not None else None
    named = [d for d in (regions.decided(p, near) for p in phrases) if isinstance(d, Division) and d.level == level]
    if not named:
        return None
    counts = Counter(d.code or d.name for d in named)
    return regions.resolve(max(reversed(named), key=lambda d: counts[d.code or d.name]))


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


@lru_cache(maxsize=1)
def _numeral_names() -> dict[str, str]:
    """Division names whose short form opens with a numeral (三台县 -> 三台, 七台河市 -> 七台河): full name -> short."""
    return {d.name: short_name(d.name) for d in catalogue().divisions
            if short_name(d.name) != d.name and short_name(d.name)[0] in "一二两三四五六七八九十百千万"}


def numeral_places(text: str) -> list[str]:
    """The short forms of the numeral-led divisions a text names in full (健康三台 in a 三台县 report)."""
    return [short for name, short in _numeral_names().items() if name in text]


def deictic_pattern() -> re.Pattern:
    """Region phrases that are not division names: 全市, 我省, 本县, 全国, XX区, and towns (虹桥镇)."""
    return re.compile(f"{_DEICTIC.pattern}|{_ANONYMISED.pattern}|{TOWN.pattern}")


@lru_cache(maxsize=1)
def region_pattern() -> re.Pattern:
    """Region phrases in text: division names, short names, deictic and anonymised forms."""
    names = [n for n in catalogue().names() if len(n) >= 2]
    return re.compile(f"{_DEICTIC.pattern}|{_ANONYMISED.pattern}|" + "|".join(map(re.escape, names)))
