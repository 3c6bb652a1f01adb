// Times the summary of a .safetensors header under MicroPython's WebAssembly build in Node,
// as the browser page runs it: the header's bytes handed over as the one piece read
// (RangeFile, with the whole file's size), then summarize_data, then the page's JSON view.
// Usage: node bench/micropython_safetensors.mjs HEADER_FILE FILE_SIZE [RUNS]
// Prints one JSON line: {"import_ms", "summary_ms": [...], "view_ms": [...], "total_params", "tensors"}
import fs from "node:fs";
import { micropythonWith } from "../tools/micropython_node.mjs";

const [headerPath, fileSize, runs] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4] || 5)];
let printed = "";
// The site's own stack and heap (tools/micropython_limits.json).
const mp = await micropythonWith(["calc", "web"], { stdout: (l) => { printed += l; } });
mp.FS.writeFile("/app/header.bin", fs.readFileSync(headerPath));

mp.runPython(`
import sys, time, json
sys.path.insert(0, "/app")
with open("/app/header.bin", "rb") as f:
    header = f.read()
t0 = time.ticks_us()
from calc.model_source import RangeFile, summarize_data
from web.summaryview import view
t1 = time.ticks_us()
summary_ms, view_ms = [], []
for _ in range(${runs}):
    a = time.ticks_us()
    s = summarize_data(RangeFile(${fileSize}, [(0, header)]), name="model.safetensors")
    b = time.ticks_us()
    json.dumps(view(s))
    c = time.ticks_us()
    summary_ms.append(time.ticks_diff(b, a) / 1000)
    view_ms.append(time.ticks_diff(c, b) / 1000)
print(json.dumps({"import_ms": time.ticks_diff(t1, t0) / 1000, "summary_ms": summary_ms, "view_ms": view_ms,
                  "total_params": s.total_params}))
`);
console.log(printed);
