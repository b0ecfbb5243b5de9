import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { decode, MAX_INPUT_BYTES, type Decoded } from '../../src/x509/decode.js';
import { DecodeError } from '../../src/x509/decode-error.js';
import { inspectInputs } from '../../src/x509/inspect.js';

// Bad input never crashes or hangs: real files made by the openssl CLI, mutated thousands of times
// by a seeded PRNG (bit flips, truncations, length tweaks, structure-aware DER edits, splices, PEM
// damage). Every case must resolve to a sane result or reject with a DecodeError saying what is
// wrong in one line; anything else is reported with its family, case index, the mutations applied
// and the input (base64), and the input is written under $TMPDIR/mtlskit-decode-fuzz-failures/.
//
// The mutations are deterministic for a given seed file; the seed files themselves are made fresh
// each run (new keys), which is why a failure prints and saves the input that failed.

// ---------------------------------------------------------------------------
// Deterministic randomness: xorshift32, seeded per (family, case)

class Rand {
  private x: number;
  constructor(seed: number) {
    this.x = seed >>> 0 || 0x2545f491;
    for (let i = 0; i < 8; i++) this.next();
  }
  /** Uniform in [0, 1). */
  next(): number {
    let x = this.x;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.x = x;
    return x / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
}

function caseSeed(family: string, index: number): number {
  let h = 0x811c9dc5;
  for (const c of Buffer.from(family)) h = Math.imul(h ^ c, 0x01000193);
  return (h ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
}

// ---------------------------------------------------------------------------
// A DER tree that can be edited and written back with correct lengths

interface Tree {
  tag: number;
  /** Offsets in the seed it was read from (for byte-level mutations). */
  start: number;
  lengthAt: number;
  contentStart: number;
  end: number;
  content: Buffer;
  /** Constructed elements, and OCTET/BIT STRINGs that wrap DER (extension values, keys, PKCS#12 contents). */
  children: Tree[] | null;
  /** Bytes before encapsulated children (the unused-bits octet of a BIT STRING). */
  prefix: Buffer;
}

/** Reads DER covering exactly [start, end), or null. */
function parseTree(buf: Buffer, start: number, end: number, depth: number): Tree[] | null {
  const out: Tree[] = [];
  let pos = start;
  while (pos < end) {
    const at = pos;
    const tag = buf[pos++]!;
    if ((tag & 0x1f) === 0x1f || pos >= end) return null;
    const lengthAt = pos;
    const first = buf[pos++]!;
    let length = first;
    if (first === 0x80) return null;
    if (first & 0x80) {
      const n = first & 0x7f;
      if (n > 4 || pos + n > end) return null;
      length = 0;
      for (let i = 0; i < n; i++) length = length * 256 + buf[pos++]!;
    }
    const contentStart = pos;
    const stop = pos + length;
    if (stop > end) return null;
    const content = buf.subarray(contentStart, stop);
    let children: Tree[] | null = null;
    let prefix: Buffer = Buffer.alloc(0);
    if (depth < 40) {
      if (tag & 0x20) {
        children = parseTree(buf, contentStart, stop, depth + 1);
        if (!children) return null;
      } else if (tag === 0x04 && length >= 2 && (content[0] === 0x30 || content[0] === 0x04 || content[0] === 0x03)) {
        children = parseTree(buf, contentStart, stop, depth + 1);
      } else if (tag === 0x03 && length >= 3 && content[0] === 0 && content[1] === 0x30) {
        children = parseTree(buf, contentStart + 1, stop, depth + 1);
        if (children) prefix = buf.subarray(contentStart, contentStart + 1);
      }
    }
    out.push({ tag, start: at, lengthAt, contentStart, end: stop, content, children, prefix });
    pos = stop;
  }
  return out;
}

function encodeLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, content: Buffer) => Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);

function serialize(nodes: readonly Tree[]): Buffer {
  return Buffer.concat(nodes.map((node) => tlv(node.tag, node.children ? Buffer.concat([node.prefix, serialize(node.children)]) : node.content)));
}

const clone = (node: Tree): Tree => ({ ...node, children: node.children ? node.children.map(clone) : null });

interface Slot {
  node: Tree;
  siblings: Tree[];
  index: number;
}

function slots(roots: Tree[]): Slot[] {
  const out: Slot[] = [];
  const walk = (siblings: Tree[]) =>
    siblings.forEach((node, index) => {
      out.push({ node, siblings, index });
      if (node.children) walk(node.children);
    });
  walk(roots);
  return out;
}

const leaf = (tag: number, content: Buffer): Tree => ({ tag, start: 0, lengthAt: 0, contentStart: 0, end: 0, content, children: null, prefix: Buffer.alloc(0) });
const wrap = (tag: number, children: Tree[]): Tree => ({ ...leaf(tag, Buffer.alloc(0)), children });

// ---------------------------------------------------------------------------
// Mutations

const INTERESTING_BYTES = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0c, 0x13, 0x17, 0x18, 0x1f, 0x20, 0x30, 0x31, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xa0, 0xa3, 0xff];
const INTERESTING_TAGS = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0a, 0x0c, 0x13, 0x16, 0x17, 0x18, 0x1c, 0x1e, 0x24, 0x30, 0x31, 0x80, 0x82, 0x86, 0x87, 0x88, 0xa0, 0xa1, 0xa3, 0xa4, 0xff];
const LENGTH_BYTES = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x88, 0xff];

interface Seed {
  family: string;
  /** The bytes as given to decode (DER, or PEM text). */
  bytes: Buffer;
  /** For PEM seeds: each block's label and DER. */
  pem: { label: string; der: Buffer }[] | null;
  /** The DER read as a tree (for DER seeds; for PEM seeds, of each block). */
  trees: Tree[][];
  password: string | null;
}

type Mutator = (rand: Rand, input: Buffer, seed: { tree: Tree[] | null }, ops: string[]) => Buffer;

/** A structurally chosen offset (an element's start, length or contents boundary) or a random one. */
function offsetIn(rand: Rand, input: Buffer, tree: Tree[] | null): number {
  const nodes = tree ? slots(tree) : [];
  if (nodes.length && rand.chance(0.6)) {
    const { node } = rand.pick(nodes);
    const at = rand.pick([node.start, node.lengthAt, node.contentStart, node.end, node.contentStart + 1, node.end - 1]);
    return Math.max(0, Math.min(input.length, at));
  }
  return rand.pick([rand.int(input.length + 1), rand.range(0, 4), input.length - rand.range(0, 4), rand.int(input.length + 1)]);
}

