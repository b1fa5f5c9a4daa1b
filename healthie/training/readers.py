"""spaCy corpus readers: healthie's DocBins, and the corpus records themselves.

Both give examples on the reference tokenization: the predicted side of each Example takes the
reference's words, as gold-preprocessed corpora do, and the gold relations stay on the reference
(``doc._.rel``). A DocBin's text is already clean, so the tokenizer never runs on it again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.util import registry


@registry.readers("healthie.DocBinCorpus.v1")
def create_docbin_corpus(path: str | Path) -> Callable[[Language], Iterator[Example]]:
    def read(nlp: Language) -> Iterator[Example]:
        for reference in DocBin().from_disk(path).get_docs(nlp.vocab):
            predicted = Doc(nlp.vocab, words=[t.text for t in reference], spaces=[bool(t.whitespace_) for t in reference])
            predicted.user_data.update({k: v for k, v in reference.user_data.items() if k == "healthie.clean"})
            yield Example(predicted, reference)

    return read


@registry.readers("healthie.CorpusRecords.v1")
def create_corpus_records(path: str | Path, splits: list[str] | None = None) -> Callable[[Language], Iterator[Example]]:
    """Examples of the corpus records under ``path`` (a corpus/data folder; ``splits`` as in
    :func:`read_corpus`, default what training reads), tokenized by the pipeline they are read for."""
    from .corpus.build import read_corpus
    from .corpus.docbin import record_to_doc

    def read(nlp: Language) -> Iterator[Example]:
        records = read_corpus(path, tuple(splits) if splits else None)
        if not records:
            raise FileNotFoundError(f"no corpus records in {path}: run `healthie corpus build` first")
        for record in records:
            reference = record_to_doc(nlp, record)
            predicted = Doc(nlp.vocab, words=[t.text for t in reference], spaces=[bool(t.whitespace_) for t in reference])
            predicted.user_data.update(reference.user_data)
            yield Example(predicted, reference)

    return read
