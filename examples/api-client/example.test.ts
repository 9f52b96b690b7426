import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { contacts, offerGrants, offers } from "@/db/schema";
import { createApiKey } from "@/lib/api/keys";
import { apiBase } from "@/test/api-http";
import { makeWorkspace, request } from "@/test/fixtures";
import { grantAfterPurchase, porticoClient } from "./example";

describe("the typed client example (README: Public API reference and typed client)", () => {
  it("upserts the buyer and grants the offer over real HTTP, once however often the order is replayed", async () => {
    const ws = await makeWorkspace("api-client-example");
    const [offer] = await db.insert(offers).values({ workspaceId: ws.id, title: "Course Pass", slug: "course-pass", status: "published" }).returning();
    const { key } = await createApiKey({ workspace: ws, actor: { type: "system" }, request }, { name: "Checkout", scopes: ["contacts:write", "access:write"] });
    const client = porticoClient(await apiBase(), key);
    const order = { id: "order-1001", email: "Ada@Example.com", firstName: "Ada", offerId: offer!.id };
    const log = vi.spyOn(console, "log").mockImplementation(() => {});

    const contact = await grantAfterPurchase(client, order);
    const again = await grantAfterPurchase(client, order);
    expect(again.id).toBe(contact.id);
    expect(contact).toMatchObject({ email: "ada@example.com", first_name: "Ada", tags: ["customer"] });
    expect(log.mock.calls.map((c) => c[0])).toEqual(["Granted Course Pass to ada@example.com", "Granted Course Pass to ada@example.com"]); // the replay is the first answer
    const grants = await db.select().from(offerGrants).where(and(eq(offerGrants.contactId, contact.id), eq(offerGrants.offerId, offer!.id)));
    expect(grants).toHaveLength(1);
    expect(await db.$count(contacts, eq(contacts.workspaceId, ws.id))).toBe(1);

    const other = await client.POST("/contacts/{id}/offers", { params: { path: { id: contact.id } }, body: { offer_id: "not-a-uuid" } });
    expect(other.response.status).toBe(422);
    expect(other.error?.errors).toHaveProperty("offer_id");
    log.mockRestore();
  });
});
