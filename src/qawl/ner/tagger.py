"""The shipped CRF models: loading (cached, offline) and tagging."""

from __future__ import annotations

import functools
import threading
from importlib import resources
from pathlib import Path

from qawl.errors import QawlError
from qawl.ner.features import Featurizer, stack_titles

MODEL_FILE = "ar_ner.crfsuite"
TITLES_FILE = "ar_titles.crfsuite"


class ModelError(QawlError):
    """The NER model file is missing or unreadable."""


def model_dir() -> Path:
    return Path(str(resources.files("qawl") / "ner" / "data"))


class Tagger:
    """A CRF sequence tagger over words as written (clitics attached, as in ANERcorp).

    ``tag(words)`` returns one BIO label per word: B-PER, I-ORG, B-LOC, B-MISC, O, ... .
    crfsuite taggers are not thread-safe: each thread gets its own handle on the same file.
    """

    def __init__(
        self, path: str | Path, featurizer: Featurizer | None = None, titles: Tagger | None = None
    ) -> None:
        """``titles``: a title tagger whose output this model was trained to read (stacking)."""
        import pycrfsuite

        self.path = Path(path)
        if not self.path.is_file():
            raise ModelError(f"NER model not found at {self.path}: reinstall qawl or run `qawl train ner`")
        self.featurize = featurizer or Featurizer.for_model(self.path.parent)
        self.titles = titles
        if titles is None and self.featurize.options.get("stack_titles") and self.path.name != TITLES_FILE:
            self.titles = Tagger(self.path.parent / TITLES_FILE, self.featurize)
        self._local = threading.local()
        self._open = pycrfsuite.Tagger
        self._items = pycrfsuite.ItemSequence
        self._get()  # fail now, not at the first sentence
        self.labels: tuple[str, ...] = tuple(self._get().labels())

    def _get(self):
        t = getattr(self._local, "tagger", None)
        if t is None:
            t = self._open()
            try:
                t.open(str(self.path))
            except Exception as e:  # crfsuite raises ValueError/OSError variants
                raise ModelError(f"cannot load NER model {self.path}: {e}") from e
            self._local.tagger = t
        return t

    def tag(self, tokens: list[str]) -> list[str]:
        """One BIO label per word."""
        return self.analyse(tokens)[0]

    def analyse(
        self, words: list[str], places=None, with_titles: bool = True
    ) -> tuple[list[str], list[str] | None]:
        """(entity labels, title labels or None) for a sentence, features computed once.

        ``places``: the gazetteer matches of ``words`` if the caller has them already.
        ``with_titles=False`` skips the title model (unless the entity model reads its output).
        """
        if not words:
            return [], []
        feats = self.featurize(words, places)
        stacked = self.featurize.options.get("stack_titles")
        if self.titles is None or (not with_titles and not stacked):
            return list(self._get().tag(feats)), None
        # one ItemSequence for both models: the conversion costs as much as the tagging
        items = self._items(feats)
        occ = self.titles.tag_features(items)
        if self.featurize.options.get("stack_titles"):
            return list(self._get().tag(stack_titles(feats, occ))), occ
        return list(self._get().tag(items)), occ

    def tag_features(self, feats: list[list[str]]) -> list[str]:
        """Tag from features already computed by this tagger's ``featurize``."""
        return list(self._get().tag(feats)) if feats else []


@functools.lru_cache(maxsize=1)
def load_tagger() -> Tagger:
    """The shipped entity model (PER, ORG, LOC, MISC) with its title model, loaded once, its
    feature cache warmed with the commonest words."""
    from qawl.lang.ar import common_words

    tagger = _attach_titles(Tagger(model_dir() / MODEL_FILE))
    tagger.featurize.warm(common_words())
    return tagger


@functools.lru_cache(maxsize=1)
def load_title_tagger() -> Tagger | None:
    """The shipped title model (OCC spans: «وزير الخارجية الأمريكي»), or None if not shipped."""
    return load_tagger().titles


def _attach_titles(tagger: Tagger) -> Tagger:
    if tagger.titles is None and (tagger.path.parent / TITLES_FILE).is_file():
        tagger.titles = Tagger(tagger.path.parent / TITLES_FILE, tagger.featurize)
    return tagger
