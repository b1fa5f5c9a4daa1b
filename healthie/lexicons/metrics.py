"""The metric catalogue (package data) and the matcher from METRIC spans to metric ids."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .provenance import withheld


@dataclass(frozen=True)
class Metric:
    """A canonical metric of the catalogue."""

    id: str
    zh: str
    aliases: tuple[str, ...]
    en: str
    kind: str
    family: str
    in_context: tuple[str, ...] = ()  # phrases that name it only where reports use them (matched, never tagged)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.zh, *self.aliases)


class MetricCatalogue:
    """Canonical metrics; ``match`` maps a METRIC phrase to an id (exact, alias, fuzzy) or None.

    ``owners`` are groupings of institutions (二级以上公立医院) that name no metric of their own here,
    only whose measure a phrase is (二级以上公立医院预约诊疗率 -> appointment_rate@public_hospitals_level2_plus)."""

    def __init__(self, metrics: list[Metric], cutoff: float = 0.8, owners: tuple[Metric, ...] = ()):
        self.metrics = metrics
        self.cutoff = cutoff
        self.by_id = {m.id: m for m in metrics}
        self.owners = {m.id: m for m in owners}
        self.by_name: dict[str, Metric] = {}
        for metric in metrics:
            for name in metric.names:
                self.by_name.setdefault(_normalise(name), metric)
        # names of what is measured of any disease or vaccine: never an ending nor a close spelling
        self._general = {n for n, m in self.by_name.items() if n in _NO_ENDING or m.id in _NO_ENDING}
        self._longest_first = [n for n in sorted(self.by_name, key=len, reverse=True)
                               if len(n) >= 4 and n not in self._general]
        self._by_last_char: dict[str, list[str]] = {}
        for name in self.by_name:  # a name ending in the phrase's last character, or in it plus 数/率
            for tail in {name[-1], name[-2:-1]}:
                if tail:
                    self._by_last_char.setdefault(tail, []).append(name)
        self._institutions = {_normalise(name): m for m in metrics if m.family in _INSTITUTION_FAMILIES
                              for name in m.names if _OWNER.search(name)}
        self._owner_names = {_normalise(name): m for m in owners for name in m.names}
        self._institutions.update(self._owner_names)
        self._measures = {_normalise(name): m for m in metrics if m.family in _MEASURE_FAMILIES
                          and not is_per_capita(m.zh) for name in m.names if not _OWNER.search(name)}
        # a catalogue metric that is itself one kind of institution's measure (医院床位数, 中医类医院床位数)
        self._qualified = {pair: m for m in metrics for pair in map(self._split, m.names)
                           if pair is not None and pair[1].id != m.id}
        qualified = {m.id for m in self._qualified.values()}
        self._measures = {name: m for name, m in self._measures.items() if m.id not in qualified}
        # 2型糖尿病患者 after 规范管理: the count of managed patients, but no name for the ruler to tag anywhere
        self._in_context = {_normalise(name): m for m in metrics for name in m.in_context}
        self._matched: dict[str, Metric | None] = {}

    def names(self) -> list[str]:
        """Every name and alias, longest first."""
        return sorted({n for m in self.metrics for n in m.names}, key=len, reverse=True)

    def get(self, metric_id: str) -> Metric | None:
        """The metric of an id, an owner's and a qualified one (``discharges@tcm_hospitals``) included."""
        found = self.by_id.get(metric_id) or self.owners.get(metric_id)
        if found is not None:
            return found
        measure, _, owner = (metric_id or "").partition("@")
        owner_entry = self.by_id.get(owner) or self.owners.get(owner)
        if measure in self.by_id and owner_entry is not None:
            return _qualified(self.by_id[measure], owner_entry)
        return None

    def match(self, phrase: str) -> Metric | None:
        """The catalogue metric a phrase names: by name, then without a closing bracketed note unless the note is
        part of a name (诊所（医务室）), then by an ending or a close spelling of the phrase so reduced
        (国家卫生县城（县级市） is a 国家卫生县城, whatever the note says of it)."""
        key = _normalise(phrase)
        if key not in self._matched:
            exact = _counted(key, self.by_name) or _counted(key, self._in_context) if key else None
            bare = _normalise(_NOTE.sub("", phrase)) if exact is None else ""
            self._matched[key] = exact or (self._match(bare) if bare else None)
        return self._matched[key]

    def _split(self, key: str) -> tuple[Metric, Metric] | None:
        """(institution, measure) for a phrase that is a kind of institution followed by a measure the
        yearbook reports for each kind (乡镇卫生院|诊疗人次, 县级医院|病床使用率), else None."""
        for cut in range(len(key) - 2, 1, -1):
            owner, measure = self._institutions.get(key[:cut]), _counted(key[cut:], self._measures)
            if owner is not None and measure is not None:
                return owner, measure
        return None

    def _match(self, key: str) -> Metric | None:
        exact = _counted(key, self.by_name) or _counted(key, self._in_context)
        if exact is not None:
            return exact
        owner = _counted(key, self._owner_names)
        if owner is not None:  # 三级公立医院12家: how many there are
            return owner
        pair = self._split(key)
        if pair is not None:
            owner, measure = pair
            if pair in self._qualified:
                return self._qualified[pair]
            return measure if owner.id == _ALL_INSTITUTIONS else _qualified(measure, owner)
        # a phrase that ends with a catalogue name (农村孕产妇死亡率 -> 孕产妇死亡率), never a total
        # for a per-capita phrase (每千人拥有床位 is not 床位)
        per_capita = is_per_capita(key)
        suffix = next((name for name in self._longest_first if key.endswith(name) and is_per_capita(name) == per_capita
                       and _same_flow(key, name) and _same_setting(key, name)), None)
        if suffix is not None:
            prefix = key[:-len(suffix)]
            narrowed = _NARROWING.search(prefix) or (_OWNER.search(prefix) and not _ALL_OWNERS.fullmatch(prefix)
                                                      and not _DONE_BY.match(suffix))
            return None if narrowed else self.by_name[suffix]
        # fuzzy: only names that end like the phrase (the head noun of a Chinese metric is at its end)
        scored = sorted(((difflib.SequenceMatcher(None, key, name).ratio(), name)
                         for name in self._by_last_char.get(key[-1], [])), reverse=True)
        close = [(ratio, name) for ratio, name in scored
                 if ratio >= self.cutoff and _is_rate(name) == _is_rate(key) and _same_flow(key, name)
                 and _same_setting(key, name) and not _widens_short_name(key, name)
                 and name not in self._general]
        if not close or is_per_capita(close[0][1]) != per_capita:
            return None
        best = self.by_name[close[0][1]]
        rivals = {self.by_name[name].id for ratio, name in close if ratio >= close[0][0] - _FUZZY_TIE}
        return best if rivals == {best.id} else None  # 患者基层规范管理服务率: hypertension's or diabetes'?


