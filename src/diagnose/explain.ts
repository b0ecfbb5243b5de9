/**
 * `explain`'s engine: text (one message, several, or a whole log, fed at once or in chunks) → every
 * TLS error it reports, decoded, and the causes they point to, ranked by evidence.
 *
 * A log is mostly ordinary lines: one regex scan of each chunk (PREFILTER) finds the few lines
 * worth reading, identical lines are read once and counted, and each finding is kept once with a
 * count, so memory grows with the distinct errors, not with the input.
 *
 * Plain data in, plain data out: no I/O, no printing.
 */
import { makeCause, type Cause, type CauseId } from './knowledge/causes.js';
import { fixesFor, type Party } from './knowledge/cause-fixes.js';
import { STACK_LABELS } from './knowledge/stack-messages.js';
import { renderFix } from './knowledge/x509-errors.js';
import { KEYWORDS_PATTERN, PREFILTER, isPrecise, recognizeLine, recognizeToken, type Finding, type Recognized } from './recognize.js';

export type { Recognized } from './recognize.js';

export interface ExplainOptions {
  /** Read a bare number as an X509_V_ERR code instead of a TLS alert. Default false. */
  x509?: boolean;
}

export interface Explanation {
  /** Every TLS error found, in order of first appearance. */
  recognized: Recognized[];
  /** Most likely first; empty when the text holds no TLS error (or none that names a cause). */
  causes: Cause[];
  /** Set when `causes` is empty: one sentence saying why. */
  note?: string;
  /** How much was read. */
  scanned: { lines: number; bytes: number };
}

/** Lines longer than this are read up to it: a TLS error is never this long, a minified blob is. */
const MAX_LINE = 64 * 1024;
/** Distinct lines remembered for de-duplication; older ones are still counted, just read again. */
const LINE_CACHE_LIMIT = 20_000;

/**
 * What differs between repeats of one error in a log and says nothing about it: timestamps, IPv4
 * addresses with their ports, nginx's process and connection numbers (`31#31: *4444`). Lines that
 * differ only there are read once and counted.
 */
