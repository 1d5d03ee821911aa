/* global fetch */
// Council read path benchmark (issue 14 item 8): `councilIndicators` and `dfeTables` on a council of 5,000 children
// over 10 annual returns (and 1,000, to see whether memory grows with the history). Synthetic data, generated here
// from a seeded generator (invented children; no real record): each child enters care in one of ten years, has one
// to four placements (X1 between them) and leaves or is still looked after; every annual return repeats the
// episodes open at its 1 April, as real returns do. Each size is imported into a fresh council service (its own
// database) through the streaming upload `rcc import-903` uses; then each query is timed (median of 5) and compared
// with a baseline in the same run: one plain read of every episode joined with its child by pg, in this process.
// The service's peak RSS (VmHWM) is read before and after the queries.
// Run: npm run build && node --import ./infra/runtime/register.mjs bench/indicators-903.mjs [--sizes 1000,5000]
// Needs PostgreSQL (the council runs with the in-process bus: it shares nothing here).
import 'reflect-metadata';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { repoRoot } from '@rcc/platform';
import { testToken } from '@rcc/testing';
import { startCouncil as startCouncil903 } from './support/council.mjs';
import { importFolder } from './support/ssda903-upload.mjs';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,5000' } } });
const root = repoRoot();
const COUNCIL = 'E10000028';
const FIRST = 2017; // the 2016-17 return
const LAST = 2026; // the 2025-26 return