_INSTITUTION_FAMILIES = ("institutions", "tcm")
_MEASURE_FAMILIES = ("service_volume", "beds", "workforce", "reform")
_ALL_INSTITUTIONS = "health_institutions_total"  # 医疗卫生机构诊疗人次 is the total itself


def _counted(key: str, names: dict[str, Metric]) -> Metric | None:
    """The metric a name of ``names`` gives the phrase, with or without a closing 数 (床位 for 床位数)."""
    for form in (key, key[:-1] if key.endswith("数") else key + "数"):
        if form in names:
            return names[form]
    return None


@lru_cache(maxsize=None)
def _qualified(measure: Metric, owner: Metric) -> Metric:
    """One kind of institution's measure: id ``measure@institution`` (outpatient_visits_total@township_health_centers)."""
    place = owner.zh[:-1] if owner.zh.endswith("数") else owner.zh
    return Metric(f"{measure.id}@{owner.id}", place + measure.zh, (), f"{owner.en}: {measure.en}", measure.kind,
                  measure.family)


# a prefix that makes a phrase name a part of what the catalogue name counts, or a flow instead of the
# stock: 中医馆的乡镇卫生院 (those with a TCM hall), 改扩建县级医院 (those rebuilt this year), 乡镇卫生院诊疗人次
# (one kind of institution's), 社会办医疗卫生机构, 公立中医医院 (one ownership's), 基层卫生人员 (primary care's),
# 选派援藏医疗卫生人员 (those sent, not the stock), 60岁及以上常住人口 (an age group), 中医类别执业（助理）医师 (one category),
# 三级综合医院 (one grade's)
_NARROWING = re.compile(r"的|^(?:新建|改扩建|改建|扩建|新增|建成|累计建成|创建|达标)|\d+岁|类别?$|^(?:社会办|民营|非?公立|私立)$|"
                        r"^[一二三]级|"
                        r"^基层|选派|派出|派驻|招聘|引进|培训|培养|下沉")
