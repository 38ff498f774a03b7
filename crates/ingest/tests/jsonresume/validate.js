// Reads a JSON array of resumes on standard input and prints, for each, the list of schema
// errors that @jsonresume/schema's own validator reports (empty when valid).
'use strict';
const { validate } = require('@jsonresume/schema');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const results = JSON.parse(input).map((resume) => {
    let errors = [];
    validate(resume, (errs) => {
      errors = (errs || []).map((e) => `${e.property}: ${e.message}`);
    });
    return errors;
  });
  process.stdout.write(JSON.stringify(results));
});
