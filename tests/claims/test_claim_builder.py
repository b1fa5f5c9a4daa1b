from spacy import displacy


def test_claims_are_also_a_span_group_labelled_with_their_metric(nlp):
    doc = nlp("2020年，全市出生人口数43417人，人口出生率6.79‰。")
    group = doc.spans["claims"]
    assert [(span.text, span.label_) for span in group] == [(c.value_text, c.metric_name) for c in doc._.claims]
    assert [span.label_ for span in group] == ["出生人口数", "人口出生率"]
    assert "出生人口数" in displacy.render(doc, style="span", options={"spans_key": "claims"})

