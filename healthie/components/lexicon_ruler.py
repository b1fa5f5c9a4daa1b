"""ORG, POLICY, DATE, DISEASE, REGION and catalogue METRIC entities from patterns and lexicons."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..lexicons import metrics, regions
from .entities import add_entities, lexicon
from ..text.tokenizer import doc_text

_YEAR = r"(?:19|20)\d\d"
_DATE = re.compile(
    rf"(?:截至|截止到|截止|到)?{_YEAR}年(?:\d{{1,2}}[-~—]\d{{1,2}}月|\d{{1,2}}月(?:\d{{1,2}}日)?(?:份|底|末)?|上半年|下半年|底|末|初|以来|度|全年)?"
    rf"|(?:截至|截止到|截止)?\d{{1,2}}月\d{{1,2}}日|\d{{1,2}}[-~—]\d{{1,2}}月(?:份)?|\d{{1,2}}月份|(?:截至|截止)\d{{1,2}}月(?:底|末)?"
    r"|“十[一二三四五六七八九]五”(?:期间|时期|以来|末)?|十[一二三四五六七八九]五(?:期间|时期|末)"
    r"|今年|去年|前年|明年(?:底|末|初)?|上年|近年来|近五年|年初|年底|年末|上半年|下半年"
)
_POLICY = re.compile(r"《[^《》\n]{2,60}》")


class LexiconRuler:
    """Pattern and lexicon tagger; the order of ``labels`` is the order of precedence on overlaps."""

    def __init__(self, name: str = "healthie_lexicon_ruler",
                 labels: tuple[str, ...] = ("POLICY", "ORG", "DATE", "DISEASE", "REGION", "METRIC")):
        self.name = name
        self.labels = tuple(labels)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        groups = []
        for label in self.labels:
            pattern = _patterns().get(label)
            spans = [(m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()] if pattern else []
            if label in _NAME_LISTS:
                names = [(s, e) for s, e in _automaton(label).spans(text)
                         if text[max(0, s - 1):s + 1] not in _WORD_PAIRS and not _level_word(label, text, s, e)]
                spans = _leftmost_longest(spans + names)
            groups.append([(start, end, label) for start, end in spans])
        return add_entities(doc, *_named_metrics_first(groups))


def _named_metrics_first(groups: list[list[tuple[int, int, str]]]) -> list[list[tuple[int, int, str]]]:
    """A catalogue metric that holds a disease's name (高血压患者规范管理率, 肺结核报告发病数) is tagged
    whole, before the disease inside it (it names more than the disease does); other labels keep
    their precedence."""
    diseases = [(start, end) for group in groups for start, end, label in group if label == "DISEASE"]
    if not diseases:
        return groups
    holding = {span for group in groups for span in group if span[2] == "METRIC"
               and any(span[0] <= start and end <= span[1] and (start, end) != span[:2] for start, end in diseases)}
    if not holding:
        return groups
    groups = [[span for span in group if span not in holding] for group in groups]
    first_disease = next(i for i, group in enumerate(groups) if any(label == "DISEASE" for *_, label in group))
    return [*groups[:first_disease], sorted(holding), *groups[first_disease:]]


def _level_word(label: str, text: str, start: int, end: int) -> bool:
    """地区级和县级: a two-character county name (和县) whose last character starts a level word (县级); 全州县域内:
    the whole prefecture's (全州) county level (县域), not the county 全州县."""
    return label == "REGION" and (end - start == 2 and text[end:end + 1] == "级"
                                  or text[start:end] == "全州县" and text[end:end + 1] == "域")


# A name never starts inside one of these words: 其中医院 is 其中 + 医院, not a 中医院 (TCM hospital).
_WORD_PAIRS = {"其中", "之中", "集中", "当中", "从中", "心中", "其他", "以上", "以下"}


class _NameAutomaton:
    """All occurrences of a list of names, by Aho-Corasick (a regex alternation of thousands is slow)."""

    def __init__(self, names: list[str]):
        import ahocorasick

        self.automaton = ahocorasick.Automaton()
        for name in names:
            self.automaton.add_word(name, len(name))
        self.automaton.make_automaton()

    def spans(self, text: str) -> list[tuple[int, int]]:
        return [(end + 1 - length, end + 1) for end, length in self.automaton.iter(text)]


def _leftmost_longest(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping matches, leftmost first and longest at each start (what a regex alternation gives)."""
    kept, last_end = [], -1
    for start, end in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if start >= last_end:
            kept.append((start, end))
            last_end = end
    return kept


_NAME_LISTS = {
    "REGION": lambda: [n for n in regions.catalogue().names() if len(n) >= 2],
    "METRIC": lambda: metrics.catalogue().names(),
}


@lru_cache(maxsize=None)
def _automaton(label: str) -> _NameAutomaton:
    return _NameAutomaton(_NAME_LISTS[label]())


def trie_pattern(words: list[str]) -> str:
    """A regex matching any of ``words``, longest first, as a trie: 长(?:沙(?:市|县)?|春市). It matches
    what the alternation of the words sorted longest first matches, but the regex engine walks one
    branch per character instead of trying thousands of alternatives at every position."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # the end of a word

    def branch(node: dict) -> str:
        alternatives = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        group = alternatives[0] if len(alternatives) == 1 and len(alternatives[0]) == 1 else f"(?:{'|'.join(alternatives)})"
        return group + "?" if "" in node else group

    return branch(trie)


# 乌审旗苏木乡镇卫生院, 全市公立医院: a place before a kind of institution names a category, not one ORG
_KINDS = r"乡镇|苏木|社区|村卫生|基层|各|所有|公立|民营|[一二三]级"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    words = lexicon()
    place_names = [n for n in regions.catalogue().names() if len(n) >= 2]
    places, names = trie_pattern(place_names), trie_pattern(words["org_names"])
    suffixes = trie_pattern(words["org_suffixes"])
    # a lookahead of the first characters lets the engine skip every other position at once
    starts = "".join(map(re.escape, sorted({w[0] for w in place_names + words["org_names"]} | set("XＸ省市县区州"))))
    # 县级疾控中心, 市属医院: a level or an owner makes a kind of institution (a metric), not one institution;
    # 全省社区卫生服务中心, 各县卫生院: a scope over all of them, not one
    org = (rf"(?=[{starts}])(?:(?:{names})|(?:(?:{places}|[XＸ]{{1,3}}[省市区县]|(?<![全各])[省市县区州])"
           rf"(?!{_KINDS})(?:第[一二三四五六七八九十]+)?"
           rf"(?:(?![级属])[\u4e00-\u9fff]){{0,4}}?(?:{suffixes})))")
    diseases = trie_pattern(words["diseases"])
    return {
        "POLICY": _POLICY,
        "ORG": re.compile(org),
        "DATE": _DATE,
        "DISEASE": re.compile(diseases),
        "REGION": regions.deictic_pattern(),  # division names come from the automaton, METRIC only from it
    }


@Language.factory("healthie_lexicon_ruler",
                  default_config={"labels": ["POLICY", "ORG", "DATE", "DISEASE", "REGION", "METRIC"]})
def make_lexicon_ruler(nlp: Language, name: str, labels: list[str]) -> LexiconRuler:
    return LexiconRuler(name, tuple(labels))
