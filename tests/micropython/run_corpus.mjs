// Summarizes every script of tests/data/keras_corpus/ with calc under MicroPython's
// WebAssembly build in Node, with the stack and heap the site gives it, and prints one JSON
// line: {file: [total, trainable]} or {file: "error: ..."}. tests/test_corpus_micropython.py
// compares it with calc under CPython (itself compared with Keras by test_keras_corpus.py).
import fs from "node:fs";
import path from "node:path";
import { micropythonWith, root } from "../../tools/micropython_node.mjs";

let printed = "";
const mp = await micropythonWith(["calc", "tests/data/keras_corpus"], { stdout: (l) => { printed += l; } });
const files = fs.readdirSync(path.join(root, "tests/data/keras_corpus")).filter((n) => n.endsWith(".py")).sort();
mp.runPython(`
import json, sys
sys.path.insert(0, "/app")
from calc.model_source import summarize_text
out = {}
for name in ${JSON.stringify(files)}:
    with open("/app/tests/data/keras_corpus/" + name) as f:
        text = f.read()
    try:
        s = summarize_text(text)
        out[name] = [s.total_params, s.trainable_params]
    except Exception as e:
        out[name] = "error: %s: %s" % (type(e).__name__, e)
print(json.dumps(out))
`);
console.log(printed);
