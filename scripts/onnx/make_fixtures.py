#!/usr/bin/env python3
"""Makes the ONNX fixtures of Tests/LoupeImportTests/Fixtures (docs/import.md, "Fixtures").

Run from the repository root:

    python3 -m venv /tmp/loupe-onnx && /tmp/loupe-onnx/bin/pip install torch torchvision onnx
    /tmp/loupe-onnx/bin/python scripts/onnx/make_fixtures.py

Every fixture is written WITHOUT weights: the data of each floating-point initializer (and of
each large floating-point Constant) is removed and the tensor marked as stored in an external
file `weights.bin` that is never written, so the fixtures stay small and also prove that a
model whose weights are external data imports without the data file. Integer initializers
(shapes, axes, pads) keep their values: they are part of the graph's structure.

Fixtures:
  resnet_block.onnx      stem conv + two ResNet basic blocks (the first with a stride-2 1x1 projection
                         shortcut), residual adds, batch norm folded by the exporter
  grouped.onnx           grouped, depthwise (multiplier 1 and 2), pointwise and dilated convolutions
  transformer.onnx       one transformer encoder block (4 heads, d=64, 16 tokens) with explicit MatMuls
  transformer_shapes.onnx  the same with every shape declared by ONNX's shape inference (value_info)
  classifier.onnx        conv, global pooling, flatten and two Gemm layers, symbolic batch axis
  ops_opset11.onnx       hand-built (onnx.helper): SAME_UPPER conv with asymmetric pads, 1-D conv,
                         ConvTranspose, Reshape/Slice/Pad/Unsqueeze from constants, Gemm transA/transB,
                         broadcast MatMul, MaxPool ceil_mode
  einsum.onnx, lstm.onnx hand-built graphs with a MAC operator Loupe cannot map
  resnet18.onnx, resnet50.onnx, mobilenet_v2.onnx, vit_b_16.onnx
                         torchvision (weights=None) at 224x224, for the published MAC totals
"""
import os
import sys

import onnx
from onnx import TensorProto, helper

OUT = os.path.join("Tests", "LoupeImportTests", "Fixtures")
OPSET = 17


def strip_weights(model):
    """Removes floating-point tensor data, marking the tensors as external (weights.bin)."""
    floats = {TensorProto.FLOAT, TensorProto.DOUBLE, TensorProto.FLOAT16, TensorProto.BFLOAT16}

    def strip(t):
        count = 1
        for d in t.dims:
            count *= d
        if t.data_type not in floats or count <= 16:
            return
        for field in ("raw_data", "float_data", "double_data", "int32_data"):
            t.ClearField(field)
        t.data_location = TensorProto.EXTERNAL
        del t.external_data[:]
        for k, v in (("location", "weights.bin"), ("offset", "0"), ("length", str(4 * count))):
            e = t.external_data.add()
            e.key, e.value = k, v

    for t in model.graph.initializer:
        strip(t)
    for n in model.graph.node:
        for a in n.attribute:
            if a.type == onnx.AttributeProto.TENSOR:
                strip(a.t)
    model.graph.ClearField("value_info")  # make Loupe infer every shape itself
    model.ClearField("producer_version")    # stable bytes across torch versions
    return model


def save(model, name):
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        f.write(strip_weights(model).SerializeToString())
    print(f"{path}: {os.path.getsize(path)} bytes, {len(model.graph.node)} nodes")


def with_declared_shapes(source, name):
    """A copy of a fixture with every value's shape declared by ONNX's own shape inference
    (value_info), which Loupe checks its inferred shapes against."""
    model = onnx.load(os.path.join(OUT, source), load_external_data=False)
    model = onnx.shape_inference.infer_shapes(model)
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        f.write(model.SerializeToString())
    print(f"{path}: {os.path.getsize(path)} bytes, {len(model.graph.value_info)} declared shapes")


def export(module, example, name, dynamic_batch=False):
    import io
    import torch

    module.eval()
    buf = io.BytesIO()
    kwargs = {}
    if dynamic_batch:
        kwargs = dict(input_names=["x"], output_names=["y"], dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})
    torch.onnx.export(module, (example,), buf, opset_version=OPSET, dynamo=False, do_constant_folding=True, **kwargs)
    save(onnx.load_from_string(buf.getvalue()), name)


