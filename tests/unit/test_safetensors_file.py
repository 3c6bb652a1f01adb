"""calc.safetensors_file: headers built byte by byte from the safetensors format (an 8-byte
little-endian length, the JSON header, the data), on CPython and MicroPython alike. The
counts are derived by hand in the comments; tests/test_safetensors_torch.py compares real
torch models."""

import json

from calc.model_source import MissingBytes, RangeFile, summarize_data, summarize_files, summarize_text
from tests.unit.check import raises


def safetensors_bytes(tensors, metadata=None, data=None):
    """A .safetensors file: tensors is [(name, dtype, shape, nbytes)], laid out in order."""
    header = {}
    at = 0
    for name, dtype, shape, nbytes in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [at, at + nbytes]}
        at += nbytes
    if metadata is not None:
        header["__metadata__"] = metadata
    text = json.dumps(header).encode("utf-8")
    return len(text).to_bytes(8, "little") + text + (b"\0" * at if data is None else data)


# A conv, a BatchNorm and a linear layer as torch names them:
# conv.weight (8, 3, 3, 3) F32: 216 values, 864 bytes; bn: weight, bias (8,) F32 are
# parameters, running_mean, running_var (8,) F32 and num_batches_tracked () I64 buffers;
# fc.weight (10, 8) BF16: 80 values, 160 bytes; fc.bias (10,) BF16.
SMALL = [("conv.weight", "F32", [8, 3, 3, 3], 864), ("bn.weight", "F32", [8], 32), ("bn.bias", "F32", [8], 32),
         ("bn.running_mean", "F32", [8], 32), ("bn.running_var", "F32", [8], 32),
         ("bn.num_batches_tracked", "I64", [], 8), ("fc.weight", "BF16", [10, 8], 160), ("fc.bias", "BF16", [10], 20)]
SMALL_PARAMS = 216 + 8 + 8 + 80 + 10
SMALL_BUFFERS = 8 + 8 + 1


def test_a_file_is_grouped_by_module_with_buffers_apart():
    s = summarize_data(safetensors_bytes(SMALL))
    assert [r.name for r in s.rows] == ["bn", "conv", "fc"]  # name order
    assert [(r.params, r.buffers) for r in s.rows] == [(16, 17), (216, 0), (90, 0)]
    assert (s.total_params, s.trainable_params, s.buffers) == (SMALL_PARAMS, SMALL_PARAMS, SMALL_BUFFERS)
    assert s.rows[0].dtypes == {"F32": 32, "I64": 1}
    # Bytes per dtype, largest first: F32 216 + 4 * 8 values; I64 one; BF16 90 values.
    assert s.memory()["weights"] == [{"dtype": "F32", "values": 248, "bytes": 992},
                                     {"dtype": "BF16", "values": 90, "bytes": 180},
                                     {"dtype": "I64", "values": 1, "bytes": 8}]
    data = s.to_json("small.safetensors")
    assert (data["framework"], data["buffers"], data["total_params"]) == ("torch", 17, SMALL_PARAMS)
    assert any("counted as buffers" in r for r in data["notes"]["remarks"])
    assert "partial" not in data
    # The detail of a module lists every tensor with its dtype; its formula counts parameters.
    bn = s.rows[0].result
    assert [(w.name, w.shape_values(), w.dtype) for w in bn.weights][:2] == [("bias", (8,), "F32"), ("weight", (8,), "F32")]
    assert bn.steps[-1] == "= 16"


def test_nesting_follows_the_dotted_names_numbers_in_order():
    tensors = [("model.layers.%d.self_attn.q_proj.weight" % i, "F16", [4, 4], 32) for i in (10, 2, 1)]
    tensors.append(("model.embed", "F16", [3, 4], 24))
    s = summarize_data(safetensors_bytes(tensors))
    model = s.rows[0]
    assert (model.name, model.params) == ("model", 3 * 16 + 12)
    assert [r.name for r in model.children.rows] == ["layers", "embed"]  # sub-modules, then own tensors
    layers = model.children.rows[0].children.rows
    assert [r.name for r in layers] == ["1", "2", "10"]
    q_proj = layers[0].children.rows[0].children.rows[0]
    assert (q_proj.name, q_proj.params, q_proj.dtypes) == ("q_proj", 16, {"F16": 16})


def test_tied_weights_are_counted_once():
    # save_model keeps one of two tied tensors and names the dropped one in __metadata__.
    tensors = [("lm_head.weight", "F32", [100, 32], 12800), ("wpe.weight", "F32", [16, 32], 2048)]
    s = summarize_data(safetensors_bytes(tensors, {"format": "pt", "wte.weight": "lm_head.weight"}))
    assert s.total_params == 100 * 32 + 16 * 32
    assert any("wte.weight = lm_head.weight" in r for r in s.remarks)


