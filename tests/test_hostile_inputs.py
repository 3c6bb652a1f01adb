"""Hostile and careless input (issue #6), as ONE catalogue tried at every entry point:
CLI arguments, --config JSON, model files (summary PATH), pasted code and the widget's
evaluate(). Each refusal is one line naming the argument (or file) and quoting what it
received; huge integers give the exact answer; nothing pasted is ever run.

The adversarial files (zip bomb, truncated zip, 100,000-deep JSON...) are made here.
"""

import json
import os
import subprocess
import sys
import zipfile
import zlib

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

from web import calcview  # noqa: E402
from calc.__main__ import main  # noqa: E402
from calc.catalogue import find  # noqa: E402
from calc.code_reader import read_code  # noqa: E402
from calc.keras_file import MAX_CONFIG_BYTES, read_keras_config  # noqa: E402
from calc.model import MAX_JSON_STRING, MAX_JSON_TEXT, load_json, summarize  # noqa: E402
from tools.fuzz import zip_of  # noqa: E402  (a .keras-like zip: metadata, config, weights)

MEGABYTE_OF_NINES = "9" * 1000000


class Bad:
    """One bad input: `layer` with `base` arguments and `arg` set to `text` (as typed in a
    CLI argument, widget field or URL), `json_value` (the same in a --config or model file,
    None where it cannot be written there) and `py` (in pasted code, None where not). The
    refusal must contain every string in `says` (the argument's name and the value as
    received, or what stands for it)."""

    def __init__(self, id, layer, arg, text, says, base=None, json_value=None, py=None):
        self.id = id
        self.layer = layer
        self.arg = arg
        self.text = text
        self.says = says
        self.base = base or {}
        self.json_value = json_value
        self.py = py


DENSE = {"input_shape": "8"}
CONV = {"filters": "8", "kernel_size": "3", "input_shape": "28,28,3"}

# Item 1 of the issue: every bad value, with what its refusal must say.
CATALOGUE = [
    Bad("negative", "Dense", "units", "-1", ["units", "positive", "units=-1"], DENSE, "-1", "-1"),
    Bad("zero", "Dense", "units", "0", ["units", "positive", "units=0"], DENSE, "0", "0"),
    Bad("fractional", "Dense", "units", "1.5", ["units", "whole number", "units=1.5"], DENSE, "1.5", "1.5"),
    Bad("non_numeric", "Dense", "units", "abc", ["units", "integer", "units=abc"], DENSE, '"abc"', "'abc'"),
    Bad("empty", "Dense", "units", "", ["units", "units=''"], DENSE, '""', "''"),
    Bad("whitespace", "Dense", "units", "   ", ["units", "units='   '"], DENSE, '"   "', "'   '"),
    Bad("nan", "Dense", "units", "NaN", ["units", "units=NaN"], DENSE, '"NaN"', None),
    Bad("json_nan", "Dense", "units", "nan", ["units", "units=nan"], DENSE, "NaN", None),
    Bad("inf", "Dense", "units", "inf", ["units", "units=inf"], DENSE, "Infinity", None),
    Bad("1e400", "Dense", "units", "1e400", ["units", "units=1e400"], DENSE, '"1e400"', "1e400"),
    Bad("unicode_digits", "Dense", "units", "\u0663\u0662", ["units", "units=\u0663\u0662"], DENSE,
        '"\u0663\u0662"', None),
    Bad("fullwidth_digits", "Dense", "units", "\uff13\uff12", ["units", "\uff13\uff12"], DENSE,
        '"\uff13\uff12"', None),
    Bad("one_megabyte", "Dense", "units", MEGABYTE_OF_NINES, ["units", "too long", "1000000 characters"],
        DENSE, json.dumps(MEGABYTE_OF_NINES), None),
    Bad("xss", "Dense", "units", "<img src=x onerror=alert(1)>",
        ["units", "integer", "<img src=x onerror=alert(1)>"], DENSE, '"<img src=x onerror=alert(1)>"', None),
    Bad("not_a_boolean", "Dense", "use_bias", "maybe", ["use_bias", "true or false", "use_bias=maybe"],
        dict(DENSE, units="4"), '"maybe"', None),
    Bad("tuple_length", "Conv2D", "kernel_size", "3,3,3", ["kernel_size", "2 integers", "kernel_size=3,3,3"],
        CONV, "[3, 3, 3]", "(3, 3, 3)"),
    Bad("filters_not_divisible_by_groups", "Conv2D", "filters", "10", ["filters", "groups", "10", "3"],
        dict(CONV, groups="3"), "10", "10"),
    Bad("strides_with_dilation", "Conv2D", "strides", "2", ["strides", "dilation_rate", "(2, 2)"],
        dict(CONV, dilation_rate="2"), "2", "2"),
    Bad("input_rank", "Conv2D", "input_shape", "28,28", ["input_shape", "3 dimensions", "28,28"], CONV),
    Bad("input_none_needed", "Dense", "input_shape", "4,None", ["input_shape", "None", "4,None"],
        {"units": "4"}),
    Bad("input_zero", "Dense", "input_shape", "0", ["input_shape", "positive", "'0'"], {"units": "4"}),
    Bad("input_junk", "Dense", "input_shape", "abc", ["input_shape", "abc"], {"units": "4"}),
]