def torch_fixtures():
    import torch
    from torch import nn

    torch.manual_seed(0)

    class Block(nn.Module):
        """ResNet basic block (He et al. 2016): 3x3 conv, BN, ReLU, 3x3 conv, BN, + shortcut, ReLU."""

        def __init__(self, cin, cout, stride):
            super().__init__()
            self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(cout)
            self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
            self.bn2 = nn.BatchNorm2d(cout)
            self.relu = nn.ReLU()
            self.downsample = None
            if stride != 1 or cin != cout:
                self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

        def forward(self, x):
            y = self.relu(self.bn1(self.conv1(x)))
            y = self.bn2(self.conv2(y))
            s = x if self.downsample is None else self.downsample(x)
            return self.relu(y + s)

    class ResNetBlock(nn.Module):
        def __init__(self):
            super().__init__()
            self.stem = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
            self.relu = nn.ReLU()
            self.b1 = Block(16, 32, 2)
            self.b2 = Block(32, 32, 1)

        def forward(self, x):
            return self.b2(self.b1(self.relu(self.stem(x))))

    export(ResNetBlock(), torch.randn(1, 3, 8, 8), "resnet_block.onnx")

    class Grouped(nn.Module):
        def __init__(self):
            super().__init__()
            self.grouped = nn.Conv2d(8, 16, 3, 1, 1, groups=2)
            self.dw = nn.Conv2d(16, 16, 3, 2, 1, groups=16)
            self.dw2 = nn.Conv2d(16, 32, 3, 1, 1, groups=16)
            self.pw = nn.Conv2d(32, 8, 1)
            self.dilated = nn.Conv2d(8, 8, 3, 1, 2, dilation=2)
            self.act = nn.Hardswish()
            self.relu6 = nn.ReLU6()

        def forward(self, x):
            x = self.act(self.grouped(x))
            x = self.relu6(self.dw(x))
            x = self.dw2(x)
            x = self.pw(x)
            return self.dilated(x)

    export(Grouped(), torch.randn(1, 8, 10, 10), "grouped.onnx")

    class Encoder(nn.Module):
        """Post-norm encoder block (Vaswani et al. 2017): multi-head attention, add & norm, FFN, add & norm."""

        def __init__(self, d=64, heads=4, ff=128):
            super().__init__()
            self.h, self.dk = heads, d // heads
            self.q = nn.Linear(d, d)
            self.k = nn.Linear(d, d)
            self.v = nn.Linear(d, d)
            self.o = nn.Linear(d, d)
            self.norm1 = nn.LayerNorm(d)
            self.ffn1 = nn.Linear(d, ff)
            self.ffn2 = nn.Linear(ff, d)
            self.norm2 = nn.LayerNorm(d)
            self.gelu = nn.GELU()

        def forward(self, x):
            b, t, d = x.shape
            q = self.q(x).reshape(b, t, self.h, self.dk).transpose(1, 2)
            k = self.k(x).reshape(b, t, self.h, self.dk).transpose(1, 2)
            v = self.v(x).reshape(b, t, self.h, self.dk).transpose(1, 2)
            scores = torch.matmul(q, k.transpose(-2, -1)) / (self.dk ** 0.5)
            a = torch.softmax(scores, dim=-1)
            ctx = torch.matmul(a, v).transpose(1, 2).reshape(b, t, d)
            x = self.norm1(x + self.o(ctx))
            return self.norm2(x + self.ffn2(self.gelu(self.ffn1(x))))

    export(Encoder(), torch.randn(1, 16, 64), "transformer.onnx")
    with_declared_shapes("transformer.onnx", "transformer_shapes.onnx")

    class Classifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(3, 8, 3, 1, 1)
            self.relu = nn.ReLU()
            self.pool = nn.AdaptiveAvgPool2d(1)
            self.fc1 = nn.Linear(8, 16)
            self.fc2 = nn.Linear(16, 10)

        def forward(self, x):
            x = torch.flatten(self.pool(self.relu(self.conv(x))), 1)
            return torch.softmax(self.fc2(self.relu(self.fc1(x))), dim=1)

    export(Classifier(), torch.randn(1, 3, 8, 8), "classifier.onnx", dynamic_batch=True)

    import torchvision

    for name, make in (("resnet18", torchvision.models.resnet18), ("resnet50", torchvision.models.resnet50),
                       ("mobilenet_v2", torchvision.models.mobilenet_v2), ("vit_b_16", torchvision.models.vit_b_16)):
        export(make(weights=None), torch.randn(1, 3, 224, 224), name + ".onnx")