def test_sub_byte_and_new_dtypes():
    # F4: 4 bits, so 6 values are 3 bytes; F6_E2M3: 6 bits, 4 values 3 bytes; F8_E8M0: 1 byte.
    s = summarize_data(safetensors_bytes([("a", "F4", [2, 3], 3), ("b", "F6_E2M3", [4], 3), ("c", "F8_E8M0", [5], 5)]))
    assert s.total_params == 6 + 4 + 5
    raises(lambda: summarize_data(safetensors_bytes([("a", "F4", [3], 2)])), "tensor 'a'", "whole bytes")


def test_bad_headers_are_refused_by_name():
    good = safetensors_bytes(SMALL)
    raises(lambda: summarize_data((100 * 10 ** 9).to_bytes(8, "little") + b"{}"), "claims 100,000,000,000 bytes")
    raises(lambda: summarize_data((5000).to_bytes(8, "little") + b"{}      "), "past the file's end", "truncated")
    raises(lambda: summarize_data(good[:200]), "past the file's end")
    raises(lambda: summarize_data(good[:-1]), "go past the data")
    raises(lambda: summarize_data((8).to_bytes(8, "little") + b'{"a": 1,'), "not valid JSON")
    raises(lambda: summarize_data(safetensors_bytes([("w", "F33", [2], 8)])), "tensor 'w'", "unknown dtype", "F33")
    raises(lambda: summarize_data(safetensors_bytes([("w", "F32", [-2], 8)])), "tensor 'w'", "shape=[-2]")
    raises(lambda: summarize_data(safetensors_bytes([("w", "F32", [2 ** 70], 8)])), "tensor 'w'", "2**64")
    raises(lambda: summarize_data(safetensors_bytes([("w", "F32", [3], 8)])), "12 bytes", "hold 8")
    raises(lambda: summarize_data(safetensors_bytes([("w", "F32", [True], 4)])), "shape=[True]")
    raises(lambda: summarize_data(safetensors_bytes([("w", "F32", [2], 8)], data=b"\0" * 9)), "end at byte 8", "holds 9")
    overlap = b'{"a": {"dtype": "U8", "shape": [4], "data_offsets": [0, 4]}, ' \
              b'"b": {"dtype": "U8", "shape": [4], "data_offsets": [0, 4]}}'
    raises(lambda: summarize_data(len(overlap).to_bytes(8, "little") + overlap + b"\0" * 4), "without gaps or overlaps")
    raises(lambda: summarize_data(safetensors_bytes([("w", "U8", [1], 1)], {"x": 5})), "__metadata__")


def test_the_page_reads_the_header_by_ranges():
    data = safetensors_bytes(SMALL + [("pad.%d" % i, "U8", [1], 1) for i in range(3000)], data=None)
    pieces = [(0, data[:1024])]
    asked = []
    for _ in range(4):
        try:
            s = summarize_data(RangeFile(len(data), pieces))
            break
        except MissingBytes as e:
            asked.append((e.offset, e.length))
            pieces.append((e.offset, data[e.offset:e.offset + e.length]))
    header_length = int.from_bytes(data[:8], "little")
    assert asked == [(8, header_length)]  # one more read: the header, never the data
    assert s.total_params == SMALL_PARAMS + 3000


def test_shards_and_their_index_make_one_summary():
    first = safetensors_bytes(SMALL[:5])
    second = safetensors_bytes(SMALL[5:])
    names = ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]
    weight_map = {}
    for (name, _, _, _), file in zip(SMALL, [names[0]] * 5 + [names[1]] * 3):
        weight_map[name] = file
    index = json.dumps({"metadata": {"total_size": 1212}, "weight_map": weight_map}).encode("utf-8")
    whole = summarize_files([(names[1], second), (names[0], first)])
    assert (whole.total_params, whole.buffers, whole.partial) == (SMALL_PARAMS, SMALL_BUFFERS, False)
    with_index = summarize_files([("model.safetensors.index.json", index), (names[0], first), (names[1], second)])
    assert (with_index.total_params, with_index.partial) == (SMALL_PARAMS, False)
    # One shard: the other's tensors are missing, and said so.
    alone = summarize_files([(names[0], first)])
    assert alone.partial and alone.total_params == 216 + 16
    assert "model-00002-of-00002.safetensors" in alone.not_followed[0]
    # One shard with the index: the missing tensors are rows of unknown size.
    half = summarize_files([(names[0], first), ("model.safetensors.index.json", index)])
    assert half.partial and half.total_params == 216 + 16
    fc = [r for r in half.rows if r.name == "fc"][0]
    assert not fc.known and "not given" in half.not_followed[0]
    assert half.memory()["weights"][-1]["bytes"] == 1212  # the index's total_size, whole
    raises(lambda: summarize_files([("a.safetensors", first), ("b.safetensors", second)]), "not the shards of one")
    # A model folder dropped whole: its other files are named, not read.
    folder = summarize_files([(names[0], first), (names[1], second), ("config.json", b'{"model_type": "x"}')])
    assert folder.total_params == SMALL_PARAMS and "'config.json'" in folder.remarks[0]
    raises(lambda: summarize_files([("notes.txt", b"hello"), ("a.json", b"{}")]), "none of these files", "'notes.txt'")
    raises(lambda: summarize_files([(names[0], first), (names[0], first)]), "is in 'model-00001-of-00002.safetensors' and in")


