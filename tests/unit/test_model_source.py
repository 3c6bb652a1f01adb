"""calc.model_source: format sniffing and reading a file by ranges (what the browser page does),
on CPython and MicroPython alike. Counts are derived by hand in the comments."""

import struct

from calc.model_source import MissingBytes, RangeFile, summarize_data, summarize_text
from tests.unit.check import raises
from tests.unit.test_keras_file import TINY_KERAS

# Input(3) -> Dense(4) -> Dense(4): 3*4 + 4 and 4*4 + 4.
TINY_TOTAL = (3 * 4 + 4) + (4 * 4 + 4)
TINY_CONFIG = (b'{"class_name": "Sequential", "config": {"name": "tiny", "layers": ['
               b'{"class_name": "InputLayer", "config": {"batch_shape": [null, 3]}},'
               b'{"class_name": "Dense", "config": {"units": 4}},'
               b'{"class_name": "Dense", "config": {"units": 4}}]}}')

CODE = """
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(8, name="hidden"),
    layers.Dense(2, trainable=False),
])
"""
# Dense(8) on 20 features: 20*8 + 8 = 168; Dense(2) on 8, frozen: 8*2 + 2 = 18.
CODE_TOTAL = 168 + 18


def read_by_ranges(data, first):
    """What the page does: send some pieces, add the range asked for, ask again.
    Returns (summary, the ranges asked for)."""
    pieces = list(first)
    asked = []
    for _ in range(10):
        try:
            return summarize_data(RangeFile(len(data), pieces)), asked
        except MissingBytes as e:
            asked.append((e.offset, e.length))
            pieces.append((e.offset, data[e.offset:e.offset + e.length]))
    raise AssertionError("more than 10 rounds: %r" % asked)


def test_code_and_json_text_are_sniffed():
    summary = summarize_text(CODE)
    assert [r.params for r in summary.rows] == [168, 18]
    assert (summary.total_params, summary.trainable_params) == (CODE_TOTAL, 168)
    json_text = ('{"class_name": "Sequential", "config": {"name": "s", "layers": ['
                 '{"class_name": "InputLayer", "config": {"batch_shape": [null, 5]}},'
                 '{"class_name": "Dense", "config": {"units": 3}}]}}')
    assert summarize_text("  \n" + json_text).total_params == 5 * 3 + 3
    # A JSON list is JSON, not code: the message says what a model description needs.
    raises(lambda: summarize_text("[1, 2, 3]"), "needs 'class_name' and 'config'")


def test_bytes_and_files_are_sniffed():
    assert summarize_data(TINY_KERAS).total_params == TINY_TOTAL
    assert summarize_data(CODE.encode("utf-8")).total_params == CODE_TOTAL
    raises(lambda: summarize_data(b"  \n"), "empty")
    raises(lambda: summarize_data(b"\xff\xfe\x00junk"), "neither a .keras archive nor UTF-8")
    raises(lambda: summarize_text(" "), "empty")
    raises(lambda: summarize_data(TINY_KERAS[:200]), "truncated")


def stored_zip(entries):
    """A zip of (name, data) entries, stored (not compressed), built field by field from the
    zip specification; the CRC is left 0 (the reader does not check it)."""
    body = b""
    directory = b""
    for name, data in entries:
        name = name.encode("utf-8")
        sizes = struct.pack("<III", 0, len(data), len(data))
        directory += (b"PK\x01\x02" + struct.pack("<HHHHHH", 20, 20, 0, 0, 0, 0) + sizes
                      + struct.pack("<HHHHHII", len(name), 0, 0, 0, 0, 0, len(body)) + name)
        body += b"PK\x03\x04" + struct.pack("<HHHHH", 20, 0, 0, 0, 0) + sizes + struct.pack("<HH", len(name), 0)
        body += name + data
    end = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(entries), len(entries), len(directory), len(body), 0)
    return body + directory + end


def test_keras_archive_read_by_ranges_never_reads_the_weights():
    weights = b"\x00" * 300000  # stands for a large model.weights.h5
    data = stored_zip([("metadata.json", b"{}"), ("config.json", TINY_CONFIG), ("model.weights.h5", weights)])
    weights_start = data.find(weights)
    # The page's first call: the head and the last 64 kB, where the table of contents is.
    tail = len(data) - 65557
    summary, asked = read_by_ranges(data, [(0, data[:4]), (tail, data[tail:])])
    assert summary.total_params == TINY_TOTAL
    assert len(asked) == 2  # config.json's local header, then its data
    for offset, length in asked:
        assert offset + length <= weights_start, (offset, length, weights_start)


