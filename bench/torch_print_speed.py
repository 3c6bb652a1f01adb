"""print(model) of a 1,000-module model summarized by calc under CPython and under MicroPython
in Node (issue #16's target: under 200 ms on MicroPython). The model is torchvision's
EfficientNet-V2-M (1,022 modules), built with weights=None on the meta device by torch in
a child process; its print(model) text is written to a temp file, and every run's count is
checked against torch's. A fresh process per run; `import calc` and the loading of the
PyTorch catalogue (every torch.nn family, which a page's first PyTorch summary pays once)
are timed apart from the summary."""

import os
import sys
import tempfile

from bench.model_speed import last_json_line, spread

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = "efficientnet_v2_m"
RUNS = int(os.environ.get("BENCH_MODEL_RUNS", "5"))

TORCH_SNIPPET = """
import json, sys, torch, torchvision
with torch.device("meta"):
    m = torchvision.models.get_model(sys.argv[1], weights=None)
with open(sys.argv[2], "w") as f:
    f.write(repr(m))
p = dict(m.named_parameters())
print(json.dumps({"modules": len(list(m.modules())), "total_params": sum(t.numel() for t in p.values()),
                  "buffers": sum(t.numel() for k, t in m.state_dict().items() if k not in p)}))
"""

CPYTHON_SNIPPET = """
import json, sys, time
with open(sys.argv[1]) as f:
    text = f.read()
t0 = time.perf_counter()
import calc
from calc.torch_print import summarize_print
from calc.catalogue import TORCH_LAYERS
len(TORCH_LAYERS)  # the PyTorch catalogue, loaded by the first torch summary of a page
t1 = time.perf_counter()
s = summarize_print(text)
t2 = time.perf_counter()
print(json.dumps({"import_ms": (t1 - t0) * 1000, "summary_ms": (t2 - t1) * 1000,
                  "total_params": s.total_params, "buffers": s.buffers}))
"""


def measure():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "print.txt")
        torch = last_json_line([sys.executable, "-c", TORCH_SNIPPET, MODEL, path])
        out = {"model": MODEL, "modules": torch["modules"], "runs": RUNS, "text_bytes": os.path.getsize(path)}
        for where, command in (("cpython", [sys.executable, "-c", CPYTHON_SNIPPET, path]),
                               ("micropython", ["node", "bench/micropython_torch_print.mjs", path])):
            runs = [last_json_line(command) for _ in range(RUNS)]
            for r in runs:
                if (r["total_params"], r["buffers"]) != (torch["total_params"], torch["buffers"]):
                    raise SystemExit("%s counted %s, torch %s" % (where, r, torch))
            out[where] = {"import_ms": spread([r["import_ms"] for r in runs]),
                          "summary_ms": spread([r["summary_ms"] for r in runs])}
    return out


def table(results):
    def fmt(s):
        return "%.1f (%.1f-%.1f)" % (s["median"], s["min"], s["max"])
    return "\n".join([
        "print(model) of %s (%d modules, %d bytes): calc median of %d fresh processes (min-max), ms"
        % (results["model"], results["modules"], results["text_bytes"], results["runs"]),
        "  summary: CPython %s, MicroPython (Node) %s" % (fmt(results["cpython"]["summary_ms"]),
                                                         fmt(results["micropython"]["summary_ms"])),
        "  import and catalogue:  CPython %s, MicroPython (Node) %s" % (fmt(results["cpython"]["import_ms"]),
                                                         fmt(results["micropython"]["import_ms"]))])


if __name__ == "__main__":
    print(table(measure()))
