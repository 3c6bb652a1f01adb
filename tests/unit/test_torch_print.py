"""print(model) text read without torch: hand derivations of small printed models (the
formats of torch/nn/modules/module.py's __repr__ and the classes' extra_repr())."""

from calc.model_source import summarize_text
from calc.torch_print import looks_like_print, parse_args
from tests.unit.check import raises

# What print() shows for nn.Sequential(nn.Conv2d(3, 8, 3, bias=False), nn.BatchNorm2d(8),
# nn.ReLU(), nn.Flatten(), nn.Linear(8, 4)) wrapped in a module with a ModuleList of three
# identical Linears (printed as one "(0-2): 3 x" line).
TEXT = """Net(
  (features): Sequential(
    (0): Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1), bias=False)
    (1): BatchNorm2d(8, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
    (2): ReLU()
    (3): Flatten(start_dim=1, end_dim=-1)
  )
  (heads): ModuleList(
    (0-2): 3 x Linear(in_features=8, out_features=4, bias=True)
  )
)"""


def test_counts_names_and_buffers():
    s = summarize_text(TEXT)
    assert s.framework == "torch" and s.class_name == "Net"
    # Net is the code's own class: print() cannot show an nn.Parameter it holds itself.
    assert s.partial and s.not_followed == ["Net is not a torch.nn class: print(model) shows its "
                                            "sub-modules, not the tensors it may hold itself (an "
                                            "nn.Parameter); paste its code to count those"]
    conv = 3 * 3 * 3 * 8  # kh·kw·C_in·C_out, no bias
    bn = 8 + 8  # weight, bias; running_mean, running_var, num_batches_tracked are buffers
    heads = 3 * (8 * 4 + 4)
    assert s.total_params == conv + bn + heads == 340
    assert s.buffers == 8 + 8 + 1
    features, head_list = s.rows
    assert [r.name for r in features.children.rows] == ["features.0", "features.1", "features.2", "features.3"]
    assert [r.name for r in head_list.children.rows] == ["heads.0", "heads.1", "heads.2"]
    data = s.to_json()
    assert data["framework"] == "torch" and data["buffers"] == 17


def test_subclass_read_as_its_parent_and_said():
    s = summarize_text("Sequential(\n  (norm): LayerNorm2d((96,), eps=1e-06, elementwise_affine=True)\n)")
    row = s.rows[0]
    assert row.params == 96 * 2 and "nn.LayerNorm" in row.note


def test_what_the_text_cannot_show_is_partial_with_the_reason():
    s = summarize_text("Sequential(\n  (attn): MultiheadAttention(\n    (out_proj): NonDynamicallyQuantizableLinear("
                       "in_features=8, out_features=8, bias=True)\n  )\n  (x): Mystery(3)\n)")
    attn, mystery = s.rows
    # in_proj (3E, E) + (3E,), out_proj (E, E) + (E,), E = 8
    assert attn.params == 3 * 8 * 8 + 3 * 8 + 8 * 8 + 8 and not attn.known and "kdim" in attn.problem
    assert mystery.params is None and "Mystery is not a torch.nn class" in mystery.problem
    assert s.partial


def test_a_module_printing_arguments_and_children_is_partial():
    # print() of nn.Sequential(weight_norm(nn.Linear(3, 4))) (torch.nn.utils.parametrizations)
    s = summarize_text("Sequential(\n  (0): ParametrizedLinear(\n    in_features=3, out_features=4, bias=True\n"
                       "    (parametrizations): ModuleDict(\n      (weight): ParametrizationList(\n"
                       "        (0): _WeightNorm()\n      )\n    )\n  )\n)")
    assert s.partial and "parametrization" in s.rows[0].problem


def test_torchvision_classes_are_known():
    # torchvision's BasicBlock holds only its sub-modules; its VisionTransformer a class_token.
    s = summarize_text("Sequential(\n  (0): BasicBlock(\n    (relu): ReLU(inplace=True)\n  )\n"
                       "  (1): StochasticDepth(p=0.1, mode=row)\n)")
    assert not s.partial and "no tensors" in s.rows[1].note
    s = summarize_text("VisionTransformer(\n  (heads): Sequential(\n    (head): Linear(in_features=4, "
                       "out_features=2, bias=True)\n  )\n)")
    assert s.partial and "class_token" in s.not_followed[0] and s.total_params == 10


def test_sniffing():
    assert looks_like_print(TEXT)
    assert looks_like_print("Linear(in_features=3, out_features=4, bias=True)")
    assert not looks_like_print("model = Net()\n")
    assert not looks_like_print("Dense(3)")


def test_repr_arguments():
    assert parse_args("3, 64, kernel_size=(7, 7), eps=1e-05, mode=row, p='x', m=None") == (
        [3, 64], {"kernel_size": (7, 7), "eps": 1e-05, "mode": "row", "p": "x", "m": None})
    raises(lambda: parse_args("a=(1, 2"), "expected ',' or ')'")
    raises(lambda: parse_args("a='x"), "unclosed string")


def test_bad_text_one_line_messages():
    raises(lambda: summarize_text("Net(\n  (a): Linear(in_features=3, out_features=4)\n"), "ends inside Net")
    raises(lambda: summarize_text("Net(\n  (a): Linear(in_features=3\n)"), "line 2")
    raises(lambda: summarize_text("Net(\n  (0-2): 5 x Linear(in_features=3, out_features=4)\n)"), "does not match")
    raises(lambda: summarize_text("Net(\n  (a): ReLU()\n)\n)"), "line 4: text after the model's closing ')'")