def one_line(message):
    assert message.strip() and "\n" not in message.strip(), repr(message)
    assert "Traceback" not in message


def says_all(message, case):
    for fragment in case.says:
        assert fragment in message, (case.id, fragment, message[:300])


def cli(argv, capsys):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def cli_args(case):
    values = dict(case.base)
    values[case.arg] = case.text
    return ["layer", case.layer] + ["%s=%s" % (k, v) for k, v in values.items()]


# CLI arguments -----------------------------------------------------------------------------

@pytest.mark.parametrize("case", CATALOGUE, ids=lambda c: c.id)
def test_cli_argument(case, capsys):
    status, out, err = cli(cli_args(case), capsys)
    assert status == 2 and out == ""
    one_line(err)
    assert err.startswith("error: ")
    says_all(err, case)


def test_cli_unknown_argument_and_class_suggest(capsys):
    status, _, err = cli(["layer", "Dense", "unitz=8"], capsys)
    assert status == 2
    one_line(err)
    assert "'unitz'" in err and "Did you mean 'units'" in err
    status, _, err = cli(["layer", "Conv2d_transpose", "filters=8"], capsys)
    assert status == 2
    one_line(err)
    assert "'Conv2d_transpose'" in err and "Conv2DTranspose" in err


def test_cli_huge_integers_are_exact(capsys):
    units = 99999999999999999999
    status, out, _ = cli(["layer", "Dense", "units=%d" % units, "input_shape=7", "--json"], capsys)
    assert status == 0
    assert json.loads(out)["total_params"] == units * 7 + units  # kernel 7 x units, bias units
    filters = 99999999999999999999
    status, out, _ = cli(["layer", "Conv2D", "filters=%d" % filters, "kernel_size=3",
                          "input_shape=28,28,3", "--json"], capsys)
    assert status == 0
    assert json.loads(out)["total_params"] == 3 * 3 * 3 * filters + filters


