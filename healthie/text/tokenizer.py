"""The tokenizer: clean the raw text (keeping the offset map), then segment it.

``nlp(raw_text)`` therefore works on reports as found; the Doc's text is the clean
text, and ``doc._.clean`` maps any span back to the raw input (SPEC section 5).
The map lives in ``doc.user_data`` so that it survives ``nlp.pipe(n_process=2)``.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from pathlib import Path

import srsly
from spacy import util
from spacy.lang.zh import ChineseTokenizer
from spacy.tokens import Doc
from spacy.util import DummyTokenizer, registry

from ..extras import require
from .cleaning import CleanText, clean

_KEY = "healthie.clean"
_TEXT_KEY = "healthie.text"
ERROR_KEY = "healthie.error"  # a Doc's user data: why the pipeline could not process it


class TextWithData(str):
    """A text that carries the user data its Doc starts with (the home-region hint, a sequence number)
    through ``nlp(text)`` or ``nlp.pipe(texts)``, in whichever process tokenizes it."""

    def __new__(cls, text: str, user_data: dict):
        made = super().__new__(cls, text)
        made.user_data = dict(user_data)
        return made

    def __reduce__(self):
        return TextWithData, (str(self), self.user_data)


def doc_text(doc: Doc) -> str:
    """``doc.text``, as the tokenizer made it: spaCy rebuilds ``doc.text`` from every token on each
    access, which cost the components nearly half of extraction's time."""
    text = doc.user_data.get(_TEXT_KEY)
    return text if text is not None else doc.text


def _get_clean(doc: Doc) -> CleanText:
    stored = doc.user_data.get(_KEY)
    text = doc_text(doc)
    if stored is None:  # a Doc made without this tokenizer: the identity map
        return CleanText(text, text, list(range(len(text))), [])
    original, offsets, boilerplate, wide = stored
    return CleanText(original, text, offsets, [tuple(span) for span in boilerplate], {int(k): v for k, v in wide})


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
    """Split segmenter words where no entity edge may fall inside: at punctuation and digit/word changes,
    and after a deictic place word that starts a longer word (全省孕产妇死亡率)."""
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
        elif merged and len(piece) > 1 and merged[-1][-1:] + piece[0] in _FUNCTION_WORDS:
            merged[-1] += piece[0]  # 其|中医院 -> 其中|医院: a function word is never split into a name
            merged.append(piece[1:])
        elif _DEICTIC_HEAD.match(piece) and len(piece) > 2:
            merged += [piece[:2], piece[2:]]  # 全省|孕产妇死亡率: a place word never swallows what follows
        elif piece:
            merged.append(piece)
    return merged


_FUNCTION_WORDS = {"其中", "之中", "当中", "从中"}
_DEICTIC_HEAD = re.compile(r"(?:(?:全|我|本|该)[省市区县州旗]|全国)(?![域份])")


class CleaningTokenizer(DummyTokenizer):
    """Cleans text with :func:`healthie.text.cleaning.clean`, then segments it with spaCy's Chinese tokenizer."""

    def __init__(self, vocab, segmenter: str = "pkuseg"):
        self.vocab = vocab
        self.segmenter = ChineseTokenizer(vocab, segmenter)

    def __call__(self, text: str) -> Doc:
        if not isinstance(text, TextWithData):
            return self._tokenize(text)
        try:  # in a worker process: a failure is the document's, not the batch's
            doc = self._tokenize(text)
        except Exception as error:
            doc = Doc(self.vocab, words=[])
            doc.user_data[ERROR_KEY] = f"tokenizer failed: {type(error).__name__}: {error}"
        doc.user_data.update(text.user_data)
        return doc

    def _tokenize(self, text: str) -> Doc:
        cleaned = clean(str(text))
        segmented = self.segmenter(cleaned.text)
        runs: list[list[str]] = [[]]  # words between spaces: a number is mended only inside one run
        for token in segmented:
            runs[-1].append(token.text)
            if token.whitespace_:
                runs.append([])
        words, spaces = util.get_words_and_spaces([w for run in runs for w in refine_words(run)], cleaned.text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[_KEY] = (cleaned.original, cleaned.offsets, [list(span) for span in cleaned.boilerplate],
                               sorted(cleaned.wide.items()))
        doc.user_data[_TEXT_KEY] = cleaned.text
        return doc

    def initialize(self, get_examples=None, *, nlp=None, pkuseg_model=None, pkuseg_user_dict="default"):
        self.segmenter.initialize(get_examples, nlp=nlp, pkuseg_model=pkuseg_model,
                                  pkuseg_user_dict=pkuseg_user_dict)

    def score(self, examples):
        return self.segmenter.score(examples)

    def to_bytes(self, **kwargs):
        return self.segmenter.to_bytes(**kwargs)

    def from_bytes(self, data, **kwargs):
        parts: dict = {}
        util.from_bytes(data, {key: (lambda b, key=key: parts.__setitem__(key, b)) for key in
                               ("cfg", "pkuseg_features", "pkuseg_weights", "pkuseg_processors")}, [])
        self.segmenter._set_config(srsly.json_loads(parts["cfg"]))
        if parts.get("pkuseg_features") and parts.get("pkuseg_weights"):
            with tempfile.TemporaryDirectory() as scratch:
                Path(scratch, "features.msgpack").write_bytes(parts["pkuseg_features"])
                Path(scratch, "weights.npz").write_bytes(parts["pkuseg_weights"])
                self.segmenter.pkuseg_seg = load_pkuseg(scratch, srsly.msgpack_loads(parts["pkuseg_processors"]))
        return self

    def to_disk(self, path, **kwargs):
        self.segmenter.to_disk(path, **kwargs)

    def from_disk(self, path, **kwargs):
        path = Path(path)
        self.segmenter._set_config(srsly.read_json(path / "cfg"))
        if (path / "pkuseg_model").exists():
            self.segmenter.pkuseg_seg = load_pkuseg(path / "pkuseg_model", srsly.read_msgpack(path / "pkuseg_processors"))
        return self


def load_pkuseg(model_dir: str | Path, processors) -> object:
    """A pkuseg segmenter from saved weights (npz + msgpack) and processors, without unpickling anything.

    ``spacy_pkuseg.pkuseg()`` unpickles the dictionary bundled with the package unless told not to;
    the saved processors hold the same word lists, so none is loaded and they are set afterwards.
    """
    spacy_pkuseg = require("spacy_pkuseg", "train", "a pipeline with a pkuseg segmenter")
    for name in ("features.msgpack", "weights.npz"):  # without them pkuseg would look for a pickle
        if not Path(model_dir, name).exists():
            raise FileNotFoundError(f"pkuseg model file {Path(model_dir, name)} is missing")
    segmenter = spacy_pkuseg.pkuseg(str(model_dir), user_dict=None)
    user_dict, do_process, common_words, other_words = processors
    segmenter.preprocesser = spacy_pkuseg.Preprocesser(user_dict)
    segmenter.postprocesser.do_process = do_process
    segmenter.postprocesser.common_words = set(common_words)
    segmenter.postprocesser.other_words = set(other_words)
    return segmenter


@registry.tokenizers("healthie.CleaningTokenizer.v1")
def create_cleaning_tokenizer(segmenter: str = "pkuseg"):
    """Config entry: ``[nlp.tokenizer] @tokenizers = "healthie.CleaningTokenizer.v1"``."""

    def make(nlp):
        return CleaningTokenizer(nlp.vocab, segmenter)

    return make
