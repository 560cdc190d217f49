// Write src/rempart/core/data/cwe_names.json: CWE id -> name, from the CWE list that BSI's
// csaf-validator-lib ships (lib/shared/cwec.js, MITRE's CWE catalogue). Run after
// `npm ci` when the library is upgraded: node tools/build_cwe_names.mjs
import { writeFileSync } from 'node:fs'
import cwec from '../node_modules/@secvisogram/csaf-validator-lib/lib/shared/cwec.js'

const names = Object.fromEntries(cwec.weaknesses.map((w) => [w.id, w.name]))
const sorted = Object.fromEntries(Object.keys(names).sort().map((k) => [k, names[k]]))
writeFileSync('src/rempart/core/data/cwe_names.json', JSON.stringify(sorted, null, 0) + '\n')
console.log(`${Object.keys(sorted).length} CWE names`)
