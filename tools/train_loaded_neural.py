"""Fine-tune the MiniLM loaded-wording tagger (``newsprism.analyze.neural_tagger``) and write its weights.

    python tools/train_loaded_neural.py DATA/framing [--out src/newsprism/analyze/models/loaded_minilm.safetensors]
        [--cache DIR] [--work DIR] [--folds 0,1] [--epochs 6] [--min-precision 0.45] [--cv-only] [--final-only]

Needs the ``neural`` extra. Trains on the **tune** half of PTC only (``ptc.jsonl``, articles split by
a hash of the id as in ``benchmarks/framing.py``; a word piece is positive when it overlaps a
Loaded_Language or Name_Calling span). BABE is AGPL and evaluation only: it is not read here.

The bottom four layers of all-MiniLM-L6-v2 stay frozen, so their output is computed once per
window; the top two layers and a one-unit head are trained (AdamW, binary cross-entropy, fixed
seeds, one thread). The number of epochs, the threshold, the merge gap, whether only content words
are tagged, and the rule combining the MiniLM probability with the logistic-regression tagger's
(``tools/train_framing.py``, refitted on the same folds) are chosen by 5-fold cross-validation over
tune-half articles (the folds of ``train_framing.py``), on the benchmark's PTC measure (span F1,
overlap match) with precision at or above ``--min-precision``. The final model is trained on the
whole tune half and only its top layers and head are written (fp16), with the settings as metadata.
Prints the chosen settings, the CV table's best rows and how long each stage took. On the shared
2-core machine (one thread, the other core busy): frozen layers ~60 s, each CV fold 210-390 s (4-6
epochs), the final model (3 epochs) 228 s: about 30 minutes in all (benchmarks/README.md, framing).

``--work DIR`` (outside the repo) keeps the frozen layers' output and each fold's out-of-fold
probabilities, so the run can be split: ``--folds 0,1`` computes those folds and stops; a run
without ``--folds`` computes the folds still missing, then chooses the settings and trains;
``--final-only`` trains on the whole tune half for ``--epochs`` epochs and keeps each epoch's weights
there, which the full run then reuses (the same seeds give the same weights).
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_framing import _counts, _fit, _predict, prepare  # noqa: E402

from framing import GOLD_PTC, _half, prf  # noqa: E402
from newsprism.analyze import loaded_tagger as lt  # noqa: E402
from newsprism.analyze import minilm  # noqa: E402
from newsprism.analyze import neural_tagger as nt  # noqa: E402

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src/newsprism/analyze/models/loaded_minilm.safetensors"
SEED = 13
FOLDS = 5
BATCH = 32
LR_TOP, LR_HEAD = 3e-4, 3e-3
THRESHOLDS = [round(float(x), 3) for x in np.arange(0.1, 0.71, 0.025)]
GAPS = (0, 1, 2)
COMBINES = ("neural", "mean")


def encode(rows: list[dict]) -> list[dict]:
    """Per article: pieces, windows, piece labels, words and gold spans."""
    out = []
    for r in rows:
        gold = [(s["start"], s["end"]) for s in r["spans"] if s["technique"] in GOLD_PTC]
        ids, offsets = nt.pieces(r["text"])
        labels = [int(any(s < ge and gs < e for gs, ge in gold)) for s, e in offsets]
        spans = nt.windows(len(ids))
        out.append({"text": r["text"], "ids": ids, "offsets": offsets, "labels": labels, "spans": spans,
                    "windows": nt.window_ids(ids, spans), "words": lt.words_of(r["text"]), "gold": gold})
    return out


def bottom_states(base: Any, arts: list[dict]) -> None:
    """The frozen layers' output for every window (kept on each article as ``states``)."""
    base.eval()
    with torch.inference_mode():
        for a in arts:
            a["states"] = []
            for w in a["windows"]:
                h = base.embeddings(input_ids=torch.tensor([w]))
                for layer in base.encoder.layer[:TOP0]:
                    h = layer(h)
                a["states"].append(h[0].clone())


TOP0 = nt.TOP_LAYERS[0]


class Top(torch.nn.Module):
    def __init__(self, base: Any) -> None:
        super().__init__()
        self.layers = torch.nn.ModuleList(copy.deepcopy(base.encoder.layer[i]) for i in nt.TOP_LAYERS)
        self.head = torch.nn.Linear(base.config.hidden_size, 1)

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        for layer in self.layers:
            h = layer(h)
        return self.head(h).squeeze(-1)


