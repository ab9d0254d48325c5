"""A standardised logistic regression stored as JSON: the form of the learned decisions in
``analyze/models`` (the paraphrase matcher, ``matcher.json``; the same-fact aligner, ``aligner.json``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Model:
    """Coefficients over named features, applied to ``(x - mean) / scale``, and the probability
    threshold it was tuned for (0.5 when the intercept was shifted to make it so)."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float

    def predict(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def to_json(self) -> dict[str, Any]:
        return {"features": list(self.features), "mean": [round(float(v), 6) for v in self.mean],
                "scale": [round(float(v), 6) for v in self.scale], "coef": [round(float(v), 6) for v in self.coef],
                "intercept": round(self.intercept, 6), "threshold": round(self.threshold, 4)}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Model:
        return cls(tuple(d["features"]), np.asarray(d["mean"], float), np.asarray(d["scale"], float),
                   np.asarray(d["coef"], float), float(d["intercept"]), float(d["threshold"]))
