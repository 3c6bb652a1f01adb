"""The shortcodes of tools/sitegen/shortcodes.py: numbers derived by hand, and every
mistake fails with the file and the line."""

import os
import types

import pytest
from mkdocs.exceptions import PluginError

from tools.sitegen.layer_page import TEMPLATE, LayerPage
from tools.sitegen.layers import load_catalogue
from tools.sitegen.shortcodes import expand_page

CATALOGUE, CALCVIEW = load_catalogue()
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def page(markdown, src_uri="layers/conv2d.md", front_matter="", abs_src_path="default"):
    """A stand-in for MkDocs' Page: the file's text is the front matter, then the Markdown."""
    if abs_src_path == "default":
        abs_src_path = os.path.join(ROOT, "docs", src_uri)
    file = types.SimpleNamespace(src_uri=src_uri, abs_src_path=abs_src_path,
                                 content_string=front_matter + markdown)
    return types.SimpleNamespace(file=file, meta={})


def expand(markdown, layer="Conv2D", **where):
    target = page(markdown, **where)
    layer_page = LayerPage(CATALOGUE.find(layer), CATALOGUE, CALCVIEW) if layer else None
    return expand_page(markdown, target, layer_page, CATALOGUE, CALCVIEW), target


@pytest.mark.parametrize("code, text", [
    # Conv2D's example: 64 filters of 3x3 on 25 channels: 3·3·25·64 + 64.
    ("<!-- calc:count -->", "14,464"),
    ("<!-- calc:count of=kernel -->", "14,400"),
    ("<!-- calc:count of=bias -->", "64"),
    ("<!-- calc:sum of=kernel -->", "3·3·25·64 = 14,400"),
    # The same layer on 3 channels: 3·3·3·64 + 64.
    ("<!-- calc:count input_shape=None,None,3 -->", "1,792"),
    ("<!-- calc:sum input_shape=None,None,3 -->", "3·3·3·64 + 64 = 1,792"),
    # lora_rank=4 freezes the 14,400 kernel and trains 3·3·25·4 + 4·64 and the bias.
    ("<!-- calc:count lora_rank=4 of=trainable -->", "1,220"),
    ("<!-- calc:count lora_rank=4 of=non_trainable -->", "14,400"),
    # 32x32 input, 3x3 valid window: 30x30.
    ("<!-- calc:shape input_shape=32,32,3 -->", "(None, 30, 30, 64)"),
    ("<!-- calc:shape of=kernel -->", "(3, 3, 25, 64)"),
    # Another layer: Dense(10) on 784 features, 784·10 + 10.
    ("<!-- calc:count Dense units=10 input_shape=784 -->", "7,850"),
    # A pointwise kernel's 1x1 window adds no factor: 25·64.
    ("<!-- calc:sum SeparableConv2D of=pointwise_kernel -->", "25·64 = 1,600"),
    ("<!-- calc:name -->", "Conv2D"),
])
def test_inline_shortcode(code, text):
    out, _ = expand("It has %s here." % code)
    assert out == "It has %s here." % text


def test_part_shortcodes_are_the_layer_pages_parts():
    out, target = expand("<!-- calc:weights -->\n\n<!-- calc:widget -->")
    assert "| `kernel` | `(kh, kw, (C_in/groups), filters)` | `(3, 3, 25, 64)` | yes | 14,400 |" in out
    assert 'id="calc-conv2d-1"' in out and 'data-url="off"' not in out
    assert target.meta["calc_widget"] is True


def test_widgets_of_a_page_are_numbered_and_keep_out_of_the_address_bar():
    out, target = expand("<!-- calc:widget Conv2D filters=32 input_shape=64,64,3 -->\n\n"
                         "<!-- calc:widget Dense units=3 -->", layer=None, src_uri="conventions.md")
    assert 'id="calc-conv2d-1"' in out and 'id="calc-dense-2"' in out
    assert out.count('data-url="off"') == 2
    # 3·3·3·32 + 32 = 896, pre-rendered.
    assert 'id="calc-conv2d-1-total_params" data-value="896"' in out
    assert target.meta["calc_widget"] is True


def test_a_page_without_shortcodes_is_left_alone():
    text = "# Title\n\n<!-- a comment -->\n\nText with `calc` in it.\n"
    out, target = expand(text, layer=None, src_uri="glossary.md")
    assert out == text and "calc_widget" not in target.meta