def test_text_file_is_asked_for_whole_and_capped():
    data = CODE.encode("utf-8")
    summary, asked = read_by_ranges(data, [(0, data[:4])])
    # Its first 9 bytes tell it is not a .safetensors file; then the whole text.
    assert summary.total_params == CODE_TOTAL and asked == [(0, 9), (0, len(data))]
    raises(lambda: summarize_data(RangeFile(len(data), [(0, data)]), max_text=len(data) - 1),
           "is %d bytes" % len(data), "only .keras archives")


def test_range_file_reads_within_pieces_only():
    f = RangeFile(10, [(2, b"cdef")])
    f.seek(3)
    assert f.read(2) == b"de" and f.tell() == 5
    f.seek(-4, 2)
    try:
        f.read(2)
    except MissingBytes as e:
        assert (e.offset, e.length) == (6, 2)
    else:
        raise AssertionError("bytes 6..8 are not held")
    f.seek(9)
    assert f.read(0) == b""
    f.seek(10)
    assert f.read(5) == b""  # at the end


def test_summary_view_turns_runtime_errors_into_a_message():
    # A recursion limit is a RuntimeError on both runtimes (MicroPython has no RecursionError
    # name: naming it in an except clause would itself fail there).
    import json

    from web import summaryview

    def overflow():
        raise RuntimeError("maximum recursion depth exceeded")

    answer = json.loads(summaryview._answer(overflow, "The text"))
    assert answer["ok"] is False and "could not be summarized" in answer["error"]


def test_page_file_protocol_pieces_beside_the_request():
    # What web/summary.js sends: the pieces' offsets and lengths in the JSON request, their
    # bytes as one hex string beside it; the answer asks for the range it lacks.
    import json

    from web import summaryview

    data = TINY_KERAS
    head = data[:64]
    tail = data[-200:]
    pieces = [[0, len(head)], [len(data) - len(tail), len(tail)]]
    hex_data = head.hex() + tail.hex()
    for _ in range(8):
        request = json.dumps({"name": "tiny.keras", "size": len(data), "rounds": 1, "pieces": pieces})
        answer = json.loads(summaryview.summarize_file_json(request, hex_data))
        if "need" not in answer:
            break
        offset, length = answer["need"]
        pieces.append([offset, length])
        hex_data += data[offset:offset + length].hex()
    assert answer["ok"] is True and answer["total_params"] == str(TINY_TOTAL)
    # Hex that does not match the lengths is a malformed request, not a wrong count.
    short = json.loads(summaryview.summarize_file_json(request, hex_data[:-2]))
    assert short["ok"] is False and "malformed" in short["error"]


def test_json_strings_past_the_limit_are_refused_before_parsing():
    # MicroPython's json.loads takes time quadratic in a string's length: a 16 MB file of one
    # string would take minutes. A model's strings are short; a long one is refused.
    from calc.model import MAX_JSON_STRING, load_json

    def model(name):
        return '{"class_name": "Sequential", "config": {"name": %s, "layers": []}}' % name

    n = MAX_JSON_STRING
    assert load_json(model('"%s"' % ("a" * (n - 10))))["config"]["name"] == "a" * (n - 10)
    raises(lambda: load_json(model('"%s"' % ("a" * (n + 1)))), "string of more than 100000 characters")
    # Escaped quotes inside do not hide its length; escaped backslashes do not end it early.
    raises(lambda: load_json(model('"%s"' % ('a\\"' * n))), "string of more than")
    assert load_json(model('"%s"' % ("\\\\" * 20)))["config"]["name"] == "\\" * 20
    # Long stretches without any quote outside strings are not strings.
    numbers = '{"class_name": "Sequential", "config": {"name": "s", "layers": [], "x": [%s]}}' % (
        ",".join(["1"] * n))
    assert len(load_json(numbers)["config"]["x"]) == n


def test_page_chart_shows_the_first_of_equal_rows():
    # The chart's bars are the largest rows, the first of equal ones, on every runtime
    # (MicroPython's sort is not stable: it showed rows 657 to 670 of 1,000 equal ones).
    import json

    from web import summaryview

    code = ("import keras\nfrom keras import layers\nx = inputs = keras.Input(shape=(4,))\n"
            "for i in range(30):\n    x = layers.Dense(4, name=\"d%d\" % i)(x)\n"
            "x = layers.Dense(8, name=\"wide\")(x)\nmodel = keras.Model(inputs, x)\n")
    answer = json.loads(summaryview.summarize_text_json(code))
    names = [bar["name"] for bar in answer["chart"]]
    # Dense(4) on 4 features: 4*4 + 4 = 20, thirty times; Dense(8) on 4: 4*8 + 8 = 40.
    assert names == ["wide"] + ["d%d" % i for i in range(9)] + ["21 other layers"]
    assert answer["chart"][-1]["params_text"] == "420"  # 21 * 20
