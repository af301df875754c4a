#!/usr/bin/env node
// Keeps, from one bicep-types-az types.json, only the named resource types and the types they
// reference (descriptions dropped, references renumbered). Used once per type to refresh
// src/test/resources/bicep-types; see the README there.
//   node infra/checks/trim-types.js <types.json> <out.json> 'Microsoft.X/y@ver' ...
'use strict';
const fs = require('fs');

const [input, output, ...wanted] = process.argv.slice(2);
if (!input || !output || wanted.length === 0) {
  console.error('usage: trim-types.js <types.json> <out.json> <Type@apiVersion>...');
  process.exit(2);
}
const types = JSON.parse(fs.readFileSync(input, 'utf8'));
const roots = wanted.map((name) => {
  const index = types.findIndex((t) => t.$type === 'ResourceType' && t.name.toLowerCase() === name.toLowerCase());
  if (index < 0) {
    console.error(`'${name}' is not a resource type of ${input}`);
    process.exit(1);
  }
  return index;
});

const kept = new Map(); // old index -> new index
const order = [];
function visit(index) {
  if (kept.has(index)) return;
  kept.set(index, -1);
  order.push(index);
  walk(types[index]);
}
function walk(value) {
  if (Array.isArray(value)) value.forEach(walk);
  else if (value && typeof value === 'object') {
    if (typeof value.$ref === 'string') visit(Number(value.$ref.slice(2)));
    Object.values(value).forEach(walk);
  }
}
roots.forEach(visit);
order.sort((a, b) => a - b).forEach((old, i) => kept.set(old, i));

function rewrite(value) {
  if (Array.isArray(value)) return value.map(rewrite);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'description') continue;
      out[k] = k === '$ref' ? `#/${kept.get(Number(v.slice(2)))}` : rewrite(v);
    }
    return out;
  }
  return value;
}
fs.writeFileSync(output, JSON.stringify(order.map((i) => rewrite(types[i]))) + '\n');
console.log(`${output}: ${order.length} of ${types.length} types`);
