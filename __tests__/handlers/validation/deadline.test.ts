import { setTimeout as sleep } from "node:timers/promises";
import { DeadlineExceededError, deadlineMarginMs, invocationDeadline, untilAborted } from "../../../handlers/validation/deadline";

describe("deadlineMarginMs", () => {
  it("keeps 30 s before a long timeout and a tenth of a short one", () => {
    expect(deadlineMarginMs(900_000)).toBe(30_000);
    expect(deadlineMarginMs(60_000)).toBe(6_000);
  });
});

describe("invocationDeadline", () => {
  it("aborts its signal the margin before the timeout, with the margin in the reason", async () => {
    // Prepare
    const deadline = invocationDeadline(200);
    try {
      // Act
      await sleep(100);
      const early = deadline.signal.aborted;
      await sleep(150);
      // Assess
      expect(early).toBe(false);
      expect(deadline.signal.reason).toBeInstanceOf(DeadlineExceededError);
      expect(deadline.signal.reason.message).toBe("deadline: 20 ms before the function timeout");
    } finally {
      deadline.dispose();
    }
  });

  it("never fires once disposed", async () => {
    // Prepare
    const deadline = invocationDeadline(20);
    // Act
    deadline.dispose();
    await sleep(50);
    // Assess
    expect(deadline.signal.aborted).toBe(false);
  });
});

describe("untilAborted", () => {
  it("rejects with the abort reason while the work is still stuck", async () => {
    // Prepare
    const controller = new AbortController();
    const reason = new DeadlineExceededError("deadline: 1 ms before the function timeout");
    // Act
    const act = untilAborted(new Promise(() => undefined), controller.signal);
    controller.abort(reason);
    // Assess
    await expect(act).rejects.toBe(reason);
  });

  it("settles like the work when the signal does not abort", async () => {
    const signal = new AbortController().signal;
    await expect(untilAborted(Promise.resolve(7), signal)).resolves.toBe(7);
    await expect(untilAborted(Promise.reject(new Error("boom")), signal)).rejects.toThrow("boom");
  });
});
