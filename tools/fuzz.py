"""Fuzz every reader of user input: random and mutated inputs must end in a result or a
ValueError (the documented error type), within a time budget, never anything else.

    python tools/fuzz.py [--cases 10000] [--seed N] [--budget 1.0] [--reader NAME ...]
    python tools/fuzz.py --replay fuzz-failures/model_json-123.bin

Readers: cli (``calc.__main__.main`` with ARG=VALUE texts), config (``--config`` JSON),
model_json (``load_json`` + ``summarize``), keras (``read_keras_config`` on zips), code
(``read_code`` on pasted Python), hf_config (Hugging Face config.json texts, mutated from
tests/data/hf_configs/, through ``summarize_text`` with a random KV-cache size), safetensors
(``summarize_data`` on .safetensors files), print_model (``summarize_print`` on PyTorch's
print(model) text) and torch_code (``read_torch_code`` on PyTorch code: tests/data/torch_code/
and seeds). Each failure (another exception, a case over budget, a CLI error that is not one
line) is saved under fuzz-failures/ (git-ignored) with the traceback; ``--replay`` runs one
saved input again. Not part of ``make test``: ``make fuzz``.
"""

import argparse
import contextlib
import io
import json
import os
import random
import signal
import sys
import time
import traceback
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

import calc
from calc.__main__ import _parse_config, main, render, render_summary
from calc.catalogue import compute
from calc.code_reader import read_code
from calc.keras_file import read_keras_config
from calc.model import load_json, summarize
from calc.model_source import summarize_text
from calc.torch_code import read_torch_code
from calc.torch_print import summarize_print

OUT = os.path.join(ROOT, "fuzz-failures")

# Texts that broke or nearly broke parsers before: numbers at the edges, unicode digits,
# markup, nesting, control characters.
NASTY = ["", " ", "-1", "0", "1.5", "abc", "NaN", "nan", "inf", "-inf", "1e400", "1e3",
         "99999999999999999999", "-99999999999999999999", "\u0663", "\uff13", "\u00b2",
         "3,3,3", "3,", ",", "(", ")", "((3,3),(3,3))", "[3, 3]", "None", "none,none",
         "true", "false", "<img src=x onerror=alert(1)>", "\x00", "\ud800", "\n", "\t3",
         "3 3", "0x10", "1_000", "+5", "--5", "'same'", '"valid"', "[" * 50, "{" * 50,
         "a" * 2000, "9" * 5000, "\u202e", "\\", "%s%d", "__import__('os')"]

CODE_SEEDS = [
    """import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
    layers.MaxPooling2D(pool_size=(2, 2)),
    layers.Flatten(),
    layers.Dropout(0.5),
    layers.Dense(10, activation="softmax"),
])
model.summary()
""",
    """from keras.models import Sequential
from keras.layers import Dense, BatchNormalization
model = Sequential()
model.add(Dense(512, activation='relu', input_shape=(784,)))
model.add(BatchNormalization())
model.add(Dense(10))
""",
    """import keras
from keras import layers
n = 64
inputs = keras.Input(shape=(32,), name="x")
x = layers.Dense(n)(inputs)
y = layers.Dense(n)(inputs)
z = layers.concatenate([x, y])
z = layers.LayerNormalization()(z + x * 1)
dense = layers.Dense(n // 2)
dense.trainable = False
model = keras.Model(inputs, dense(z))
""",
    """import keras
inp = keras.Input((10, 8))
h = keras.layers.Bidirectional(keras.layers.LSTM(16, return_sequences=True))(inp)
h = keras.layers.MultiHeadAttention(num_heads=2, key_dim=4)(h, h)
h = keras.layers.GlobalAveragePooling1D()(h)
model = keras.Model(inp, keras.layers.Dense(3)(h))
""",
]
# The evaluator's whole grammar (functions, loops, classes traced through call(), f-strings):
# the corpus of model scripts is mutated too.
CORPUS = os.path.join(ROOT, "tests", "data", "keras_corpus")
for _name in sorted(os.listdir(CORPUS)):
    if _name.endswith(".py"):
        with open(os.path.join(CORPUS, _name), encoding="utf-8") as _f:
            CODE_SEEDS.append(_f.read())

