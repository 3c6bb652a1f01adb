"""Practice mode's grader (web/practiceview.py), on hand-derived counts and mistakes.
Runs in CPython and in MicroPython (web/ is on the path: tests/conftest.py, run_unit.mjs)."""

import calc  # noqa: F401
from web import practiceview
from tests.unit.check import raises

# Conv2D(64, 3x3) on 25 channels: kernel 3·3·25·64 = 14,400, bias 64, total 14,464.
CONV = {"filters": "64", "kernel_size": "3,3", "input_shape": "None,None,25"}


def grade(layer, fields, answer):
    r = practiceview.grade(layer, fields, answer)
    assert r["ok"], r
    return r


def test_right_answer_with_or_without_separators():
    for answer in ("14464", "14,464", " 14 464 ", "14_464"):
        r = grade("Conv2D", CONV, answer)
        assert r["correct"] and r["term"] == "", (answer, r)


def test_forgot_the_bias():
    r = grade("Conv2D", CONV, "14400")  # kernel only
    assert not r["correct"] and r["term"] == "bias"
    assert "forgot the bias" in r["message"]


def test_output_channels_for_input_channels():
    r = grade("Conv2D", CONV, str(3 * 3 * 64 * 64 + 64))  # C_in replaced by filters
    assert r["term"] == "kernel"
    assert "C_in" in r["message"] and "filters" in r["message"] and "64" in r["message"]


def test_one_axis_left_out():
    r = grade("Conv2D", CONV, str(3 * 25 * 64 + 64))  # kw forgotten
    assert r["term"] == "kernel" and "leaves out the axis" in r["message"]


def test_counted_only_trainable():
    # BatchNormalization on 16 features: gamma, beta (trainable), moving mean and variance.
    r = grade("BatchNormalization", {"input_shape": "16"}, "32")
    assert r["term"] == "non-trainable"
    assert "moving_mean" in r["message"] and "moving_variance" in r["message"]
    assert grade("BatchNormalization", {"input_shape": "16"}, "64")["correct"]


def test_bias_counted_when_use_bias_is_false():
    fields = {"units": "10", "use_bias": "false", "input_shape": "30"}
    assert grade("Dense", fields, "300")["correct"]
    r = grade("Dense", fields, "310")
    assert r["term"] == "bias" and "use_bias is false" in r["message"]


def test_tensor_counted_twice():
    r = grade("Dense", {"units": "10", "input_shape": "30"}, str(300 + 300 + 10))
    assert r["term"] == "kernel" and "twice" in r["message"]


def test_one_gate_of_four():
    # LSTM(8) on 5 features: 4 gates, each 5·8 + 8·8 + 8 = 112; total 448.
    fields = {"units": "8", "input_shape": "None,5"}
    assert grade("LSTM", fields, "448")["correct"]
    r = grade("LSTM", fields, "112")
    assert r["term"] == "parts" and "1/4" in r["message"]


def test_unexplained_mistake_gets_a_hint_not_the_answer():
    r = grade("Dense", {"units": "10", "input_shape": "30"}, "999")
    assert not r["correct"] and r["term"] == ""
    assert "too high" in r["message"] and "310" not in r["message"]


def test_bad_answer_and_bad_fields_are_named():
    r = practiceview.grade("Dense", {"units": "10", "input_shape": "30"}, "3*3")
    assert not r["ok"] and "Your count" in r["error"] and "'3*3'" in r["error"]
    r = practiceview.grade("Dense", {"units": "ten", "input_shape": "30"}, "310")
    assert not r["ok"] and "units" in r["error"]
    raises(lambda: practiceview.parse_seed("abc"), "seed", "'abc'")
    # Superscript and Arabic-Indic digits are digits to str.isdigit, not to the grader.
    for odd in ("3\u00b2", "\u0663\u0661\u0660"):
        r = practiceview.grade("Dense", {"units": "10", "input_shape": "30"}, odd)
        assert not r["ok"] and "Your count" in r["error"], r


def test_new_example_is_reproducible_and_valid():
    a = practiceview.new_example("Conv2D", 42)
    b = practiceview.new_example("Conv2D", 42)
    assert a["ok"] and a["fields"] == b["fields"]
    assert practiceview.new_example("Conv2D", 43)["fields"] != a["fields"]
    # The drawn example is one calc accepts, and its own count grades as right.
    r = practiceview.layer_result(calc.find("Conv2D"), a["fields"])
    assert grade("Conv2D", a["fields"], str(r.total_params))["correct"]


def test_practice_json_round_trip():
    import json
    out = json.loads(practiceview.practice_json(json.dumps(
        {"action": "grade", "layer": "Dense", "fields": {"units": "10", "input_shape": "30"},
         "answer": "300"})))
    assert out["term"] == "bias"
    out = json.loads(practiceview.practice_json(json.dumps({"action": "example", "layer": "Dense", "seed": "x"})))
    assert not out["ok"] and "seed" in out["error"]


def test_bias_counted_when_it_is_switched_off_in_any_layer():
    # Conv2DTranspose(8, 3) on 5 channels, no bias: kernel 3·3·8·5 = 360 (its last axis is the
    # input's 5 channels, the bias would be the 8 filters): 368 counts a bias that is not there.
    fields = {"filters": "8", "kernel_size": "3", "use_bias": "false", "input_shape": "None,None,5"}
    assert grade("Conv2DTranspose", fields, "360")["correct"]
    r = grade("Conv2DTranspose", fields, "368")
    assert r["term"] == "bias" and "use_bias is false" in r["message"]
    # PyTorch's switch is bias: nn.Linear(30, 10, bias=False) has weight 10·30 = 300.
    fields = {"in_features": "30", "out_features": "10", "bias": "False"}
    assert grade("nn.Linear", fields, "300")["correct"]
    r = grade("nn.Linear", fields, "310")
    assert r["term"] == "bias" and "bias is false" in r["message"]
