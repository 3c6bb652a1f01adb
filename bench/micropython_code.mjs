// Times the summary of pasted Keras code under MicroPython's WebAssembly build in Node, as the
// browser runs it: `import calc`, then summarize_text of the script (copied into the in-memory
// file system first, untimed), with the stack and heap the site gives MicroPython.
// Usage: node bench/micropython_code.mjs script.py RUNS
// Prints one JSON line: {"import_ms": ..., "summary_ms": [...], "total_params": ...}
import fs from "node:fs";
import { micropythonWith } from "../tools/micropython_node.mjs";

const [script, runs] = process.argv.slice(2);
let printed = "";
const mp = await micropythonWith(["calc"], {
  stdout: (l) => { printed += l; },
});
mp.FS.writeFile("/app/script.py", fs.readFileSync(script, "utf8"));
mp.runPython(`
import sys, time, json
sys.path.insert(0, "/app")
with open("/app/script.py") as f:
    text = f.read()
t0 = time.ticks_us()
import calc
from calc.model_source import summarize_text
t1 = time.ticks_us()
times = []
for _ in range(${Number(runs) || 5}):
    t2 = time.ticks_us()
    s = summarize_text(text)
    times.append(time.ticks_diff(time.ticks_us(), t2) / 1000)
print(json.dumps({"import_ms": time.ticks_diff(t1, t0) / 1000, "summary_ms": times,
                  "total_params": s.total_params}))
`);
console.log(printed);
