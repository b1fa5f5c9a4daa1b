"""METRIC entities for values whose metric is not in the catalogue: the phrase next to the value.

The rule is the one a reader applies: the words between the previous delimiter and
the value (全市确认[农村奖扶对象]206936人), or, when nothing stands there, the noun
after a count (组织6355名[家庭医生]).
"""

from __future__ import annotations

import bisect
import re

from spacy.language import Language
from spacy.tokens import Doc

from .entities import add_entities, lexicon
from ..text.tokenizer import doc_text

DELIMITER = re.compile(r"[，。；、：:,;（()）\n“”\"《》—]")
_GRADES = (r"(?<=[一二三四五六七八九十])、(?=[一二三四五六七八九十]级)|(?<=[甲乙丙丁])、(?=[乙丙丁戊]类)"
           r"|(?<=博士)、(?=硕士)")  # 三、四级手术, 乙、丙类传染病, 博士、硕士研究生: one modifier
GRADE_LIST = re.compile(_GRADES)
_WORD = rf"(?:[\u4e00-\u9fff0-9A-Za-z\-]|(?<=\d)\.(?=\d)|{_GRADES})+"  # 3.0T磁共振: a decimal point in a name
_NOTE = r"[（(](?:[\u4e00-\u9fff、]{1,4}|[A-Za-z]{2,6}%?)[）)]"  # 重点学科(专科), 病例组合指数（CMI）, （ILI%）
_HAN = re.compile(rf"^(?:{_WORD}|“[\u4e00-\u9fff0-9A-Za-z、，]{{1,10}}”)"
                  rf"(?:“[\u4e00-\u9fff0-9A-Za-z、，]{{1,10}}”|{_NOTE}|{_WORD})*$")
# 农村妇女“两癌”检查, 重点学科(专科): a quoted word or a short bracketed note inside a phrase
_QUOTED = re.compile(r"“[\u4e00-\u9fff0-9A-Za-z]{1,10}”|[（(](?![万亿千百]?[个张人次家所元床日岁天项件例台名位]*[）)])"
                     r"(?:[\u4e00-\u9fff、]{1,4}|[A-Za-z]{2,6}%?)[）)]"
                     r"|" + _GRADES)
COUNT = re.compile(r"(?:[个家名所种类项支座台张例人户批条处场轮期宗起件份套辆间组册篇位]|场次)$")  # a count's noun follows it: 127个[建制乡镇卫生院]
_OPEN_QUOTE = "“\"《"
_VERB_START = re.compile(r"扩大|实行|实现|全部|完成|达到|达标|比|较|增加|增长|提高|下降|减少|落地|受益|参加|覆盖|通过|获得|入选|"
                         r"纳入|开展|建成|投入|进入|集中|位居|居|列|分别|均|以上|以下|左右|计算|测算|统计|"
                         r"[\u4e00-\u9fff]{1,2}(?:到|至)(?=[\d一二两三四五六七八九十])")  # 由21个|充实到33个
# 较上月上升, 比预算数减少, 环比: a compared month, budget or period frames a change too
_COMPARED = re.compile(r"(?:按当年价格|按可比价格)?(?:比上年|较上年|同比|环比|比\d{4}年|较\d{4}年|比同期|与上年相比|"
                       r"[比较](?:去年|上年)?(?:上月|上季度|上期|同期|年初)|[比较](?:年初)?预算数?|(?<!占)[比较与]$)")
_DENOMINATOR = re.compile(r"总数|总量|总额|总人数|总人次")
SHARE_VERB = re.compile(r"占(?!比)")  # 占总数的15.1%, not 药占比
# verbs of an action done to what a value counts: the metric is their object (投入|卫生资金)
_OF_A_NOUN = r"(?!中心|基地|站|体系|能力|网络|物资|费用|经费|工作|成功|水平|专家|队伍|团队|机构|医院|床位|病种|率)"  # 救治中心, 处置能力
ACTION = re.compile(r"投入|查处|查办|约谈|报告(?!发病|死亡|病例)|规范管理|组织(?!机构)|累计接种|"
                    f"救治{_OF_A_NOUN}|收治{_OF_A_NOUN}|处置{_OF_A_NOUN}|登记{_OF_A_NOUN}|发现|现有|"
                    r"开展|组建|移送|派驻|下派|招聘|引进|募集|发放|配备|获批|签订|签署|取缔|"
                    f"培训{_OF_A_NOUN}|培养{_OF_A_NOUN}|提供|"
                    r"监督检查|建成|派出|招收|设置|办理|诊治|下沉|采集|处以|并处|受理|开设|开放|给予了?")