# names that say what is measured of any disease or vaccine, never an ending of one disease's or vaccine's
# phrase (麻疹报告发病率, 麻腮风疫苗接种率 are not all diseases' nor all vaccines')
_NO_ENDING = {"reported_incidence_rate", "incidence_rate", "reported_cases", "reported_deaths", "reported_mortality_rate",
              "疫苗接种率"}
_OWNER = re.compile(r"(?:医院|卫生院|中心|机构|卫生室|门诊部|诊所|服务站|中心站)(?:[（(][^（）()]*[）)])?$")  # 社区卫生服务中心（站）
_ALL_OWNERS = re.compile(r"(?:全[省市区县国])?(?:医院|医疗卫生机构|医疗机构)")  # 医院病床使用率 is the indicator
_DONE_BY = re.compile(r"^(?:查处|立案|开展|监督|检查|处置)")  # 卫生计生监督机构|查处违法案件: who did it
_FLOW = re.compile(r"累计|报告|新发|新增|新报告")
_NOTE = re.compile(r"[（(][^（）()]*[）)]$")  # a note that closes the phrase, not 执业（助理）医师's
_RATE_END = re.compile(r"(?:率|比|比例|比重)$")
_SHORT_NAME = 5  # names this short take no words put into them by a close spelling (县级医院 is not 县级藏医院)
_FUZZY_TIE = 0.05  # fuzzy matches this close to the best, of another metric, leave the phrase undecided
_SETTING = re.compile(r"(?P<urban>城市|城镇|城区)|(?P<rural>农村|乡村)")
_PER_CAPITA = re.compile(r"每(?:[千万百十]|十万)(?:人|常住人口|户籍人口|人口|名)|人均|每万|每千|每百|平均每")


def _is_rate(phrase: str) -> bool:
    """孕产妇死亡率 is a rate, 孕产妇死亡 a count: a spelling close to a name never crosses between them."""
    return bool(_RATE_END.search(phrase))


def _same_flow(phrase: str, name: str) -> bool:
    """累计报告艾滋病感染者 (all ever reported) is not the living cases a name without 报告 counts."""
    return set(_FLOW.findall(phrase)) <= set(_FLOW.findall(name))


def _same_setting(phrase: str, name: str) -> bool:
    """农村生活垃圾无害化处理率 is not the towns' rate a name with 城市 measures, however close the spelling."""
    settings = {frozenset(m.lastgroup for m in _SETTING.finditer(text)) for text in (phrase, name)}
    return len(settings) == 1 or frozenset() in settings


def _widens_short_name(phrase: str, name: str) -> bool:
    """县级藏医院, 发热门诊接诊, 医院规划床位: a short name with words put into it names another thing (a kind,
    a flow, a plan); a doubled character (产产后后访视率) is extraction noise, not a word."""
    undoubled = re.sub(r"(.)\1", r"\1", phrase)
    core = name[:-1] if name.endswith("数") else name  # 县级医院数 is 县级医院
    if len(core) > _SHORT_NAME or undoubled in (name, core) or len(undoubled) <= len(core):
        return False
    rest = iter(undoubled)
    return all(char in rest for char in core)


def is_per_capita(phrase: str) -> bool:
    """每千人口床位数, 人均预期寿命, 每万人全科医生数: a metric measured per head, not a total."""
    return bool(_PER_CAPITA.search(phrase))


def _normalise(phrase: str) -> str:
    """The phrase without spaces, line breaks, quotes or brackets (a wrapped 基层医疗卫生机构⏎诊疗人次 is one name)."""
    return "".join(ch for ch in phrase if not ch.isspace() and ch not in "“”\"'《》()（）")


@lru_cache(maxsize=1)
def catalogue() -> MetricCatalogue:
    """The shipped catalogue, healthie/data/metrics.json."""
    data = json.loads(resources.files("healthie").joinpath("data/metrics.json").read_text(encoding="utf-8"))
    left_out = withheld()  # a held-out seed's own entries, in its cross-validation fold
    metrics = []
    for m in data["metrics"]:
        names = [name for name in (m["zh"], *m.get("aliases", ())) if name not in left_out]
        if names:
            metrics.append(Metric(m["id"], names[0], tuple(names[1:]), m["en"], m["kind"], m.get("family", "other"),
                                  tuple(name for name in m.get("in_context", ()) if name not in left_out)))
    owners = tuple(Metric(o["id"], o["zh"], tuple(o["aliases"]), o["en"], "count", "institutions")
                   for o in data.get("owners", ()))
    return MetricCatalogue(metrics, owners=owners)
