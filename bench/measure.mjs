/**
 * Interleaved measurement: for each round, each contender of a row runs `ops` sequential
 * verifications (cycling over the row's distinct inputs); the order of contenders alternates
 * between rounds. One warm-up round, then ROUNDS timed rounds; the median per contender is kept.
 */

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `count` sequential ops; returns wall-clock and process CPU time per op, in µs. */
async function run(fn, n, count, offset) {
  // No forced gc() between samples: a full collection resets V8's heap sizing and made the
  // cheap rows measurably slower afterwards. Each contender pays for the garbage it makes.
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let k = 0; k < count; k++) await fn((offset + k) % n);
  const wall = ((performance.now() - t0) * 1000) / count;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / count };
}

/** Throws unless `result` is a successful verification of `contender`. */
function assertVerified(row, name, i, result) {
  if (name === 'swa' && result?.verified !== true)
    throw new Error(`${row.id}: SimpleWebAuthn did not verify input ${i}`);
  if (name.startsWith('tessera') && (typeof result !== 'object' || result === null)) {
    throw new Error(`${row.id}: Tessera returned no result for input ${i}`);
  }
}

/**
 * Measures the contenders of one row. `targetMs` is the duration of one sample; the op count is
 * calibrated in the warm-up round.
 */
export async function measureRow(row, contenders, { rounds = 5, targetMs = 150, warmupMs = 400 } = {}) {
  const names = contenders.filter((c) => row[c] !== undefined);
  const ops = {};
  for (const name of names) {
    // Warm-up and correctness: every input once, each result checked (a benchmark of a failing
    // path would measure the error path). Then calibrate the sample size.
    const fn = row[name];
    const c0 = process.cpuUsage();
    for (let i = 0; i < row.n; i++) {
      let result;
      try {
        result = await fn(i);
      } catch (err) {
        throw new Error(
          `${row.id}: ${name} rejected input ${i} (${err?.code ?? err}); stale cached inputs? rerun with --fresh`,
          {
            cause: err,
          },
        );
      }
      assertVerified(row, name, i, result);
    }
    const c = process.cpuUsage(c0);
    const perMs = (c.user + c.system) / 1000 / row.n;
    ops[name] = Math.max(20, Math.min(20000, Math.round(targetMs / Math.max(perMs, 1e-4))));
  }
  // JIT warm-up: V8 needs a few thousand calls before the optimising tiers settle; without this
  // the first timed rounds measure the interpreter (up to 2× slower for the cheap rows).
  for (const name of names) {
    const fn = row[name];
    const end = performance.now() + warmupMs;
    for (let k = 0; k < 4000 && performance.now() < end; k++) await fn(k % row.n);
  }
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const name of order) samples[name].push(await run(row[name], row.n, ops[name], r * 7));
  }
  const out = {};
  for (const name of names) {
    const walls = samples[name].map((s) => s.wall);
    const usPerOp = median(walls);
    out[name] = {
      usPerOp,
      opsPerSec: 1e6 / usPerOp,
      cpuUsPerOp: median(samples[name].map((s) => s.cpu)),
      min: Math.min(...walls),
      max: Math.max(...walls),
      ops: ops[name],
    };
  }
  return out;
}

/** Throughput with `inFlight` verifications outstanding at any time, for `durationMs`. */
export async function measureInFlight(fn, n, { inFlight = 16, durationMs = 400 } = {}) {
  let done = 0;
  let next = 0;
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < deadline) {
        const i = next++ % n;
        await fn(i);
        done++;
      }
    }),
  );
  return (done * 1000) / (performance.now() - t0);
}
