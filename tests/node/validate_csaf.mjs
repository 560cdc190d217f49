// Batch CSAF 2.0 validation with BSI's @secvisogram/csaf-validator-lib (strict mode), for the
// test suite: one Node process for many documents (the library's import alone takes seconds).
// Usage: node tests/node/validate_csaf.mjs FILE... > results.json
// Runs the strict schema, every mandatory and optional test, and the informative tests that
// need no network (6.3.6 makes HTTP requests) and no spell checker unless hunspell exists
// (6.3.8). Prints one JSON object: {file: {isValid, tests: [{name, isValid, errors, warnings}]}}.
import { readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import validateStrict from '@secvisogram/csaf-validator-lib/validateStrict.js'
import * as mandatory from '@secvisogram/csaf-validator-lib/mandatoryTests.js'
import * as optional from '@secvisogram/csaf-validator-lib/optionalTests.js'
import * as informative from '@secvisogram/csaf-validator-lib/informativeTests.js'
import * as schema from '@secvisogram/csaf-validator-lib/schemaTests.js'
import getHunspellAvailableLangs from '@secvisogram/csaf-validator-lib/hunspell/getHunspellAvailableLangs.js'

function hasHunspell() {
  try {
    execFileSync('hunspell', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const skipped = new Set(['informativeTest_6_3_6'])
const spelling = hasHunspell()
if (!spelling) skipped.add('informativeTest_6_3_8')
// 6.3.8 runs `hunspell -d <language>_<REGION>` from the document's lang; the library crashes
// (EPIPE) when that dictionary is missing (Debian's hunspell-en-us has en_US, not "en"), so the
// test runs only for documents whose dictionary exists.
const dictionaries = spelling ? new Set((await getHunspellAvailableLangs()).map((d) => String(d))) : new Set()
function dictionaryOf(doc) {
  const [language, region] = String(doc?.document?.lang ?? '').split('-')
  return region && region.length === 2 ? `${language}_${region.toUpperCase()}` : language
}
const base = [schema.csaf_2_0_strict, ...Object.values(mandatory), ...Object.values(optional)]
function testsFor(doc) {
  return base.concat(
    Object.entries(informative)
      .filter(([name]) => !skipped.has(name))
      .filter(([name]) => name !== 'informativeTest_6_3_8' || dictionaries.has(dictionaryOf(doc)))
      .map(([, test]) => test)
  )
}

const results = {}
for (const file of process.argv.slice(2)) {
  const doc = JSON.parse(readFileSync(file, 'utf-8'))
  const result = await validateStrict(testsFor(doc), doc)
  results[file] = {
    spellChecked: dictionaries.has(dictionaryOf(doc)),
    isValid: result.isValid,
    tests: result.tests
      .filter((t) => t.errors.length || t.warnings.length || t.infos.length)
      .map((t) => ({ name: t.name, isValid: t.isValid, errors: t.errors, warnings: t.warnings, infos: t.infos })),
  }
}
process.stdout.write(JSON.stringify({ skipped: [...skipped], results }, null, 1))
