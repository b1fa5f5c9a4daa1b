from hypothesis import given, settings
from hypothesis import strategies as st

from healthie.text.cleaning import clean
from healthie.training.noise import PROFILES, TRANSFORMS, inject

RECORD = {"id": "r", "source": "authored", "meta": {},
          "text": "2020年，全市出生人口数43417人，人口出生率6.79‰，孕产妇死亡率15.90/10万。\n每千人口执业医师数从1.8人提升到2.73人。\n",
          "relations": []}
RECORD["entities"] = [{"start": RECORD["text"].index(t), "end": RECORD["text"].index(t) + len(t), "label": "VALUE"}
                      for t in ("43417人", "6.79‰", "15.90/10万", "1.8人", "2.73人")]


def _through_cleaning(noisy):
    cleaned = clean(noisy["text"])
    out = []
    for entity in noisy["entities"]:
        start, end = cleaned.to_clean(entity["start"], entity["end"])
        out.append(cleaned.text[start:end])
    return out


def test_each_transform_keeps_spans_on_their_characters():
    for kind in TRANSFORMS:
        noisy = inject(RECORD, [kind], seed=3)
        assert noisy["meta"]["noise"] == [kind] and noisy["source"] == "noisy"
        for entity, original in zip(noisy["entities"], RECORD["entities"]):
            surface = noisy["text"][entity["start"]:entity["end"]]
            first = RECORD["text"][original["start"]]
            assert surface[0] == first or clean(surface[0]).text == clean(first).text


def test_a_noisy_copy_keeps_each_entitys_attributes():
    record = {**RECORD, "entities": [{**e, "construction": "change", "year": "none"} if i == 3 else e
                                      for i, e in enumerate(RECORD["entities"])]}
    for profile in PROFILES.values():
        noisy = inject(record, profile, seed=1)
        assert noisy["entities"][3]["construction"] == "change" and noisy["entities"][3]["year"] == "none"
        assert "year" not in noisy["entities"][0]


def test_profiles_are_undone_by_cleaning():
    expected = [RECORD["text"][e["start"]:e["end"]] for e in RECORD["entities"]]
    for seed, kinds in enumerate(PROFILES.values()):
        assert _through_cleaning(inject(RECORD, kinds, seed=seed)) == expected


def test_noise_is_seeded():
    assert inject(RECORD, PROFILES["pdf"], seed=5) == inject(RECORD, PROFILES["pdf"], seed=5)
    assert inject(RECORD, PROFILES["pdf"], seed=5)["text"] != inject(RECORD, PROFILES["pdf"], seed=6)["text"]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(sorted(PROFILES)))
def test_spans_stay_inside_the_noisy_text(seed, profile):
    noisy = inject(RECORD, PROFILES[profile], seed=seed)
    for entity in noisy["entities"]:
        assert 0 <= entity["start"] < entity["end"] <= len(noisy["text"])
