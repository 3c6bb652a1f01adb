"""Hostile and heavy input, round two (issue #17): the cases a CLI user meets. Each case
is run as the real process (python -m calc) under a memory cap, so a blow-up is a failure
here and not a swapping machine: status 2, one line on stderr, no traceback.

The page's cases (links, storage, embeds, offline) are tests/browser/test_hostile_round2.py;
cases 1 and 2 (the bounded repr, the bytes tokenizer) and 8 (terminal escapes) are in
tests/unit/test_text.py and tests/unit/test_pyeval.py, case 4 in tests/unit/test_keras_file.py.
"""

import io
import json
import os
import resource
import subprocess
import sys
import zipfile

import pytest

from tools.fuzz import zip_of

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MEMORY_CAP = 1024 * 1024 * 1024  # bytes of address space; TensorFlow is never imported by calc


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_calc(argv, stdin=None, timeout=60):
    done = subprocess.run([sys.executable, "-m", "calc"] + argv, cwd=ROOT, capture_output=True,
                          stdin=stdin, timeout=timeout, preexec_fn=limit_memory)
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


def refused(argv, stdin=None):
    status, out, err = run_calc(argv, stdin)
    assert status == 2, (status, err[-500:])
    assert "Traceback" not in err and err.startswith("error: ") and err.count("\n") == 1, err[-500:]
    return err


# Case 6: a count given for something the layer only numbers must not be materialized.
@pytest.mark.parametrize("oov", [300000000, 10 ** 15])
def test_huge_num_oov_indices_is_counted_not_built(oov):
    # StringLookup has no weights whatever its vocabulary; one_hot's depth is
    # num_oov_indices + len(vocabulary) = oov + 2 (no mask token in this mode).
    status, out, err = run_calc(["layer", "StringLookup", "num_oov_indices=%d" % oov, "vocabulary=a,b",
                                 "output_mode=one_hot", "input_shape=3", "--json"])
    assert status == 0, err[-500:]
    result = json.loads(out)
    assert result["total_params"] == 0
    assert result["output_shape"][-1] == oov + 2


# Case 7: a stream is read up to its cap plus one byte, never to its end.
def test_endless_stdin_is_refused_after_the_cap():
    with open("/dev/zero", "rb") as zero:
        err = refused(["summary", "-"], stdin=zero)
    assert "standard input" in err and "67108864 bytes" in err


# Case 16: a device is not "an empty file", and it is read like a stream.
def test_device_is_read_as_a_stream():
    err = refused(["summary", "/dev/urandom"])
    assert "not a regular file" in err and "67108864 bytes" in err


# Case 9: integers of thousands of digits are refused with the limit, not CPython's advice.
@pytest.mark.parametrize("digits", [101, 5000])
def test_integer_with_too_many_digits(digits):
    err = refused(["layer", "Dense", "units=" + "9" * digits, "input_shape=3"])
    assert "units has too many digits (%d; the limit is 100)" % digits in err
    assert "set_int_max_str_digits" not in err


def test_hundred_digit_integers_stay_exact():
    units = int("9" * 100)
    status, out, err = run_calc(["layer", "Dense", "units=%d" % units, "input_shape=7", "--json"])
    assert status == 0, err
    assert json.loads(out)["total_params"] == 7 * units + units  # kernel 7 x units, bias units


def test_too_many_digits_in_json_config():
    config = json.dumps({"units": 10 ** 150})
    err = refused(["layer", "Dense", "--config", config, "input_shape=3"])
    assert "units has too many digits" in err


# Case 16: two config.json entries: Python's zipfile (Keras) reads the last, a naive reader
# the first; the archive is refused rather than answered one way.
def test_two_config_entries_are_refused(tmp_path):
    first = json.dumps({"class_name": "Sequential", "config": {"name": "a", "layers": []}})
    buf = io.BytesIO(zip_of(first))
    with zipfile.ZipFile(buf, "a") as z:
        with pytest.warns(UserWarning, match="Duplicate name"):
            z.writestr("config.json", first.replace('"a"', '"b"'))
    path = tmp_path / "twice.keras"
    path.write_bytes(buf.getvalue())
    err = refused(["summary", str(path)])
    assert "2 entries named config.json" in err