const byteMutators: Record<string, Mutator> = {
  flipBits(rand, input, _seed, ops) {
    const out = Buffer.from(input);
    const n = rand.range(1, 4);
    for (let i = 0; i < n && out.length; i++) {
      const at = rand.int(out.length);
      out[at]! ^= 1 << rand.int(8);
      ops.push(`flip bit @${at}`);
    }
    return out;
  },
  replaceBytes(rand, input, _seed, ops) {
    const out = Buffer.from(input);
    const n = rand.range(1, 8);
    for (let i = 0; i < n && out.length; i++) {
      const at = rand.int(out.length);
      out[at] = rand.chance(0.5) ? rand.pick(INTERESTING_BYTES) : rand.int(256);
      ops.push(`set byte @${at}=0x${out[at]!.toString(16)}`);
    }
    return out;
  },
  truncate(rand, input, seed, ops) {
    const at = offsetIn(rand, input, seed.tree);
    ops.push(`truncate @${at}`);
    return input.subarray(0, at);
  },
  insert(rand, input, seed, ops) {
    const at = offsetIn(rand, input, seed.tree);
    const extra = rand.chance(0.3) ? Buffer.alloc(rand.range(1, 16), rand.pick(INTERESTING_BYTES)) : rand.bytes(rand.range(1, 32));
    ops.push(`insert ${extra.length} bytes @${at}`);
    return Buffer.concat([input.subarray(0, at), extra, input.subarray(at)]);
  },
  deleteRange(rand, input, seed, ops) {
    const nodes = seed.tree ? slots(seed.tree) : [];
    let from: number;
    let to: number;
    if (nodes.length && rand.chance(0.5)) {
      const { node } = rand.pick(nodes);
      [from, to] = rand.chance(0.5) ? [node.start, node.end] : [node.contentStart, node.end];
    } else {
      from = rand.int(input.length + 1);
      to = Math.min(input.length, from + rand.range(1, 64));
    }
    ops.push(`delete [${from},${to})`);
    return Buffer.concat([input.subarray(0, from), input.subarray(to)]);
  },
  duplicateRange(rand, input, seed, ops) {
    const nodes = seed.tree ? slots(seed.tree) : [];
    let from: number;
    let to: number;
    if (nodes.length && rand.chance(0.6)) {
      const { node } = rand.pick(nodes);
      [from, to] = [node.start, node.end];
    } else {
      from = rand.int(input.length + 1);
      to = Math.min(input.length, from + rand.range(1, 128));
    }
    const at = rand.chance(0.7) ? to : offsetIn(rand, input, seed.tree);
    ops.push(`duplicate [${from},${to}) @${at}`);
    return Buffer.concat([input.subarray(0, at), input.subarray(from, to), input.subarray(at)]);
  },
  lengthTweak(rand, input, seed, ops) {
    const nodes = seed.tree ? slots(seed.tree) : [];
    const out = Buffer.from(input);
    const at = nodes.length ? rand.pick(nodes).node.lengthAt : rand.int(out.length);
    if (at >= out.length) return out;
    if (out[at]! & 0x80 && out[at]! !== 0x80 && rand.chance(0.4)) {
      // Long form: make the length octets huge or zero.
      const n = out[at]! & 0x7f;
      const fill = rand.pick([0x00, 0xff, 0x7f, 0x80]);
      for (let i = 1; i <= n && at + i < out.length; i++) out[at + i] = fill;
      ops.push(`length octets @${at} filled 0x${fill.toString(16)}`);
    } else {
      out[at] = rand.chance(0.8) ? rand.pick(LENGTH_BYTES) : (out[at]! + rand.pick([-1, 1, 2, -2])) & 0xff;
      ops.push(`length @${at}=0x${out[at]!.toString(16)}`);
    }
    return out;
  },
  tagTweak(rand, input, seed, ops) {
    const nodes = seed.tree ? slots(seed.tree) : [];
    const out = Buffer.from(input);
    const at = nodes.length ? rand.pick(nodes).node.start : rand.int(out.length);
    if (at >= out.length) return out;
    out[at] = rand.chance(0.3) ? out[at]! ^ 0x20 : rand.pick(INTERESTING_TAGS);
    ops.push(`tag @${at}=0x${out[at]!.toString(16)}`);
    return out;
  },
};

function interestingContent(rand: Rand, node: Tree): Buffer {
  switch (node.tag) {
    case 0x02:
      return rand.pick([Buffer.alloc(0), Buffer.from([0x80]), Buffer.from([0x00]), Buffer.from([0, 0]), Buffer.alloc(9, 0xff), Buffer.from([0x80, ...rand.bytes(40)]), Buffer.from([0x7f, ...rand.bytes(600)]), Buffer.from([0x05])]);
    case 0x06:
      return rand.pick([Buffer.alloc(0), Buffer.from([0x80]), Buffer.from([0x2a, 0x86]), Buffer.from([0x55, 0x1d, rand.int(128)]), Buffer.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, rand.int(16), rand.int(16)]), Buffer.from([...Buffer.alloc(300, 0x81), 0x01]), Buffer.from([0x88, 0x37]), rand.bytes(rand.range(1, 12))]);
    case 0x17:
    case 0x18:
      return Buffer.from(rand.pick(['', 'Z', '991332256099Z', '000229000000Z', '20240230000000Z', '2024010100000Z', '99999999999999.5Z', '240101000000+0100', '\x1b[31m240101000000Z', '24010100000\nZ', '240101240000Z']));
    case 0x01:
      return rand.pick([Buffer.alloc(0), Buffer.from([0]), Buffer.from([0xff, 0xff])]);
    case 0x03:
      return rand.pick([Buffer.alloc(0), Buffer.from([8]), Buffer.from([7]), Buffer.from([1, 0xff]), Buffer.from([0, ...rand.bytes(rand.range(0, 40))])]);
    case 0x0c:
      return rand.pick([Buffer.from([0xc3]), Buffer.from([0xff, 0xfe]), Buffer.from('a\u0000b'), Buffer.from('\u202e\u0001'), rand.bytes(rand.range(0, 20))]);
    case 0x1e:
    case 0x1c:
      return rand.bytes(rand.range(0, 9));
    default:
      return rand.pick([Buffer.alloc(0), rand.bytes(node.content.length), rand.bytes(rand.range(0, 300)), node.content.subarray(0, rand.int(node.content.length + 1)), Buffer.concat([node.content, rand.bytes(rand.range(1, 16))])]);
  }
}

