from healthie.training.profiling import profile, stage_times


def test_stage_times_cover_the_tokenizer_and_every_component(nlp, seed_texts):
    spent = stage_times(nlp, list(seed_texts.values())[:1])
    assert set(spent) == {"tokenizer (cleaning, segmentation)", *nlp.pipe_names}
    assert all(seconds >= 0 for seconds in spent.values()) and sum(spent.values()) > 0


def test_the_profile_report_names_stages_and_functions():
    report = profile(size=3000, top=5)
    assert report.startswith("# Where the time goes") and "| healthie_metric_ranker |" in report
    assert "tottime" in report and report.count("\n|") >= 10