def test_an_index_alone_names_tensors_but_counts_nothing():
    index = {"metadata": {"total_size": 1212},
             "weight_map": {"fc.weight": "model-00002-of-00002.safetensors", "conv.weight": "model-00001-of-00002.safetensors"}}
    s = summarize_text(json.dumps(index))
    assert s.partial and s.total_params == 0
    assert [r.name for r in s.rows] == ["conv", "fc"] and not s.rows[0].known
    assert len(s.not_followed) == 2
    assert s.memory()["weights"] == [{"dtype": "all dtypes, all shards (the index's total_size)", "values": None,
                                      "bytes": 1212}]
    raises(lambda: summarize_text('{"weight_map": [1]}'), "weight_map")
    raises(lambda: summarize_text('{"weight_map": {}, "metadata": {"total_size": -1}}'), "total_size=-1")


def test_deep_names_and_odd_names_stay_bounded():
    from calc.safetensors_file import MAX_NAME_DEPTH

    deep = ".".join("m%d" % i for i in range(200)) + ".weight"
    s = summarize_data(safetensors_bytes([(deep, "U8", [3], 3), ("", "U8", [2], 2), ("a..b", "U8", [1], 1)]))
    assert s.total_params == 6
    assert [r.name for r in s.rows] == ["a", "m0", ""]  # modules, then the tensor named ""
    depth, row = 0, s.rows[1]
    while row.children is not None:
        depth += 1
        row = row.children.rows[0]
    # MAX_NAME_DEPTH parts: m0 ... m30 are modules, one inside the other, and the last part,
    # the tensor's name in m30, keeps the rest of the dotted name.
    assert depth == MAX_NAME_DEPTH - 2 and row.name == "m30" and row.params == 3
    assert row.result.weights[0].name == "m31." + deep.split(".m31.", 1)[1]
    s.to_json("deep")


def test_header_caps_are_said_before_reading():
    from calc.safetensors_file import MAX_HEADER_BYTES

    claim = (MAX_HEADER_BYTES + 1).to_bytes(8, "little") + b"{"
    # RangeFile holds only the first 9 bytes: the length is refused without asking for more.
    raises(lambda: summarize_data(RangeFile(10 ** 10, [(0, claim)])), "claims 16,777,217 bytes")
    raises(lambda: summarize_data(RangeFile(100, [(0, (93).to_bytes(8, "little") + b"{")])), "past the file's end")


def test_the_page_protocol_asks_for_every_shard_at_once():
    from web.summaryview import summarize_file_json

    files = [("model-00001-of-00002.safetensors", safetensors_bytes(SMALL[:5])),
             ("model-00002-of-00002.safetensors", safetensors_bytes(SMALL[5:]))]
    pieces = [[(0, data[:16])] for _, data in files]

    def ask(rounds):
        specs = [{"name": name, "size": len(data), "pieces": [[o, len(b)] for o, b in got]}
                 for (name, data), got in zip(files, pieces)]
        hex_data = "".join(b.hex() for got in pieces for _, b in got)
        return json.loads(summarize_file_json(json.dumps({"files": specs, "rounds": rounds}), hex_data))

    answer = ask(1)
    # Both headers at once: from byte 8, their lengths long.
    assert answer["needs"] == [[n, 8, int.from_bytes(data[:8], "little")] for n, (_, data) in enumerate(files)]
    for number, offset, length in answer["needs"]:
        pieces[number].append((offset, files[number][1][offset:offset + length]))
    answer = ask(2)
    assert answer["ok"] and answer["total_params"] == str(SMALL_PARAMS)
    assert any("counted as buffers" in r for r in answer["remarks"])


def test_tensor_count_is_capped():
    from calc.safetensors_file import MAX_TENSORS

    many = [("t%d" % i, "U8", [0], 0) for i in range(MAX_TENSORS + 1)]
    raises(lambda: summarize_data(safetensors_bytes(many)), "lists %d tensors; the limit is %d" % (MAX_TENSORS + 1, MAX_TENSORS))
