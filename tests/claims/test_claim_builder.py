from spacy import displacy


def test_claims_are_also_a_span_group_labelled_with_their_metric(nlp):
    doc = nlp("2020年，全市出生人口数43417人，人口出生率6.79‰。")
    group = doc.spans["claims"]
    assert [(span.text, span.label_) for span in group] == [(c.value_text, c.metric_name) for c in doc._.claims]
    assert [span.label_ for span in group] == ["出生人口数", "人口出生率"]
    assert "出生人口数" in displacy.render(doc, style="span", options={"spans_key": "claims"})


def test_claims_only_drops_the_cleaning_map_and_keeps_the_claims(nlp):
    text = "2020年，全市出生人口数43417人，人口出生率6.79‰。"
    full = nlp(text)
    lean = nlp.get_pipe("healthie_claim_builder")(nlp(text), claims_only=True)
    assert [c.to_dict() for c in lean._.claims] == [c.to_dict() for c in full._.claims] != []
    assert "healthie.clean" in full.user_data and "healthie.clean" not in lean.user_data
    assert len(lean.to_bytes()) < len(full.to_bytes())
