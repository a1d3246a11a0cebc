#!/usr/bin/python3
"""Regenerates the XGBoost 1.7 fixtures of XGBoost17FixturesTest and XGBoostDocumentShapesTest.

Run with Debian's python3-xgboost 1.7.4 (with numpy and pandas), from this directory:

    cd model-loader/src/test/resources/xgboost-1.7 && /usr/bin/python3 generate.py

For every fixture NAME it writes the model in the three formats XGBoost 1.7 can write:

    NAME.json    text JSON            (Booster.save_model("NAME.json"))
    NAME.ubj     UBJSON               (Booster.save_model("NAME.ubj"))
    NAME.model   legacy binary, "binf" (Booster.save_model("NAME.model"): any other extension)

and NAME.csv: evaluation rows with 1.7.4's reference outputs. Its columns are

    x0..x{F-1}             the input row (float32; "nan" = missing)
    margin0..margin{K-1}   Booster.predict(DMatrix(rows), output_margin=True), every tree
    pred0..pred{P-1}       Booster.predict(DMatrix(rows)), every tree
    best_margin*, best_pred*   only for early stopping: iteration_range=(0, best_iteration + 1)

Every number is written as repr(float(numpy.float32)): the shortest decimal of the float32's
exact double value, so Double.parseDouble(s) then (float) gives back the exact float32 bits.

Everything is deterministic (fixed RandomState seeds, nthread=1, seed=0): rerunning the script
with the same XGBoost, numpy and glibc reproduces the files byte for byte. Predictions come from
DMatrix predict (not inplace_predict), which for DART in 1.4-3.2 is the path whose arithmetic
3.3+ uses everywhere (leaf * weight added into the margin).
"""

import json
import os
import sys

import numpy as np
import pandas as pd
import xgboost as xgb

assert xgb.__version__ == "1.7.4", "fixtures are references of XGBoost 1.7.4, found " + xgb.__version__

HERE = os.path.dirname(os.path.abspath(__file__))
COMMON = {"nthread": 1, "seed": 0, "verbosity": 0}
EVAL_ROWS = 96


def f32(v):
    """A float32 as text that parses back to the same bits ("nan" for NaN)."""
    v = np.float32(v)
    return "nan" if np.isnan(v) else repr(float(v))


def features(rng, rows, cols, missing):
    x = rng.normal(0.0, 1.0, size=(rows, cols)).astype(np.float32)
    x[:, 1] = np.round(x[:, 1] * 4) / 4  # a coarse column, so thresholds are hit exactly
    if missing > 0:
        x[rng.uniform(size=x.shape) < missing] = np.nan
    return x


def thresholds(booster):
    """(feature index, threshold) of every numeric split, from the model's own JSON."""
    out = []
    for tree in json.loads(booster.save_raw("json"))["learner"]["gradient_booster"].get(
            "model", {}).get("trees", []):
        types = tree.get("split_type", [0] * len(tree["left_children"]))
        for n, left in enumerate(tree["left_children"]):
            if left != -1 and types[n] == 0:
                out.append((tree["split_indices"][n], tree["split_conditions"][n]))
    return out


def evaluation_rows(rng, booster, cols, numeric, missing=0.2):
    """Random rows with NaNs, plus rows whose values equal split thresholds exactly."""
    x = features(rng, EVAL_ROWS, cols, missing)
    splits = [s for s in thresholds(booster) if s[0] in numeric]
    for r in range(0, EVAL_ROWS, 3):
        if not splits:
            break
        for _ in range(3):
            f, t = splits[rng.randint(len(splits))]
            x[r, f] = np.float32(t)  # x == threshold must go right (x < t is false)
    return x


def save(name, booster, x, outputs, formats=("json", "ubj", "model")):
    for ext in formats:
        booster.save_model(os.path.join(HERE, name + "." + ext))
    header = ["x%d" % i for i in range(x.shape[1])]
    cols = []
    for prefix, values in outputs:
        values = np.asarray(values, dtype=np.float32).reshape(x.shape[0], -1)
        header += ["%s%d" % (prefix, k) for k in range(values.shape[1])]
        cols.append(values)
    table = np.concatenate([x.astype(np.float32)] + cols, axis=1)
    with open(os.path.join(HERE, name + ".csv"), "w", newline="\n") as out:
        out.write(",".join(header) + "\n")
        for row in table:
            out.write(",".join(f32(v) for v in row) + "\n")


def predict(booster, dm, **kw):
    return [("margin", booster.predict(dm, output_margin=True, **kw)),
            ("pred", booster.predict(dm, **kw))]


def train(name, params, x, y, rounds, evals_x=None, evals_y=None, early=0):
    dtrain = xgb.DMatrix(x, label=y, missing=np.nan)
    kw = {}
    if evals_x is not None:
        kw = {"evals": [(xgb.DMatrix(evals_x, label=evals_y, missing=np.nan), "validation")],
              "early_stopping_rounds": early, "verbose_eval": False}
    return xgb.train({**COMMON, **params}, dtrain, rounds, **kw)


