// Preloaded into the function's process (NODE_OPTIONS=--require) by the emulator test: prints one line
// when the process starts and one for every HTTP(S) agent it constructs. Each AWS SDK client makes its
// own agent (its NodeHttpHandler's connection pool), and so does keyway's upstream fetch, so the lines
// show whether clients are built once per execution environment or again on each invocation.
const http = require("node:http");
const https = require("node:https");

process.stdout.write(`keyway-test: runtime process ${process.pid} started\n`);
for (const [name, module] of [
  ["http", http],
  ["https", https],
]) {
  const Original = module.Agent;
  module.Agent = class extends Original {
    constructor(...args) {
      super(...args);
      process.stdout.write(`keyway-test: ${name}.Agent constructed in ${process.pid}\n`);
    }
  };
}
