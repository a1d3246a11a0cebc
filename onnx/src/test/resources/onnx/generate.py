#!/usr/bin/python3
"""Writes the ONNX test fixtures in this folder. Run with Debian's interpreter (bookworm packages
python3-onnx 1.12, python3-numpy 1.24, python3-torch 1.13), from anywhere:

    /usr/bin/python3 onnx/src/test/resources/onnx/generate.py

Everything is seeded, and re-running reproduces byte-identical files. All models use the default
ONNX domain at opset 17 (zipmap.onnx also imports ai.onnx.ml opset 1) and IR version 8, which
ONNX Runtime 1.23 loads. See README.md for what each file holds.

Written per valid model: <name>.onnx, <name>.inputs.json (5 input rows) and <name>.expected.json
(the outputs for those rows computed with numpy in float32, or PyTorch for transformer.onnx).
The expected values are sanity references only; exact comparisons belong against ONNX Runtime.
Also written: truncated.onnx (first half of mlp.onnx's bytes) and not_onnx.onnx (plain text).
"""
import io
import json
import os

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = 17
IR_VERSION = 8
ROWS = 5
PRODUCER = "verdict onnx/src/test/resources/onnx/generate.py"


# ---------------------------------------------------------------- helpers

def rng(seed):
    return np.random.RandomState(seed)


def f32(a):
    return np.asarray(a, dtype=np.float32)


def init(name, array):
    return numpy_helper.from_array(np.ascontiguousarray(array), name)


def tensor_vi(name, elem_type, shape):
    return helper.make_tensor_value_info(name, elem_type, shape)


def make_model(name, doc, nodes, inputs, outputs, initializers, extra_opsets=(), full_check=True):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=initializers)
    opsets = [helper.make_opsetid("", OPSET)] + [helper.make_opsetid(d, v) for d, v in extra_opsets]
    model = helper.make_model(graph, opset_imports=opsets, producer_name=PRODUCER,
                              producer_version="1", doc_string=doc)
    model.ir_version = IR_VERSION
    # onnx 1.12's strict shape inference cannot type ZipMap's seq(map) output; zipmap passes False.
    onnx.checker.check_model(model, full_check=full_check)
    return model


def save_model(name, model):
    write_bytes(name + ".onnx", model.SerializeToString())


def write_bytes(filename, data):
    with open(os.path.join(HERE, filename), "wb") as f:
        f.write(data)


def sigmoid(x):
    x = f32(x)
    return f32(1.0 / (1.0 + np.exp(-x.astype(np.float64))))


# JSON. Every tensor is {"dtype", "shape", "data"} where shape is [rows, ...] and data is a list of
# rows, each row flattened row-major. float32 numbers are written as the shortest decimal that
# round-trips to the same float32 (parse with Float.parseFloat), float64 as the shortest decimal
# that round-trips to the same double, integers as integers.

def json_scalar(dtype, v):
    if dtype == "float32":
        return json.dumps(float(repr(np.float32(v))))
    if dtype == "float64":
        return json.dumps(float(v))
    return json.dumps(int(v))


def json_tensor(array, dtype):
    array = np.asarray(array)
    rows = array.reshape(array.shape[0], -1)
    row_text = ["[" + ", ".join(json_scalar(dtype, v) for v in row) + "]" for row in rows]
    return ('{"dtype": "%s", "shape": %s, "data": [\n        %s\n      ]}'
            % (dtype, json.dumps(list(array.shape)), ",\n        ".join(row_text)))


def write_json(filename, model_file, key, entries, note=None):
    """entries: list of (name, text) where text is already-encoded JSON."""
    parts = ['{', '  "model": %s,' % json.dumps(model_file), '  "rows": %d,' % ROWS]
    if note:
        parts.append('  "note": %s,' % json.dumps(note))
    parts.append('  "%s": {' % key)
    parts.append(",\n".join('    %s: %s' % (json.dumps(n), t) for n, t in entries))
    parts.append('  }')
    parts.append('}')
    with open(os.path.join(HERE, filename), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(parts) + "\n")


def write_io(name, inputs, outputs, note=None):
    """inputs/outputs: list of (tensor name, numpy array, dtype string)."""
    write_json(name + ".inputs.json", name + ".onnx", "inputs",
               [(n, json_tensor(a, d)) for n, a, d in inputs], note)
    write_json(name + ".expected.json", name + ".onnx", "outputs",
               [(n, json_tensor(a, d)) for n, a, d in outputs], note)


