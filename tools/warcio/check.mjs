// Reads a WARC with webrecorder's warcio (an independent implementation) and
// prints one JSON line per record, checking digests on the way. Used by the
// Go tests in warcio/ and cmd/archivist/ to validate archivist's output.
//
//   node check.mjs FILE.warc[.gz]
//
// Exit status 1 if any record fails a check (the JSON line says which).
import fs from "node:fs";
import crypto from "node:crypto";
import { WARCParser } from "warcio";

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
function base32(buf) {
  let bits = 0, value = 0, out = "";
  for (const b of buf) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  while (out.length % 8) out += "=";
  return out;
}
function sha1(buf) {
  return "sha1:" + base32(crypto.createHash("sha1").update(buf).digest());
}
const strip = (d) => (d || "").replace(/=+$/, "").toUpperCase();

let failed = false;
const parser = new WARCParser(fs.createReadStream(process.argv[2]));
for await (const record of parser) {
  const out = {
    type: record.warcType,
    id: record.warcHeader("WARC-Record-ID"),
    uri: record.warcTargetURI || "",
    date: record.warcDate,
    errors: [],
  };
  const block = await record.readFully(false);
  // readFully(false) gives the block after the HTTP headers: the payload.
  let full = block;
  if (record.httpHeaders) {
    out.status = Number(record.httpHeaders.statusCode);
    out.content_type = record.httpHeaders.headers.get("content-type");
    const head = Buffer.from(record.httpHeaders.toString() + "\r\n");
    full = Buffer.concat([head, Buffer.from(block)]);
  }
  out.payload_len = block.length;
  out.payload_sha256 = crypto.createHash("sha256").update(block).digest("hex");
  const pd = record.warcHeader("WARC-Payload-Digest");
  if (pd && record.warcType !== "revisit" && strip(pd.split(":")[1]) !== strip(sha1(block).split(":")[1])) {
    out.errors.push("payload digest mismatch");
  }
  const bd = record.warcHeader("WARC-Block-Digest");
  const cl = Number(record.warcHeader("Content-Length"));
  if (!record.httpHeaders && cl !== block.length) {
    out.errors.push(`content-length ${cl} != ${block.length}`);
  }
  if (bd && !record.httpHeaders && strip(bd.split(":")[1]) !== strip(sha1(block).split(":")[1])) {
    out.errors.push("block digest mismatch");
  }
  if (out.errors.length) failed = true;
  process.stdout.write(JSON.stringify(out) + "\n");
}
process.exit(failed ? 1 : 0);