/** Structure-aware edits of a DER tree, written back with correct lengths: these reach the semantic checks. */
function treeMutation(rand: Rand, tree: Tree[], pool: readonly Tree[], ops: string[]): Buffer {
  const roots = tree.map(clone);
  const count = rand.range(1, 3);
  for (let i = 0; i < count; i++) {
    const all = slots(roots);
    if (!all.length) break;
    const { node, siblings, index } = rand.pick(all);
    const isRoot = siblings === roots;
    const op = rand.pick(['delete', 'duplicate', 'swap', 'graft', 'graft', 'insertGraft', 'retag', 'content', 'content', 'content', 'wrap', 'unwrap', 'empty', 'deepen']);
    ops.push(`tree ${op} @${node.start}(tag 0x${node.tag.toString(16)})`);
    switch (op) {
      case 'delete':
        if (!isRoot) siblings.splice(index, 1);
        break;
      case 'duplicate':
        siblings.splice(index + 1, 0, clone(node));
        break;
      case 'swap': {
        const other = rand.int(siblings.length);
        [siblings[index], siblings[other]] = [siblings[other]!, siblings[index]!];
        break;
      }
      case 'graft':
        siblings[index] = clone(rand.pick(pool));
        break;
      case 'insertGraft':
        siblings.splice(rand.int(siblings.length + 1), 0, clone(rand.pick(pool)));
        break;
      case 'retag':
        node.tag = rand.pick(INTERESTING_TAGS);
        if (!(node.tag & 0x20) && node.children && node.tag !== 0x04 && node.tag !== 0x03) {
          node.content = Buffer.concat([node.prefix, serialize(node.children)]);
          node.children = null;
        }
        break;
      case 'content':
        node.children = null;
        node.content = interestingContent(rand, node);
        break;
      case 'wrap':
        siblings[index] = wrap(rand.pick([0x30, 0x31, 0xa0, 0xa3, 0x04]), [node]);
        break;
      case 'unwrap':
        if (node.children) siblings.splice(index, 1, ...node.children);
        break;
      case 'empty':
        if (node.children) node.children = [];
        else node.content = Buffer.alloc(0);
        break;
      case 'deepen': {
        let deep = node;
        for (let d = rand.range(10, 90); d > 0; d--) deep = wrap(0x30, [deep]);
        siblings[index] = deep;
        break;
      }
    }
  }
  return serialize(roots);
}

function mutateDer(rand: Rand, der: Buffer, tree: Tree[] | null, pool: readonly Tree[], ops: string[]): Buffer {
  if (tree && rand.chance(0.35)) return treeMutation(rand, tree, pool, ops);
  const names = Object.keys(byteMutators);
  let out = der;
  const count = rand.chance(0.75) ? 1 : rand.range(2, 4);
  for (let i = 0; i < count; i++) out = byteMutators[rand.pick(names)]!(rand, out, { tree: i === 0 ? tree : null }, ops);
  return out;
}

// ---------------------------------------------------------------------------
// PEM