def binary_labels(rng, x):
    z = np.nan_to_num(x[:, 0]) - 0.8 * np.nan_to_num(x[:, 2]) + 0.5 * np.nan_to_num(x[:, 1]) ** 2
    return (z + rng.normal(0, 0.7, size=len(z)) > 0.3).astype(np.float32)


def main():
    made = []

    # binary:logistic, 20% missing, non-default base_score (boost_from_average becomes "0").
    rng = np.random.RandomState(101)
    x = features(rng, 300, 8, 0.2)
    b = train("binary_logistic", {"objective": "binary:logistic", "base_score": 0.3,
                                  "max_depth": 4, "eta": 0.3}, x, binary_labels(rng, x), 20)
    ex = evaluation_rows(rng, b, 8, range(8))
    save("binary_logistic", b, ex, predict(b, xgb.DMatrix(ex, missing=np.nan)))
    made.append("binary_logistic")

    # multi:softprob, 3 classes x 10 rounds = 30 trees.
    rng = np.random.RandomState(102)
    x = features(rng, 300, 6, 0.1)
    z = np.nan_to_num(x[:, 0]) + 0.5 * np.nan_to_num(x[:, 3])
    y = np.digitize(z + rng.normal(0, 0.5, size=len(z)), [-0.5, 0.5]).astype(np.float32)
    b = train("multi_softprob", {"objective": "multi:softprob", "num_class": 3, "max_depth": 3},
              x, y, 10)
    ex = evaluation_rows(rng, b, 6, range(6))
    save("multi_softprob", b, ex, predict(b, xgb.DMatrix(ex, missing=np.nan)))
    made.append("multi_softprob")

    # DART: the weight_drop vector scales each tree (no dropout at prediction).
    rng = np.random.RandomState(103)
    x = features(rng, 300, 8, 0.2)
    b = train("dart", {"objective": "binary:logistic", "booster": "dart", "rate_drop": 0.3,
                       "skip_drop": 0.0, "max_depth": 3}, x, binary_labels(rng, x), 15)
    ex = evaluation_rows(rng, b, 8, range(8))
    save("dart", b, ex, predict(b, xgb.DMatrix(ex, missing=np.nan)))
    made.append("dart")

    # gblinear, binary:logistic.
    rng = np.random.RandomState(104)
    x = features(rng, 300, 8, 0.2)
    b = train("gblinear", {"objective": "binary:logistic", "booster": "gblinear"},
              x, binary_labels(rng, x), 15)
    ex = features(rng, EVAL_ROWS, 8, 0.2)
    save("gblinear", b, ex, predict(b, xgb.DMatrix(ex, missing=np.nan)))
    made.append("gblinear")

    # count:poisson: log link for the base score, exp transform.
    rng = np.random.RandomState(105)
    x = features(rng, 300, 8, 0.2)
    lam = np.exp(0.5 * np.nan_to_num(x[:, 0]) - 0.3 * np.nan_to_num(x[:, 4]))
    b = train("count_poisson", {"objective": "count:poisson", "max_depth": 3},
              x, rng.poisson(lam).astype(np.float32), 20)
    ex = evaluation_rows(rng, b, 8, range(8))
    save("count_poisson", b, ex, predict(b, xgb.DMatrix(ex, missing=np.nan)))
    made.append("count_poisson")

    # reg:squarederror on a DataFrame with pandas categories: partition splits.
    rng = np.random.RandomState(106)
    n = 400
    num = features(rng, n, 3, 0.1)
    colour = pd.Categorical.from_codes(rng.randint(0, 5, n), ["red", "green", "blue", "cyan", "mauve"])
    city = pd.Categorical.from_codes(rng.randint(0, 12, n), ["c%02d" % i for i in range(12)])
    df = pd.DataFrame({"a": num[:, 0], "b": num[:, 1], "colour": colour, "c": num[:, 2], "city": city})
    df.loc[rng.uniform(size=n) < 0.1, "colour"] = np.nan
    df.loc[rng.uniform(size=n) < 0.1, "city"] = np.nan
    effect = np.array([1.5, -1.0, 0.3, 2.0, -2.0])[np.maximum(df["colour"].cat.codes, 0)]
    effect += np.array([0.5, -0.5] * 6)[np.maximum(df["city"].cat.codes, 0)]
    y = (effect + np.nan_to_num(num[:, 0]) + rng.normal(0, 0.3, n)).astype(np.float32)
    dtrain = xgb.DMatrix(df, label=y, enable_categorical=True)
    b = xgb.train({**COMMON, "objective": "reg:squarederror", "tree_method": "hist",
                   "max_cat_to_onehot": 1, "max_depth": 4}, dtrain, 20)
    assert b.feature_types == ["float", "float", "c", "float", "c"], b.feature_types
    # Codes as the trees see them (pandas cat.codes, NaN for missing), plus codes outside the
    # dictionaries (5..40 and 12..40), which 1.7.3+ and 3.x both send left at every set split.
    ex = features(rng, EVAL_ROWS, 5, 0.1)
    ex[:, 2] = rng.randint(0, 5, EVAL_ROWS)
    ex[:, 4] = rng.randint(0, 12, EVAL_ROWS)
    ex[rng.uniform(size=EVAL_ROWS) < 0.1, 2] = np.nan
    ex[rng.uniform(size=EVAL_ROWS) < 0.1, 4] = np.nan
    ex[::11, 2] = [5, 6, 31, 32, 33, 40, 7, 9, 5][: len(ex[::11, 2])]
    ex[5::13, 4] = [12, 13, 31, 32, 40, 12, 14, 15][: len(ex[5::13, 4])]
    ex[:, [0, 1, 3]] = evaluation_rows(rng, b, 5, [0, 1, 3])[:, [0, 1, 3]]
    edf = pd.DataFrame({"a": ex[:, 0], "b": ex[:, 1], "c": ex[:, 3]})
    edf["colour"] = pd.Categorical.from_codes(np.where(np.isnan(ex[:, 2]) | (ex[:, 2] >= 5), -1,
                                                       np.nan_to_num(ex[:, 2])).astype(int),
                                              colour.categories)
    edf["city"] = pd.Categorical.from_codes(np.where(np.isnan(ex[:, 4]) | (ex[:, 4] >= 12), -1,
                                                     np.nan_to_num(ex[:, 4])).astype(int),
                                            city.categories)
    edf = edf[["a", "b", "colour", "c", "city"]]
    dm = xgb.DMatrix(ex, missing=np.nan, feature_names=b.feature_names,
                     feature_types=b.feature_types, enable_categorical=True)
    outputs = predict(b, dm)
    # Cross-check: the DataFrame path (codes from pandas) agrees on rows with in-dictionary codes.
    valid = ~((ex[:, 2] >= 5) | (ex[:, 4] >= 12))
    frame = b.predict(xgb.DMatrix(edf, enable_categorical=True), output_margin=True)
    assert np.array_equal(frame[valid].view(np.int32), outputs[0][1][valid].view(np.int32))
    # 1.7 cannot write categorical splits to the legacy binary format (RegTree::Save checks).
    try:
        b.save_model(os.path.join(HERE, "categorical.model"))
        formats = ("json", "ubj", "model")
    except xgb.core.XGBoostError as e:
        print("categorical: no legacy binary (%s)" % str(e).splitlines()[0], file=sys.stderr)
        formats = ("json", "ubj")
        if os.path.exists(os.path.join(HERE, "categorical.model")):
            os.remove(os.path.join(HERE, "categorical.model"))
    save("categorical", b, ex, outputs, formats)
    made.append("categorical")

    # Early stopping: best_iteration / best_ntree_limit attributes; the Booster keeps every tree.
    rng = np.random.RandomState(107)
    x = features(rng, 300, 8, 0.2)
    y = binary_labels(rng, x)
    vx = features(rng, 150, 8, 0.2)
    vy = binary_labels(rng, vx)
    b = train("early_stopping", {"objective": "binary:logistic", "eta": 0.3, "max_depth": 3,
                                 "eval_metric": "logloss"}, x, y, 30, vx, vy, early=3)
    best = int(b.attr("best_iteration"))
    assert best + 1 < b.num_boosted_rounds() <= 30, (best, b.num_boosted_rounds())
    ex = evaluation_rows(rng, b, 8, range(8))
    dm = xgb.DMatrix(ex, missing=np.nan)
    outputs = predict(b, dm) + [("best_" + k, v) for k, v in
                                predict(b, dm, iteration_range=(0, best + 1))]
    save("early_stopping", b, ex, outputs)
    made.append("early_stopping")

    # Unfitted (0 rounds) binary:logistic with boost_from_average "1": 1.7 predicts the
    # linked base score, margin -logf(1/0.5 - 1) = -0.0; 3.1+ uses the raw base_score 0.5 as
    # the margin (Intercept::InitModelUserParam), and Verdict follows 3.4.
    rng = np.random.RandomState(108)
    x = features(rng, 50, 4, 0.0)
    b = train("unfitted", {"objective": "binary:logistic"}, x, binary_labels(rng, x), 0)
    ex = features(rng, 8, 4, 0.2)
    save("unfitted", b, ex, predict(b, xgb.DMatrix(ex, missing=np.nan)))
    made.append("unfitted")

    total = sum(os.path.getsize(os.path.join(HERE, f)) for f in os.listdir(HERE))
    print("wrote %s (%d bytes in %s)" % (", ".join(made), total, HERE))


if __name__ == "__main__":
    main()
