// Same-spot typing: several sites type their own word at one offset at the same time, through a
// server that commits one operation at a time (as convex/documents.ts) and clients that keep one
// operation outstanding and buffer the rest (as @rooms/client's OtClient). With insert ties won
// by the site that sorts first (`insertsFirst`), every author's run stays contiguous and every
// site converges, for any interleaving of typing, submits and deliveries.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  apply,
  compose,
  insertsFirst,
  operationSite,
  transform,
  transformPosition,
  type TextOperation,
} from "./ot";
import { replaceOp } from "./ot-operation";

interface Site {
  name: string;
  run: string;
  typed: number;
  text: string;
  revision: number;
  caret: number;
  outstanding: { op: TextOperation; tag: string; base: number } | null;
  buffer: TextOperation | null;
  sequence: number;
  /** Sent to the server, not yet received by it (one at a time: the outstanding operation). */
  inFlight: { op: TextOperation; tag: string; base: number } | null;
}

interface Server {
  text: string;
  ops: { op: TextOperation; tag: string }[];
}

function send(site: Site, op: TextOperation): void {
  site.outstanding = { op, tag: `${site.name}:${++site.sequence}`, base: site.revision };
  site.inFlight = site.outstanding;
}

function type(site: Site): void {
  if (site.typed >= site.run.length) return;
  const ch = site.run[site.typed++]!;
  const op = replaceOp(site.text.length, site.caret, site.caret, ch);
  site.text = apply(site.text, op);
  site.caret += 1;
  if (site.outstanding === null) send(site, op);
  else site.buffer = site.buffer === null ? op : compose(site.buffer, op);
}

/** The server commits the site's operation in flight, rebased over what it missed. */
function commit(server: Server, site: Site): void {
  const sent = site.inFlight;
  if (sent === null) return;
  site.inFlight = null;
  let op = sent.op;
  for (const row of server.ops.slice(sent.base)) {
    op = transform(row.op, op, insertsFirst(operationSite(row.tag), site.name))[1];
  }
  server.text = apply(server.text, op);
  server.ops.push({ op, tag: sent.tag });
}

/** The site receives the next committed operation. */
function receive(server: Server, site: Site): void {
  const row = server.ops[site.revision];
  if (row === undefined) return;
  site.revision += 1;
  if (site.outstanding !== null && row.tag === site.outstanding.tag) {
    const buffered = site.buffer;
    site.outstanding = null;
    site.buffer = null;
    if (buffered !== null) send(site, buffered);
    return;
  }
  let remote = row.op;
  const first = insertsFirst(operationSite(row.tag), site.name);
  if (site.outstanding !== null) {
    [remote, site.outstanding.op] = transform(remote, site.outstanding.op, first);
    if (site.inFlight !== null && site.inFlight.tag === site.outstanding.tag) {
      // Not yet at the server: it goes out rebased (as a real client would resend it).
      site.inFlight = { ...site.outstanding };
      site.inFlight.op = site.outstanding.op;
      site.inFlight.base = site.revision;
      site.outstanding.base = site.revision;
    }
  }
  if (site.buffer !== null) [remote, site.buffer] = transform(remote, site.buffer, first);
  site.text = apply(site.text, remote);
  site.caret = transformPosition(site.caret, remote, false);
}

function simulate(
  runsBySite: string[],
  steps: [number, number][],
): { server: Server; sites: Site[] } {
  const base = "{}";
  const server: Server = { text: base, ops: [] };
  const sites: Site[] = runsBySite.map((run, i) => ({
    name: `site${i}`,
    run,
    typed: 0,
    text: base,
    revision: 0,
    caret: 1,
    outstanding: null,
    buffer: null,
    sequence: 0,
    inFlight: null,
  }));
  const act = (site: Site, action: number) => {
    if (action === 0) type(site);
    else if (action === 1) commit(server, site);
    else receive(server, site);
  };
  for (const [i, action] of steps) act(sites[i % sites.length]!, action);
  // Then everyone finishes typing and the network drains.
  for (let guard = 0; guard < 10_000; guard++) {
    let busy = false;
    for (const site of sites) {
      if (site.typed < site.run.length) {
        type(site);
        busy = true;
      }
      if (site.inFlight !== null) {
        commit(server, site);
        busy = true;
      }
      if (site.revision < server.ops.length) {
        receive(server, site);
        busy = true;
      }
    }
    if (!busy) break;
  }
  return { server, sites };
}

const stepsArb = fc.array(fc.tuple(fc.nat(5), fc.integer({ min: 0, max: 2 })), { maxLength: 80 });

describe("ot ties", () => {
  for (const count of [2, 3]) {
    it(`keeps each of ${count} authors' same-spot runs contiguous, and converges`, () => {
      const words = ["abcdefghij", "0123456789", "KLMNOPQRST"].slice(0, count);
      fc.assert(
        fc.property(stepsArb, (steps) => {
          const { server, sites } = simulate(words, steps);
          for (const site of sites) expect(site.text).toBe(server.text);
          for (const word of words) expect(server.text).toContain(word);
          expect(server.text).toHaveLength(2 + words.join("").length);
        }),
        { numRuns: 300 },
      );
    });
  }

  it("keeps runs whole on a strictly alternating schedule (which interleaved when the committed operation won every tie)", () => {
    // Alternate: a types, b types, both commit, both receive — one character at a time.
    const steps: [number, number][] = [];
    for (let k = 0; k < 4; k++) steps.push([0, 0], [1, 0], [0, 1], [1, 1], [0, 2], [1, 2]);
    const { server } = simulate(["abcd", "1234"], steps);
    expect(server.text).toMatch(/^\{(abcd1234|1234abcd)\}$/);
  });

  it("puts an insert that replaces text before a plain insert at the end of that text", () => {
    const restore: TextOperation = [-7, "base text"]; // "changed" → "base text"
    const append: TextOperation = [7, " +bob"];
    for (const aFirst of [true, false]) {
      const [restorePrime, appendPrime] = transform(restore, append, aFirst);
      expect(apply(apply("changed", restore), appendPrime)).toBe("base text +bob");
      expect(apply(apply("changed", append), restorePrime)).toBe("base text +bob");
    }
  });
});
