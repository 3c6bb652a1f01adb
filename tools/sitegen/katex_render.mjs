// Build step: typeset LaTeX to HTML with KaTeX (self-hosted, no client-side math script).
// stdin: a JSON array of LaTeX strings; stdout: a JSON array of HTML strings.
import katex from "katex";

let input = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) input += chunk;
const out = JSON.parse(input).map((tex) =>
  katex.renderToString(tex, { displayMode: true, throwOnError: false, output: "htmlAndMathml" }));
process.stdout.write(JSON.stringify(out));
