import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { parse } from 'csv-parse/browser/esm/sync';
import { detectEncoding, sniffDelimiter } from '@/lib/contact-lists/mapping';

/** Bytes the wizard reads for the mapping step: the header and the first rows, never the whole file. */
const SAMPLE_BYTES = 64 * 1024;
const SAMPLE_ROWS = 8;

export type FileSample = {
  header: string[];
  /** Data rows with their row number as the import reports it (the header is row 1). */
  rows: { row: number; cells: string[] }[];
  encoding: 'utf-8' | 'windows-1252';
};

/** The header and first rows of a CSV, read from a slice of the file as the server will read it. */
export async function readSample(file: Blob): Promise<FileSample | null> {
  const bytes = new Uint8Array(await file.slice(0, SAMPLE_BYTES).arrayBuffer());
  const complete = file.size <= SAMPLE_BYTES;
  const encoding = detectEncoding(bytes, complete);
  let text = new TextDecoder(encoding).decode(bytes);
  // A slice ends mid-row: drop the partial last line.
  if (!complete) text = text.slice(0, Math.max(0, text.lastIndexOf('\n')));
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: sniffDelimiter(text),
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      to: SAMPLE_ROWS + 1,
    });
  } catch {
    return null;
  }
  const [header, ...rows] = records;
  if (!header || header.every((h) => h.trim() === '')) return null;
  const numbered = rows
    .map((cells, i) => ({ row: i + 2, cells }))
    .filter((r) => r.cells.some((c) => c.trim() !== ''));
  return { header: header.map((h) => h.trim()), rows: numbered, encoding };
}

/** sha256 of the file, read in chunks (a 100 MB list is never in memory at once). */
export async function hashFile(file: Blob): Promise<string> {
  const hash = sha256.create();
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    hash.update(value);
  }
  return bytesToHex(hash.digest());
}

export type UploadOutcome = { status: number; body: unknown };

/** Sends the file as the request body with upload progress (fetch has none for request bodies). */
export function uploadFile(
  url: string,
  file: Blob,
  onProgress: (fraction: number) => void,
): Promise<UploadOutcome> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error('upload failed'));
    xhr.send(file);
  });
}