def batches(arts: list[dict], rng: np.random.RandomState) -> list[list[tuple[int, int]]]:
    """Windows (article, window) in shuffled batches of one length each."""
    by_len: dict[int, list[tuple[int, int]]] = {}
    for i, a in enumerate(arts):
        for j, w in enumerate(a["windows"]):
            by_len.setdefault(len(w), []).append((i, j))
    out = []
    for key in sorted(by_len):
        items = by_len[key]
        order = rng.permutation(len(items))
        items = [items[k] for k in order]
        out += [items[k:k + BATCH] for k in range(0, len(items), BATCH)]
    return [out[k] for k in rng.permutation(len(out))]


def train(base: Any, arts: list[dict], epochs: int, on_epoch: Any = None) -> Top:
    torch.manual_seed(SEED)
    rng = np.random.RandomState(SEED)
    top = Top(base)
    opt = torch.optim.AdamW([{"params": top.layers.parameters(), "lr": LR_TOP},
                             {"params": top.head.parameters(), "lr": LR_HEAD}], weight_decay=0.01)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    for epoch in range(1, epochs + 1):
        top.train()
        for batch in batches(arts, rng):
            h = torch.stack([arts[i]["states"][j] for i, j in batch])
            y = torch.tensor([[0, *arts[i]["labels"][s:e], 0] for i, j in batch
                              for s, e in [arts[i]["spans"][j]]], dtype=torch.float32)
            logits = top(h)[:, 1:-1]
            loss = loss_fn(logits, y[:, 1:-1])
            opt.zero_grad()
            loss.backward()
            opt.step()
        if on_epoch is not None:
            on_epoch(epoch, top)
    return top


def word_probs(top: Top, a: dict) -> np.ndarray:
    top.eval()
    with torch.inference_mode():
        per_window = [torch.sigmoid(top(h[None]))[0, 1:-1].tolist() for h in a["states"]]
    piece = nt.assemble(len(a["ids"]), a["spans"], per_window)
    return np.array(nt.word_probs_from_pieces(a["words"], a["offsets"], piece))


def linear_probs(rows: list[dict], arts: list[dict], cache: Path | None) -> list[np.ndarray]:
    """Out-of-fold probabilities of the logistic-regression tagger (C 0.1, as shipped), same folds."""
    lin = prepare(rows, cache)
    out: list[np.ndarray] = [np.zeros(0)] * len(lin)
    for k in range(FOLDS):
        vec, clf = _fit([a for i, a in enumerate(lin) if i % FOLDS != k], 0.1)
        for i, a in enumerate(lin):
            if i % FOLDS == k:
                out[i] = _predict(vec, clf, a)
    for a, la in zip(arts, lin, strict=True):
        assert [(w.start, w.end) for w in a["words"]] == [(w.start, w.end) for w in la["words"]]
    return out


def score_table(arts: list[dict], neural: dict[int, list[np.ndarray]], linear: list[np.ndarray]) -> dict:
    table = {}
    for epoch, probs in neural.items():
        for combine in COMBINES:
            for content in (True, False):
                for t in THRESHOLDS:
                    settings = nt.Settings(t, 0, combine, content)
                    combined = [nt.combine(a["words"], p, lin, settings) for a, p, lin in zip(arts, probs, linear,
                                                                                            strict=True)]
                    for gap in GAPS:
                        tot = np.zeros(4, int)
                        for a, c in zip(arts, combined, strict=True):
                            tot += _counts(lt.merge(a["words"], c, t, gap, a["text"]), a["gold"])
                        table[(epoch, combine, content, t, gap)] = prf(*(int(x) for x in tot))
    return table


def save(top: Top, out: Path, settings: nt.Settings, info: dict) -> None:
    from safetensors.torch import save_file

    state = {}
    for k, i in enumerate(nt.TOP_LAYERS):
        for name, v in top.layers[k].state_dict().items():
            state[f"encoder.layer.{i}.{name}"] = v.detach().to(torch.float16).contiguous()
    for name, v in top.head.state_dict().items():
        state[f"head.{name}"] = v.detach().to(torch.float16).contiguous()
    meta = {"threshold": str(settings.threshold), "gap": str(settings.gap), "combine": settings.combine,
            "content_only": "1" if settings.content_only else "0",
            "about": "newsprism loaded-wording tagger: all-MiniLM-L6-v2 top layers 4-5 and a head, fine-tuned "
                     "on the PTC tune half by tools/train_loaded_neural.py", **{k: str(v) for k, v in info.items()}}
    out.parent.mkdir(parents=True, exist_ok=True)
    save_file(state, str(out), metadata=meta)


