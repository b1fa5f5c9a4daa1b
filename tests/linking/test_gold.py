from spacy.training import Example

from healthie.linking.gold import entity_stage, training_pairs

TEXT = "2020年，全市出生人口数43417人。床位4.86万张，其中医院3.79万张。"


VALUE = (TEXT.index("43417人"), TEXT.index("43417人") + len("43417人"))


def _examples(nlp):
    references = []
    for _ in range(2):
        doc = nlp.make_doc(TEXT)
        doc.ents = [doc.char_span(*VALUE, "VALUE")]
        references.append(doc)
    return [Example(nlp.make_doc(TEXT), reference) for reference in references]


def test_the_linkers_of_one_pipeline_share_the_tagging_of_the_same_examples(nlp):
    stage = entity_stage(nlp)
    examples = _examples(nlp)
    pairs = training_pairs(examples, stage)
    assert [sorted(found["METRIC_OF"]) for _, found in pairs] == [[VALUE], [VALUE]]
    assert [e.text for e in pairs[0][0].ents if e.label_ == "VALUE"] == ["43417人", "4.86万张", "3.79万张"]
    assert training_pairs(examples, stage) is pairs
    others = _examples(nlp)  # other references, the same text: tagged anew
    again = training_pairs(others, stage)
    assert again is not pairs and [found for _, found in again] == [found for _, found in pairs]
    assert training_pairs(examples, stage[:-1]) is not again
