// Times one model summary under MicroPython's WebAssembly build in Node, as the browser runs it:
// `import calc`, then load_json + summarize of one Keras Application's config (the text is
// copied into the in-memory file system first, untimed).
// Usage: node bench/micropython_models.mjs ResNet50
// Prints one JSON line: {"import_ms": ..., "summary_ms": ..., "total_params": ...}
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { micropythonWith, root } from "../tools/micropython_node.mjs";

const name = process.argv[2];
const apps = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(root, "tests/data/applications.json.gz"))));
if (!apps[name]) throw new Error("no application named " + JSON.stringify(name) + " in applications.json.gz");

let printed = "";
// The browser page uses the same heap; EfficientNetV2L's config is about 1 MB of JSON.
const mp = await micropythonWith(["calc"], { heapsize: 256 * 1024 * 1024, stdout: (l) => { printed += l; } });
mp.FS.writeFile("/app/model.json", JSON.stringify(apps[name].config));

mp.runPython(`
import sys, time, json
sys.path.insert(0, "/app")
with open("/app/model.json") as f:
    text = f.read()
t0 = time.ticks_us()
import calc
from calc.model import load_json, summarize
t1 = time.ticks_us()
s = summarize(load_json(text))
t2 = time.ticks_us()
print(json.dumps({"import_ms": time.ticks_diff(t1, t0) / 1000, "summary_ms": time.ticks_diff(t2, t1) / 1000,
                  "total_params": s.total_params}))
`);
console.log(printed);
