// Runs the pure-Python unit tests (tests/unit/) under MicroPython's WebAssembly build,
// the runtime the site uses in the browser, here in Node with no browser.
// Usage: node tests/micropython/run_unit.mjs [pattern]   (prints "N passed, M failed")
import fs from "node:fs";
import path from "node:path";
import { micropythonWith, root } from "../../tools/micropython_node.mjs";

const pattern = process.argv[2] || "";
let output = "";
const mp = await micropythonWith(["calc", "tests/unit", "web"], {
  heapsize: 64 * 1024 * 1024,
  stdout: (line) => { output += line + "\n"; process.stdout.write(line + "\n"); },
  stderr: (line) => process.stderr.write(line + "\n"),
});
mp.FS.writeFile("/app/tests/__init__.py", "");
const modules = fs.readdirSync(path.join(root, "tests/unit"))
  .filter((n) => n.startsWith("test_") && n.endsWith(".py"))
  .map((n) => n.slice(0, -3));

mp.runPython(`
import sys, os
os.chdir("/app")
sys.path.insert(0, "/app")
passed = 0
failed = 0
for module_name in ${JSON.stringify(modules)}:
    try:
        module = __import__("tests.unit." + module_name, None, None, ["x"])
    except Exception as e:
        failed += 1
        print("FAIL import", module_name, type(e).__name__, e)
        sys.print_exception(e)
        continue
    for name in sorted(dir(module)):
        if not name.startswith("test_") or ${JSON.stringify(pattern)} not in module_name + "::" + name:
            continue
        try:
            getattr(module, name)()
            passed += 1
        except Exception as e:
            failed += 1
            print("FAIL", module_name + "::" + name, type(e).__name__, e)
            sys.print_exception(e)
print("micropython: %d passed, %d failed" % (passed, failed))
`);
const match = output.match(/micropython: (\d+) passed, (\d+) failed/);
process.exit(match && match[2] === "0" && match[1] !== "0" ? 0 : 1);