# what an action's count alone names: 独生子女保健费发放|人数 keeps who or what the action is of
_ACTION_COUNT = re.compile(r"人数|人次|户数|对象|金额|总额|数量|例数|次数")
# what opens a rank's scope (在全市…中排名第二, 列全省第三, 居全国第一, 全省市州排名第6), not 在岗, 居民
_RANK_MARKER = re.compile(r"全[国省市区县州][\u4e00-\u9fff]{0,4}?(?=排名|排位|位列|名列|位居|倒数|第)|在(?![岗职编校院册管线])|于|位列|名列|位居|排名|排位|(?<![系并陈行序])列|(?<![定民])居(?![民住家])")
_RANKED_BODY = re.compile(r"(?:院|机构|中心|卫生室|服务站)$")  # 海淀医院在全市…考核中排名第二: the evaluation's
_CHANGE_SIZE = re.compile(r"增幅|增速|降幅|涨幅|(?:提高|下降|增长|提升)幅度")  # 增幅居全省第一: ranks the metric's change
# 报告发病率由24.7/10万降至5.3/10万，下降幅度达到78.5%: a change's size alone names no metric (no train or dev
# gold is one; 平均降价幅度 is)
# a comparison's or a scope's words name no metric: 是最低, 最高和最低之间相差, 平均水平, 以县为单位
# 规划目标为到2025年达到80.2岁, 比去年同期增加3成, 比全省平均水平高1.1岁: a plan's word, a compared time or
# place, never what is measured
_NO_METRIC = re.compile(r"(?:是|为)?最[高低多少]|[\u4e00-\u9fff]{0,6}之间相差|(?:全[国省市])?平均水平[高低]?|以[\u4e00-\u9fff]{1,3}为单位"
                        r"|(?:低于|高于|达到|实现|完成)?(?:规划|计划)?(?:目标值?|目标任务|要求|任务)|规划提出|年均还需|实际(?:完成|达到)?"
                        r"|(?:去年|上年)?同期(?:上升|下降|增长|增加|减少|提高|降低)?|(?:与|和|同)?相比|前[一二三四五]年|(?:[两二三四五六七八九十]+项|上述|以上|这些)(?:主要)?指标")
# 签约服务费|由每人每年100元, 扶助金|每人每月850元: a rate's unit and the verb before it are no part of the metric
_PER_UNIT = re.compile(r"(?:由|从|按|为|是|提高至|提高到|提高|达到|达|下降到|下降至|降至|降到)?(?:原来的)?"
                       r"(?:(?:每[人户年月日天周名]){1,3}再?|每(?:10|十)万人口?)$")
_FROM_RUN = re.compile(r"(?<![自理缘经])[由从](?![于业事而中严此来])[\u4e00-\u9fff\d]{0,8}的?$")
_CHANGE_SIZE_ONLY = re.compile(r"(?:增幅|增速|降幅|涨幅|减幅|(?:提高|下降|增长|提升|降低|减少|上升)的?幅度)[居达为是]?")
# what a sentence says of the noun after a count (53个贫困县|全部实现脱贫摘帽, 14个市州|全覆盖)
_PREDICATE = re.compile(r"全部|全面|全覆盖|都|已经|已|正在|先后|相继|达到|实现|通过|纳入|建成|建立|完成|获评|获得|参加|接受|落地|启动|"
                        r"覆盖(?!率)|能够|可以|保持|按(?![时期摩])")  # 257户失独家庭|按户籍地管理
