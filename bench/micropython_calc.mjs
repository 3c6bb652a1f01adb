// Times `import calc` and one count under MicroPython's WebAssembly build in Node.
// Prints one JSON line: {"runtime": "micropython", "import_ms": ..., "count_ms": ..., "startup_ms": ...}
import { micropythonWith } from "../tools/micropython_node.mjs";

const started = performance.now();
let printed = "";
const mp = await micropythonWith(["calc"], { heapsize: 16 * 1024 * 1024, stdout: (l) => { printed += l; } });
const startup = performance.now() - started;  // runtime start plus copying calc's files in

mp.runPython(`
import sys, time, json
sys.path.insert(0, "/app")
t0 = time.ticks_us()
import calc
t1 = time.ticks_us()
r = calc.compute("Conv2D", {"filters": 64, "kernel_size": "3,3"}, input_shape="None,None,25")
t2 = time.ticks_us()
assert r.total_params == 14464
print(json.dumps({"import_ms": time.ticks_diff(t1, t0) / 1000, "count_ms": time.ticks_diff(t2, t1) / 1000}))
`);
const data = JSON.parse(printed);
data.runtime = "micropython";
data.startup_ms = Math.round(startup * 10) / 10;
console.log(JSON.stringify(data));
