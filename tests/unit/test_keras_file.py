"""The .keras reader and model summary on a tiny archive, on CPython and MicroPython alike.

TINY_KERAS is a real zip (made once with Python's zipfile, deflate-compressed) holding
metadata.json, config.json (Input(3) -> Dense(4) -> Dense(4)) and a stand-in weights file.
"""

import binascii

from calc.keras_file import read_keras_config
from calc.model import load_json, summarize
from tests.unit.check import raises

TINY_KERAS = binascii.unhexlify(
    "504b030414000000080026a4775d95eea46e1d0000001b0000000d0000006d657461646174612e6a736f6eab"
    "56ca4e2d4a2c8e2f4b2d2acecccf53b2525032d63334d53354aa0500504b030414000000080026a4775dd3ae"
    "ae8d7d0000000e0100000b000000636f6e6669672e6a736f6e9d8eb10a023110057f256c9d46b4b2b611ec2c"
    "0f096b5cbdc0ba9eeea638c2fdbb49714dc0c6f6cd639802915135083e09f60ecef4ce249690c13b882fb9a7"
    "47dd0bac074b3237c438d347eb32944e719429dba9e14e71458b63d011a7f61b24337bb7bd2c8b77bde340a2"
    "f4a3e0b6b22cc95ac1ee2f43d8748e1af205504b030414000000080026a4775d071aa8440900000044000000"
    "100000006d6f64656c2e776569676874732e6835ebf4707163a0100000504b0102140314000000080026a477"
    "5d95eea46e1d0000001b0000000d00000000000000000000008001000000006d657461646174612e6a736f6e"
    "504b0102140314000000080026a4775dd3aeae8d7d0000000e0100000b000000000000000000000080014800"
    "0000636f6e6669672e6a736f6e504b0102140314000000080026a4775d071aa8440900000044000000100000"
    "0000000000000000008001ee0000006d6f64656c2e776569676874732e6835504b05060000000003000300b2"
    "000000250100000000"
)


def test_reads_config_from_archive():
    summary = summarize(load_json(read_keras_config(TINY_KERAS)))
    # Dense(4) on 3 features: 3*4 + 4; Dense(4) on 4: 4*4 + 4.
    assert [r.params for r in summary.rows] == [3 * 4 + 4, 4 * 4 + 4]
    assert summary.total_params == 16 + 20
    assert summary.rows[1].output_shape == (None, 4)


def test_refuses_broken_archives():
    raises(lambda: read_keras_config(b""), "not a zip")
    raises(lambda: read_keras_config(b"{}" * 50), "not a zip")
    raises(lambda: read_keras_config(TINY_KERAS[: len(TINY_KERAS) // 2]), "truncated")
    raises(lambda: read_keras_config(TINY_KERAS[:-30]), "truncated")


def test_memory_estimates():
    summary = summarize(load_json(read_keras_config(TINY_KERAS)))
    memory = summary.memory()
    assert [m["bytes"] for m in memory["weights"]] == [36 * 4, 36 * 2, 36]
    # weights + gradients + two Adam moments, all float32, all 36 weights trainable
    assert memory["training_adam_float32"]["bytes"] == 36 * 4 * 4


def test_json_depth_and_shape_refused():
    raises(lambda: load_json("[" * 100000 + "]" * 100000), "nested more than 200 levels")
    raises(lambda: load_json("[" * 201 + "]" * 201), "nested more than 200 levels")
    value, levels = load_json("[" * 200 + "]" * 200), 1  # exactly at the cap: accepted
    while value:
        value, levels = value[0], levels + 1
    assert levels == 200
    raises(lambda: load_json("{not json"), "not valid JSON")
    raises(lambda: summarize({"layers": []}), "class_name")
    raises(lambda: summarize({"class_name": "Dense", "config": {}}), "not a model")


# Raw deflate whose back-references reach 381 bytes (more than MicroPython's default 256-byte
# window), as zip -9 writes a config.json: made once with CPython,
# zlib.compressobj(9, zlib.DEFLATED, -15) on FAR_REPEATS.
FAR_REPEATS = (bytes(range(32, 127)) * 4 + b"|") * 4
FAR_DEFLATED = (b"SPTRVQUS\xd7\xd0\xd4\xd2\xd6\xd1\xd5\xd370426153\xb7\xb0\xb4\xb2\xb6\xb1\xb5\xb3wptrvqus"
                b"\xf7\xf0\xf4\xf2\xf6\xf1\xf5\xf3\x0f\x08\x0c\n\x0e\t\r\x0b\x8f\x88\x8c\x8a\x8e\x89\x8d\x8b"
                b"OHLJNIMK\xcf\xc8\xcc\xca\xce\xc9\xcd\xcb/(,*.)-+\xaf\xa8\xac\xaa\xae\xa9\xadS\x185\x1e\xb7"
                b"\xf15\xa3\xa13\x1a\xf8\xa3\x81?\x1a:t\x0e|\x00")


def test_deflate_with_a_full_window():
    from calc.keras_file import _inflate
    assert _inflate(FAR_DEFLATED, "x.keras") == FAR_REPEATS