# what a count's things are given or named: 对9家单位给予[罚款], 37家单位被评为[抗疫先进集体]
_AFTER_JOIN = re.compile(r"以及|及|和|与")
_CONFERRED = re.compile(r"给予了?|被评为|评为|获评为?|被授予|授予")
# 冷冻冷藏食品和海产品等[外环境样本]: what stands before an examples' 等 names examples of the metric (all 7 train,
# dev and seed metrics after one start after it); not 甲等, 同等, 等级, 等次
EXAMPLES_END = re.compile(r"(?<![一二三四甲乙丙丁同平中高初上下特头])等(?![级次同于])")
# 农村及城镇|低保适龄妇女“两癌”免费检查: where a phrase longer than a metric may be cut to fit
_INNER_JOIN = re.compile(r"[及和与的、]")
TOTAL_WORD = re.compile(r"共计|合计|总计|(?<!公)共(?![享建同产体有])")  # in all (not 公共, 医共体, 共有: a lead word)
# 县级医院设置藏医科比例: a share or rate of those that do something holds the verb
RATE_END = re.compile(r"(?:率|比例|占比|比重)$")
# a one-character lead word that opens a word of the metric is kept: [在册患者], [有效率], [及时率], [使用率],
# [近视率], [达标率], [对口帮扶]
_OPENS_WORD = {"在": "册编职校籍", "有": "效关關", "及": "时", "使": "用", "近": "视", "达": "标", "对": "口象", "共": "享", "和": "平谐",
               "约": "谈定束"}
# a one-character tail word that closes a word of the metric is kept: [重点人群签约], [网上预约], [违法行为], [新生儿报到]
_CLOSES_WORD = {"约": "签預预节節制条條契合公邀履", "为": "行", "到": "签报報"}


def _alternation(words: list[str]) -> str:
    """Words as one regex alternation, longest first (达到 before 达), a one-character word not where it
    opens or closes a word of the phrase."""
    return "|".join((f"(?<![{_CLOSES_WORD[word]}])" if word in _CLOSES_WORD else "") + re.escape(word)
                    + (f"(?![{_OPENS_WORD[word]}])" if word in _OPENS_WORD else "")
                    for word in sorted(words, key=len, reverse=True))


def rank_scope(text: str, clause_start: int, value_start: int) -> int | None:
    """Where a rank's scope opens in its clause (健康扶贫工作|在全市年度考核中排名第二, 74.2%，|列各县（市）区第一),
    or None for a value that is no rank or names no scope."""
    if not text.startswith(("第", "倒数"), value_start):
        return None
    marker = _RANK_MARKER.search(text, clause_start, value_start)
    return marker.start() if marker else None


def ranked_subject(text: str, start: int, end: int) -> bool:
    """Whether the phrase before a rank's scope is what is ranked: not a change's size (增幅居全省第一 ranks
    the metric before it) nor a body ranked in an evaluation (海淀医院在…考核中排名第二)."""
    return not (_CHANGE_SIZE.fullmatch(text, start, end) or _RANKED_BODY.search(text, start, end))


