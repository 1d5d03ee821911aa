// Derives monthly series from the sample SSDA903 returns, one CSV (month,value) each:
//   children-looked-after.csv  children looked after at each month-end (an episode started on or before the
//                              month-end and not ended by it)
//   entries.csv                periods of care starting in the month (episodes with RNE = S)
//   exits.csv                  periods of care ending in the month (episodes ending with REC other than X1)
// Each return is used for the months of its own collection year (April to March), so an episode left open in one
// year's file does not count after that year. The returns are Social Finance's synthetic sample (MIT): these series
// are DERIVED from synthetic data, not any real council's figures.
// Run: node infra/demo/series/derive-children-looked-after.mjs [RETURNS_DIR] [OUT_DIR]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const here = fileURLToPath(new URL('.', import.meta.url));
const dir = process.argv[2] ?? join(here, '../../../libs/testing/fixtures/ssda903/sample-council-2017-2021');
const out = process.argv[3] ?? here;

/** dd/mm/yyyy to a comparable yyyy-mm-dd. */
const iso = (d) => (d ? `${d.slice(6, 10)}-${d.slice(3, 5)}-${d.slice(0, 2)}` : null);
const monthEnd = (y, m) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);

const series = { 'children-looked-after': [], entries: [], exits: [] };
for (const file of readdirSync(dir)
  .filter((f) => /^\d{4}-episodes\.csv$/.test(f))
  .sort()) {
  const year = Number(file.slice(0, 4));
  const rows = parse(readFileSync(join(dir, file), 'utf8'), { columns: true, skip_empty_lines: true });
  // Collection year `year` runs from April `year` to March `year + 1` in this sample (see the dates in the files).
  for (let k = 0; k < 12; k++) {
    const y = year + Math.floor((3 + k) / 12);
    const m = ((3 + k) % 12) + 1;
    const month = `${y}-${String(m).padStart(2, '0')}`;
    const end = monthEnd(y, m);
    const children = new Set();
    let entries = 0;
    let exits = 0;
    for (const r of rows) {
      const start = iso(r.DECOM);
      const ceased = iso(r.DEC);
      if (start && start <= end && (!ceased || ceased > end)) children.add(r.CHILD);
      if (start && start.slice(0, 7) === month && r.RNE === 'S') entries++;
      if (ceased && ceased.slice(0, 7) === month && r.REC && r.REC !== 'X1') exits++;
    }
    series['children-looked-after'].push(`${month},${children.size}`);
    series.entries.push(`${month},${entries}`);
    series.exits.push(`${month},${exits}`);
  }
}
for (const [name, lines] of Object.entries(series))
  writeFileSync(join(out, `${name}.csv`), ['month,value', ...lines].join('\n') + '\n');
