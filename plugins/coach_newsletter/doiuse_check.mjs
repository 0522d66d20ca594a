// The "Can I email" check of plugins/coach_newsletter/compat.py: one Node process per build.
//
// Usage: node doiuse_check.mjs PROJECT_ROOT CLIENT...
// @jsx-email/doiuse-email is loaded from PROJECT_ROOT/node_modules (`npm ci`). The script
// first prints one JSON line: {"ready": true, "package": VERSION, "clients": [...]}. Then, for
// every line it reads ({"html": "..."}), it prints one line:
//   {"unsupported": [[feature, client], ...], "partial": [[feature, client], ...],
//    "unparsed": [message, ...]}
// or {"error": "..."}. It ends when its input ends.
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';

const PACKAGE = '@jsx-email/doiuse-email';
// The package's messages (src/doiuse.ts, checkFeaturesSupport), turned back into data.
const UNSUPPORTED = /^`(.+)` is not supported by `([^`]+)`$/;
const PARTIAL = /^`(.+)` is only partially supported by `([^`]+)`$/;

function say(answer) {
  process.stdout.write(JSON.stringify(answer) + '\n');
}

function pairs(messages, pattern, unparsed) {
  const found = [];
  for (const message of messages ?? []) {
    const match = pattern.exec(message);
    if (match) found.push([match[1], match[2]]);
    else unparsed.push(message);
  }
  return found;
}

function check(DoIUseEmail, clients, html) {
  const result = new DoIUseEmail({ emailClients: clients }).check(html);
  const unparsed = [];
  return {
    unsupported: pairs(result.errors, UNSUPPORTED, unparsed),
    partial: pairs(result.warnings, PARTIAL, unparsed),
    unparsed,
  };
}

const [root, ...clients] = process.argv.slice(2);
let DoIUseEmail;
try {
  const require = createRequire(path.join(path.resolve(root), 'package.json'));
  ({ DoIUseEmail } = require(PACKAGE));
  const { version } = require(`${PACKAGE}/package.json`);
  const known = new DoIUseEmail({ emailClients: clients }).emailClients;
  say({ ready: true, package: version, clients: known });
} catch (error) {
  say({ error: `cannot use ${PACKAGE} from ${root}/node_modules: ${error.message}` });
  process.exit(1);
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  try {
    say(check(DoIUseEmail, clients, JSON.parse(line).html));
  } catch (error) {
    say({ error: String(error?.message ?? error) });
  }
}