@pytest.mark.parametrize("argv", [
    ["layer", "Dense", "units=NaN", "input_shape=8"],
    ["layer", "Dense", "units=" + MEGABYTE_OF_NINES[:100000]],
    ["layer", "Dens"],
    ["layer", "Dense", "units=4", "--config", "{" * 100000],
    ["summary", os.devnull],
], ids=["nan", "long", "unknown_class", "deep_config", "empty_file"])
def test_cli_process_exits_2_without_traceback(argv):
    """The real process: status 2, one line on stderr, nothing on stdout."""
    done = subprocess.run([sys.executable, "-m", "calc"] + argv, cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    one_line(done.stderr)
    assert done.stderr.startswith("error: ")


# --config JSON ---------------------------------------------------------------------------

CONFIG_CASES = [c for c in CATALOGUE if c.json_value is not None]


def config_text(case):
    values = {k: v for k, v in case.base.items() if k != "input_shape"}
    return "{%s}" % ", ".join(['"%s": %s' % (k, json.dumps(v)) for k, v in values.items()]
                              + ['"%s": %s' % (case.arg, case.json_value)])


@pytest.mark.parametrize("case", CONFIG_CASES, ids=lambda c: c.id)
def test_config_json(case, capsys):
    argv = ["layer", case.layer, "--config", config_text(case)]
    if "input_shape" in case.base:
        argv.append("input_shape=" + case.base["input_shape"])
    status, out, err = cli(argv, capsys)
    assert status == 2 and out == ""
    one_line(err)
    if case.id == "one_megabyte":  # the whole --config is capped before it is parsed
        assert "--config is too long" in err
    else:  # a JSON value is quoted as Python shows it ([3, 3, 3], not 3,3,3)
        assert "Received: " in err and case.arg + "=" in err


@pytest.mark.parametrize("text, says", [
    ("", "not valid JSON"),
    ("{units: 4}", "not valid JSON"),
    ("[4]", "JSON object"),
    ("[" * 100000, "--config"),
    ('{"class_name": "Conv2D", "config": {"filters": 4}}', "not a Dense"),
    ("9" * 1000001, "too long"),
])
def test_config_refusals(text, says, capsys):
    status, out, err = cli(["layer", "Dense", "units=4", "input_shape=3", "--config", text], capsys)
    assert status == 2 and out == ""
    one_line(err)
    assert says in err and "--config" in err


# Model files -----------------------------------------------------------------------------

def sequential(layers):
    """A model.to_json() dict: Input(8) then `layers` [(class_name, config)]."""
    specs = [{"class_name": "InputLayer", "config": {"batch_shape": [None, 8], "name": "input"}}]
    for class_name, config in layers:
        specs.append({"class_name": class_name, "config": config})
    return {"class_name": "Sequential", "config": {"name": "hostile", "layers": specs}}


MODEL_CASES = [c for c in CATALOGUE if c.json_value is not None and c.layer == "Dense"]


@pytest.mark.parametrize("case", MODEL_CASES, ids=lambda c: c.id)
def test_model_file_marks_the_bad_layer(case, tmp_path, capsys):
    """The bad layer's row is unknown with the reason; the good one still counts; the
    totals say they are partial."""
    config = {"units": 4, "name": "bad", case.arg: "__BAD__"}  # Dense is the only class here
    text = json.dumps(sequential([("Dense", {"units": 5, "name": "good"}), ("Dense", config)]))
    text = text.replace('"__BAD__"', case.json_value)  # raw JSON: NaN, 1e400, huge strings
    path = tmp_path / "model.json"
    path.write_text(text)
    status, out, err = cli(["summary", str(path), "--json"], capsys)
    if len(case.json_value) > MAX_JSON_STRING:
        # Refused before parsing (MicroPython's json.loads is quadratic in a string's length).
        assert status == 2 and "holds a string of more than %d characters" % MAX_JSON_STRING in err
        return
    assert status == 0, err
    summary = json.loads(out)
    good, bad = summary["layers"]
    assert good["params"] == 8 * 5 + 5
    assert bad.get("unknown") is True and case.arg in bad["problem"]
    assert summary["partial"] is True and summary["total_params"] == 45


GOOD_MODEL = json.dumps(sequential([("Dense", {"units": 5})]))


def one_file_zip(name, deflated, inflated_size, crc):
    """A zip holding one deflated file, written by hand so the sizes it claims are ours."""
    name = name.encode()
    sizes = crc.to_bytes(4, "little") + len(deflated).to_bytes(4, "little") + inflated_size.to_bytes(4, "little")
    head = (20).to_bytes(2, "little") + b"\0\0" + (8).to_bytes(2, "little") + b"\0\0\0\0" + sizes
    local = b"PK\x03\x04" + head + len(name).to_bytes(2, "little") + b"\0\0" + name
    central = (b"PK\x01\x02" + b"\x14\x00" + head + len(name).to_bytes(2, "little") + b"\0" * 12
               + (0).to_bytes(4, "little") + name)
    end = (b"PK\x05\x06" + b"\0" * 4 + (1).to_bytes(2, "little") * 2 + len(central).to_bytes(4, "little")
           + (len(local) + len(deflated)).to_bytes(4, "little") + b"\0\0")
    return local + deflated + central + end


def deflated_spaces(megabytes):
    """(raw deflate of `megabytes` MB of spaces, its CRC-32). One 1 MB block is compressed
    with a full flush (no reference to earlier data) and repeated: seconds, not minutes."""
    chunk = b" " * (1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    return block * megabytes + compressor.flush(), crc


def zip_bomb():
    """config.json of 2 GB of spaces, honestly declared, deflated to about 2 MB."""
    data, crc = deflated_spaces(2048)
    return one_file_zip("config.json", data, 2048 << 20, crc)


def lying_zip_bomb():
    """200 MB of spaces whose headers claim 100 bytes: the cap must hold on what comes out
    of the inflater, not on what the archive says."""
    data, crc = deflated_spaces(200)
    return one_file_zip("config.json", data, 100, crc)


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    files = {}

    def put(name, data):
        path = folder / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        files[name] = str(path)

    put("empty.json", b"")
    put("spaces.json", b"   \n\t ")
    put("junk.bin", bytes(range(256)) * 40)
    put("invalid.json", '{"class_name": "Sequential", "config": {"layers": [}')
    put("deep.json", "[" * 100000 + "]" * 100000)
    put("deep_object.json", '{"a":' * 100000 + "1" + "}" * 100000)
    put("wrong_shape.json", '{"layers": [1, 2, 3]}')
    put("layer_not_model.json", '{"class_name": "Dense", "config": {"units": 4}}')
    put("no_layers.json", '{"class_name": "Sequential", "config": {"name": "x"}}')
    put("not_a_zip.keras", b"PK\x03\x04" + b"\0" * 100)
    good = zip_of(GOOD_MODEL)
    put("truncated.keras", good[: len(good) // 2])
    put("no_config.keras", zip_of("{}", extra=True).replace(b"config.json", b"config.jsox"))
    put("lying_bomb.keras", lying_zip_bomb())
    put("bomb.keras", zip_bomb())
    put("too_big.json", b"{" + b" " * (MAX_JSON_TEXT + 10) + b"}")
    put("code.py", "import os\nos.system('touch %s')\n" % (folder / "ran"))
    files["folder"] = str(folder)
    return files


FILE_CASES = [
    ("empty.json", "empty"),
    ("spaces.json", "empty"),
    ("junk.bin", "neither a .keras archive nor UTF-8"),
    ("invalid.json", "not valid JSON"),
    ("deep.json", "nested more than"),
    ("deep_object.json", "nested more than"),
    ("wrong_shape.json", "class_name"),
    ("layer_not_model.json", "not a model"),
    ("no_layers.json", "'layers'"),
    ("not_a_zip.keras", "zip's table of contents is missing"),
    ("truncated.keras", "truncated"),
    ("no_config.keras", "no config.json"),
    ("bomb.keras", "config.json is"),
    ("lying_bomb.keras", "zip bomb"),
    ("too_big.json", str(MAX_JSON_TEXT)),
    ("code.py", "line 2"),
]


@pytest.mark.parametrize("name, says", FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_model_file_refusals(name, says, hostile_files, capsys):
    path = hostile_files[name]
    status, out, err = cli(["summary", path], capsys)
    assert status == 2 and out == ""
    one_line(err)
    assert err.startswith("error: %s: " % path)  # names the file
    assert says in err, err
    assert not os.path.exists(os.path.join(hostile_files["folder"], "ran"))


def test_bomb_is_small_on_disk(hostile_files):
    assert os.path.getsize(hostile_files["bomb.keras"]) < 10 * 1024 * 1024
    with zipfile.ZipFile(hostile_files["bomb.keras"]) as z:  # a real zip, by Python's reader
        assert z.getinfo("config.json").file_size == 2 * 1024 ** 3 > MAX_CONFIG_BYTES
        with z.open("config.json") as f:
            assert f.read(1 << 20) == b" " * (1 << 20)


def test_a_bad_file_does_not_stop_the_next(hostile_files, tmp_path, capsys):
    good = tmp_path / "good.json"
    good.write_text(GOOD_MODEL)
    status, out, err = cli(["summary", hostile_files["deep.json"], str(good)], capsys)
    assert status == 2
    assert "Total params: 45" in out  # Dense(5) on 8 features: 8*5 + 5
    one_line(err)


def test_unknown_and_custom_layers_give_a_partial_summary():
    model = sequential([("Dense", {"units": 5}), ("MyCustomLayer", {"units": 3}),
                        ("<img src=x onerror=alert(1)>", {})])
    summary = summarize(load_json(json.dumps(model)))
    rows = summary.rows
    assert [r.known for r in rows] == [True, False, False]
    assert "MyCustomLayer" in rows[1].problem and "custom" in rows[1].problem
    assert summary.partial and summary.total_params == 45
    assert summary.to_json()["partial"] is True


def test_model_file_layer_called_with_too_few_inputs():
    """A damaged file (found by tools/fuzz.py) where MultiHeadAttention gets only its query:
    the row says so instead of the reader crashing with an IndexError."""
    model = read_code("import keras\ninp = keras.Input((10, 8))\n"
                      "out = keras.layers.MultiHeadAttention(num_heads=2, key_dim=4)(inp, inp)\n"
                      "model = keras.Model(inp, out)\n")
    (mha,) = [spec for spec in model["config"]["layers"] if spec["class_name"] == "MultiHeadAttention"]
    del mha["inbound_nodes"][0]["args"][1]
    del mha["build_config"]  # so the call's inputs are all the summary has
    summary = summarize(model)
    (row,) = summary.rows[1:]
    assert not row.known and "one shape per input" in row.problem
    assert summary.partial


# Pasted code -----------------------------------------------------------------------------

CODE_CASES = [
    ("syntax_error", "model = keras.Sequential([layers.Dense(4)\n", "line"),
    ("import_call", "model = __import__('os').system('touch {marker}')", "__import__"),
    ("os_system", "import os\nos.system('touch {marker}')\n", "line 2"),
    ("open", "open('{marker}', 'w').write('x')", "open"),
    ("eval", "eval(\"open('{marker}', 'w')\")", "eval"),
    ("exec", "exec(\"open('{marker}', 'w')\")", "exec"),
    ("builtins_chain", "().__class__.__bases__[0].__subclasses__()", "line 1"),
    ("dunder_builtins", "keras.__builtins__['open']('{marker}', 'w')", "line 1"),
    ("lambda", "f = lambda: open('{marker}', 'w')\nf()", "line 1"),
    ("deep_brackets", "x = " + "(" * 10000 + "1" + ")" * 10000, "line 1"),
    ("one_megabyte", "x = 1\n" * 200000, "too large"),
]


@pytest.mark.parametrize("name, code, says", CODE_CASES, ids=[c[0] for c in CODE_CASES])
def test_pasted_code_is_parsed_and_refused_never_run(name, code, says, tmp_path):
    marker = tmp_path / "ran"
    with pytest.raises(ValueError) as caught:
        read_code(code.replace("{marker}", str(marker)))
    message = str(caught.value)
    one_line(message)
    assert says in message, message[:300]
    assert len(message) < 2000
    assert not marker.exists()


@pytest.mark.parametrize("case", [c for c in CATALOGUE if c.py is not None], ids=lambda c: c.id)
def test_pasted_code_with_bad_values(case):
    """A bad value in pasted code: the model is read, the layer's row says what is wrong
    (1e400 is a float to Python, so it is quoted as inf)."""
    kwargs = ", ".join("%s=%s" % (k, v) for k, v in case.base.items() if k not in ("input_shape", case.arg))
    kwargs = (kwargs + ", " if kwargs else "") + "%s=%s" % (case.arg, case.py)
    shape = case.base.get("input_shape", "8")
    code = "import keras\nmodel = keras.Sequential([keras.Input((%s,)), keras.layers.%s(%s)])\n" % (
        shape, case.layer, kwargs)
    summary = summarize(read_code(code))
    (row,) = summary.rows
    assert not row.known and case.arg in row.problem
    assert summary.partial


# The widget ------------------------------------------------------------------------------

@pytest.mark.parametrize("case", CATALOGUE, ids=lambda c: c.id)
def test_widget_evaluate(case):
    """What the browser calls with the form's texts: an error naming the field, and the
    field named for aria-invalid."""
    fields = calcview.default_fields(find(case.layer))
    fields.update(case.base)
    fields[case.arg] = case.text
    result = json.loads(calcview.evaluate_json(case.layer, json.dumps(fields)))
    assert result["ok"] is False
    one_line(result["error"])
    says_all(result["error"], case)
    assert case.arg in result["fields"] or case.id == "filters_not_divisible_by_groups" and "groups" in result["fields"]


def test_widget_huge_integer_is_exact_text():
    fields = calcview.default_fields(find("Dense"))
    fields.update(units="99999999999999999999", input_shape="7")
    result = calcview.evaluate("Dense", fields)
    assert result["ok"] and result["total_params"] == str(99999999999999999999 * 8)


def test_readers_refuse_directly():
    """The library functions themselves (what the model page calls) refuse with ValueError."""
    with pytest.raises(ValueError, match="nested more than"):
        load_json("[" * 100000)
    with pytest.raises(ValueError, match="not a zip"):
        read_keras_config(b"\x00" * 100)
    with pytest.raises(ValueError, match="class_name"):  # JSON of the wrong shape
        summarize(load_json("[1, 2, 3]"))
    with pytest.raises(ValueError, match="no config.json"):
        read_keras_config(zip_of("{}").replace(b"config.json", b"config.jsox"))