class MetricChunker:
    """Adds a METRIC span beside each VALUE that has no METRIC in its clause."""

    def __init__(self, name: str = "healthie_metric_chunker", min_length: int = 2, max_length: int = 16):
        self.name = name
        self.min_length = min_length
        self.max_length = max_length
        words = lexicon()
        self.lead_words = re.compile("^(?:" + _alternation(words["metric_lead_words"]) + ")+")
        self._tail = re.compile("(?:" + _alternation(words["metric_tail_words"]) + ")+$")
        self._breakdown = set(words["breakdown_words"])

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        ents = sorted(doc.ents, key=lambda e: e.start_char)
        starts = [e.start_char for e in ents]
        spans = []
        floor = 0  # the end of the last VALUE or METRIC so far
        for index, ent in enumerate(ents):
            if ent.label_ != "VALUE":
                if ent.label_ == "METRIC" and not (text.find("占", max(0, ent.start_char - 40), ent.start_char) >= 0
                                                   and self.in_share_whole(text, self.clause_start(text, ent.start_char), ent)):
                    floor = max(floor, ent.end_char)
                continue
            clause_start = max(self.clause_start(text, ent.start_char), floor)
            floor = max(floor, ent.end_char)
            inside = ents[bisect.bisect_left(starts, clause_start, 0, index):index]
            if any(e.label_ == "METRIC" and not self.in_share_whole(text, clause_start, e) for e in inside):
                continue
            right = self.phrase_after(text, ent.end_char, ents[index + 1:index + 2]) if COUNT.search(ent.text) else None
            if right and _VERB_START.match(text, right[0]):
                right = None  # 9种|扩大到21种, 3.2万人|实行闭环管理: what follows is said of the value
            following = ents[index + 1] if index + 1 < len(ents) else None
            # 219场次城乡居民[健康教育讲座], 确诊33种[大病]: the count's noun holds a tagged METRIC; no piece of it
            # is proposed, nor the words before the count (每个乡镇建成|1所政府办[卫生院])
            noun_tagged = bool(COUNT.search(ent.text)) and following is not None and following.label_ == "METRIC" and (
                following.start_char == ent.end_char or (right is not None and right[1] == following.start_char))
            if noun_tagged:
                right = None
            span = right
            scope = rank_scope(text, clause_start, ent.start_char) if span is None else None
            ranked = scope is not None and not any(e.label_ == "ORG" for e in inside if e.end_char <= scope)
            if ranked:
                span = self._left(text, clause_start, scope, [e for e in inside if e.end_char <= scope])
                span = None if span and not ranked_subject(text, *span) else span  # [健康扶贫工作]在全市考核中排名第二
            elif span is None and not noun_tagged:  # a rank's scope is never its metric (74.2%，列各县（市）区第一)
                # 报告[手足口病]病例1797例, 其中[手足口病]1797例: a disease named in the phrase is part of the metric
                span = self._left(text, clause_start, ent.start_char, [e for e in inside if e.label_ != "DISEASE"])
            if span:
                spans.append((*span, "METRIC"))
        absorbed = {(e.start_char, e.end_char) for e in ents if e.label_ == "DISEASE"
                    and any(start <= e.start_char and e.end_char <= end for start, end, _ in spans)}
        if absorbed:
            doc.ents = [e for e in ents if (e.start_char, e.end_char) not in absorbed]
        return add_entities(doc, spans)

    @staticmethod
    def in_share_whole(text: str, clause_start: int, metric) -> bool:
        """市外患者占[医院出院人数]的41.6%: a METRIC after 占 in the clause is what the share is of, not the
        value's own metric."""
        return SHARE_VERB.search(text, clause_start, metric.start_char) is not None

    def clause_start(self, text: str, start: int) -> int:
        window = max(0, start - 40)
        quoted = [m.span() for m in _QUOTED.finditer(text, window, start)]
        return max((m.end() for m in DELIMITER.finditer(text, window, start)
                    if not any(s <= m.start() < e for s, e in quoted)), default=window)

    def trim(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        end = min(end, len(text))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():  # 256排CT |1台
            end -= 1
        respectively = text.rfind("分别", start, end)
        if respectively >= 0:  # 卫生院分别新建[业务用房]; [健康小屋]分别建成12个: 分别 is never inside a metric
            after = respectively + 2
            lead = self.lead_words.match(text[after:end])
            after += lead.end() if lead else 0
            start, end = (after, end) if end - after >= self.min_length else (start, respectively)
        compared = _COMPARED.search(text[start:end])
        if compared:  # 新发病例数比上年下降12.6% (上年 a DATE): the comparison frame is never part of the metric
            end = start + compared.start()
        share = SHARE_VERB.search(text, start, end)
        if share:  # [床位]占医院床位总数的58.6%, 只占总数的15.1%: a share is of what stands before 占
            end = share.start()
            start += 1 if text.startswith("其", start) and not text.startswith(("其中", "其它", "其他"), start) else 0
        tail = self._tail.search(text[start:end])
        if tail:
            opening = self.lead_words.match(text[start:end])  # 200种左右|扩充到500余种: past the bound's word
            if tail.group(0)[0] in "到至" and tail.start() - (opening.end() if opening else 0) <= 2:
                return None  # 由21个|充实到33个: a change's verb before its to-value
            end = start + tail.start()
        rate_unit = _PER_UNIT.search(text, start, end)
        if rate_unit:
            end = rate_unit.start()
        run = _FROM_RUN.search(text, start, end)
        if run and run.start() - start >= self.min_length:  # 常用药品种|由改革前的200种: a from-run's time
            end = run.start()
        totals = [m.end() for m in TOTAL_WORD.finditer(text, start, end) if end - m.end() >= self.min_length]
        if totals:  # 各项保障合计|报销, 妇幼保健机构共|开放床位: who or what is summed stands before the total's word
            start = totals[-1]
        examples = [m.end() for m in EXAMPLES_END.finditer(text, start, end) if end - m.end() >= self.min_length]
        if examples:
            start = examples[-1]
        if not RATE_END.search(text, start, end):  # 财政累计投入[卫生资金], 监督机构查处[违法案件]: the object of
            start = max((m.end() for m in ACTION.finditer(text, start, end)  # the action, unless a 的 clause
                         if end - m.end() >= self.min_length and "的" not in text[m.end():end]
                         and not _ACTION_COUNT.fullmatch(text, m.end(), end)), default=start)
        lead = self.lead_words.match(text[start:end])
        if lead:
            start += lead.end()
        if end - start > self.max_length:  # the longest end of the phrase that fits, cut after a join word
            start = next((start + m.end() for m in _INNER_JOIN.finditer(text[start:end])
                          if self.min_length <= end - start - m.end() <= self.max_length), start)
        chunk = text[start:end]
        if (chunk in self._breakdown or (_DENOMINATOR.fullmatch(chunk) and text.startswith("的", end))
                or _CHANGE_SIZE_ONLY.fullmatch(chunk) or _NO_METRIC.fullmatch(chunk) or chunk.endswith("了")):
            return None  # 国家级2个: a qualifier, the metric is the list's head; 占医院床位|总数的: a share's whole;
            # 各医疗机构储备了|10天: a verb's, not a metric
        if self.min_length <= len(chunk) <= self.max_length and _HAN.match(chunk):
            return start, end
        return None

    def _left(self, text: str, clause_start: int, value_start: int, inside):
        """The last stretch between the clause start and the value that other entities leave free."""
        bounds = [clause_start]
        for other in inside:
            bounds += [other.start_char, other.end_char]
        bounds.append(value_start)
        pieces = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds) - 1, 2)]
        for start, end in reversed(pieces):
            span = self.trim(text, start, end)
            if span:
                return span
        return None

    def phrase_after(self, text: str, value_end: int, following):
        """The noun right after a count, when it follows at once (a quote may open it); ``following`` are
        the entities after it, in order."""
        search = value_end
        quoted = _QUOTED.match(text, value_end)
        if quoted is not None and text[value_end] == "“":  # 破获一例[“两非”案件]: a quoted word opens the noun
            search = quoted.end()
        elif value_end < len(text) and text[value_end] in _OPEN_QUOTE:
            value_end = search = value_end + 1
        reach = value_end + 2 * self.max_length  # a phrase is never cut mid-word at the longest metric: trim fits it
        limit = min(following[0].start_char, reach) if following else reach
        match = DELIMITER.search(text, search, limit)
        noted = None
        while match is not None and text[match.start()] in "（(":  # 18个[县（市、区）]: a short note belongs to it
            note = _QUOTED.match(text, match.start())
            if note is None or note.end() > limit:
                break
            noted, match = note.end(), DELIMITER.search(text, note.end(), limit)
        end = match.start() if match else limit
        if noted is not None and (_VERB_START.match(text, noted) or text.startswith("全", noted)):
            end = noted  # 136个[县（市、区）]全部启动
        verb = ACTION.search(text, value_end + 1, end) or _PREDICATE.search(text, value_end + 1, end)
        conferred = _CONFERRED.search(text, value_end + 1, end)
        if conferred and (verb is None or conferred.start() <= verb.start()):
            tagged = following[0] if following and following[0].label_ == "METRIC" else None
            if tagged is not None and tagged.start_char == conferred.end():
                return tagged.start_char, tagged.end_char  # 给予[罚款] where the rules tagged it
            return self.trim(text, conferred.end(), end)
        if verb:  # 6355名[家庭医生]开展服务, 53个[贫困县]全部实现脱贫: the noun stops before what is said of it
            end = verb.start()
        joined = _AFTER_JOIN.search(text, value_end + self.min_length, end)
        if joined is not None and end - value_end > self.max_length:
            end = joined.start()  # 2个[紧急医学救援基地]及省心理危机干预中心: too long for one noun, the count is the first's
        return self.trim(text, value_end, end)


@Language.factory("healthie_metric_chunker", default_config={"min_length": 2, "max_length": 16})
def make_metric_chunker(nlp: Language, name: str, min_length: int, max_length: int) -> MetricChunker:
    return MetricChunker(name, min_length, max_length)
