/**
 * RecentIdSet against a model: an id accepted within the last `window` accepted ids is always a
 * duplicate, an id never accepted is always new (no false positives), whatever the mix of ascending,
 * descending and random ids and however generations turn over.
 */
import fc from "fast-check";
import { hashBytes } from "../../../handlers/validation/core/byte-key-table";
import { RecentIdSet } from "../../../handlers/validation/core/recent-id-set";

function add(set: RecentIdSet, id: string): boolean {
  const bytes = Buffer.from(id, "latin1");
  return set.addIfAbsent(bytes, 0, bytes.length, hashBytes(bytes, 0, bytes.length));
}

/**
 * Ids as feeds produce them: runs of sequence numbers (with restarts), random ids, and replays of an
 * id accepted `back` ids ago (resolved while running, so they land on the window's edge).
 */
type Step = { kind: "ids"; ids: string[] } | { kind: "replay"; back: number };
const steps = fc.array(
  fc.oneof(
    fc
      .record({ from: fc.integer({ min: 0, max: 5000 }), length: fc.integer({ min: 1, max: 60 }), prefix: fc.constantFrom("T", "X-", "") })
      .map(({ from, length, prefix }): Step => ({ kind: "ids", ids: Array.from({ length }, (_, k) => `${prefix}${from + k}`) })),
    fc.array(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 20 }).map((ids): Step => ({ kind: "ids", ids })),
    fc.integer({ min: 1, max: 60 }).map((back): Step => ({ kind: "replay", back })),
  ),
  { maxLength: 40 },
);

describe("RecentIdSet", () => {
  it("agrees with the model on every add", () => {
    fc.assert(
      fc.property(steps, fc.integer({ min: 1, max: 50 }), (plan, window) => {
        // Prepare
        const set = new RecentIdSet(window);
        const accepted: string[] = [];
        const everAccepted = new Set<string>();
        const ids = function* (): Generator<string> {
          for (const step of plan) {
            if (step.kind === "ids") yield* step.ids;
            else if (accepted.length >= step.back) yield accepted[accepted.length - step.back]!;
          }
        };
        for (const id of ids()) {
          // Act
          const added = add(set, id);
          // Assess
          if (accepted.slice(-window).includes(id)) expect({ id, added }).toEqual({ id, added: false });
          if (!everAccepted.has(id)) expect({ id, added }).toEqual({ id, added: true });
          if (added) {
            accepted.push(id);
            everAccepted.add(id);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it("takes sequentially numbered ids without a lookup and still finds them again", () => {
    // Prepare
    const set = new RecentIdSet(1000);
    for (let i = 1; i <= 500; i++) add(set, `T${i}`);
    const bytes = Buffer.from("T501");
    // Act
    const ascending = set.isAscending(bytes, 0, bytes.length);
    const replayed = [add(set, "T9"), add(set, "T10"), add(set, "T499")];
    const shorterButNew = add(set, "T0");
    // Assess
    expect(ascending).toBe(true);
    expect(replayed).toEqual([false, false, false]);
    expect(shorterButNew).toBe(true);
  });

  it("counts a generation's ids without the id it starts with, so the last `window` stay remembered", () => {
    // Prepare: "A" goes to the hash table, T2 (the last ascending id) starts the next generation
    const set = new RecentIdSet(3);
    for (const id of ["T1", "T2", "A", "T3", "T4"]) add(set, id);
    // Act: "A" is the third-last accepted id
    const added = add(set, "A");
    // Assess
    expect(added).toBe(false);
  });
});
