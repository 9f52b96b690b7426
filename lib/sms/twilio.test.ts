import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeTwilio, startFakeTwilio } from "@/test/fake-twilio";
import { makeTwilioTransport } from "./transports/twilio";
import { SmsSendError } from "./transports/types";

let fake: FakeTwilio;
beforeAll(async () => {
  fake = await startFakeTwilio({ port: 3851 });
});
afterAll(() => fake.close());

const transport = (over: Partial<Parameters<typeof makeTwilioTransport>[0]> = {}) =>
  makeTwilioTransport({ accountSid: fake.accountSid, authToken: fake.authToken, from: "+12025550100", apiUrl: fake.url, ...over });
const body = "Sign in: https://portal.example.com/l/SECRETSECRETSECRETSECRET?t=abc";

async function failure(p: Promise<unknown>): Promise<SmsSendError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SmsSendError);
  return err as SmsSendError;
}

describe("Twilio transport (over HTTP, against the fake Twilio)", () => {
  it("sends form-encoded To/From/Body with Basic auth and the idempotency token, and returns the message SID", async () => {
    const { providerMessageId } = await transport().send({ to: "+12025550123", body, idempotencyKey: "step-1" });
    expect(providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(fake.messages().at(-1)).toMatchObject({ sid: providerMessageId, to: "+12025550123", from: "+12025550100", body, idempotencyToken: "step-1" });
    // The same token again: Twilio-like fake answers the first message and records nothing new.
    const before = fake.messages().length;
    expect((await transport().send({ to: "+12025550123", body, idempotencyKey: "step-1" })).providerMessageId).toBe(providerMessageId);
    expect(fake.messages()).toHaveLength(before);
  });

  it("uses MessagingServiceSid when the sender is a Messaging Service", async () => {
    const mg = `MG${"a".repeat(32)}`;
    await transport({ from: mg }).send({ to: "+442079460958", body: "hi", idempotencyKey: "mg-1" });
    expect(fake.messages().at(-1)).toMatchObject({ from: null, messagingServiceSid: mg });
  });

  it("calls 500 and 429 transient, 400 and bad credentials permanent, never echoing body, token or query", async () => {
    fake.failNext(1, 500);
    const e500 = await failure(transport().send({ to: "+12025550123", body, idempotencyKey: "f-1" }));
    expect(e500).toMatchObject({ status: 500, transient: true, message: "Twilio 500 (error 20500): Internal Server Error" });
    fake.failNext(1, 429);
    expect(await failure(transport().send({ to: "+12025550123", body, idempotencyKey: "f-2" }))).toMatchObject({ status: 429, transient: true });
    fake.failNext(1, 400);
    const e400 = await failure(transport().send({ to: "+12025550123", body, idempotencyKey: "f-3" }));
    expect(e400).toMatchObject({ status: 400, transient: false, message: "Twilio 400 (error 21211): Invalid 'To' Phone Number" });
    const wrongToken = "wrong-token-0123456789";
    const e401 = await failure(transport({ authToken: wrongToken }).send({ to: "+12025550123", body, idempotencyKey: "f-4" }));
    expect(e401).toMatchObject({ status: 401, transient: false, message: "Twilio 401 (error 20003): Authenticate" });
    // A number Twilio refuses is named masked in the error.
    const e400b = await failure(transport().send({ to: "+0202555012", body, idempotencyKey: "f-5" }));
    expect(e400b.message).toBe("Twilio 400 (error 21211): The 'To' number +0•••••5012 is not a valid phone number.");
    for (const e of [e500, e400, e401, e400b]) {
      expect(e.message).not.toContain("SECRET");
      expect(e.message).not.toContain(fake.authToken);
      expect(e.message).not.toContain(wrongToken);
      expect(e.message).not.toContain("?");
    }
  });

  it("gives up on a Twilio that does not answer (transient) and on one that cannot be reached", async () => {
    fake.hangNext(1);
    const started = Date.now();
    const hung = await failure(transport({ timeoutMs: 300 }).send({ to: "+12025550123", body, idempotencyKey: "hang-1" }));
    expect(hung).toMatchObject({ transient: true, status: undefined, message: "Twilio did not answer within 0.3 s." });
    expect(Date.now() - started).toBeLessThan(5_000);
    const down = await failure(transport({ apiUrl: "http://127.0.0.1:1/?secret=zzz" }).send({ to: "+12025550123", body, idempotencyKey: "down-1" }));
    expect(down.transient).toBe(true);
    expect(down.message).toMatch(/^Could not reach Twilio: /);
    expect(down.message).not.toContain("zzz");
  });
});