def helper_fixtures():
    """Graphs built node by node, at opset 11 (the oldest Loupe reads)."""
    f = TensorProto.FLOAT

    def w(name, dims):
        return helper.make_tensor(name, f, dims, [0.0] * (1 if not dims else __import__("math").prod(dims)))

    def ints(name, values):
        return helper.make_tensor(name, TensorProto.INT64, [len(values)], values)

    nodes = [
        # 8x8 input, 3x3 stride 2 SAME_UPPER: out 4, total pad (4-1)*2+3-8 = 1 -> begin 0, end 1.
        helper.make_node("Conv", ["x", "w_same"], ["c1"], name="same_conv", auto_pad="SAME_UPPER", strides=[2, 2]),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        # [1,4,4,4] -> pad H by (1,1), W by (0,0) -> [1,4,6,4]
        helper.make_node("Pad", ["r1", "pads"], ["p1"], name="pad1", mode="constant"),
        # 3x3 valid, stride 1 -> [1,6,4,2]
        helper.make_node("Conv", ["p1", "w_valid"], ["c2"], name="valid_conv"),
        # ConvTranspose 6->3, k 2, stride 2 -> [1,3,8,4]
        helper.make_node("ConvTranspose", ["c2", "w_tr"], ["t1"], name="deconv", strides=[2, 2]),
        # MaxPool 3x3 stride 2 ceil_mode on 8x4 -> out ceil((8-3)/2)+1 = 4, ceil((4-3)/2)+1 = 2 -> [1,3,4,2]
        helper.make_node("MaxPool", ["t1"], ["m1"], name="pool", kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1),
        # Reshape [1,3,4,2] -> [1,3,8] (shape from an initializer), 1-D conv k3 pad 1 -> [1,5,8]
        helper.make_node("Reshape", ["m1", "shape_1x3x8"], ["s1"], name="to_1d"),
        helper.make_node("Conv", ["s1", "w_1d"], ["c3"], name="conv1d", pads=[1, 1]),
        # Slice [1,5,8] axis 2 from 2 to 6 -> [1,5,4]; Unsqueeze axis 1 (attribute, opset 11) -> [1,1,5,4]
        helper.make_node("Slice", ["c3", "starts", "ends", "axes"], ["sl"], name="slice"),
        helper.make_node("Unsqueeze", ["sl"], ["u1"], name="unsq", axes=[1]),
        # Flatten -> [1,20]; Gemm transB: [1,20]x[12,20]^T -> [1,12]
        helper.make_node("Flatten", ["u1"], ["f1"], name="flat"),
        helper.make_node("Gemm", ["f1", "w_fc", "b_fc"], ["g1"], name="fc", transB=1),
        # Reshape [1,12] -> [3,4]; Gemm transA: [3,4]^T x [3,6] -> [4,6]
        helper.make_node("Reshape", ["g1", "shape_3x4"], ["g1r"], name="to_3x4"),
        helper.make_node("Gemm", ["g1r", "w_ta"], ["g2"], name="gemm_ta", transA=1),
        # Broadcast MatMul: [2,4,6] (Expand of g2) x [6,5] -> [2,4,5]: B unbatched, 8 rows
        helper.make_node("Expand", ["g2", "shape_2x4x6"], ["e1"], name="expand"),
        helper.make_node("MatMul", ["e1", "w_mm"], ["mm"], name="proj"),
        # Batched MatMul of two activations: [2,4,5] x [2,5,4] -> [2,4,4]
        helper.make_node("Transpose", ["mm"], ["mmT"], name="transpose", perm=[0, 2, 1]),
        helper.make_node("MatMul", ["mm", "mmT"], ["y"], name="gram"),
    ]
    inits = [
        w("w_same", [4, 3, 3, 3]), ints("pads", [0, 0, 1, 0, 0, 0, 1, 0]), w("w_valid", [6, 4, 3, 3]),
        w("w_tr", [6, 3, 2, 2]), ints("shape_1x3x8", [1, 3, 8]), w("w_1d", [5, 3, 3]),
        ints("starts", [2]), ints("ends", [6]), ints("axes", [2]), w("w_fc", [12, 20]), w("b_fc", [12]),
        ints("shape_3x4", [3, 4]), w("w_ta", [3, 6]), ints("shape_2x4x6", [2, 4, 6]), w("w_mm", [6, 5]),
    ]
    graph = helper.make_graph(nodes, "ops", [helper.make_tensor_value_info("x", f, [1, 3, 8, 8])],
                              [helper.make_tensor_value_info("y", f, [2, 4, 4])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 11)], producer_name="make_fixtures")
    onnx.checker.check_model(model)
    save(model, "ops_opset11.onnx")

    # A MAC operator with no Loupe form, between two layers.
    def with_op(node, extra_inits, name):
        g = helper.make_graph(
            [helper.make_node("Conv", ["x", "w1"], ["a"], name="before"), node,
             helper.make_node("Relu", ["b"], ["y"], name="after")],
            name, [helper.make_tensor_value_info("x", f, [1, 2, 4, 4])], [helper.make_tensor_value_info("y", f, None)],
            [w("w1", [2, 2, 1, 1])] + extra_inits)
        save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)], producer_name="make_fixtures"), name + ".onnx")

    with_op(helper.make_node("Einsum", ["a", "a"], ["b"], name="mix", equation="nchw,nchw->nchw"), [], "einsum")
    # LSTM over 5 steps of a [5, 1, 8] sequence (batch 1), hidden 4: Y is [5, 1, 1, 4].
    g = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w_in"], ["a"], name="embed"),
         helper.make_node("LSTM", ["a", "w_lstm", "r_lstm"], ["b"], name="rnn", hidden_size=4),
         helper.make_node("Reshape", ["b", "shape_5x4"], ["c"], name="flatten"),
         helper.make_node("Relu", ["c"], ["d"], name="act"),
         helper.make_node("MatMul", ["d", "w_out"], ["y"], name="head")],
        "lstm", [helper.make_tensor_value_info("x", f, [5, 1, 8])], [helper.make_tensor_value_info("y", f, [5, 3])],
        [w("w_in", [8, 8]), w("w_lstm", [1, 16, 8]), w("r_lstm", [1, 16, 4]), ints("shape_5x4", [5, 4]), w("w_out", [4, 3])])
    model = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)], producer_name="make_fixtures")
    onnx.checker.check_model(model)
    save(model, "lstm.onnx")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    helper_fixtures()
    if "--helper-only" not in sys.argv:
        torch_fixtures()
