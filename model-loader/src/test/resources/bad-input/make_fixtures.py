#!/usr/bin/python3
"""Writes the legacy-binary XGBoost fixtures that LegacyBinaryBadFilesTest and the binary fuzz test
start from. No Java library writes XGBoost's legacy binary format ("binf" header), so these are
made with Debian's python3-xgboost 1.7.4, whose Booster.save_model("x.model") still writes it:

    cd model-loader/src/test/resources/bad-input && /usr/bin/python3 make_fixtures.py

Outputs (all deterministic, each well under a few KB):
  binary-logistic.model      3 features, 3 rounds of depth 2, binary:logistic (the main fixture)
  binary-logistic.expected   its margin and probability for an all-missing row, as float32 hex
and seeds for ModelParsersFuzzTest#xgboostBinary (../dev/verdict/loader/ModelParsersFuzzTestInputs/
xgboostBinary/): the same model, a 3-class softprob, a DART and a gblinear model.
"""
import os
import struct

import numpy as np
import xgboost as xgb

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "..", "dev", "verdict", "loader", "ModelParsersFuzzTestInputs",
                     "xgboostBinary")


def data(rows=200, cols=3, seed=0):
    rng = np.random.RandomState(seed)
    x = rng.rand(rows, cols).astype(np.float32)
    x[rng.rand(rows, cols) < 0.1] = np.nan
    return x, rng


def train(params, x, y, rounds):
    base = {"nthread": 1, "seed": 0, "eta": 0.5, "base_score": 0.5}
    base.update(params)
    return xgb.train(base, xgb.DMatrix(x, label=y), num_boost_round=rounds)


def f32hex(v):
    return struct.pack(">f", float(v)).hex()


def main():
    os.makedirs(SEEDS, exist_ok=True)
    x, rng = data()
    y = ((np.nan_to_num(x[:, 0]) > 0.5) ^ (np.nan_to_num(x[:, 2]) > 0.7)).astype(np.float32)
    logistic = train({"objective": "binary:logistic", "max_depth": 2}, x, y, 3)
    logistic.save_model(os.path.join(HERE, "binary-logistic.model"))
    missing = xgb.DMatrix(np.full((1, 3), np.nan, dtype=np.float32))
    margin = logistic.predict(missing, output_margin=True)[0]
    probability = logistic.predict(missing)[0]
    with open(os.path.join(HERE, "binary-logistic.expected"), "w") as out:
        out.write("# float32 bits (hex) for an all-missing row: margin probability\n")
        out.write(f32hex(margin) + " " + f32hex(probability) + "\n")
    logistic.save_model(os.path.join(SEEDS, "binary-logistic.model"))

    classes = np.digitize(np.nan_to_num(x[:, 1]), [0.33, 0.66]).astype(np.float32)
    softprob = train({"objective": "multi:softprob", "num_class": 3, "max_depth": 1}, x, classes, 1)
    softprob.save_model(os.path.join(SEEDS, "multi-softprob.model"))

    dart = train({"objective": "reg:squarederror", "booster": "dart", "max_depth": 1,
                  "rate_drop": 0.5}, x, y, 2)
    dart.save_model(os.path.join(SEEDS, "dart.model"))

    linear = train({"objective": "reg:squarederror", "booster": "gblinear"},
                   np.nan_to_num(x), y, 2)
    linear.save_model(os.path.join(SEEDS, "gblinear.model"))


if __name__ == "__main__":
    main()
