// Fails (exit 1) if a tracked .ts, .tsx or .mjs file has a line over MAX_COLUMNS characters, listing each as
// file:line: length. Biome formats to 120 columns but leaves long strings, comments and test titles alone.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MAX_COLUMNS = 120;

const files = execFileSync('git', ['ls-files', '-z', '--', '*.ts', '*.tsx', '*.mjs'], { encoding: 'utf8' })
  .split('\0')
  .filter((file) => file !== '');
const overlong = [];
for (const file of files) {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  lines.forEach((line, index) => {
    const length = [...line].length;
    if (length > MAX_COLUMNS) overlong.push(`${file}:${index + 1}: ${length}`);
  });
}
if (overlong.length > 0) {
  console.error(`${overlong.length} line(s) over ${MAX_COLUMNS} characters:\n${overlong.join('\n')}`);
  process.exit(1);
}
console.log(`check-line-length: ${files.length} files, no line over ${MAX_COLUMNS} characters.`);