CLI_LAYERS = ["Dense", "Conv2D", "Embedding", "LSTM", "MultiHeadAttention", "BatchNormalization",
              "Bidirectional", "TimeDistributed", "EinsumDense", "Conv1DTranspose", "GroupQueryAttention"]


class Timeout(BaseException):
    """Raised by the alarm; a BaseException so no reader's `except Exception` swallows it."""


def _alarm(signum, frame):
    raise Timeout()


class Failure(Exception):
    """A contract broken by a reader that did not raise (a bad CLI message, say)."""


# Inputs ------------------------------------------------------------------------------------

def mutate(rng, data, alphabet):
    """Byte flips, truncations, insertions, deletions and duplications, 1 to 4 of them."""
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(6)
        at = rng.randint(0, len(data))
        if op == 0 and data:
            at = min(at, len(data) - 1)
            data[at] ^= 1 << rng.randrange(8)
        elif op == 1:
            data = data[:at]
        elif op == 2:
            data[at:at] = rng.choice(alphabet)
        elif op == 3:
            end = min(len(data), at + rng.randint(1, 32))
            del data[at:end]
        elif op == 4 and data:
            start = rng.randint(0, len(data) - 1)
            chunk = data[start:start + rng.randint(1, 64)]
            data[at:at] = chunk * rng.randint(1, 20)
        else:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    return bytes(data)


def random_json(rng, depth=0):
    """A JSON value of any type, leaning on the edges (huge, negative, NaN, wrong types)."""
    kind = rng.randrange(9 if depth < 3 else 6)
    if kind == 0:
        return rng.choice([0, -1, 1, 2, 3, 10 ** 20, -(10 ** 20), 2 ** 64])
    if kind == 1:
        return rng.choice([0.5, -0.0, 1e300, float("nan"), float("inf"), 3.0])
    if kind == 2:
        return random_text(rng)
    if kind == 3:
        return rng.choice([True, False])
    if kind == 4:
        return None
    if kind == 5:
        return rng.choice(CLI_LAYERS + ["Sequential", "Functional", "InputLayer", "__keras_tensor__"])
    if kind == 6:
        return [random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if kind == 7:
        return [rng.choice([None, 1, 3, 8, 0, -2]) for _ in range(rng.randint(0, 5))]
    return {random_text(rng): random_json(rng, depth + 1) for _ in range(rng.randint(0, 3))}


def mutate_json(rng, value):
    """The same JSON tree with 1 to 4 nodes replaced, deleted or copied elsewhere."""
    value = json.loads(json.dumps(value))
    for _ in range(rng.randint(1, 4)):
        path = []  # (container, key) pairs from the root to a random node
        node = value
        while isinstance(node, (dict, list)) and node and rng.random() < 0.85:
            key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
            path.append((node, key))
            node = node[key]
        if not path:
            continue
        parent, key = path[-1]
        op = rng.randrange(4)
        if op == 0 and isinstance(parent, dict):
            del parent[key]
        elif op == 1:
            parent[key] = json.loads(json.dumps(rng.choice(path)[0]))  # a subtree copied in
        else:
            parent[key] = random_json(rng)
    return value


def text_alphabet():
    return [t.encode("utf-8", "surrogatepass") for t in NASTY] + [b"(", b")", b"[", b"]", b"{", b"}",
                                                                   b",", b":", b'"', b"=", b"\n"]


def random_text(rng):
    if rng.random() < 0.5:
        return rng.choice(NASTY)
    return "".join(chr(rng.choice([rng.randrange(32, 127), rng.randrange(0x110000)]))
                   for _ in range(rng.randint(0, 40)))


def decode(data):
    return data.decode("utf-8", "replace")


def example_config(entry):
    config = {}
    for name, value in entry.example_args():
        config[name] = list(value) if isinstance(value, tuple) else value
    return config


def model_seeds():
    seeds = []
    for code in CODE_SEEDS:
        try:
            seeds.append(json.dumps(read_code(code)).encode())
        except ValueError:
            pass  # a corpus script the reader does not follow to the end: a code seed only
    return seeds


def zip_of(config_bytes, extra=True):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        if extra:
            z.writestr("metadata.json", '{"keras_version": "3.15.1"}')
        z.writestr("config.json", config_bytes)
        if extra:
            z.writestr("model.weights.h5", b"\x89HDF\r\n\x1a\n" + b"\0" * 64)
    return buf.getvalue()


def safetensors_file(entries, metadata=None):
    """A .safetensors file of (name, dtype, shape) tensors (zero bytes), laid out in order."""
    from calc.safetensors_file import DTYPE_BITS

    header = {} if metadata is None else {"__metadata__": metadata}
    at = 0
    for name, dtype, shape in entries:
        count = 1
        for d in shape:
            count *= d
        size = count * DTYPE_BITS[dtype] // 8
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [at, at + size]}
        at += size
    return safetensors_bytes(header, at)


