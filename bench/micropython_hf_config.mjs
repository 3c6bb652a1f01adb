// Times the summary of a Hugging Face config.json under MicroPython's WebAssembly build in
// Node, as the Model summary page runs it: `import calc`, then the page's own call,
// web.summaryview.summarize_text_json (JSON parsing, calc.hf's counts, the page's view).
// Importing the modules is timed apart (here they are compiled from source; the site loads
// them precompiled), then the first summary, then five more.
// Usage: node bench/micropython_hf_config.mjs tests/data/hf_configs/Llama-3.1-70B.json
// Prints one JSON line: {"import_ms", "first_ms", "warm_ms": [...], "total_params"}
import fs from "node:fs";
import path from "node:path";
import { micropythonWith, root } from "../tools/micropython_node.mjs";

const text = fs.readFileSync(path.resolve(root, process.argv[2]), "utf8");
let printed = "";
const mp = await micropythonWith(["calc", "web"], { heapsize: 256 * 1024 * 1024, stdout: (l) => { printed += l; } });
mp.FS.writeFile("/app/config.json", text);

mp.runPython(`
import sys, time, json
sys.path.insert(0, "/app")
with open("/app/config.json") as f:
    text = f.read()
t0 = time.ticks_us()
import calc
import calc.hf.architectures
from web.summaryview import summarize_text_json
t1 = time.ticks_us()
answer = json.loads(summarize_text_json(text))
t2 = time.ticks_us()
warm = []
for _ in range(5):
    t3 = time.ticks_us()
    summarize_text_json(text)
    warm.append(time.ticks_diff(time.ticks_us(), t3) / 1000)
print(json.dumps({"import_ms": time.ticks_diff(t1, t0) / 1000, "first_ms": time.ticks_diff(t2, t1) / 1000,
                  "warm_ms": warm, "total_params": int(answer["total_params"])}))
`);
console.log(printed);
