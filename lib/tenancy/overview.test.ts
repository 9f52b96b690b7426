import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditEntries } from "@/db/schema";
import { makeContact, makeWorkspace } from "@/test/fixtures";
import { signInsPerDay } from "./overview";

describe("Client Portal home: sign-ins per day", () => {
  it("counts learner sign-ins of every kind per UTC day over 30 days, zeros included, this workspace only", async () => {
    const [ws, other] = [await makeWorkspace(), await makeWorkspace()];
    const c = await makeContact(ws);
    const now = new Date("2026-11-22T10:00:00Z");
    const at = (iso: string) => new Date(iso);
    const row = (workspaceId: string, action: string, createdAt: Date, actorType: "learner" | "admin" = "learner") => ({ workspaceId, actorType, actorId: c.id, action, contactId: c.id, createdAt });
    await db.insert(auditEntries).values([
      row(ws.id, "learner.login", at("2026-11-22T00:00:00Z")),
      row(ws.id, "login_link.used", at("2026-11-22T09:59:00Z")),
      row(ws.id, "learner_magic_link.used", at("2026-11-21T23:59:59Z")),
      row(ws.id, "login_code.used", at("2026-10-24T12:00:00Z")), // day 1 of 30
      row(ws.id, "password_setup.used", at("2026-10-23T23:00:00Z")), // 31 days ago: outside
      row(ws.id, "link.opened", at("2026-11-22T08:00:00Z")), // not a sign-in
      row(ws.id, "learner.login", at("2026-11-22T08:00:00Z"), "admin"),
      row(other.id, "learner.login", at("2026-11-22T08:00:00Z")),
    ]);
    const days = await signInsPerDay(ws.id, 30, now);
    expect(days).toHaveLength(30);
    expect(days[0]).toEqual({ day: "2026-10-24", n: 1 });
    expect(days.at(-2)).toEqual({ day: "2026-11-21", n: 1 });
    expect(days.at(-1)).toEqual({ day: "2026-11-22", n: 2 });
    expect(days.reduce((s, d) => s + d.n, 0)).toBe(4);
  });
});