def safetensors_bytes(header, data_size):
    text = json.dumps(header).encode()
    return len(text).to_bytes(8, "little") + text + b"\0" * data_size


def safetensors_seeds():
    """Checkpoints as torch names their tensors: a conv and BatchNorm block, a GPT-2 block
    with its tied lm_head named in __metadata__, and the dtypes of every width."""
    block = [("conv1.weight", "F32", [4, 3, 3, 3]), ("bn1.weight", "F32", [4]), ("bn1.bias", "F32", [4]),
             ("bn1.running_mean", "F32", [4]), ("bn1.running_var", "F32", [4]),
             ("bn1.num_batches_tracked", "I64", []), ("fc.weight", "F32", [10, 4]), ("fc.bias", "F32", [10])]
    gpt = [("transformer.h.0.attn.c_attn.weight", "BF16", [8, 24]), ("transformer.h.0.ln_1.weight", "BF16", [8]),
           ("transformer.wpe.weight", "BF16", [16, 8]), ("lm_head.weight", "BF16", [20, 8])]
    widths = [("a.%s" % d, d, [4, 2]) for d in ("F4", "F6_E2M3", "F8_E8M0", "U8", "I16", "C64", "F64", "BOOL")]
    return [safetensors_file(block), safetensors_file(gpt, {"format": "pt", "transformer.wte.weight": "lm_head.weight"}),
            safetensors_file(widths)]
# print(model) texts as torch 2.14 writes them (torch/nn/modules/module.py __repr__): nested
# containers, a "(0-2): 3 x" repeat, a subclass, MultiheadAttention, a ParameterList entry.
PRINT_SEEDS = [
    """ResNet(
  (conv1): Conv2d(3, 64, kernel_size=(7, 7), stride=(2, 2), padding=(3, 3), bias=False)
  (bn1): BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
  (relu): ReLU(inplace=True)
  (maxpool): MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False)
  (layer1): Sequential(
    (0): BasicBlock(
      (conv1): Conv2d(64, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
      (bn1): BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
    )
  )
  (avgpool): AdaptiveAvgPool2d(output_size=(1, 1))
  (fc): Linear(in_features=512, out_features=1000, bias=True)
)""",
    """Encoder(
  (layers): ModuleList(
    (0-2): 3 x EncoderBlock(
      (ln_1): LayerNorm((768,), eps=1e-06, elementwise_affine=True, bias=True)
      (self_attention): MultiheadAttention(
        (out_proj): NonDynamicallyQuantizableLinear(in_features=768, out_features=768, bias=True)
      )
      (norm): LayerNorm2d((96,), eps=1e-06, elementwise_affine=True)
      (drop): StochasticDepth(p=0.1, mode=row)
      (gru): GRU(10, 20, num_layers=2, bidirectional=True)
    )
  )
  (params): ParameterList(
      (0): Parameter containing: [torch.float32 of size 3x4]
  )
)""",
]
TORCH_CODE_DIR = os.path.join(ROOT, "tests", "data", "torch_code")


