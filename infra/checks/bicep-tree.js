#!/usr/bin/env node
// Parses Bicep files with tree-sitter-bicep and prints, per file, the syntax errors (ERROR and
// MISSING nodes, with line and column) and the tree of named nodes as JSON:
//   {"file", "errors": [{"kind", "line", "column", "text"}], "tree": {"type", "field", "text", "line", "children"}}
// Usage: node bicep-tree.js <file.bicep>...   (one JSON array on stdout; exit 0 unless it cannot run)
'use strict';
const fs = require('fs');
const Parser = require('tree-sitter');
const Bicep = require('tree-sitter-bicep');

const parser = new Parser();
parser.setLanguage(Bicep);

function errors(root) {
  const found = [];
  const walk = (node) => {
    if (node.type === 'ERROR' || node.isMissing) {
      found.push({
        kind: node.isMissing ? 'MISSING' : 'ERROR',
        line: node.startPosition.row + 1,
        column: node.startPosition.column + 1,
        text: node.isMissing ? node.type : node.text.slice(0, 80),
      });
    }
    if (node.hasError || node.isMissing) {
      for (const child of node.children) walk(child);
    }
  };
  walk(root);
  return found;
}

function tree(cursor) {
  const node = cursor.currentNode;
  const out = { type: node.type, field: cursor.currentFieldName || null, text: node.text, line: node.startPosition.row + 1, children: [] };
  if (cursor.gotoFirstChild()) {
    do {
      if (cursor.currentNode.isNamed) out.children.push(tree(cursor));
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }
  return out;
}

const results = process.argv.slice(2).map((file) => {
  const source = fs.readFileSync(file, 'utf8');
  const parsed = parser.parse(source);
  return { file, errors: errors(parsed.rootNode), tree: tree(parsed.walk()) };
});
process.stdout.write(JSON.stringify(results));