const VOLATILE = /\d{4}[-/]\d\d[-/]\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?|(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?![\w.])|(?<=[#*])\d+/g;

/** Reads text in chunks of any size; `result()` at the end. */
export class Explainer {
  private readonly options: ExplainOptions;
  private pending = '';
  private lines = 0;
  private bytes = 0;
  private firstLine: string | null = null;
  private readonly findings = new Map<string, Finding>();
  private readonly lineCache = new Map<string, string[]>();
  private readonly notTls = new Set<string>();

  constructor(options: ExplainOptions = {}) {
    this.options = options;
  }

  /** Feeds more text; lines may be split across chunks. */
  push(chunk: string): void {
    this.bytes += Buffer.byteLength(chunk);
    const cut = chunk.lastIndexOf('\n');
    if (cut < 0) {
      this.keep(chunk);
      return;
    }
    const complete = this.pending + chunk.slice(0, cut + 1);
    this.pending = '';
    this.scan(complete);
    this.keep(chunk.slice(cut + 1));
  }

  /**
   * The start of an unfinished line, up to MAX_LINE: a line is read no further, so input without
   * newlines (a binary file, /dev/zero) costs no more memory than one long line.
   */
  private keep(text: string): void {
    if (this.pending.length <= MAX_LINE) this.pending += text.slice(0, MAX_LINE + 1 - this.pending.length);
  }

  result(): Explanation {
    if (this.pending !== '') {
      this.scan(this.pending);
      this.pending = '';
    }
    let recognized = [...this.findings.values()].sort((a, b) => a.line - b.line);
    // Readings of plain words are a last resort: gone when anything precise was found.
    if (recognized.some(isPrecise)) recognized = recognized.filter((f) => f.pattern !== KEYWORDS_PATTERN);
    const causes = rankCauses(recognized);
    const explanation: Explanation = { recognized: recognized.map(publicPart), causes, scanned: { lines: this.lines, bytes: this.bytes } };
    if (causes.length === 0) explanation.note = noteFor(recognized, [...this.notTls], this.lines);
    return explanation;
  }

  /** Whole lines (the last one may lack its newline). */
  private scan(text: string): void {
    let lineNo = this.lines; // lines before this chunk
    let cursor = 0; // text before `cursor` is counted in lineNo
    const countTo = (index: number) => {
      for (let i = text.indexOf('\n', cursor); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) lineNo++;
      cursor = index;
    };
    if (this.firstLine === null) {
      const end = text.indexOf('\n');
      this.firstLine = (end < 0 ? text : text.slice(0, end)).trim();
      if (this.lines === 0 && this.scanToken(this.firstLine, text)) {
        this.lines = 1;
        return;
      }
    }
    const prefilter = new RegExp(PREFILTER.source, 'gi');
    let m: RegExpExecArray | null;
    while ((m = prefilter.exec(text)) !== null) {
      const start = text.lastIndexOf('\n', m.index) + 1;
      let end = text.indexOf('\n', m.index);
      if (end < 0) end = text.length;
      countTo(start);
      this.readLine(text.slice(start, Math.min(end, start + MAX_LINE)).replace(/\r$/, ''), lineNo + 1);
      prefilter.lastIndex = end + 1;
    }
    countTo(text.length);
    this.lines = lineNo + (text.endsWith('\n') ? 0 : 1);
  }

  /** A lone number or code (`48`, `X509_V_ERR_CERT_HAS_EXPIRED`): decoded as such. */
  private scanToken(token: string, text: string): boolean {
    if (text.trim() !== token || /\s/.test(token)) return false;
    const findings = recognizeToken(token, this.options);
    if (!findings) return false;
    for (const f of findings) this.add({ ...f, line: 1 });
    return true;
  }

  private readLine(line: string, lineNo: number): void {
    const cacheKey = line.replace(VOLATILE, '#');
    const known = this.lineCache.get(cacheKey);
    if (known) {
      for (const key of known) this.findings.get(key)!.count++;
      return;
    }
    const { findings, notTls } = recognizeLine(line);
    for (const sentence of notTls) this.notTls.add(sentence);
    const keys = findings.map((f) => this.add({ ...f, line: lineNo }));
    if (this.lineCache.size < LINE_CACHE_LIMIT) this.lineCache.set(cacheKey, keys);
  }

  private add(finding: Finding): string {
    const key = `${finding.pattern}\u0000${finding.stack}\u0000${finding.text}\u0000${finding.side ?? ''}`;
    const seen = this.findings.get(key);
    if (seen) seen.count++;
    else this.findings.set(key, finding);
    return key;
  }
}

/** Everything in `text` at once. */
export function explainText(text: string, options: ExplainOptions = {}): Explanation {
  const explainer = new Explainer(options);
  explainer.push(text);
  return explainer.result();
}

function publicPart(f: Finding): Recognized {
  const { weighted: _weighted, generic: _generic, x509Info: _x509Info, ...rest } = f;
  return rest;
}

// ------------------------------------------------------------------------------------- ranking

interface Evidence {
  finding: Finding;
  confidence: number;
}

/**
 * Causes ranked by evidence: each cause takes the confidence of its strongest finding, plus a
 * little for each further distinct finding that points to it (0.04 each, at most 0.12); ties go to
 * the cause seen more often, then earlier.
 */
function rankCauses(findings: Finding[]): Cause[] {
  const byCause = new Map<CauseId, Evidence[]>();
  for (const finding of findings) {
    for (const [id, confidence] of finding.weighted) {
      const list = byCause.get(id) ?? [];
      list.push({ finding, confidence });
      byCause.set(id, list);
    }
  }
  const ranked = [...byCause.entries()].map(([id, evidence]) => {
    evidence.sort((a, b) => b.confidence - a.confidence || a.finding.line - b.finding.line);
    const top = evidence[0]!;
    const confidence = Math.min(0.99, top.confidence + Math.min(0.12, 0.04 * (evidence.length - 1)));
    const seen = evidence.reduce((n, e) => n + e.finding.count, 0);
    const first = Math.min(...evidence.map((e) => e.finding.line));
    return { id, evidence, confidence, seen, first };
  });
  ranked.sort((a, b) => b.confidence - a.confidence || b.seen - a.seen || a.first - b.first);
  return ranked.map(({ id, evidence, confidence }) => makeCause(id, round(confidence), evidenceLines(evidence), fixLines(id, evidence)));
}

const round = (n: number) => Math.round(n * 100) / 100;


function evidenceLines(evidence: Evidence[]): string[] {
  const shown = evidence.slice(0, 5).map(({ finding: f }) => {
    const where = f.line > 0 ? `line ${f.line}${f.count > 1 ? `, ${f.count}×` : ''}` : '';
    const side = f.side ? `, printed by the ${f.side}` : '';
    return `${STACK_LABELS[f.stack]}${side}: "${clip(f.text)}"${where ? ` (${where})` : ''} — ${f.meaning}`;
  });
  if (evidence.length > 5) shown.push(`and ${evidence.length - 5} more messages pointing the same way`);
  return shown;
}

const clip = (s: string) => (s.length > 160 ? `${s.slice(0, 157)}…` : s);

function fixLines(id: CauseId, evidence: Evidence[]): string[] {
  const top = evidence[0]!.finding;
  const lines: string[] = [];
  const info = evidence.find((e) => e.finding.x509Info?.causeId === id)?.finding.x509Info;
  if (info) {
    const host = evidence.find((e) => e.finding.host)?.finding.host;
    lines.push(renderFix(info.fix, { host, ip: host && /^[\d.:]+$/.test(host) ? host : undefined }));
  }
  const judged = top.judged ?? judgedFromAlert(top);
  lines.push(...fixesFor(id, judged ?? null, (top.side as Party | undefined) ?? null));
  return lines;
}

const judgedFromAlert = (f: Finding): Party | undefined => (f.alert?.sentBy ? (f.alert.sentBy === 'server' ? 'client' : 'server') : undefined);

function noteFor(recognized: Finding[], notTls: string[], lines: number): string {
  if (recognized.length > 0) {
    return `Recognised ${recognized.length === 1 ? 'a TLS message' : `${recognized.length} TLS messages`}, but none says why the handshake failed (${recognized.map((f) => `"${clip(f.text)}"`).slice(0, 3).join(', ')}); the lines around it in the log usually hold the reason.`;
  }
  if (notTls.length > 0) return `No TLS error in the text: it reports ${notTls.join(', and ')}.`;
  return lines === 0
    ? 'No text to explain: give an error message as an argument or pipe a log into mtlskit explain.'
    : 'No TLS error in the text: no alert, OpenSSL or BoringSSL code, certificate verification error or TLS message mtlskit knows.';
}