def torch_code_seeds():
    seeds = []
    for name in sorted(os.listdir(TORCH_CODE_DIR)):
        if name.endswith(".py"):
            with open(os.path.join(TORCH_CODE_DIR, name), "rb") as f:
                seeds.append(f.read())
    return seeds


class Readers:
    """For each reader: make(rng) -> input bytes; run(bytes) -> None or raise."""

    def __init__(self):
        self.alphabet = text_alphabet()
        self.models = model_seeds()
        self.zips = [zip_of(m) for m in self.models] + [zip_of(self.models[0], extra=False)]
        self.codes = [c.encode() for c in CODE_SEEDS]
        folder = os.path.join(ROOT, "tests", "data", "hf_configs")
        self.hf_configs = []
        for name in sorted(os.listdir(folder)):
            if name.endswith(".json"):
                with open(os.path.join(folder, name), "rb") as f:
                    self.hf_configs.append(f.read())
        self.prints = [p.encode() for p in PRINT_SEEDS]
        self.torch_codes = torch_code_seeds()
        self.entries = [calc.catalogue.find(n) for n in CLI_LAYERS]
        self.checkpoints = safetensors_seeds()

    # cli: the input is a JSON list of argv strings.
    def make_cli(self, rng):
        entry = rng.choice(self.entries if rng.random() < 0.7 else calc.LAYERS)
        argv = ["layer", entry.name if rng.random() < 0.9 else random_text(rng)]
        names = [a.name for a in entry.all_args()] + ["input_shape"]
        examples = dict(entry.example_args())
        for _ in range(rng.randint(0, 5)):
            name = rng.choice(names) if rng.random() < 0.9 else random_text(rng)
            if rng.random() < 0.5 and name in examples:
                value = decode(mutate(rng, repr(examples[name]).encode(), self.alphabet))
            else:
                value = random_text(rng)
            argv.append("%s=%s" % (name, value) if rng.random() < 0.95 else value)
        if rng.random() < 0.2:
            argv += ["--config", decode(mutate(rng, json.dumps(example_config(entry)).encode(), self.alphabet))]
        if rng.random() < 0.2:
            argv.append("--json")
        if rng.random() < 0.05:
            argv[0] = rng.choice(["layers", "summary", random_text(rng)])
        return json.dumps(argv).encode()

    def run_cli(self, data):
        argv = json.loads(data.decode())
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(list(argv))
        if status not in (0, 2):
            raise Failure("exit status %r" % status)
        if status == 2:
            lines = err.getvalue().splitlines()
            if argv[:1] != ["summary"] and (len(lines) != 1 or not lines[0].startswith("error: ")):
                raise Failure("the error is not one 'error: ...' line: %r" % err.getvalue()[:300])
            raise ValueError(lines[0])  # a clean refusal, counted as one

    # config: the input is "<layer>\n<--config text>".
    def make_config(self, rng):
        entry = rng.choice(self.entries if rng.random() < 0.6 else calc.LAYERS)
        config = example_config(entry)
        if rng.random() < 0.3:
            config = {"class_name": entry.name, "config": config}
        if rng.random() < 0.5:
            text = json.dumps(mutate_json(rng, config)).encode()
        elif rng.random() < 0.8:
            text = mutate(rng, json.dumps(config).encode(), self.alphabet)
        else:
            text = random_text(rng).encode("utf-8", "surrogatepass")
        return entry.name.encode() + b"\n" + text

    def run_config(self, data):
        name, _, text = data.partition(b"\n")
        entry = calc.catalogue.find(name.decode())
        result = compute(entry, None, _parse_config(decode(text), entry), None)
        render(result)

    def make_model_json(self, rng):
        seed = rng.choice(self.models)
        if rng.random() < 0.6:
            return json.dumps(mutate_json(rng, json.loads(seed))).encode()
        return mutate(rng, seed, self.alphabet)

    def run_model_json(self, data):
        summary = summarize(load_json(decode(data)))
        render_summary(summary)
        json.dumps(summary.to_json("fuzz"))

    def make_keras(self, rng):
        if rng.random() < 0.3:  # a valid zip around a mutated config
            return zip_of(json.dumps(mutate_json(rng, json.loads(rng.choice(self.models)))).encode())
        return mutate(rng, rng.choice(self.zips), self.alphabet)

    def run_keras(self, data):
        text = read_keras_config(data)
        summary = summarize(load_json(text, "config.json"))
        render_summary(summary)

    def make_code(self, rng):
        return mutate(rng, rng.choice(self.codes), self.alphabet)

    def run_code(self, data):
        summary = summarize(read_code(decode(data)))
        render_summary(summary)
        json.dumps(summary.to_json("fuzz"))

    # safetensors: a whole .safetensors file; its header mutated as JSON (and its length
    # kept right, so the checks behind the parser are reached), its bytes mutated, or its
    # length field replaced (100 GB, past the end, zero).
    def make_safetensors(self, rng):
        seed = rng.choice(self.checkpoints)
        length = int.from_bytes(seed[:8], "little")
        header = json.loads(seed[8:8 + length])
        data_size = len(seed) - 8 - length
        choice = rng.random()
        if choice < 0.5:
            return safetensors_bytes(mutate_json(rng, header), data_size)
        if choice < 0.85:
            return mutate(rng, seed, self.alphabet)
        claimed = rng.choice([0, 1, 7, length + 1, len(seed), 100 * 1024 ** 3, 2 ** 40 - 1, 2 ** 64 - 1])
        return claimed.to_bytes(8, "little") + seed[8:]

    def run_safetensors(self, data):
        from calc.model_source import summarize_data, summarize_files

        summary = summarize_data(data)
        render_summary(summary)
        json.dumps(summary.to_json("fuzz"))
        summarize_files([("model-00001-of-00002.safetensors", data)])

    # hf_config: the input is "<seq_len> <batch>\n<config.json text>".
    def make_hf_config(self, rng):
        seed = rng.choice(self.hf_configs)
        if rng.random() < 0.6:
            text = json.dumps(mutate_json(rng, json.loads(seed))).encode()
        else:
            text = mutate(rng, seed, self.alphabet)
        sizes = "%d %d" % (rng.choice([1, 4096, rng.randint(-5, 1 << 30)]), rng.choice([1, rng.randint(-5, 1 << 20)]))
        return sizes.encode() + b"\n" + text

    def run_hf_config(self, data):
        sizes, _, text = data.partition(b"\n")
        seq_len, batch = [int(n) for n in sizes.split()]
        summary = summarize_text(decode(text), seq_len, batch)
    def make_print_model(self, rng):
        seed = rng.choice(self.prints)
        if rng.random() < 0.1:  # a long repeat or a deep nest: bounded, never slow
            lines = seed.decode().split("\n")
            k = rng.randrange(1, len(lines) - 1)
            seed = "\n".join(lines[:k] + [lines[k]] * rng.randint(100, 10000) + lines[k:]).encode()
        return mutate(rng, seed, self.alphabet)

    def run_print_model(self, data):
        summary = summarize_print(decode(data))
        render_summary(summary)
        json.dumps(summary.to_json("fuzz"))

    def make_torch_code(self, rng):
        return mutate(rng, rng.choice(self.torch_codes), self.alphabet)

    def run_torch_code(self, data):
        summary = read_torch_code(decode(data))
        render_summary(summary)
        json.dumps(summary.to_json("fuzz"))


