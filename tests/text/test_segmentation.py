from healthie.text.segmentation import protected_boundaries, segment_for_training, train_pkuseg


def test_values_numbers_and_phrases_are_protected():
    text = "全市人口出生率6.79‰，孕产妇死亡率15.90/10万"
    cuts, whole = protected_boundaries(text, ["人口出生率"])
    start = text.index("6.79")
    assert (start, start + 4) in whole
    assert text.index("人口出生率") in cuts
    words = segment_for_training(text, ["人口出生率"])[0]
    assert "6.79" in words and "15.90" in words and "人口出生率" in words


def test_train_a_small_segmenter_twice_byte_for_byte(tmp_path):
    texts = ["全市出生人口数43417人，人口出生率6.79‰。\n每千人口执业医师数2.73人。"] * 20
    out = train_pkuseg(texts, tmp_path / "model", ["人口出生率", "出生人口数"], iterations=2)
    again = train_pkuseg(texts, tmp_path / "again", ["人口出生率", "出生人口数"], iterations=2)
    assert (out / "weights.npz").exists() and (out / "features.msgpack").exists()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {p.name: p.read_bytes() for p in again.iterdir()}
    import spacy_pkuseg

    words = spacy_pkuseg.pkuseg(str(out)).cut("人口出生率6.79‰")
    assert "6.79" in words