/** A seeded PRNG (mulberry32): the same data every run. */
function rng(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const DAY = 86_400_000;
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const dmy = (isoDate) => isoDate && `${isoDate.slice(8)}/${isoDate.slice(5, 7)}/${isoDate.slice(0, 4)}`;

/** `children` invented children over ten returns, written one CSV per table and year. */
function dataset(children) {
  const random = rng(children);
  const start = Date.UTC(FIRST - 1, 3, 1);
  const end = Date.UTC(LAST, 2, 31);
  const kids = [];
  for (let i = 0; i < children; i++) {
    const entry = start + Math.floor(random() * (end - start));
    const age = Math.floor(random() * 17);
    const dob = entry - age * 365.25 * DAY - Math.floor(random() * 300) * DAY;
    // Placements of 60-900 days; care ends after the last one (REC E13) or is open at the end of the data.
    const episodes = [];
    let at = entry;
    const n = 1 + Math.floor(random() * 4);
    const leaves = random() < 0.6;
    for (let k = 0; k < n; k++) {
      const length = 60 + Math.floor(random() * 840);
      const last = k === n - 1;
      const stop = at + length * DAY;
      const place = ['U4', 'U1', 'K2', 'U6', 'P1'][Math.floor(random() * 5)];
      episodes.push({
        decom: iso(at),
        rne: k === 0 ? 'S' : 'P',
        ls: random() < 0.7 ? 'C2' : 'V2',
        place,
        dec: stop > end || (last && !leaves) ? null : iso(stop),
        rec: stop > end || (last && !leaves) ? null : last ? 'E13' : 'X1',
      });
      if (stop > end) break;
      at = stop;
    }
    kids.push({ id: `K${String(i).padStart(6, '0')}`, dob: iso(dob), sex: random() < 0.55, episodes });
  }
  const dir = join(root, 'bench/out/indicators-data', String(children));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let rows = 0;
  for (let year = FIRST; year <= LAST; year++) {
    const from = `${year - 1}-04-01`;
    const to = `${year}-03-31`;
    const header = ['CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB'];
    const eps = ['CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN'];
    for (const c of kids) {
      // In this return: episodes starting in the year, or open on its 1 April; DEC only if it ended in the year.
      const here = c.episodes.filter((e) => e.decom <= to && (e.dec === null || e.dec >= from));
      if (here.length === 0) continue;
      const sex = year >= 2025 ? (c.sex ? 'M' : 'F') : c.sex ? '1' : '2';
      header.push(`${c.id},${sex},${dmy(c.dob)},WBRI,,,`);
      for (const e of here) {
        const ended = e.dec !== null && e.dec <= to;
        eps.push(
          `${c.id},${dmy(e.decom)},${e.rne},${e.ls},N1,${e.place},PR1,${ended ? dmy(e.dec) : ''},${ended ? e.rec : ''},,,,`,
        );
      }
    }
    writeFileSync(join(dir, `${year}-header.csv`), `${header.join('\n')}\n`);
    writeFileSync(join(dir, `${year}-episodes.csv`), `${eps.join('\n')}\n`);
    rows += eps.length - 1;
  }
  return { dir, rows };
}

const startCouncil = () =>
  startCouncil903({
    from: root,
    database: 'bench_indicators',
    code: COUNCIL,
    env: {
      KAFKA_TOPIC_PREFIX: `benchind${randomUUID().slice(0, 6)}.`,
      RCC_SHARING: 'none',
      // Nothing is shared (RCC_SHARING none) and only the read path is measured: no broker needed.
      RCC_BUS: 'in-process',
    },
    healthyWithinMs: 60_000,
  });

async function gql(url, token, query, variables = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed(fn, runs = 5) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  return median(times);
}

// Signed by the test issuer that baseEnv() makes the council trust (its key lives in this process only).
const token = await testToken({ subject: 'bench', roles: ['council.analyst'], council: COUNCIL });
const results = [];
for (const size of values.sizes.split(',').map(Number)) {
  const data = dataset(size);
  const council = await startCouncil();
  try {
    const imported = (await importFolder(council.url, data.dir, token)).result;
    const idle = council.peakMB();
    const client = new pg.Client({ connectionString: council.db.url });
    await client.connect();
    const raw = await timed(async () => {
      await client.query(`SELECT e.*, c.dob, c.sex, c.ethnic FROM episode e JOIN child c USING (child_id)`);
    });
    const [{ episodes, children }] = (
      await client.query(
        `SELECT (SELECT count(*) FROM episode)::int AS episodes, (SELECT count(*) FROM child)::int AS children`,
      )
    ).rows;
    await client.end();
    let lookedAfter = 0;
    const indicators = await timed(async () => {
      lookedAfter = (await gql(council.url, token, `{ councilIndicators { lookedAfter } }`)).councilIndicators
        .lookedAfter;
    });
    const tables = await timed(async () => {
      await gql(council.url, token, `{ dfeTables { tables { total } } }`);
    });
    const peak = council.peakMB();
    results.push({
      children: size, storedChildren: children, episodes, importedRows: data.rows, years: imported.years.length,
      lookedAfterAtLatest: lookedAfter, rawReadS: raw, indicatorsS: indicators, dfeTablesS: tables,
      indicatorsOverRaw: indicators / raw, dfeTablesOverRaw: tables / raw, peakBeforeMB: idle, peakAfterMB: peak,
    }); // prettier-ignore
    console.log(JSON.stringify(results.at(-1)));
  } finally {
    await council.stop();
  }
}
mkdirSync(join(root, 'bench/out'), { recursive: true });
writeFileSync(join(root, 'bench/out/indicators.json'), JSON.stringify(results, null, 2));
console.log(
  [
    '| children | stored episodes | returns | raw read s | councilIndicators s | / raw | dfeTables s | / raw | peak RSS MB before -> after queries |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.children} | ${r.episodes} | ${r.years} | ${r.rawReadS.toFixed(3)} | ${r.indicatorsS.toFixed(3)} | ${r.indicatorsOverRaw.toFixed(1)} | ${r.dfeTablesS.toFixed(3)} | ${r.dfeTablesOverRaw.toFixed(1)} | ${r.peakBeforeMB.toFixed(0)} -> ${r.peakAfterMB.toFixed(0)} |`,
    ),
  ].join('\n'),
);
process.exit(0);