READERS = ("cli", "config", "model_json", "keras", "code", "hf_config", "safetensors", "print_model",
           "torch_code")


def run_one(readers, reader, data, budget):
    """("ok" | "refused" | "failed", the failure with its traceback or None)."""
    run = getattr(readers, "run_" + reader)
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, budget)
    start = time.perf_counter()
    problem = None
    try:
        run(data)
        outcome = "ok"
    except ValueError as e:
        outcome = "refused"
        if not str(e).strip():
            problem = "ValueError with an empty message"
    except Timeout:
        problem = "timeout: over %.1f s" % budget
    except Exception:  # the point of fuzzing: anything else is a bug
        problem = traceback.format_exc()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    elapsed = time.perf_counter() - start
    if problem is None and elapsed > budget:  # the alarm cannot interrupt C code (zlib, json)
        problem = "timeout: %.2f s (budget %.1f s)" % (elapsed, budget)
    return ("failed", problem) if problem else (outcome, None)


def save(reader, index, data, problem):
    os.makedirs(OUT, exist_ok=True)
    base = os.path.join(OUT, "%s-%d" % (reader, index))
    with open(base + ".bin", "wb") as f:
        f.write(data)
    with open(base + ".txt", "w", encoding="utf-8") as f:
        f.write("reader: %s\nreplay: python tools/fuzz.py --replay %s.bin\n\n%s\n"
                % (reader, os.path.relpath(base, ROOT), problem))
    return base + ".bin"


