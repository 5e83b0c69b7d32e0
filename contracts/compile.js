// Compiles contracts/src/*.sol with the pinned solc (npm package, standard JSON) and writes
// <Name>.abi.json and <Name>.bin for each contract in CONTRACTS to the directory given as the
// only argument. Deterministic: fixed settings, sources in sorted order, stable JSON output.
// Usage: node compile.js OUT_DIR   (run by build.sh)
'use strict';

const fs = require('fs');
const path = require('path');
const solc = require('solc');

const SOLC_VERSION = '0.8.37';
const CONTRACTS = ['EctBridge', 'ExampleDapp'];
const SRC_DIR = path.join(__dirname, 'src');

function fail(message) {
  process.stderr.write(`compile.js: ${message}\n`);
  process.exit(1);
}

const outDir = process.argv[2];
if (!outDir) fail('usage: node compile.js OUT_DIR');

const version = solc.version();
if (!version.startsWith(`${SOLC_VERSION}+`)) {
  fail(`expected solc ${SOLC_VERSION}, found ${version} (run build.sh --install)`);
}

// Source units are named "src/<file>", relative to contracts/, so that the metadata hash in the
// bytecode does not depend on where the repository is checked out.
const sources = {};
for (const file of fs.readdirSync(SRC_DIR).filter((f) => f.endsWith('.sol')).sort()) {
  sources[`src/${file}`] = { content: fs.readFileSync(path.join(SRC_DIR, file), 'utf8') };
}

const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input)));
let failed = false;
for (const diagnostic of output.errors || []) {
  process.stderr.write(diagnostic.formattedMessage || `${diagnostic.message}\n`);
  // Warnings fail the build too: the sources are kept warning-free.
  if (diagnostic.severity === 'error' || diagnostic.severity === 'warning') failed = true;
}
if (failed) fail('compilation failed');

fs.mkdirSync(outDir, { recursive: true });
for (const name of CONTRACTS) {
  const unit = output.contracts[`src/${name}.sol`];
  const contract = unit && unit[name];
  if (!contract) fail(`no contract ${name} in src/${name}.sol`);
  const bin = contract.evm.bytecode.object;
  if (!/^[0-9a-f]+$/.test(bin)) fail(`${name}: bytecode is not plain hex (unlinked library?)`);
  fs.writeFileSync(path.join(outDir, `${name}.abi.json`), `${JSON.stringify(contract.abi, null, 2)}\n`);
  fs.writeFileSync(path.join(outDir, `${name}.bin`), bin);
}
