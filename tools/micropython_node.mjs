// MicroPython's WebAssembly build in Node, with folders of this repository copied into its
// in-memory file system under /app (used by the MicroPython tests and the benchmark).
import { loadMicroPython } from "@micropython/micropython-webassembly-pyscript";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// The stack and heap the site gives MicroPython (tools/micropython_limits.json); options
// given here win (the unit tests ask for a larger heap).
const limits = JSON.parse(fs.readFileSync(path.join(root, "tools", "micropython_limits.json"), "utf8"));

export async function micropythonWith(folders, options) {
  const mp = await loadMicroPython(Object.assign(
    { pystack: limits.pystack_words, heapsize: limits.heap_bytes }, options));
  function mount(relative) {
    mp.FS.mkdirTree("/app/" + relative);
    for (const name of fs.readdirSync(path.join(root, relative))) {
      const full = path.join(root, relative, name);
      if (fs.statSync(full).isDirectory()) {
        if (name !== "__pycache__") mount(path.join(relative, name));
      } else if (name.endsWith(".py")) {
        mp.FS.writeFile("/app/" + relative + "/" + name, fs.readFileSync(full));
      }
    }
  }
  folders.forEach(mount);
  return mp;
}