def fuzz(reader, cases, seed, budget, readers):
    rng = random.Random("%s-%s" % (seed, reader))
    outcomes = {"ok": 0, "refused": 0, "failed": 0}
    failures = {}  # last line of the failure -> reproducer (one per distinct failure)
    start = time.perf_counter()
    for index in range(cases):
        data = getattr(readers, "make_" + reader)(rng)
        outcome, problem = run_one(readers, reader, data, budget)
        outcomes[outcome] += 1
        if problem is not None:
            key = problem.strip().splitlines()[-1][:200]
            if key not in failures:
                failures[key] = save(reader, index, data, problem)
    return {"reader": reader, "cases": cases, "seconds": round(time.perf_counter() - start, 1),
            "outcomes": outcomes, "failures": failures}


def replay(path, budget):
    reader = os.path.basename(path).rsplit("-", 1)[0]
    with open(path, "rb") as f:
        data = f.read()
    outcome, problem = run_one(Readers(), reader, data, budget)
    print("%s: %s" % (reader, problem or outcome))
    return 1 if problem else 0


def cli():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10000, help="cases per reader")
    parser.add_argument("--seed", type=int, default=None, help="default: random, printed")
    parser.add_argument("--budget", type=float, default=1.0, help="seconds per case")
    parser.add_argument("--reader", action="append", choices=READERS)
    parser.add_argument("--replay", help="run one saved input again")
    options = parser.parse_args()
    if options.replay:
        return replay(options.replay, options.budget)
    seed = options.seed if options.seed is not None else random.randrange(1 << 30)
    print("seed %d (rerun with --seed %d)" % (seed, seed))
    readers = Readers()
    total = 0
    for reader in options.reader or READERS:
        report = fuzz(reader, options.cases, seed, options.budget, readers)
        o = report["outcomes"]
        print("%-10s %6d cases in %6.1f s: %d counted, %d refused with ValueError, %d failed "
              "(%d distinct)" % (reader, report["cases"], report["seconds"], o["ok"], o["refused"],
                                 o["failed"], len(report["failures"])))
        for key, path in report["failures"].items():
            print("    %s\n      reproducer: %s" % (key, os.path.relpath(path, ROOT)))
        total += o["failed"]
        sys.stdout.flush()
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(cli())
