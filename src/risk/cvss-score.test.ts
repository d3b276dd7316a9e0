import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { exploitFacts, scoreCvss, severityOf } from './cvss-score.js';
import { CvssError } from './cvss-vector.js';

// RedHatProductSecurity/cvss reference vectors; see ../shared/data/README.md.
const DATA = new URL('../../../shared/data/cvss/', import.meta.url);

/** File name → number of vectors it holds, so a truncated file fails loudly. */
const FILES = {
  vectors_simple31: 2592,
  vectors_simple4: 1058,
  vectors_security4: 54,
  vectors_supplemental4: 576,
  vectors_threat4: 6,
} as const;

interface Reference {
  line: number;
  vector: string;
  /** v3.1: [base, temporal, environmental]; v4.0: [score]. */
  scores: number[];
}

/** Reads `VECTOR - (b, t, e)`, `VECTOR - (9.2,)` or `VECTOR - 7.3` lines. */
function readReference(file: string): Reference[] {
  const rows: Reference[] = [];
  readFileSync(new URL(file, DATA), 'utf8').split('\n').forEach((text, index) => {
    if (text.trim() === '') return;
    const m = /^(CVSS:\S+) - \(?([\d., ]+?),?\)?$/.exec(text.trim());
    assert.ok(m, `${file}:${index + 1}: unreadable reference line "${text}"`);
    const scores = m[2]!.split(',').map((s) => Number(s.trim()));
    assert.ok(scores.every((s) => Number.isFinite(s)), `${file}:${index + 1}: bad scores in "${text}"`);
    rows.push({ line: index + 1, vector: m[1]!, scores });
  });
  return rows;
}

describe('scoreCvss against the reference vectors', () => {
  for (const [file, count] of Object.entries(FILES)) {
    it(`scores every vector in ${file} exactly`, (t) => {
      const rows = readReference(file);
      assert.equal(rows.length, count, `${file}: expected ${count} vectors`);
      const started = performance.now();
      const mismatches: string[] = [];
      for (const { line, vector, scores: want } of rows) {
        let got: (number | undefined)[];
        try {
          const s = scoreCvss(vector);
          got = s.version === '4.0' ? [s.base] : [s.base, s.temporal, s.environmental];
        } catch (err) {
          mismatches.push(`${file}:${line} ${vector} threw ${(err as Error).message}`);
          continue;
        }
        if (got.length !== want.length || got.some((g, k) => g !== want[k])) {
          mismatches.push(`${file}:${line} ${vector} want (${want.join(', ')}) got (${got.join(', ')})`);
        }
      }
      t.diagnostic(`${file}: ${rows.length} vectors in ${(performance.now() - started).toFixed(0)} ms`);
      assert.equal(
        mismatches.length,
        0,
        `${mismatches.length} of ${rows.length} vectors disagree:\n${mismatches.slice(0, 10).join('\n')}`,
      );
    });
  }
});