@pytest.mark.parametrize("line, message", [
    ("<!-- calc:weight -->", "unknown shortcode <!-- calc:weight -->"),
    ("<!-- calc-widget Conv2D filters=32 -->", "unknown shortcode <!-- calc-widget Conv2D filters=32 -->"),
    ("Text <!-- calc:weights -->", "<!-- calc:weights --> must be alone on its line"),
    ("<!-- calc:count filtres=3 -->", "Conv2D has no field 'filtres'"),
    ("<!-- calc:count of=kernal -->", "of=kernal: Conv2D has no such weight"),
    ("<!-- calc:count Conv2E -->", "Unknown layer class 'Conv2E'"),
    ("<!-- calc:count groups=5 -->", "Received: groups=5, filters=64"),
    ("<!-- calc:widget Conv2D groups=5 -->", "Received: groups=5, filters=64"),
])
def test_a_mistake_names_the_file_and_line(line, message):
    with pytest.raises(PluginError) as caught:
        expand("# Conv2D\n\ntext\n" + line + "\n", front_matter="---\ntitle: T\n---\n\n")
    # Line 8 of the file: the front matter and a blank line (4), then the fourth line.
    assert str(caught.value).startswith("docs/layers/conv2d.md:8: ")
    assert message in str(caught.value)


def test_a_layer_part_on_another_page_is_a_mistake():
    with pytest.raises(PluginError, match=r"^docs/glossary.md:1: .*not a layer page"):
        expand("<!-- calc:formula -->", layer=None, src_uri="glossary.md")


def test_a_mistake_in_the_template_names_the_template_and_the_page():
    with pytest.raises(PluginError) as caught:
        expand("# <!-- calc:name -->\n<!-- calc:nope -->", src_uri="layers/dense.md",
               layer="Dense", abs_src_path=TEMPLATE)
    assert str(caught.value).startswith("docs/layers/_template.md:2: unknown shortcode")
    assert str(caught.value).endswith("(in the page layers/dense.md, made from it)")


def test_what_never_changes_the_count_is_said_once():
    """A page whose writer explains what does not change the count gets no second list of
    it: the generated part names only the arguments the writer left out (#14)."""
    from tools.sitegen.layer_page import LayerPage
    from tools.sitegen.layers import load_catalogue
    catalogue, calcview = load_catalogue()
    page = LayerPage(catalogue.find("Dense"), catalogue, calcview)
    assert "These never change it" in page.arguments()
    page.read_writers_text("# Dense\n\n### What does not change the count\n\n`activation` and the batch.\n\n## Next\n")
    text = page.arguments()
    assert "never change" not in text and "`activation`" not in text.split("the input shape")[-1]
    assert "Nor do `lora_alpha`, `name` and `dtype`" in text


def test_a_torch_calculator_on_any_page():
    # nn.LSTM(input_size=32, hidden_size=128): 4 gates of weight_ih (128, 32), weight_hh
    # (128, 128) and two biases of 128.
    out, target = expand("<!-- calc:widget nn.LSTM input_size=32 hidden_size=128 -->", layer=None,
                         src_uri="tutorial.md")
    total = 4 * (128 * 32 + 128 * 128 + 2 * 128)
    assert 'data-layer="nn.LSTM"' in out and 'data-url="off"' in out
    assert 'name="total_params" id="calc-nn-lstm-1-total_params" data-value="%d"' % total in out
    assert 'name="input_shape"' not in out and '<output name="buffers"' in out
    # The page loads the runtime, with the bundle that holds the PyTorch catalogue.
    assert target.meta == {"calc_widget": True, "calc_torch": True}
    # 784 inputs to 10 outputs: 784·10 weights and 10 biases.
    inline, _ = expand("<!-- calc:count nn.Linear in_features=784 out_features=10 -->", layer=None,
                       src_uri="tutorial.md")
    assert inline == "7,850"


def test_a_keras_page_part_is_not_a_torch_page_part():
    from tools.sitegen.torch_page import TorchPage
    target = page("<!-- calc:keras -->", src_uri="pytorch/linear.md")
    torch_page = TorchPage(CATALOGUE.find("nn.Linear"), CATALOGUE, CALCVIEW)
    with pytest.raises(PluginError, match="calc:keras is not a part of nn.Linear's page"):
        expand_page("<!-- calc:keras -->", target, torch_page, CATALOGUE, CALCVIEW)
    with pytest.raises(PluginError, match="calc:torch is not a part of Conv2D's page"):
        expand("<!-- calc:torch -->")


def test_buffers_of_a_torch_module():
    # nn.BatchNorm2d(64): weight and bias (64 each); buffers running_mean, running_var (64
    # each) and num_batches_tracked (1).
    out, _ = expand("<!-- calc:count nn.BatchNorm2d num_features=64 --> and "
                    "<!-- calc:count nn.BatchNorm2d num_features=64 of=buffers -->", layer=None,
                    src_uri="tutorial.md")
    assert out == "128 and 129"


def test_the_twin_section_and_the_pairs():
    out, _ = expand("<!-- calc:twin -->", layer="Dense", src_uri="layers/dense.md")
    # Dense(128) on 128 features: 128·128 + 128 in both frameworks.
    assert "| Parameters (total) | 16,512 | 16,512 |" in out and "[nn.Linear](../pytorch/linear.md)" in out
    with pytest.raises(PluginError, match="calc:twins takes no arguments"):
        expand("<!-- calc:twins Dense -->", layer=None, src_uri="tutorial.md")