const LABELS = ['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE', 'PKCS7', 'CMS', 'CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST', 'PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'PUBLIC KEY', 'RSA PUBLIC KEY', 'PKCS12', 'X509 CRL', 'EC PARAMETERS', 'OPENSSH PRIVATE KEY'];

function pemBlock(label: string, der: Buffer): string {
  const body = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

function readPemBlocks(text: string): { label: string; der: Buffer }[] {
  return [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)].map((m) => ({ label: m[1]!, der: Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64') }));
}

/** Text-level damage to PEM: broken base64, missing END, duplicated BEGIN, CRLF, BOM, relabelling … */
function mutatePemText(rand: Rand, text: string, ops: string[]): Buffer {
  const bodyChars = [...text.matchAll(/^[A-Za-z0-9+/=]+$/gm)].flatMap((m) => [m.index!, m.index! + m[0].length - 1]);
  const anyBodyIndex = () => {
    if (!bodyChars.length) return rand.int(text.length);
    const i = rand.int(bodyChars.length >> 1) * 2;
    return rand.range(bodyChars[i]!, bodyChars[i + 1]!);
  };
  const lines = text.split('\n');
  const op = rand.pick(['breakBase64', 'breakBase64', 'deleteChar', 'deleteEnd', 'duplicateBegin', 'crlf', 'bom', 'crlfBom', 'mismatchEnd', 'relabel', 'relabel', 'truncate', 'oneLine', 'procType', 'garbage', 'duplicateBlock', 'dropPadding', 'lowercase', 'beginSpaces', 'nestedBegin', 'emptyBody', 'base64url', 'onlyBegin', 'latin1Bytes']);
  ops.push(`pem ${op}`);
  switch (op) {
    case 'breakBase64': {
      const at = anyBodyIndex();
      const bad = rand.pick(['!', '*', '-', '.', '_', '%', '\u00e9', '\u0000', '=', '==', '\t', '\u00ff', '\u001b[0m']);
      return Buffer.from(text.slice(0, at) + bad + text.slice(at + 1), 'latin1');
    }
    case 'deleteChar': {
      const at = anyBodyIndex();
      return Buffer.from(text.slice(0, at) + text.slice(at + 1 + rand.int(3)), 'latin1');
    }
    case 'deleteEnd': {
      const ends = lines.map((l, i) => (l.startsWith('-----END') ? i : -1)).filter((i) => i >= 0);
      if (ends.length) lines.splice(rand.pick(ends), 1);
      return Buffer.from(lines.join('\n'), 'latin1');
    }
    case 'duplicateBegin': {
      const begins = lines.map((l, i) => (l.startsWith('-----BEGIN') ? i : -1)).filter((i) => i >= 0);
      if (begins.length) {
        const i = rand.pick(begins);
        lines.splice(i, 0, lines[i]!);
      }
      return Buffer.from(lines.join('\n'), 'latin1');
    }
    case 'crlf':
      return Buffer.from(text.replace(/\n/g, '\r\n'), 'latin1');
    case 'bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'latin1')]);
    case 'crlfBom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/\n/g, '\r\n'), 'latin1')]);
    case 'mismatchEnd':
      return Buffer.from(text.replace(/-----END [A-Z0-9 ]+-----/, `-----END ${rand.pick(LABELS)}-----`), 'latin1');
    case 'relabel': {
      const label = rand.pick(LABELS);
      let n = 0;
      const which = rand.int(4);
      return Buffer.from(text.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, (all, kind: string) => (Math.floor(n++ / 2) === which || which === 3 ? `-----${kind} ${label}-----` : all)), 'latin1');
    }
    case 'truncate':
      return Buffer.from(text.slice(0, rand.int(text.length)), 'latin1');
    case 'oneLine':
      return Buffer.from(text.replace(/\n(?!-----BEGIN)/g, rand.pick(['', ' ', '\t'])), 'latin1');
    case 'procType':
      return Buffer.from(text.replace(/(-----BEGIN [A-Z0-9 ]+-----\n)/, `$1Proc-Type: 4,ENCRYPTED\nDEK-Info: ${rand.pick(['AES-128-CBC,00112233445566778899AABBCCDDEEFF', 'DES-EDE3-CBC,0011', 'BOGUS,zz', ''])}\n\n`), 'latin1');
    case 'garbage': {
      const junk = rand.chance(0.5) ? rand.bytes(rand.range(1, 200)).toString('latin1') : 'Bag Attributes\n    friendlyName: x\nsubject=/CN=x\n';
      return Buffer.from(rand.chance(0.5) ? junk + text : text + junk, 'latin1');
    }
    case 'duplicateBlock': {
      const block = /-----BEGIN[\s\S]*?-----END [A-Z0-9 ]+-----\n?/.exec(text)?.[0] ?? '';
      return Buffer.from(text + block.repeat(rand.range(1, 5)), 'latin1');
    }
    case 'dropPadding':
      return Buffer.from(text.replace(/=+\n/, '\n'), 'latin1');
    case 'lowercase':
      return Buffer.from(text.replace(/-----BEGIN ([A-Z0-9 ]+)-----/, (_, l: string) => `-----BEGIN ${l.toLowerCase()}-----`), 'latin1');
    case 'beginSpaces':
      return Buffer.from(text.replace(/-----BEGIN ([A-Z0-9 ]+)-----/, rand.pick(['-----BEGIN  $1-----', '----BEGIN $1-----', '-----BEGIN $1----- ', '-----BEGIN $1------', ' -----BEGIN $1-----'])), 'latin1');
    case 'nestedBegin': {
      const at = anyBodyIndex();
      return Buffer.from(`${text.slice(0, at)}\n-----BEGIN CERTIFICATE-----\n${text.slice(at)}`, 'latin1');
    }
    case 'emptyBody':
      return Buffer.from(text.replace(/(-----BEGIN ([A-Z0-9 ]+)-----)[\s\S]*?(-----END \2-----)/, '$1\n$3'), 'latin1');
    case 'base64url':
      return Buffer.from(text.replace(/[+/]/g, (c) => (c === '+' ? '-' : '_')), 'latin1');
    case 'onlyBegin':
      return Buffer.from(text.slice(0, text.indexOf('\n') + 1), 'latin1');
    default: {
      // Re-encoded as UTF-16 (an editor's doing).
      return Buffer.from(text, 'utf16le');
    }
  }
}

// ---------------------------------------------------------------------------
// Seeds, made by the openssl CLI

let tmp: { path: string; remove: () => void };
const seeds: Seed[] = [];
const pool: Tree[] = [];

function openssl(args: string[]): Buffer {
  return execFileSync('openssl', args, { cwd: tmp.path, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

const OPENSSL_CONFIG = `
[req]
distinguished_name = dn
utf8 = yes
string_mask = utf8only
[dn]
[rsa_ext]
subjectAltName = DNS:rsa.example, DNS:*.rsa.example, IP:10.0.0.1, IP:2001:db8::1, email:ops@rsa.example, URI:spiffe://td/ns/rsa
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth, 1.2.3.4.5
authorityInfoAccess = OCSP;URI:http://ocsp.example, caIssuers;URI:http://ca.example/ca.crt
crlDistributionPoints = URI:http://crl.example/ca.crl
certificatePolicies = @policy
basicConstraints = CA:FALSE
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[policy]
policyIdentifier = 2.23.140.1.2.1
CPS.1 = https://cps.example/
[ec_ext]
basicConstraints = critical, CA:TRUE, pathlen:1
keyUsage = critical, keyCertSign, cRLSign
nameConstraints = critical, permitted;DNS:.example, permitted;IP:10.0.0.0/255.0.0.0, excluded;email:bad.example, permitted;dirName:nc_dn
subjectKeyIdentifier = hash
1.3.6.1.4.1.11129.2.4.2 = DER:04:0C:00:0A:00:03:DE:AD:BE:00:03:CA:FE:00
[nc_dn]
O = Acme
[ed_ext]
subjectAltName = DNS:ed.example, otherName:1.3.6.1.4.1.311.20.2.3;UTF8:ed@example, RID:1.2.3.4, dirName:nc_dn
extendedKeyUsage = clientAuth
tlsfeature = status_request
nsComment = "a comment"
issuerAltName = URI:http://issuer.example
1.2.3.4.5.6 = critical, ASN1:UTF8String:unknown critical extension
[csr_ext]
subjectAltName = DNS:csr.example, IP:10.1.2.3, IP:::1, URI:spiffe://td/csr, email:a@csr.example
`;

function addSeed(family: string, file: string, password: string | null = null): void {
  const bytes = readFileSync(join(tmp.path, file));
  const isPem = bytes.includes('-----BEGIN');
  const pem = isPem ? readPemBlocks(bytes.toString('latin1')) : null;
  const ders = pem ? pem.map((b) => b.der) : [bytes];
  const trees = ders.map((der) => parseTree(der, 0, der.length, 0) ?? []);
  for (const tree of trees) for (const { node } of slots(tree)) if (node.end - node.start < 4096) pool.push(node);
  seeds.push({ family, bytes, pem, trees, password });
}

/** MTLSKIT_FUZZ_SCALE=20 runs twenty times as many cases (a deeper search, minutes instead of seconds). */
const SCALE = Math.max(1, Number(process.env.MTLSKIT_FUZZ_SCALE) || 1);
// Budgets per family: ≥10,000 in all, ≥1,000 of them PKCS#12.
const PLAN: [family: string, cases: number][] = [
  ['cert-rsa-der', 900],
  ['cert-rsa-pem', 700],
  ['cert-ec-der', 900],
  ['cert-ec-pem', 700],
  ['cert-ed25519-der', 900],
  ['cert-ed25519-pem', 700],
  ['bundle-pem', 900],
  ['pkcs7-der', 900],
  ['pkcs12-aes', 500],
  ['pkcs12-3des', 300],
  ['pkcs12-plain', 500],
  ['csr-pem', 400],
  ['csr-der', 500],
  ['key-pkcs8-der', 400],
  ['key-pkcs8-pem', 200],
  ['key-encrypted-pem', 200],
  ['key-sec1-pem', 150],
  ['key-pkcs1-pem', 150],
  ['key-spki-pem', 150],
  ['key-mixed-pem', 600],
  ['splice', 1200],
];

beforeAll(() => {
  tmp = tempDir('mtlskit-decode-fuzz-');
  writeFileSync(join(tmp.path, 'openssl.cnf'), OPENSSL_CONFIG);
  const cert = (name: string, keyArgs: string[], subject: string, ext: string) => {
    openssl(['genpkey', ...keyArgs, '-out', `${name}.key`]);
    openssl(['req', '-x509', '-config', 'openssl.cnf', '-key', `${name}.key`, '-subj', subject, '-days', '30', '-extensions', ext, '-out', `${name}.pem`]);
    openssl(['x509', '-in', `${name}.pem`, '-outform', 'DER', '-out', `${name}.der`]);
  };
  cert('rsa', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], '/C=US/O=Acme, Inc./OU=R&D/CN=rsa.example/emailAddress=ops@rsa.example', 'rsa_ext');
  cert('ec', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], '/CN=Acme EC Root/O=Acme/DC=example/serialNumber=42', 'ec_ext');
  cert('ed', ['-algorithm', 'ED25519'], '/CN=zoë ✓ ed25519/L=Zürich', 'ed_ext');
  writeFileSync(join(tmp.path, 'bundle.pem'), ['rsa.pem', 'ec.pem', 'ed.pem'].map((f) => readFileSync(join(tmp.path, f), 'latin1')).join(''), 'latin1');
  openssl(['crl2pkcs7', '-nocrl', '-certfile', 'bundle.pem', '-outform', 'DER', '-out', 'bundle.p7b']);
  // Iteration count 1 for the MAC and the ciphers, so that thousands of decodes stay fast.
  openssl(['pkcs12', '-export', '-in', 'ec.pem', '-inkey', 'ec.key', '-certfile', 'rsa.pem', '-name', 'ec leaf', '-passout', 'pass:secret', '-iter', '1', '-out', 'aes.p12']);
  openssl(['pkcs12', '-export', '-in', 'ed.pem', '-inkey', 'ed.key', '-passout', 'pass:secret', '-iter', '1', '-certpbe', 'PBE-SHA1-3DES', '-keypbe', 'PBE-SHA1-3DES', '-macalg', 'sha1', '-out', '3des.p12']);
  openssl(['pkcs12', '-export', '-in', 'rsa.pem', '-inkey', 'rsa.key', '-certfile', 'ed.pem', '-name', 'plain', '-passout', 'pass:secret', '-keypbe', 'NONE', '-certpbe', 'NONE', '-nomac', '-out', 'plain.p12']);
  openssl(['req', '-new', '-config', 'openssl.cnf', '-key', 'ec.key', '-subj', '/CN=csr.example/O=Acme', '-reqexts', 'csr_ext', '-out', 'csr.pem']);
  openssl(['req', '-in', 'csr.pem', '-outform', 'DER', '-out', 'csr.der']);
  openssl(['pkcs8', '-topk8', '-nocrypt', '-in', 'rsa.key', '-outform', 'DER', '-out', 'rsa.p8.der']);
  openssl(['pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-iter', '1', '-in', 'ec.key', '-passout', 'pass:secret', '-out', 'ec.enc.pem']);
  openssl(['ec', '-in', 'ec.key', '-out', 'ec.sec1.pem']);
  openssl(['rsa', '-in', 'rsa.key', '-traditional', '-out', 'rsa.pkcs1.pem']);
  openssl(['pkey', '-in', 'ed.key', '-pubout', '-out', 'ed.pub.pem']);
  // Key types the certificates above do not use, one PEM file: Node/OpenSSL read each differently.
  openssl(['genpkey', '-genparam', '-algorithm', 'DSA', '-pkeyopt', 'dsa_paramgen_bits:1024', '-out', 'dsa.params']);
  openssl(['genpkey', '-paramfile', 'dsa.params', '-out', 'dsa.key']);
  openssl(['genpkey', '-algorithm', 'DH', '-pkeyopt', 'dh_param:ffdhe2048', '-out', 'dh.key']);
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-pkeyopt', 'ec_param_enc:explicit', '-out', 'ec-explicit.key']);
  openssl(['ec', '-in', 'ec-explicit.key', '-out', 'ec-explicit.sec1']);
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521', '-out', 'p521.key']);
  openssl(['genpkey', '-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:1024', '-out', 'pss.key']);
  openssl(['genpkey', '-algorithm', 'ED448', '-out', 'ed448.key']);
  openssl(['genpkey', '-algorithm', 'X25519', '-out', 'x25519.key']);
  openssl(['pkey', '-in', 'p521.key', '-pubout', '-out', 'p521.pub']);
  openssl(['rsa', '-in', 'rsa.key', '-RSAPublicKey_out', '-out', 'rsa.pkcs1.pub']);
  writeFileSync(
    join(tmp.path, 'mixed.pem'),
    ['dsa.key', 'dh.key', 'ec-explicit.key', 'ec-explicit.sec1', 'p521.key', 'pss.key', 'ed448.key', 'x25519.key', 'p521.pub', 'rsa.pkcs1.pub'].map((f) => readFileSync(join(tmp.path, f), 'latin1')).join(''),
    'latin1',
  );

  addSeed('cert-rsa-der', 'rsa.der');
  addSeed('cert-rsa-pem', 'rsa.pem');
  addSeed('cert-ec-der', 'ec.der');
  addSeed('cert-ec-pem', 'ec.pem');
  addSeed('cert-ed25519-der', 'ed.der');
  addSeed('cert-ed25519-pem', 'ed.pem');
  addSeed('bundle-pem', 'bundle.pem');
  addSeed('pkcs7-der', 'bundle.p7b');
  addSeed('pkcs12-aes', 'aes.p12', 'secret');
  addSeed('pkcs12-3des', '3des.p12', 'secret');
  addSeed('pkcs12-plain', 'plain.p12', 'secret');
  addSeed('csr-pem', 'csr.pem');
  addSeed('csr-der', 'csr.der');
  addSeed('key-pkcs8-der', 'rsa.p8.der');
  addSeed('key-pkcs8-pem', 'ed.key');
  addSeed('key-encrypted-pem', 'ec.enc.pem', 'secret');
  addSeed('key-sec1-pem', 'ec.sec1.pem');
  addSeed('key-pkcs1-pem', 'rsa.pkcs1.pem');
  addSeed('key-spki-pem', 'ed.pub.pem');
  addSeed('key-mixed-pem', 'mixed.pem');
}, 120_000);

afterAll(() => {
  tmp?.remove();
});

// ---------------------------------------------------------------------------
// One case

interface Problem {
  family: string;
  index: number;
  ops: string[];
  problem: string;
  input: Buffer;
}

interface Case {
  family: string;
  index: number;
  input: Buffer;
  password: string | null;
  ops: string[];
}

function makeCase(family: string, index: number): Case {
  const rand = new Rand(caseSeed(family, index));
  const ops: string[] = [];
  if (family === 'splice') return spliceCase(rand, index, ops);
  const seed = seeds.find((s) => s.family === family)!;
  // Mostly the seed's own password; sometimes none (password-required paths) or a wrong one.
  const password = seed.password === null ? (rand.chance(0.1) ? 'secret' : null) : rand.pick([seed.password, seed.password, seed.password, seed.password, null, 'wrong']);
  let input: Buffer;
  if (!seed.pem) {
    input = mutateDer(rand, seed.bytes, seed.trees[0]!, pool, ops);
  } else {
    const mode = rand.next();
    if (mode < 0.5) {
      // Damage inside one block, written back as good PEM: exercises the DER readers through the PEM layer.
      const which = rand.int(seed.pem.length);
      ops.push(`block #${which + 1}`);
      input = Buffer.from(seed.pem.map((b, i) => pemBlock(b.label, i === which ? mutateDer(rand, b.der, seed.trees[i]!, pool, ops) : b.der)).join(''), 'latin1');
    } else if (mode < 0.85) {
      input = mutatePemText(rand, seed.bytes.toString('latin1'), ops);
      if (rand.chance(0.15)) input = mutatePemText(rand, input.toString('latin1'), ops);
    } else {
      input = mutateDer(rand, seed.bytes, null, pool, ops);
    }
  }
  return { family, index, input, password, ops };
}

/** Two seeds joined: concatenated, head of one and tail of another, one's block inside the other's text. */
function spliceCase(rand: Rand, index: number, ops: string[]): Case {
  const a = rand.pick(seeds);
  const b = rand.pick(seeds);
  ops.push(`splice ${a.family} + ${b.family}`);
  const cutA = offsetIn(rand, a.bytes, a.pem ? null : a.trees[0]!);
  const cutB = offsetIn(rand, b.bytes, b.pem ? null : b.trees[0]!);
  let input: Buffer;
  switch (rand.int(5)) {
    case 0:
      ops.push('concatenate');
      input = Buffer.concat([a.bytes, b.bytes]);
      break;
    case 1:
      ops.push(`head ${cutA} + tail from ${cutB}`);
      input = Buffer.concat([a.bytes.subarray(0, cutA), b.bytes.subarray(cutB)]);
      break;
    case 2:
      ops.push(`insert b @${cutA}`);
      input = Buffer.concat([a.bytes.subarray(0, cutA), b.bytes, a.bytes.subarray(cutA)]);
      break;
    case 3: {
      ops.push('graft');
      const tree = a.trees[rand.int(a.trees.length)]!;
      input = tree.length ? treeMutation(rand, tree, slots(b.trees[rand.int(b.trees.length)]!).map((s) => s.node).concat(pool.slice(0, 1)), ops) : a.bytes;
      break;
    }
    default: {
      ops.push('concatenate, then mutate');
      input = mutateDer(rand, Buffer.concat([a.bytes, b.bytes]), null, pool, ops);
    }
  }
  return { family: 'splice', index, input, password: rand.chance(0.5) ? 'secret' : null, ops };
}

const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;
/** Messages of JavaScript's own errors: an internal failure wrapped as a DecodeError somewhere. */
const ENGINE_MESSAGE = /Cannot read prop|Cannot destructure|Cannot convert|is not a function|is not iterable|is not defined|is not a constructor|\bundefined\b|\bNaN\b|\[object |Maximum call stack|Invalid array length|out of range|Invalid typed array|Invalid time value|Unexpected token/i;

/** What is wrong with one outcome, or null. */
function judge(outcome: { decoded?: Decoded; error?: unknown }, ms: number): string | null {
  if (ms > 2000) return `decode took ${ms.toFixed(0)} ms (limit 2000)`;
  const { decoded, error } = outcome;
  if (decoded) {
    if (!Array.isArray(decoded.certificates) || !Array.isArray(decoded.keys) || !Array.isArray(decoded.csrs)) return 'resolved without certificates/keys/csrs arrays';
    for (const [i, cert] of decoded.certificates.entries()) {
      if (typeof cert.subject?.display !== 'string') return `certificate #${i + 1} has no string subject`;
      if (!FINGERPRINT.test(cert.fingerprintSha256)) return `certificate #${i + 1} fingerprint '${cert.fingerprintSha256}' is not 32 colon-separated hex bytes`;
    }
    return null;
  }
  if (!(error instanceof DecodeError)) {
    const e = error as Error | undefined;
    return `threw ${e?.constructor?.name ?? typeof error}: ${e?.message ?? String(error)}\n${e?.stack?.split('\n').slice(1, 6).join('\n') ?? ''}`;
  }
  if (!error.message.trim()) return 'DecodeError with an empty message';
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && !(cause instanceof DecodeError)) {
    const c = cause as Error;
    return `an internal ${c?.constructor?.name} was wrapped as a DecodeError: ${c?.message}\n${c?.stack?.split('\n').slice(1, 6).join('\n') ?? ''}`;
  }
  if (ENGINE_MESSAGE.test(error.message)) return `DecodeError message reads like an internal failure: ${error.message}\n${error.stack?.split('\n').slice(1, 4).join('\n') ?? ''}`;
  if (error.message.length > 500) return `DecodeError message is ${error.message.length} characters long`;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(error.message)) return `DecodeError message holds control characters (one line on a terminal, please): ${JSON.stringify(error.message)}`;
  return null;
}

// ---------------------------------------------------------------------------
// Hang watchdog: a decode stuck in a synchronous loop cannot be timed out from this thread, so a
// worker watches a shared counter and, if one case runs for 20 s, prints the case and ends the
// test process (a hard failure, but with the reproducer on stderr).

const FAMILIES = [...PLAN.map(([family]) => family), 'hostile'];
const watch = new Int32Array(new SharedArrayBuffer(16));
let watchdog: Worker | undefined;

function startWatchdog(): void {
  const code = `
    const { workerData } = require('node:worker_threads');
    const fs = require('node:fs');
    const state = new Int32Array(workerData.shared);
    let last = -1, since = Date.now();
    setInterval(() => {
      const tick = Atomics.load(state, 0);
      if (tick !== last || Atomics.load(state, 3) === 0) { last = tick; since = Date.now(); return; }
      if (Date.now() - since > workerData.limitMs) {
        fs.writeSync(2, '\\ndecode-fuzz: decode has not returned for ' + workerData.limitMs / 1000 + ' s on family ' +
          workerData.families[Atomics.load(state, 1)] + ' case #' + Atomics.load(state, 2) + ': a hang\\n');
        process.kill(process.pid, 'SIGKILL');
      }
    }, 250);
  `;
  watchdog = new Worker(code, { eval: true, workerData: { shared: watch.buffer, families: FAMILIES, limitMs: 20_000 } });
  watchdog.unref();
}

afterAll(async () => {
  await watchdog?.terminate();
});

/** One decode, timed, under the watchdog's eye. */
async function watchedDecode(family: string, index: number, input: Buffer, password: string | null): Promise<{ decoded?: Decoded; error?: unknown; ms: number }> {
  if (!watchdog) startWatchdog();
  Atomics.store(watch, 1, FAMILIES.indexOf(family));
  Atomics.store(watch, 2, index);
  Atomics.store(watch, 3, 1);
  Atomics.add(watch, 0, 1);
  const t0 = performance.now();
  const outcome: { decoded?: Decoded; error?: unknown; ms: number } = { ms: 0 };
  try {
    outcome.decoded = await decode(input, { password });
  } catch (error) {
    outcome.error = error;
  }
  outcome.ms = performance.now() - t0;
  Atomics.store(watch, 3, 0);
  return outcome;
}

function saveFailures(problems: Problem[]): string {
  const dir = join(tmpdir(), 'mtlskit-decode-fuzz-failures');
  mkdirSync(dir, { recursive: true });
  for (const p of problems) writeFileSync(join(dir, `${p.family}-${p.index}.bin`), p.input);
  return dir;
}

/** Failures grouped by kind (numbers and quoted text blanked), one reproducer each. */
function report(problems: Problem[], title: string): string {
  if (!problems.length) return '';
  const dir = saveFailures(problems.slice(0, 200));
  const groups = new Map<string, Problem[]>();
  for (const p of problems) {
    const key = p.problem.split('\n')[0]!.replace(/'[^']*'|"[^"]*"|\d+/g, '…');
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const shown = [...groups.values()]
    .slice(0, 12)
    .map((list) => {
      const p = list[0]!;
      const input = p.input.length <= 600 ? `input (base64): ${p.input.toString('base64')}` : `input: ${p.input.length} bytes, in ${join(dir, `${p.family}-${p.index}.bin`)}`;
      return `- ${list.length}× e.g. ${p.family} case #${p.index} [${p.ops.join('; ')}]\n  ${p.problem.replace(/\n/g, '\n  ')}\n  ${input}`;
    })
    .join('\n');
  return `${problems.length} ${title}, ${groups.size} kinds (first 200 inputs saved in ${dir}):\n${shown}\n`;
}

// ---------------------------------------------------------------------------

describe('decode: mutated real files', () => {
  const problems: Problem[] = [];
  const downstream: Problem[] = [];
  let decodedCount = 0;

  it('resolves to a sane result or rejects with a DecodeError, for every one of ≥10,000 mutations, each within 2 s', async () => {
    const started = performance.now();
    let total = 0;
    let slowest = { ms: 0, family: '', index: 0 };
    const perFamily: Record<string, { cases: number; ms: number; resolved: number }> = {};
    for (const [family, cases] of PLAN) {
      const familyStart = performance.now();
      let resolved = 0;
      for (let index = 0; index < cases * SCALE; index++) {
        const c = makeCase(family, index);
        const outcome = await watchedDecode(family, index, c.input, c.password);
        const ms = outcome.ms;
        total++;
        if (ms > slowest.ms) slowest = { ms, family, index };
        const problem = judge(outcome, ms);
        if (problem) problems.push({ ...c, problem });
        if (outcome.decoded) {
          resolved++;
          decodedCount++;
          // What the CLI does next with a decoded file: it must not throw either (that is exit 4).
          try {
            JSON.stringify(inspectInputs([{ input: 'fuzz', decoded: outcome.decoded }], new Date()));
          } catch (error) {
            const e = error as Error;
            downstream.push({ ...c, problem: `inspect threw ${e?.constructor?.name}: ${e?.message}\n${e?.stack?.split('\n').slice(1, 6).join('\n') ?? ''}` });
          }
        }
      }
      perFamily[family] = { cases: cases * SCALE, ms: Math.round(performance.now() - familyStart), resolved };
    }
    const elapsed = performance.now() - started;
    const heapMb = process.memoryUsage().heapUsed / 1048576;
    console.log(
      `decode fuzz: ${total} cases in ${(elapsed / 1000).toFixed(1)} s (${decodedCount} resolved), slowest ${slowest.ms.toFixed(0)} ms (${slowest.family} #${slowest.index}), heap ${heapMb.toFixed(0)} MB\n` +
        Object.entries(perFamily)
          .map(([f, s]) => `  ${f}: ${s.cases} cases, ${s.resolved} resolved, ${s.ms} ms`)
          .join('\n'),
    );

    expect(total).toBeGreaterThanOrEqual(10_000);
    expect(PLAN.filter(([f]) => f.startsWith('pkcs12')).reduce((n, [, c]) => n + c, 0)).toBeGreaterThanOrEqual(1000);
    expect(problems, report(problems, 'decode failures')).toHaveLength(0);
    expect(elapsed).toBeLessThan(45_000 * SCALE);
    expect(heapMb).toBeLessThan(500);
  }, 60_000 * SCALE);

  it('what decode returns never makes inspect throw (it would be exit 4 in the CLI)', () => {
    expect(decodedCount).toBeGreaterThan(0);
    expect(downstream, report(downstream, 'inspect failures on decoded input')).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------
// Hostile shapes: inputs built to hit limits (size, depth, count), each read in linear time.

describe('decode: hostile shapes', () => {
  const certDer = () => readFileSync(join(tmp.path, 'ec.der'));

  let hostileIndex = 0;
  async function outcomeOf(input: Buffer, password: string | null = null): Promise<{ ms: number; problem: string | null; decoded?: Decoded; error?: unknown }> {
    const outcome = await watchedDecode('hostile', hostileIndex++, input, password);
    return { ...outcome, problem: judge(outcome, outcome.ms) };
  }

  /** Replaces the n-th field of the TBSCertificate (0 = version) of the EC seed with `field`. */
  function certWithField(n: number, field: Buffer): Buffer {
    const [top] = parseTree(certDer(), 0, certDer().length, 0)!;
    const [tbs, alg, sig] = top!.children!;
    const fields = tbs!.children!.map((f) => serialize([f]));
    fields[n] = field;
    return tlv(0x30, Buffer.concat([tlv(0x30, Buffer.concat(fields)), serialize([alg!, sig!])]));
  }

  const cases: [string, () => Buffer][] = [
    ['a 1 MB object identifier', () => tlv(0x30, Buffer.concat([tlv(0x06, Buffer.concat([Buffer.alloc(1 << 20, 0xff), Buffer.from([0x7f])])), tlv(0x05, Buffer.alloc(0))]))],
    ['an OID of 100,000 arcs in a certificate signature algorithm', () => certWithField(2, tlv(0x30, tlv(0x06, Buffer.alloc(100_000, 0x01))))],
    ['4 MB of DER certificates back to back', () => Buffer.concat(Array<Buffer>(Math.ceil((4 << 20) / certDer().length)).fill(certDer()))],
    ['a PEM bundle of 5,000 certificates', () => Buffer.from(pemBlock('CERTIFICATE', certDer()).repeat(5000))],
    ['100,000 skipped PEM blocks', () => Buffer.from('-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n'.repeat(100_000))],
    ['100,000 BEGIN lines and no END', () => Buffer.from('-----BEGIN CERTIFICATE-----\n'.repeat(100_000))],
    ['a 16 MB base64 line', () => Buffer.alloc(MAX_INPUT_BYTES - 16, 'A')],
    ['one byte over the 16 MB limit', () => Buffer.alloc(MAX_INPUT_BYTES + 1, 0x30)],
    ['SEQUENCEs nested 1,000 deep (definite lengths)', () => {
      let der = Buffer.from([0x05, 0x00]);
      for (let i = 0; i < 1000; i++) der = tlv(0x30, der);
      return der;
    }],
    ['SEQUENCEs nested 500,000 deep (indefinite lengths)', () => Buffer.concat([Buffer.alloc(1_000_000).map((_, i) => (i % 2 ? 0x80 : 0x30)), Buffer.alloc(1_000_000)])],
    ['a constructed OCTET STRING of 500,000 pieces in a PKCS#12 shape', () => tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from([3])), tlv(0x30, Buffer.concat([tlv(0x06, Buffer.from('2a864886f70d010701', 'hex')), tlv(0xa0, tlv(0x24, Buffer.concat(Array<Buffer>(500_000).fill(Buffer.from([0x04, 0x00])))))]))]))],
    ['a 1 MB subject of 100,000 attributes', () => certWithField(5, tlv(0x30, Buffer.concat(Array<Buffer>(100_000).fill(tlv(0x31, tlv(0x30, Buffer.concat([tlv(0x06, Buffer.from([0x55, 4, 3])), tlv(0x0c, Buffer.from('a'))]))))))) ],
    ['a notBefore with terminal escape codes', () => certWithField(4, tlv(0x30, Buffer.concat([tlv(0x17, Buffer.from('\x1b[2J\x1b[31mhi\n')), tlv(0x17, Buffer.from('300101000000Z'))])))],
    ['a 1 MB high-tag-number and bad-length soup', () => Buffer.concat([Buffer.from([0x30, 0x84, 0x00, 0x10, 0x00, 0x00]), Buffer.alloc(1 << 20, 0x1f)])],
  ];

  for (const [name, build] of cases) {
    it(`${name}: a DecodeError or a result, in well under 2 s`, async () => {
      const result = await outcomeOf(build());
      expect(result.problem, name).toBeNull();
    });
  }

  it('an input over 16 MB is refused with a sentence before it is read', async () => {
    const { error } = await outcomeOf(Buffer.alloc(MAX_INPUT_BYTES + 1, 'A'));
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as Error).message).toMatch(/16 MB/);
  });

  // Regression: these two paths were quadratic (minutes at a few hundred kilobytes, forever at the
  // 16 MB input limit) until serialText used one BigInt and the duplicate check a Set.
  it('a certificate with a 1 MB negative serial number (certificate.ts serialText)', async () => {
    const result = await outcomeOf(certWithField(1, tlv(0x02, Buffer.alloc(1 << 20, 0x81))));
    expect(result.problem).toBeNull();
  });
  it('a certificate with 100,000 extensions (extension-reader.ts duplicate check)', async () => {
    const ext = tlv(0x30, Buffer.concat([tlv(0x06, Buffer.from([0x2a, 0x03])), tlv(0x04, Buffer.alloc(0))]));
    const result = await outcomeOf(certWithField(7, tlv(0xa3, tlv(0x30, Buffer.concat(Array<Buffer>(100_000).fill(ext))))));
    expect(result.problem).toBeNull();
  });
});
