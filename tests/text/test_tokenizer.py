import spacy

from healthie.pipeline import model_path
from healthie.text.tokenizer import refine_words


def test_numbers_are_single_tokens(nlp):
    doc = nlp("全市出生人口数43417人，人口出生率6.79‰，孕产妇死亡率15.90/10万。")
    words = [t.text for t in doc]
    for number in ("43417", "6.79", "15.90"):
        assert number in words


def test_doc_maps_back_to_the_raw_text(nlp):
    raw = "衛(wèi)計(jì)局：2020年建立健康檔案514441份。"
    doc = nlp(raw)
    assert doc.text.startswith("卫计局")
    cleaned = doc._.clean
    start = doc.text.index("514441份")
    o_start, o_end = cleaned.to_original(start, start + len("514441份"))
    assert raw[o_start:o_end] == "514441份"


def test_saved_pipeline_loads_with_plain_spacy_load():
    nlp = spacy.load(model_path())
    assert nlp.tokenizer.__class__.__name__ == "CleaningTokenizer"
    assert "healthie_claim_builder" in nlp.pipe_names
    doc = nlp("2020年，全市出生人口数43417人。")
    assert [e.text for e in doc.ents if e.label_ == "VALUE"] == ["43417人"]


def test_a_function_word_is_never_split_into_a_name():
    assert refine_words(["床位", "48.6万张", "，", "其", "中医院", "37.9万张"]) == \
        ["床位", "48.6", "万张", "，", "其中", "医院", "37.9", "万张"]



def test_doc_text_is_the_docs_text_without_rebuilding_it():
    import spacy

    from healthie.text.tokenizer import doc_text

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "healthie.CleaningTokenizer.v1", "segmenter": "char"}}})
    doc = nlp("衛生院12家，床位数1，200张。")
    assert doc_text(doc) == doc.text and doc.text.startswith("卫生院12家")
    plain = spacy.blank("zh")("全市12家")
    assert doc_text(plain) == plain.text


def test_a_deictic_place_word_never_swallows_the_words_after_it():
    from healthie.text.tokenizer import refine_words

    assert refine_words(["全省孕产妇死亡率", "、", "全市"]) == ["全省", "孕产妇死亡率", "、", "全市"]
    assert refine_words(["全国人口", "全县域"]) == ["全国", "人口", "全县域"]  # 县域 is one word


def test_a_text_with_data_survives_pickling_and_gives_its_doc_the_data(nlp, monkeypatch):
    import pickle

    from healthie.text import tokenizer as module
    from healthie.text.tokenizer import ERROR_KEY, TextWithData

    text = pickle.loads(pickle.dumps(TextWithData("全市床位1万张。", {"healthie.region_hint": "常德市"})))
    assert text == "全市床位1万张。" and text.user_data == {"healthie.region_hint": "常德市"}
    doc = nlp.make_doc(text)
    assert doc._.region_hint == "常德市" and doc.text == "全市床位1万张。"

    def broken(raw):
        raise ValueError("cannot clean")

    monkeypatch.setattr(module, "clean", broken)
    failed = nlp.make_doc(TextWithData("坏", {"healthie.sequence": 3}))
    assert len(failed) == 0 and failed.user_data[ERROR_KEY] == "tokenizer failed: ValueError: cannot clean"
    assert failed.user_data["healthie.sequence"] == 3
