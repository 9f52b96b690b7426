import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeResend, type FakeResend } from "@/test/fake-resend";
import { senderDomain, sendingDomainStatus } from "./sending-domain";

let fake: FakeResend;
beforeAll(async () => {
  fake = await startFakeResend();
});
afterAll(() => fake.close());

describe("sending domain status (Resend domains API)", () => {
  it("reports missing, pending with the DNS records to add, and verified", async () => {
    const opts = { apiKey: "re_test", baseUrl: fake.url };
    const domain = senderDomain();
    expect(await sendingDomainStatus(opts)).toEqual({ state: "missing", domain });
    fake.addDomain(domain, false);
    const pending = await sendingDomainStatus(opts);
    expect(pending).toMatchObject({ state: "found", verified: false, status: "pending" });
    expect(pending.state === "found" && pending.records.map((r) => `${r.record} ${r.type} ${r.name}`)).toEqual([`SPF TXT send.${domain}`, `DKIM TXT resend._domainkey.${domain}`]);
    fake.addDomain("other.example", true);
    expect(await sendingDomainStatus(opts)).toMatchObject({ state: "found", verified: false });
    expect(await sendingDomainStatus()).toEqual({ state: "dev" });
  });
});
