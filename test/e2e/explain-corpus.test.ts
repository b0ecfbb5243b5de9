import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CAUSE_IDS } from '../../src/diagnose/knowledge/causes.js';
import { explainText } from '../../src/diagnose/explain.js';
import { runCli } from '../helpers/cli.js';

// issue 5's acceptance line for explain: on real messages — reproduced on this machine with real
// stacks, or quoted from public reports with their address — the first cause is right for at least
// 90% of them. The corpus and how it was made: test/fixtures/explain-corpus/README.md.

interface Entry {
  text: string;
  expectedCause: string;
  stack: string;
  source: string;
}

const dir = fileURLToPath(new URL('../fixtures/explain-corpus/', import.meta.url));
const corpus: (Entry & { file: string })[] = readdirSync(dir)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((file) => readFileSync(join(dir, file), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => ({ ...(JSON.parse(l) as Entry), file })));

describe('the explain corpus', () => {
  it('is real messages, each with a contract cause, a stack and a source', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(80);
    expect(new Set(corpus.map((e) => e.stack)).size).toBeGreaterThanOrEqual(8);
    for (const e of corpus) {
      expect(CAUSE_IDS as readonly string[], e.text).toContain(e.expectedCause);
      expect(e.text.trim().length, e.source).toBeGreaterThan(5);
      expect(e.source, e.text).toMatch(/^(reproduced: .{10,}|https?:\/\/\S+)/);
    }
  });

  it('keeps the first cause right at least as often as measured (issue 5 asks for 90%: not reached)', () => {
    // Some messages are the same whatever the fault: Java's "PKIX path building failed" for an
    // unknown CA, a missing intermediate, a self-signed or an expired certificate alike. Such a
    // message (same words, numbers and paths aside) appears here once per fault that produced it,
    // and no explainer can tell those apart. The first figure counts a first cause as right when it
    // is the entry's fault or another fault that produced that very message; the strict figure
    // counts only the entry's own fault, and the last is the strict figure on the messages of
    // public reports alone. Measured on 830 messages: 88.7%, 82.3% strict, 84.0% on the 600 of
    // public reports; issue 5's line (90% of messages from public reports) is not met, and the
    // blind rounds in test/fixtures/explain-corpus/README.md say by how much. The floors sit just
    // under the measured figures, so that a regression fails.
    const shape = (text: string) => text.replace(/\/tmp\/\S+/g, 'PATH').replace(/\b[0-9A-F]{12,}(?=:error:)/g, 'THREAD').replace(/\d+/g, '#');
    const faultsOf = new Map<string, Set<string>>();
    for (const e of corpus) faultsOf.set(shape(e.text), new Set([...(faultsOf.get(shape(e.text)) ?? []), e.expectedCause]));

    const misses: string[] = [];
    let strictHits = 0;
    let publicReports = 0;
    let publicHits = 0;
    const byStack = new Map<string, { n: number; hits: number }>();
    for (const e of corpus) {
      const first = explainText(e.text).causes[0]?.id ?? '(none)';
      const strict = first === e.expectedCause;
      const right = strict || faultsOf.get(shape(e.text))!.has(first);
      if (strict) strictHits++;
      if (e.file === 'sourced.jsonl') {
        publicReports++;
        if (strict) publicHits++;
      }
      const s = byStack.get(e.stack) ?? { n: 0, hits: 0 };
      s.n++;
      if (right) s.hits++;
      byStack.set(e.stack, s);
      if (!strict) misses.push(`  ${right ? '≈' : '✖'} expected ${e.expectedCause}, got ${first} [${e.stack}, ${e.file}] ${e.text.replace(/\n/g, ' ⏎ ').slice(0, 150)}`);
    }
    const accuracy = (corpus.length - misses.filter((m) => m.startsWith('  ✖')).length) / corpus.length;
    const strict = strictHits / corpus.length;
    const publicStrict = publicHits / publicReports;
    const stacks = [...byStack].map(([stack, s]) => `${stack} ${s.hits}/${s.n}`).join(', ');
    console.log(
      `explain corpus (${corpus.length} messages): first cause right for ${(accuracy * 100).toFixed(1)}% ` +
        `(strictly the entry's own fault: ${(strict * 100).toFixed(1)}%; on the ${publicReports} messages of public reports: ` +
        `${(publicStrict * 100).toFixed(1)}%); by stack: ${stacks}\n` +
        `misses (≈ = the message is one another fault produced too):\n${misses.join('\n')}`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.87);
    expect(strict).toBeGreaterThanOrEqual(0.815);
    expect(publicStrict).toBeGreaterThanOrEqual(0.825);
  });

  it('gives the same first cause through the built CLI', () => {
    // One entry per stack, through `mtlskit explain --json` as a user runs it (stdin).
    const sample = [...new Map(corpus.map((e) => [e.stack, e])).values()];
    for (const e of sample) {
      const run = runCli(['explain', '--json'], { input: e.text });
      expect(run.code, run.stderr).toBe(0);
      expect(run.json.causes[0]?.id, e.text).toBe(explainText(e.text).causes[0]?.id);
    }
  });
});
