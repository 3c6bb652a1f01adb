// Times the summary of one print(model) text under MicroPython's WebAssembly build in Node,
// as the browser runs it: `import calc` and the PyTorch catalogue (timed apart), then
// summarize_print (the text is copied into the in-memory file system first, untimed).
// Usage: node bench/micropython_torch_print.mjs FILE
// Prints one JSON line: {"import_ms": ..., "summary_ms": ..., "total_params": ..., "buffers": ...}
import fs from "node:fs";
import { micropythonWith } from "../tools/micropython_node.mjs";

let printed = "";
const mp = await micropythonWith(["calc"], { stdout: (l) => { printed += l; } });
mp.FS.writeFile("/app/print.txt", fs.readFileSync(process.argv[2]));

mp.runPython(`
import sys, time, json
sys.path.insert(0, "/app")
with open("/app/print.txt") as f:
    text = f.read()
t0 = time.ticks_us()
import calc
from calc.torch_print import summarize_print
from calc.catalogue import TORCH_LAYERS
len(TORCH_LAYERS)  # the PyTorch catalogue, loaded by the first torch summary of a page
t1 = time.ticks_us()
s = summarize_print(text)
t2 = time.ticks_us()
print(json.dumps({"import_ms": time.ticks_diff(t1, t0) / 1000, "summary_ms": time.ticks_diff(t2, t1) / 1000,
                  "total_params": s.total_params, "buffers": s.buffers}))
`);
console.log(printed);