describe('scoreCvss', () => {
  it('gives v3 temporal and environmental scores even when the vector sets none', () => {
    // Reference (9.9, 9.9, 10.0): with S:C the 3.1 environmental equation
    // differs from the base one (§7.3: MISS × 0.9731, exponent 13).
    const s = scoreCvss('CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H');
    assert.deepEqual(s, {
      version: '3.1',
      vector: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H',
      base: 9.9,
      temporal: 9.9,
      environmental: 10,
      severity: 'critical',
    });
  });

  it('applies temporal and environmental metrics that the vector sets', () => {
    const s = scoreCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:R/CR:L/MAV:L');
    assert.equal(s.base, 9.8);
    assert.equal(s.temporal, 8.2); // roundup(9.8 × 0.91 × 0.95 × 0.96 = 8.133)
    assert.ok(s.environmental !== undefined && s.environmental < s.temporal);
  });

  it('scores 3.0 vectors with the 3.0 equations', () => {
    const s = scoreCvss('CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H');
    assert.equal(s.version, '3.0');
    assert.equal(s.base, 8.8);
    assert.equal(s.severity, 'high');
  });

  it('gives v4 one score for the full vector and no temporal or environmental', () => {
    // vectors_threat4: the same vector scores 7.3 with E:A (= E:X) and 4.1 with E:U.
    const vector = 'CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H';
    assert.deepEqual(scoreCvss(vector), { version: '4.0', vector, base: 7.3, severity: 'high' });
    assert.deepEqual(scoreCvss(`${vector}/E:U`), { version: '4.0', vector: `${vector}/E:U`, base: 4.1, severity: 'medium' });
  });

  it('rates severity on the CVSS scale', () => {
    assert.deepEqual([0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(severityOf),
      ['none', 'low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
  });
});

describe('bad vectors', () => {
  const cases: [string, string, RegExp][] = [
    ['missing metric', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H', /missing base metric A\b/],
    ['missing v4 metrics', 'CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N', /missing base metrics AT, SA/],
    ['unknown metric', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:Y', /unknown CVSS 3\.1 metric "XX"/],
    ['v4 metric in a v3 vector', 'CVSS:3.1/AV:N/AC:L/AT:N/PR:N/UI:N/S:U/C:H/I:H/A:H', /unknown CVSS 3\.1 metric "AT"/],
    ['bad value', 'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /AV:Q is not allowed/],
    ['bad prefix', 'CVSS:2.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /start with CVSS:3\.0\/.*got "CVSS:2\.0"/],
    ['no prefix', 'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /got "AV:N"/],
    ['repeated metric', 'CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /AV appears twice/],
    ['empty string', '', /start with CVSS/],
  ];
  for (const [what, vector, message] of cases) {
    it(`rejects a ${what} in both functions`, () => {
      for (const fn of [scoreCvss, exploitFacts]) {
        assert.throws(() => fn(vector), (err: unknown) => {
          assert.ok(err instanceof CvssError, `${fn.name} threw ${String(err)}`);
          assert.equal(err.code, 'invalid-cvss');
          assert.match(err.message, message);
          return true;
        });
      }
    });
  }
});

describe('exploitFacts', () => {
  it('reads a remote, unauthenticated, full-impact v3.1 bug', () => {
    const f = exploitFacts('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
    assert.deepEqual({ ...f, exploitability: undefined }, {
      attackVector: 'network', complexity: 'low', attackRequirements: false, privilegesRequired: 'none',
      userInteraction: false, scopeChanged: false, gains: 'admin', availability: true, confidentiality: true,
      exploitability: undefined,
    });
    // 8.22 × 0.85 × 0.77 × 0.85 × 0.85 = 3.88704 > 3.887, clamped.
    assert.equal(f.exploitability, 1);
  });

  it('reads a local bug needing low privileges', () => {
    const f = exploitFacts('CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H');
    assert.equal(f.attackVector, 'local');
    assert.equal(f.privilegesRequired, 'low');
    assert.ok(Math.abs(f.exploitability - 0.47198) < 1e-4, `${f.exploitability}`); // 1.8345 / 3.887
  });

  it('uses the scope-changed PR weight and grants admin on S:C with I:H', () => {
    const f = exploitFacts('CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:H/A:N');
    assert.equal(f.scopeChanged, true);
    assert.equal(f.gains, 'admin');
    assert.equal(f.confidentiality, false);
    assert.ok(Math.abs(f.exploitability - 0.80001) < 1e-4, `${f.exploitability}`); // PR:L 0.68, 3.1096 / 3.887
  });

  it('gives no foothold for an availability-only bug', () => {
    const f = exploitFacts('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H');
    assert.equal(f.gains, 'none');
    assert.equal(f.availability, true);
    assert.equal(f.confidentiality, false);
  });

  it('gives a user foothold for low integrity or confidentiality', () => {
    assert.equal(exploitFacts('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:L/A:N').gains, 'user');
    assert.equal(exploitFacts('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:H').gains, 'user');
  });

  it('reads a v4 bug with AT:P and UI:A', () => {
    const f = exploitFacts('CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N');
    assert.equal(f.attackRequirements, true);
    assert.equal(f.userInteraction, true);
    assert.equal(f.scopeChanged, false);
    assert.equal(f.gains, 'user');
    // 8.22 × 0.85 × 0.77 × (0.44 / 0.77) × 0.85 × 0.62 / 3.887
    assert.ok(Math.abs(f.exploitability - 0.41681) < 1e-4, `${f.exploitability}`);
  });

  it('treats UI:P like UI:A and AC:L/AT:P like v3 AC:H', () => {
    const v4 = exploitFacts('CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N');
    const v3 = exploitFacts('CVSS:3.1/AV:L/AC:H/PR:L/UI:R/S:U/C:H/I:H/A:H');
    assert.equal(v4.userInteraction, true);
    assert.ok(Math.abs(v4.exploitability - v3.exploitability) < 1e-12);
    assert.equal(v4.complexity, 'low');
    assert.equal(v3.complexity, 'high');
  });

  it('counts any subsequent-system High impact as a scope change in v4', () => {
    const f = exploitFacts('CVSS:4.0/AV:A/AC:H/AT:N/PR:H/UI:N/VC:N/VI:H/VA:N/SC:N/SI:H/SA:N');
    assert.equal(f.attackVector, 'adjacent');
    assert.equal(f.complexity, 'high');
    assert.equal(f.scopeChanged, true);
    assert.equal(f.gains, 'admin');
    assert.equal(f.availability, false);
    // PR:H keeps the scope-unchanged weight 0.27 in v4.
    assert.ok(Math.abs(f.exploitability - 0.13240) < 1e-4, `${f.exploitability}`);
  });

  it('keeps exploitability in [0, 1] for the hardest vector', () => {
    const f = exploitFacts('CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N');
    assert.equal(f.attackVector, 'physical');
    assert.ok(f.exploitability > 0 && f.exploitability < 0.05, `${f.exploitability}`);
  });
});
