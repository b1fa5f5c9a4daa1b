"""The tokenizer: clean the raw text (keeping the offset map), then segment it.

``nlp(raw_text)`` therefore works on reports as found; the Doc's text is the clean
text, and ``doc._.clean`` maps any span back to the raw input (SPEC section 5).
The map lives in ``doc.user_data`` so that it survives ``nlp.pipe(n_process=2)``.
"""

from __future__ import annotations

import unicodedata

from spacy import util
from spacy.lang.zh import ChineseTokenizer
from spacy.tokens import Doc
from spacy.util import DummyTokenizer, registry

from .cleaning import CleanText, clean

_KEY = "healthie.clean"


def _get_clean(doc: Doc) -> CleanText:
    stored = doc.user_data.get(_KEY)
    if stored is None:  # a Doc made without this tokenizer: the identity map
        return CleanText(doc.text, doc.text, list(range(len(doc.text))), [])
    original, offsets, boilerplate, wide = stored
    return CleanText(original, doc.text, offsets, [tuple(span) for span in boilerplate],
                     {int(k): v for k, v in wide})


def boilerplate_spans(doc: Doc) -> list[tuple[int, int]]:
    """The boilerplate lines of a Doc (clean offsets), without rebuilding its text."""
    stored = doc.user_data.get(_KEY)
    return [tuple(span) for span in stored[2]] if stored else []


if not Doc.has_extension("clean"):
    Doc.set_extension("clean", getter=_get_clean)


def _char_class(char: str) -> str:
    if char.isdigit() or char == ".":
        return "digit"
    if char.isspace():
        return "space"
    if unicodedata.category(char)[0] in "PS":
        return "punct"
    return "word"


def refine_words(words: list[str]) -> list[str]:
    """Split segmenter words where no entity edge may fall inside: at punctuation and digit/word changes."""
    refined = []
    for word in words:
        start = 0
        for index in range(1, len(word)):
            before, after = _char_class(word[index - 1]), _char_class(word[index])
            if before != after or before == "punct":
                refined.append(word[start:index])
                start = index
        refined.append(word[start:])
    merged: list[str] = []
    for piece in refined:  # a number the segmenter cut in two (4341|7) is one token again
        if merged and piece and _char_class(piece[0]) == "digit" and _char_class(merged[-1][-1]) == "digit":
            merged[-1] += piece
        elif piece:
            merged.append(piece)
    return merged


class CleaningTokenizer(DummyTokenizer):
    """Cleans text with :func:`healthie.cleaning.clean`, then segments it with spaCy's Chinese tokenizer."""

    def __init__(self, vocab, segmenter: str = "pkuseg"):
        self.vocab = vocab
        self.segmenter = ChineseTokenizer(vocab, segmenter)

    def __call__(self, text: str) -> Doc:
        cleaned = clean(text)
        segmented = self.segmenter(cleaned.text)
        words, spaces = util.get_words_and_spaces(refine_words([t.text for t in segmented]), cleaned.text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[_KEY] = (cleaned.original, cleaned.offsets, [list(span) for span in cleaned.boilerplate],
                               sorted(cleaned.wide.items()))
        return doc

    def initialize(self, get_examples=None, *, nlp=None, pkuseg_model=None, pkuseg_user_dict="default"):
        self.segmenter.initialize(get_examples, nlp=nlp, pkuseg_model=pkuseg_model,
                                  pkuseg_user_dict=pkuseg_user_dict)

    def score(self, examples):
        return self.segmenter.score(examples)

    def to_bytes(self, **kwargs):
        return self.segmenter.to_bytes(**kwargs)

    def from_bytes(self, data, **kwargs):
        self.segmenter.from_bytes(data, **kwargs)
        return self

    def to_disk(self, path, **kwargs):
        self.segmenter.to_disk(path, **kwargs)

    def from_disk(self, path, **kwargs):
        self.segmenter.from_disk(path, **kwargs)
        return self


@registry.tokenizers("healthie.CleaningTokenizer.v1")
def create_cleaning_tokenizer(segmenter: str = "pkuseg"):
    """Config entry: ``[nlp.tokenizer] @tokenizers = "healthie.CleaningTokenizer.v1"``."""

    def make(nlp):
        return CleaningTokenizer(nlp.vocab, segmenter)

    return make
