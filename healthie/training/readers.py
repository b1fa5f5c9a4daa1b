"""A spaCy corpus reader for healthie's DocBins: examples on the reference tokenization.

The Docs' text is already clean, so the tokenizer must not run on it again; the
predicted side of each Example takes the reference's words, as gold-preprocessed
corpora do, and the gold relations stay on the reference (``doc._.rel``).
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
