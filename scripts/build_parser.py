"""Train the tagger and dependency parser that ship with trackrecord, from UD English EWT.

    python scripts/build_parser.py                      # ../shared/data/ud-english-ewt
    python scripts/build_parser.py --ewt DIR --steps N  # another copy, a shorter run

Steps, all deterministic for a given seed and config:

1. convert EWT's ``train``, ``dev`` and ``test`` CoNLL-U files into spaCy ``DocBin`` files,
   ten sentences per document (so the parser also learns where sentences end);
2. ``spacy train`` with ``scripts/parser.cfg`` (a CNN tok2vec shared by a tagger of Penn
   Treebank tags and a transition-based parser of UD relations), seed 0;
3. copy ``model-best`` (best on EWT dev) into ``src/trackrecord/extract/model/en_trackrecord_ewt``
   with its README and licence, and write EWT test scores (tags, UAS, LAS) beside it in
   ``scores.json``.

The test split is never seen in training or in model selection. A rebuild with the same config
and seed gives the same scores (within 0.005: thread timing can reorder float sums).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "scripts" / "parser.cfg"
TARGET = ROOT / "src" / "trackrecord" / "extract" / "model" / "en_trackrecord_ewt"
DEFAULT_EWT = ROOT.parent / "shared" / "data" / "ud-english-ewt"
SPLITS = ("train", "dev", "test")
_EWT_URL = "https://github.com/UniversalDependencies/UD_English-EWT"
# Written beside the model: the data's licence (the model is a derived work of EWT).
_README = """# en_trackrecord_ewt

trackrecord's tagger (Penn Treebank tags) and dependency parser (Universal Dependencies
relations), trained with spaCy {spacy_version} on Universal Dependencies English EWT v2.15
(train split; model chosen on dev).

- Rebuild: `python scripts/build_parser.py` (config `scripts/parser.cfg`, seed 0, at most
  {steps} steps, stopping once dev has not improved for {patience} steps; about {minutes}
  minutes on 2 shared cores).
- EWT test (never used for training or selection): tags {tag_acc:.3f}, UAS {dep_uas:.3f},
  LAS {dep_las:.3f} (`scores.json`; `trackrecord eval` measures it again).

## Licence

The training data, Universal Dependencies English Web Treebank annotations (c) 2013-2021 by The
Board of Trustees of The Leland Stanford Junior University, are licensed under the Creative
Commons Attribution-ShareAlike 4.0 International licence
(https://creativecommons.org/licenses/by-sa/4.0/). The model weights in this folder are derived
from them and are distributed under the same licence, CC BY-SA 4.0, with this attribution.
Source: https://github.com/UniversalDependencies/UD_English-EWT
"""


def convert(ewt: Path, out: Path) -> dict[str, Path]:
    """Each EWT split as a DocBin of ten-sentence documents."""
    from spacy.tokens import DocBin
    from spacy.training.converters import conllu_to_docs

    paths: dict[str, Path] = {}
    for split in SPLITS:
        source = ewt / f"en_ewt-ud-{split}.conllu"
        if not source.is_file():
            raise SystemExit(
                f"build_parser: {source}: no such file (is ../shared beside the repo?)"
            )
        docs = conllu_to_docs(
            source.read_text(encoding="utf-8"), n_sents=10, merge_subtokens=False, no_print=True
        )
        paths[split] = out / f"{split}.spacy"
        DocBin(docs=list(docs)).to_disk(paths[split])
    return paths


def evaluate(model: Path, data: Path) -> dict[str, float]:
    """Tag accuracy, UAS and LAS of `model` on the DocBin `data`."""
    import spacy
    from spacy.tokens import DocBin
    from spacy.training import Example

    nlp = spacy.load(model)
    gold = list(DocBin().from_disk(data).get_docs(nlp.vocab))
    examples = [Example(nlp.make_doc(doc.text), doc) for doc in gold]
    scores = nlp.evaluate(examples)
    return {key: round(float(scores[key]), 4) for key in ("tag_acc", "dep_uas", "dep_las")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ewt", type=Path, default=DEFAULT_EWT, help="the ud-english-ewt folder")
    parser.add_argument("--steps", type=int, default=None, help="override training.max_steps")
    parser.add_argument("--target", type=Path, default=TARGET, help="where the model goes")
    parser.add_argument(
        "--finish",
        type=Path,
        default=None,
        metavar="OUTPUT",
        help="skip training: ship OUTPUT/model-best of an earlier `spacy train` of this config "
        "(one stopped by hand after the evaluation at --steps)",
    )
    parser.add_argument(
        "--minutes", type=float, default=None, help="with --finish: how long that training took"
    )
    args = parser.parse_args(argv)

    import spacy

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="trackrecord-parser-") as tmp:
        work = Path(tmp)
        data = convert(args.ewt, work)
        output = args.finish or work / "out"
        if args.finish is None:
            command = [
                sys.executable, "-m", "spacy", "train", str(CONFIG),
                "--output", str(output),
                "--paths.train", str(data["train"]), "--paths.dev", str(data["dev"]),
            ]  # fmt: skip
            if args.steps is not None:
                command += ["--training.max_steps", str(args.steps)]
            subprocess.run(command, check=True)
        best = output / "model-best"
        scores = evaluate(best, data["test"])
        if args.target.exists():
            shutil.rmtree(args.target)
        shutil.copytree(best, args.target)
    # The training data's paths were this build's temporary files: nothing to ship.
    shipped = args.target / "config.cfg"
    shipped.write_text(
        re.sub(r'^(train|dev) = ".*"$', r"\1 = null", shipped.read_text(encoding="utf-8"),
               flags=re.MULTILINE),
        encoding="utf-8",
    )  # fmt: skip
    minutes = (time.monotonic() - started) / 60 if args.minutes is None else args.minutes
    config = spacy.util.load_config(CONFIG)
    steps = args.steps if args.steps is not None else config["training"]["max_steps"]
    record = {**scores, "steps": steps, "minutes": round(minutes, 1)}
    (args.target / "scores.json").write_text(json.dumps(record, indent=2) + "\n")
    meta_path = args.target / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(
        name="trackrecord_ewt",
        version="0.1.0",
        license="CC BY-SA 4.0",
        description="Tagger (PTB tags) and UD parser for trackrecord, trained on UD English EWT",
        sources=[{"name": "UD English EWT v2.15", "url": _EWT_URL, "license": "CC BY-SA 4.0"}],
    )
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (args.target / "README.md").write_text(
        _README.format(
            spacy_version=spacy.__version__,
            steps=steps,
            patience=config["training"]["patience"],
            minutes=round(minutes),
            **scores,
        )
    )
    print(json.dumps(record))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