# ---------------------------------------------------------------- models

def mlp():
    r = rng(100)
    w1 = f32(r.normal(0, 0.1, (100, 64)))
    b1 = f32(r.normal(0, 0.1, (64,)))
    w2 = f32(r.normal(0, 0.2, (64, 1)))
    b2 = f32(r.normal(0, 0.1, (1,)))
    nodes = [
        helper.make_node("Gemm", ["features", "w1", "b1"], ["h_pre"], name="dense1"),
        helper.make_node("Relu", ["h_pre"], ["h"], name="relu1"),
        helper.make_node("Gemm", ["h", "w2", "b2"], ["logit"], name="dense2"),
        helper.make_node("Sigmoid", ["logit"], ["probability"], name="sigmoid"),
    ]
    model = make_model(
        "mlp", "100 -> 64 (ReLU) -> 1 MLP; logit and sigmoid(logit) outputs.", nodes,
        [tensor_vi("features", TensorProto.FLOAT, ["batch", 100])],
        [tensor_vi("probability", TensorProto.FLOAT, ["batch", 1]),
         tensor_vi("logit", TensorProto.FLOAT, ["batch", 1])],
        [init("w1", w1), init("b1", b1), init("w2", w2), init("b2", b2)])
    save_model("mlp", model)

    x = f32(r.normal(0, 1, (ROWS, 100)))
    h = np.maximum(x @ w1 + b1, 0)
    logit = f32(h @ w2 + b2)
    write_io("mlp", [("features", x, "float32")],
             [("probability", sigmoid(logit), "float32"), ("logit", logit, "float32")])
    return model


def logreg_weights():
    r = rng(200)
    w = f32(r.normal(0, 0.5, (10, 1)))
    b = f32(r.normal(0, 0.5, (1,)))
    x = f32(r.normal(0, 1, (ROWS, 10)))
    return w, b, x


def logreg_model(name, batch_dim, doc):
    w, b, _ = logreg_weights()
    nodes = [
        helper.make_node("MatMul", ["input", "w"], ["z0"], name="matmul"),
        helper.make_node("Add", ["z0", "b"], ["z"], name="add"),
        helper.make_node("Sigmoid", ["z"], ["probability"], name="sigmoid"),
    ]
    return make_model(
        name, doc, nodes,
        [tensor_vi("input", TensorProto.FLOAT, [batch_dim, 10])],
        [tensor_vi("probability", TensorProto.FLOAT, [batch_dim, 1])],
        [init("w", w), init("b", b)])


def logreg():
    save_model("logreg", logreg_model(
        "logreg", "batch", "Logistic regression over 10 float features: MatMul + Add + Sigmoid."))
    w, b, x = logreg_weights()
    write_io("logreg", [("input", x, "float32")],
             [("probability", sigmoid(x @ w + b), "float32")])


def fixed_batch():
    save_model("fixed_batch", logreg_model(
        "fixed_batch", 1,
        "logreg.onnx with a fixed batch dimension of 1 (same weights as logreg.onnx)."))
    w, b, x = logreg_weights()
    write_io("fixed_batch", [("input", x, "float32")],
             [("probability", sigmoid(x @ w + b), "float32")],
             note="The model's batch dimension is fixed at 1: feed the rows one at a time. "
                  "Same weights and rows as logreg.onnx.")


def two_inputs():
    r = rng(300)
    emb = f32(r.normal(0, 1, (20, 4)))
    w1 = f32(r.normal(0, 0.3, (12, 8)))
    b1 = f32(r.normal(0, 0.1, (8,)))
    w2 = f32(r.normal(0, 0.3, (8, 1)))
    b2 = f32(r.normal(0, 0.1, (1,)))
    nodes = [
        helper.make_node("Gather", ["embedding", "category"], ["cat_emb3"], axis=0,
                         name="lookup"),                                  # [batch, 1, 4]
        helper.make_node("Flatten", ["cat_emb3"], ["cat_emb"], axis=1, name="flatten"),
        helper.make_node("Concat", ["dense", "cat_emb"], ["joined"], axis=1, name="concat"),
        helper.make_node("Gemm", ["joined", "w1", "b1"], ["h_pre"], name="dense1"),
        helper.make_node("Relu", ["h_pre"], ["h"], name="relu1"),
        helper.make_node("Gemm", ["h", "w2", "b2"], ["score"], name="dense2"),
    ]
    model = make_model(
        "two_inputs",
        "dense float32 [batch,8] + category int64 [batch,1] (ids 0..19) looked up in a [20,4] "
        "embedding, concatenated, 12 -> 8 (ReLU) -> 1.", nodes,
        [tensor_vi("dense", TensorProto.FLOAT, ["batch", 8]),
         tensor_vi("category", TensorProto.INT64, ["batch", 1])],
        [tensor_vi("score", TensorProto.FLOAT, ["batch", 1])],
        [init("embedding", emb), init("w1", w1), init("b1", b1), init("w2", w2),
         init("b2", b2)])
    save_model("two_inputs", model)

    dense = f32(r.normal(0, 1, (ROWS, 8)))
    category = np.array([[0], [19], [7], [3], [12]], dtype=np.int64)
    joined = np.concatenate([dense, emb[category[:, 0]]], axis=1)
    score = f32(np.maximum(joined @ w1 + b1, 0) @ w2 + b2)
    write_io("two_inputs", [("dense", dense, "float32"), ("category", category, "int64")],
             [("score", score, "float32")])


