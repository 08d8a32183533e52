// Validates SARIF files against the SARIF 2.1.0 JSON schema shipped by @microsoft/jest-sarif.
// Usage: node validate-sarif.js FILE...  (exit 0 when all are valid; errors on stderr)
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
const ajv = new Ajv({ schemaId: 'id', allErrors: true, meta: false });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
const validate = ajv.compile(schema);
let failed = 0;
for (const file of process.argv.slice(2)) {
  const log = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (validate(log)) {
    console.log(`${path.basename(file)}: valid SARIF 2.1.0`);
  } else {
    failed += 1;
    console.error(`${file}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
  }
}
process.exit(failed ? 1 : 0);
