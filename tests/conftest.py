from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def nlp():
    import healthie

    return healthie.load()


@pytest.fixture(scope="session")
def seed_texts():
    return {p.name: p.read_text(encoding="utf-8") for p in SEEDS}


@pytest.fixture(scope="session")
def seed_claims(nlp, seed_texts):
    import healthie

    return {name: healthie.extract(text, doc_id=name, nlp=nlp) for name, text in seed_texts.items()}