def final_model(base: Any, arts: list[dict], epochs: int, work: Path | None) -> Top:
    """The model trained on every tune-half article for ``epochs`` epochs; with ``work``, each epoch's
    weights are kept there (``final-e{N}.pt``) and reused."""
    path = work / f"final-e{epochs}.pt" if work else None
    if path is not None and path.is_file():
        top = Top(base)
        top.load_state_dict(torch.load(path))
        return top

    def snapshot(epoch: int, top: Top) -> None:
        if work is not None:
            torch.save(top.state_dict(), work / f"final-e{epoch}.pt")

    return train(base, arts, epochs, snapshot)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", type=Path)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--cache", type=Path, default=None, help="a folder (outside the repo) for spaCy parses")
    ap.add_argument("--work", type=Path, default=None, help="a folder (outside the repo) for states and folds")
    ap.add_argument("--folds", default=None, help="compute only these CV folds (e.g. 0,1) and stop")
    ap.add_argument("--epochs", type=int, default=6, help="the most epochs tried in cross-validation")
    ap.add_argument("--min-precision", type=float, default=0.45)
    ap.add_argument("--cv-only", action="store_true", help="print the cross-validation table, write nothing")
    ap.add_argument("--final-only", action="store_true",
                    help="only train on the whole tune half, keeping each epoch's weights in --work")
    args = ap.parse_args()
    torch.set_num_threads(1)
    minilm.offline()
    from transformers import AutoModel

    clock = {"start": time.time()}
    rows = [json.loads(line) for line in (args.data / "ptc.jsonl").open(encoding="utf-8")]
    rows = sorted((r for r in rows if _half(str(r["id"])) == "tune"), key=lambda r: str(r["id"]))
    base = AutoModel.from_pretrained(str(minilm.model_dir()))
    arts = encode(rows)
    states = args.work / "states.pt" if args.work else None
    if states is not None and states.is_file():
        for a, st in zip(arts, torch.load(states), strict=True):
            a["states"] = st
    else:
        bottom_states(base, arts)
        if states is not None:
            states.parent.mkdir(parents=True, exist_ok=True)
            torch.save([a["states"] for a in arts], states)
    clock["encoded"] = time.time()
    if args.final_only:
        final_model(base, arts, args.epochs, args.work)
        print(json.dumps({"final_epochs": args.epochs, "seconds": round(time.time() - clock["start"])}))
        return
    wanted = [int(k) for k in args.folds.split(",")] if args.folds else list(range(FOLDS))
    neural: dict[int, list[np.ndarray]] = {e: [np.zeros(0)] * len(arts) for e in range(1, args.epochs + 1)}
    for k in wanted:
        kept = [args.work / f"fold{k}-e{e}.npz" for e in range(args.epochs, 13)] if args.work else []
        path = next((p for p in kept if p.is_file()), kept[0] if kept else None)  # a longer run holds these epochs
        held = [i for i in range(len(arts)) if i % FOLDS == k]
        if path is not None and path.is_file():
            saved = np.load(path)
            for e in neural:
                for n, i in enumerate(held):
                    neural[e][i] = saved[f"e{e}_{n}"]
            continue

        def keep(epoch: int, top: Top, held: list[int] = held) -> None:
            for i in held:
                neural[epoch][i] = word_probs(top, arts[i])

        train(base, [a for i, a in enumerate(arts) if i % FOLDS != k], args.epochs, keep)
        if path is not None:
            np.savez(path, **{f"e{e}_{n}": neural[e][i] for e in neural for n, i in enumerate(held)})
        print(f"fold {k + 1}/{FOLDS} done at {time.time() - clock['start']:.0f} s", file=sys.stderr)
    if args.folds:
        print(json.dumps({"folds": wanted, "seconds": round(time.time() - clock["start"])}))
        return
    clock["cv"] = time.time()
    linear = linear_probs(rows, arts, args.cache)
    clock["linear"] = time.time()
    table = score_table(arts, neural, linear)
    ok = [key for key, s in table.items() if s["precision"] >= args.min_precision] or list(table)
    best = max(ok, key=lambda key: (table[key]["f1"], table[key]["precision"]))
    epochs, combine, content, threshold, gap = best
    settings = nt.Settings(threshold, gap, combine, content)
    report: dict[str, Any] = {"chosen": {"epochs": epochs, "combine": combine, "content_only": content,
                                         "threshold": threshold, "gap": gap}, "cv": table[best]}
    for e in neural:
        for c in COMBINES:
            rows_e = [key for key in ok if key[0] == e and key[1] == c]
            if rows_e:
                b = max(rows_e, key=lambda key: (table[key]["f1"], table[key]["precision"]))
                report[f"best epochs={e} combine={c}"] = {"key": list(b), **table[b]}
    if not args.cv_only:
        top = final_model(base, arts, epochs, args.work)
        clock["final"] = time.time()
        save(top, args.out, settings, {"epochs": epochs, "trained_on": f"PTC tune half, {len(arts)} articles",
                                       "seed": SEED})
        report["out"] = str(args.out)
    report["seconds"] = {k: round(v - clock["start"]) for k, v in clock.items() if k != "start"}
    report["seconds"]["total"] = round(time.time() - clock["start"])
    report["threads"] = torch.get_num_threads()
    json.dump(report, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
