// Times `import calc` and one count under MicroPython's WebAssembly build in Node.
// Prints one JSON line: {"runtime": "micropython", "import_ms": ..., "count_ms": ..., "startup_ms": ...}
// With CALC_MPY_DIR set (bench/calc_speed.py), calc is the bytecode the site ships (.mpy files
// compiled by tools/sitegen/bundle.py, under that folder) instead of the sources.
import { micropythonWith } from "../tools/micropython_node.mjs";
import fs from "node:fs";
import path from "node:path";

const compiled = process.env.CALC_MPY_DIR;
const started = performance.now();
let printed = "";
const mp = await micropythonWith(compiled ? [] : ["calc"], { heapsize: 16 * 1024 * 1024, stdout: (l) => { printed += l; } });
if (compiled) {
  (function copy(relative) {
    mp.FS.mkdirTree("/app/" + relative);
    for (const name of fs.readdirSync(path.join(compiled, relative))) {
      const full = path.join(compiled, relative, name);
      if (fs.statSync(full).isDirectory()) copy(relative + "/" + name);
      else mp.FS.writeFile("/app/" + relative + "/" + name, fs.readFileSync(full));
    }
  })("calc");
}
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