def types():
    r = rng(400)
    w = f32(r.normal(0, 0.5, (7, 1)))
    b = f32(r.normal(0, 0.5, (1,)))
    cast = TensorProto.FLOAT
    nodes = [
        helper.make_node("Cast", ["x_f64"], ["c_f64"], to=cast, name="cast_f64"),
        helper.make_node("Cast", ["x_i32"], ["c_i32"], to=cast, name="cast_i32"),
        helper.make_node("Cast", ["x_i64"], ["c_i64"], to=cast, name="cast_i64"),
        helper.make_node("Concat", ["c_f64", "c_i32", "c_i64"], ["joined"], axis=1,
                         name="concat"),
        helper.make_node("MatMul", ["joined", "w"], ["z"], name="matmul"),
        helper.make_node("Add", ["z", "b"], ["out"], name="add"),
    ]
    model = make_model(
        "types",
        "float64 [batch,3], int32 [batch,2], int64 [batch,2] each Cast to float32, "
        "concatenated to [batch,7], MatMul + Add -> out [batch,1] float32.", nodes,
        [tensor_vi("x_f64", TensorProto.DOUBLE, ["batch", 3]),
         tensor_vi("x_i32", TensorProto.INT32, ["batch", 2]),
         tensor_vi("x_i64", TensorProto.INT64, ["batch", 2])],
        [tensor_vi("out", TensorProto.FLOAT, ["batch", 1])],
        [init("w", w), init("b", b)])
    save_model("types", model)

    # float64 values that are not float32-representable, so the Cast's rounding matters.
    x_f64 = np.array([[0.1, -1.0 / 3.0, 2.718281828459045],
                      [1e-3, 123.456789, -0.5],
                      [3.141592653589793, 0.0, -2.5e-7],
                      [-17.25, 1.0000001, 42.0],
                      [0.7, -0.7, 1e6 + 0.1]], dtype=np.float64)
    x_i32 = np.array([[0, 1], [-5, 17], [1000, -1000], [2, 3], [-1, 999]], dtype=np.int32)
    x_i64 = np.array([[7, -7], [0, 123], [-42, 5], [100000, -3], [1, 1]], dtype=np.int64)
    joined = np.concatenate([x_f64.astype(np.float32), x_i32.astype(np.float32),
                             x_i64.astype(np.float32)], axis=1)
    out = f32(joined @ w + b)
    write_io("types", [("x_f64", x_f64, "float64"), ("x_i32", x_i32, "int32"),
                       ("x_i64", x_i64, "int64")],
             [("out", out, "float32")])


