// Gzip for /metrics without compressing the lag families on every scrape: they are deflated once per snapshot, and
// each response is one gzip member (RFC 1952) spliced from those blocks and the per-scrape health text.
import { once } from 'node:events';
import { constants, crc32, createGzip, createInflateRaw, deflateRawSync } from 'node:zlib';
import { runInSlices } from '../slices.js';

/** Deflated text that more blocks may follow: a byte-aligned end (sync flush), no final block. */
export interface Deflated {
  /** Raw deflate blocks (RFC 1951). */
  readonly blocks: Buffer;
  /** CRC-32 of the uncompressed text. */
  readonly crc: number;
  /** Bytes of the uncompressed text. */
  readonly length: number;
}

export const NOTHING: Deflated = { blocks: Buffer.alloc(0), crc: 0, length: 0 };

// Level 1: the exposition repeats itself so much that it still shrinks about 16 times, at a fraction of level 6's CPU.
const LEVEL = 1;
// ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=unknown
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
// BFINAL=1, fixed Huffman codes, end-of-block code (seven zero bits): the empty last block, ending cached blocks alone.
const LAST_BLOCK = Buffer.from([0x03, 0x00]);
const SYNC_MARK = Buffer.from([0, 0, 0xff, 0xff]);
// Room for a chunk that ends with a long line: chunks are about 64K characters.
const SCRATCH_SLACK = 64 * 1024;
const OUT_CHUNK_BYTES = 64 * 1024;
// zlib writes a plain 10-byte gzip header (FLG=0) and an 8-byte trailer (CRC-32, length).
const ZLIB_HEADER_BYTES = 10;
const TRAILER_BYTES = 8;

/**
 * Deflates text chunks as they are produced (in slices), on zlib's thread pool, so that the whole text never sits in
 * memory. Each chunk is encoded into one of two buffers taken in turn: no buffer per chunk to allocate and free.
 * zlib's gzip stream gives the CRC-32 for free; its header and end are cut off.
 */
export async function deflateInSlices(texts: Generator<string, void, undefined>): Promise<Deflated> {
  const gzip = createGzip({ level: LEVEL, chunkSize: OUT_CHUNK_BYTES });
  const out: Buffer[] = [];
  let produced = 0;
  gzip.on('data', (chunk: Buffer) => {
    out.push(chunk);
    produced += chunk.length;
  });
  const ended = once(gzip, 'end');
  const buffers = [Buffer.alloc(0), Buffer.alloc(0)];
  let turn = 0;
  let otherConsumed: Promise<void> | undefined;
  let length = 0;
  await runInSlices(texts, (text) => {
    // UTF-16 to UTF-8: at most 3 bytes per code unit.
    if (buffers[turn].length < 3 * text.length) buffers[turn] = Buffer.allocUnsafeSlow(3 * text.length + SCRATCH_SLACK);
    const buffer = buffers[turn];
    const bytes = buffer.write(text, 'utf8');
    length += bytes;
    const consumed = new Promise<void>((resolve) => gzip.write(buffer.subarray(0, bytes), () => resolve()));
    // The next chunk goes into the other buffer: zlib must be done with it first.
    const wait = otherConsumed;
    otherConsumed = consumed;
    turn = 1 - turn;
    return wait;
  });
  await new Promise<void>((resolve) => gzip.flush(constants.Z_SYNC_FLUSH, () => resolve()));
  // Everything up to the flush has been pushed: emitted already, or still buffered in the stream.
  const flushed = produced + gzip.readableLength;
  gzip.end();
  await ended;
  const all = Buffer.concat(out, produced);
  const blocks = all.subarray(ZLIB_HEADER_BYTES, flushed);
  if (all[0] !== 0x1f || all[1] !== 0x8b || all[3] !== 0 || !blocks.subarray(-SYNC_MARK.length).equals(SYNC_MARK)) {
    throw new Error('unexpected zlib output');
  }
  return { blocks, crc: all.readUInt32LE(all.length - TRAILER_BYTES), length };
}

/**
 * One gzip member: the cached deflated text, then `after` (the per-scrape text) compressed now as the final block.
 * The checksum of the whole is the cached text's CRC-32 carried on over `after`, so the cached text is never re-read.
 */
export function gzipMember(cached: Deflated, after: Buffer): Buffer[] {
  const trailer = Buffer.alloc(TRAILER_BYTES);
  trailer.writeUInt32LE(crc32(after, cached.crc), 0);
  trailer.writeUInt32LE((cached.length + after.length) % 2 ** 32, 4);
  return [GZIP_HEADER, cached.blocks, deflateRawSync(after, { level: LEVEL }), trailer];
}

/** The uncompressed text of `deflated`, inflated as it is read (nothing happens until then). */
export async function* inflate(deflated: Deflated): AsyncGenerator<Buffer, void, undefined> {
  if (deflated.length === 0) return;
  const stream = createInflateRaw({ chunkSize: OUT_CHUNK_BYTES });
  stream.write(deflated.blocks);
  stream.end(LAST_BLOCK);
  yield* stream as AsyncIterable<Buffer>;
}
