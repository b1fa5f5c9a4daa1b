"""Training a domain pkuseg segmentation model from the project's own text.

No pretrained pkuseg model may be downloaded, so the segmenter is trained here.
Training sentences are the corpus texts, cleaned, cut by jieba (whose dictionary
ships inside the package), then corrected so that what the pipeline needs whole
stays whole: numbers (43417, 6.79, 15.90), the unit after a number, and the
catalogue's metric and region names.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import re
import tempfile
from pathlib import Path

from .cleaning import clean
from ..extras import require
from ..lexicons.numbers import scan_values

_NUMBER_RE = re.compile(r"/\d+万|\d+(?:[.,]\d+)*|[零〇一二两三四五六七八九十百千]+(?=[万亿千]?[余多]?[个名人家例项所])")


def protected_boundaries(text: str, phrases: list[str]) -> tuple[set[int], set[tuple[int, int]]]:
    """Offsets that must be token boundaries, and spans that must be single tokens."""
    cuts: set[int] = set()
    whole: set[tuple[int, int]] = set()
    for value in scan_values(text):
        cuts.update((value.start, value.end))
    for match in _NUMBER_RE.finditer(text):
        whole.add(match.span())
        cuts.update(match.span())
    if phrases:
        pattern = re.compile("|".join(map(re.escape, sorted(phrases, key=len, reverse=True))))
        for match in pattern.finditer(text):
            whole.add(match.span())
            cuts.update(match.span())
    return cuts, whole


def segment_for_training(text: str, phrases: list[str]) -> list[list[str]]:
    """Cut clean text into training sentences of words (jieba, then the protected corrections)."""
    jieba = require("jieba", "train", "training the segmenter")

    sentences = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        cuts, whole = protected_boundaries(line, phrases)
        offsets, position = set(), 0
        for word in jieba.cut(line, HMM=True):
            position += len(word)
            offsets.add(position)
        offsets |= cuts
        for start, end in whole:
            offsets -= set(range(start + 1, end))
        offsets.add(len(line))
        words, start = [], 0
        for end in sorted(o for o in offsets if 0 < o <= len(line)):
            word = line[start:end].strip()
            if word:
                words.append(word)
            start = end
        sentences.append(words)
    return sentences


def train_pkuseg(texts: list[str], out_dir: str | Path, phrases: list[str], iterations: int = 10,
                 seed: int = 0, quiet: bool = True) -> Path:
    """Train a pkuseg model on raw report texts and write it to ``out_dir``."""
    jieba = require("jieba", "train", "training the segmenter")
    spacy_pkuseg = require("spacy_pkuseg", "train", "training a pkuseg segmenter")

    jieba.setLogLevel(60)
    random.seed(seed)
    sentences = [s for text in texts for s in segment_for_training(clean(text).text, phrases)]
    random.Random(seed).shuffle(sentences)
    held_out = max(1, len(sentences) // 20)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        train_file, test_file = Path(scratch, "train.txt"), Path(scratch, "test.txt")
        train_file.write_text("\n".join(" ".join(s) for s in sentences[held_out:]) + "\n", encoding="utf-8")
        test_file.write_text("\n".join(" ".join(s) for s in sentences[:held_out]) + "\n", encoding="utf-8")
        cwd = os.getcwd()
        os.chdir(scratch)  # pkuseg writes its working files into the current folder
        try:
            sink = io.StringIO() if quiet else None
            with contextlib.redirect_stdout(sink) if quiet else contextlib.nullcontext():
                spacy_pkuseg.train(str(train_file), str(test_file), str(out_dir.resolve()), train_iter=iterations)
        finally:
            os.chdir(cwd)
    return out_dir