def zipmap():
    r = rng(500)
    w = f32(r.normal(0, 1, (4, 2)))
    b = f32(r.normal(0, 0.5, (2,)))
    nodes = [
        helper.make_node("MatMul", ["features", "w"], ["z0"], name="matmul"),
        helper.make_node("Add", ["z0", "b"], ["z"], name="add"),
        helper.make_node("Softmax", ["z"], ["probabilities"], axis=1, name="softmax"),
        helper.make_node("ArgMax", ["probabilities"], ["output_label"], axis=1, keepdims=0,
                         name="argmax"),
        helper.make_node("ZipMap", ["probabilities"], ["output_probability"],
                         domain="ai.onnx.ml", classlabels_int64s=[0, 1], name="zipmap"),
    ]
    map_type = onnx.TypeProto()
    map_type.map_type.key_type = TensorProto.INT64
    map_type.map_type.value_type.tensor_type.elem_type = TensorProto.FLOAT
    seq_map = helper.make_value_info("output_probability",
                                     helper.make_sequence_type_proto(map_type))
    model = make_model(
        "zipmap",
        "Binary classifier in the skl2onnx layout: output_label int64 [batch] and "
        "output_probability seq(map(int64, float)) from ai.onnx.ml ZipMap.", nodes,
        [tensor_vi("features", TensorProto.FLOAT, ["batch", 4])],
        [tensor_vi("output_label", TensorProto.INT64, ["batch"]), seq_map],
        [init("w", w), init("b", b)],
        extra_opsets=[("ai.onnx.ml", 1)], full_check=False)
    save_model("zipmap", model)

    x = f32(r.normal(0, 1, (ROWS, 4)))
    z = (x @ w + b).astype(np.float64)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = f32(e / e.sum(axis=1, keepdims=True))
    label = p.argmax(axis=1).astype(np.int64)
    maps = ",\n        ".join(
        "{" + ", ".join('"%d": %s' % (k, json_scalar("float32", row[k])) for k in range(2)) + "}"
        for row in p)
    prob_text = ('{"dtype": "seq(map(int64,float32))", "shape": [%d], "data": [\n        %s\n'
                 '      ]}' % (ROWS, maps))
    write_json("zipmap.inputs.json", "zipmap.onnx", "inputs",
               [("features", json_tensor(x, "float32"))])
    write_json("zipmap.expected.json", "zipmap.onnx", "outputs",
               [("output_label", json_tensor(label, "int64")),
                ("output_probability", prob_text)],
               note="output_label has shape [rows] (one label per row); output_probability is "
                    "a sequence of one map per row, keys are the class labels (JSON strings).")


class Transformer(torch.nn.Module):
    def __init__(self):
        super().__init__()
        layer = torch.nn.TransformerEncoderLayer(d_model=32, nhead=4, dim_feedforward=64,
                                                 dropout=0.0, batch_first=True)
        self.encoder = torch.nn.TransformerEncoder(layer, num_layers=2,
                                                   enable_nested_tensor=False)
        self.head = torch.nn.Linear(32, 1)

    def forward(self, tokens):                      # tokens: [batch, 16, 32]
        return self.head(self.encoder(tokens).mean(dim=1))


def transformer():
    torch.manual_seed(600)
    torch.set_num_threads(1)
    model = Transformer().eval()
    example = torch.from_numpy(f32(rng(601).normal(0, 1, (2, 16, 32))))
    buf = io.BytesIO()
    torch.onnx.export(model, (example,), buf, opset_version=OPSET, input_names=["tokens"],
                      output_names=["score"],
                      dynamic_axes={"tokens": {0: "batch"}, "score": {0: "batch"}},
                      do_constant_folding=True)
    proto = onnx.load_from_string(buf.getvalue())
    proto.doc_string = ("2-layer torch.nn.TransformerEncoder (d_model 32, 4 heads, ff 64, "
                        "batch_first) over tokens float32 [batch,16,32], mean-pooled over the "
                        "sequence, Linear(32,1) -> score [batch,1].")
    onnx.checker.check_model(proto, full_check=True)
    assert proto.ir_version <= IR_VERSION and all(o.version <= OPSET for o in proto.opset_import)
    save_model("transformer", proto)

    x = f32(rng(602).normal(0, 1, (ROWS, 16, 32)))
    with torch.no_grad():
        score = model(torch.from_numpy(x)).numpy()
    write_io("transformer", [("tokens", x, "float32")], [("score", score, "float32")])


def bad_inputs(mlp_model):
    data = mlp_model.SerializeToString()
    write_bytes("truncated.onnx", data[: len(data) // 2])
    write_bytes("not_onnx.onnx",
                b"This is not an ONNX model.\n"
                b"It is a plain text file with an .onnx extension, used to test that the\n"
                b"loader rejects files that are not serialized ModelProto messages.\n")


def main():
    np.random.seed(0)
    bad_inputs(mlp())
    logreg()
    fixed_batch()
    two_inputs()
    types()
    zipmap()
    transformer()
    for f in sorted(os.listdir(HERE)):
        if f.endswith(".onnx"):
            size = os.path.getsize(os.path.join(HERE, f))
            assert size < 300_000, f
            print("%-20s %7d bytes" % (f, size))


if __name__ == "__main__":
    main()
