import healthie

from ..conftest import load_script


def test_a_wrapped_table_keeps_the_claims_of_its_clean_text(nlp):
    """Hard wrapping breaks table rows, header years and header cells: the claims come out as from the clean text."""
    script = load_script("noise_stability")
    text = ("2022年某市卫生健康事业发展统计公报\n全市医疗卫生机构总数达到1,286个，比上年增加12个，床位数达到7,386张。" * 3
            + "\n表1 主要指标\n指标                 2021年      2022年      增长(%)\n"
            + "医疗卫生机构（个）     1,274       1,286       0.9\n病床使用率（%）        81.6        78.2        -3.4\n"
            + "县区    总诊疗人次（万人次）  出院人数（万人）  病床使用率（%）\n全市    5,386.2  186.4  88.7\n")
    record = {"id": "t", "text": text, "entities": [], "relations": [], "meta": {}}
    counts = script.compare(nlp, record, ["broken_lines", "spaces"], seeds=3)
    assert counts["claims"] >= 3 * 10
    assert {name: counts[name] for name in script.FIELDS} == {name: 0 for name in script.FIELDS}
