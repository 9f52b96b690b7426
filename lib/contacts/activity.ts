/**
 * A contact's Activity tab (SPEC §6): events and audit entries merged, newest first, each
 * named as a person reads it — the course, category, lesson, offer or group it is about (by
 * today's name; a deleted one says so), and the browser and system instead of a raw header.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { apiKeys, auditEntries, categories, events, groups, lessons, offers, products, teamMembers } from "@/db/schema";
import { isUuid } from "@/lib/utils";
import { describeUserAgent } from "./user-agent";

export type ActivityItem = {
  id: string;
  at: Date;
  kind: "event" | "audit";
  title: string;
  /** What it is about: "“Brushes” in Foundations of Watercolor", an offer's title… */
  subject: string;
  by: string;
  /** IP and "Chrome 120 on macOS"; the raw header only as `agent`, for a tooltip. */
  detail: string;
  agent: string;
};

const EVENT_TITLE: Record<string, string> = {
  lesson_started: "Lesson started",
  lesson_completed: "Lesson completed",
  category_started: "Category started",
  category_completed: "Category completed",
  product_started: "Course started",
  product_completed: "Course completed",
  product_access_granted: "Course access granted",
  product_access_removed: "Course access removed",
  offer_access_granted: "Offer granted",
  offer_access_removed: "Offer removed",
  contact_invited: "Invited",
  checkout_requested: "Checkout requested",
};

const label = (s: string) => s.replace(/_/g, " ").replace(".", ": ");
const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

type Key = "lessonId" | "categoryId" | "productId" | "offerId" | "groupId";
type Names = Record<Key, Map<string, string>>;
type Data = Record<string, unknown> | null | undefined;

const idOf = (data: Data, key: Key) => (typeof data?.[key] === "string" && isUuid(data[key] as string) ? (data[key] as string) : undefined);

/** Today's names of everything the rows point at, read in this workspace only. */
async function namesOf(workspaceId: string, rows: Data[]): Promise<Names> {
  const ids = (key: Key) => [...new Set(rows.map((d) => idOf(d, key)).filter((v): v is string => !!v))];
  const read = async (key: Key, q: (ids: string[]) => Promise<{ id: string; name: string }[]>) => {
    const wanted = ids(key);
    return new Map(wanted.length ? (await q(wanted)).map((r) => [r.id, r.name]) : []);
  };
  const [lessonId, categoryId, productId, offerId, groupId] = await Promise.all([
    read("lessonId", (w) => db.select({ id: lessons.id, name: lessons.title }).from(lessons).where(and(eq(lessons.workspaceId, workspaceId), inArray(lessons.id, w)))),
    read("categoryId", (w) => db.select({ id: categories.id, name: categories.title }).from(categories).where(and(eq(categories.workspaceId, workspaceId), inArray(categories.id, w)))),
    read("productId", (w) => db.select({ id: products.id, name: products.title }).from(products).where(and(eq(products.workspaceId, workspaceId), inArray(products.id, w)))),
    read("offerId", (w) => db.select({ id: offers.id, name: offers.title }).from(offers).where(and(eq(offers.workspaceId, workspaceId), inArray(offers.id, w)))),
    read("groupId", (w) => db.select({ id: groups.id, name: groups.name }).from(groups).where(and(eq(groups.workspaceId, workspaceId), inArray(groups.id, w)))),
  ]);
  return { lessonId, categoryId, productId, offerId, groupId };
}

const GONE: Record<Key, string> = { lessonId: "a deleted lesson", categoryId: "a deleted category", productId: "a deleted course", offerId: "a deleted offer", groupId: "a deleted group" };

/** The row's own kind of thing (lesson_completed is about a lesson), else the most specific it names. */
const SCOPE: Record<string, Key> = { lesson: "lessonId", category: "categoryId", product: "productId", offer: "offerId", group: "groupId" };

/** What the row is about: a lesson or category with its course, a course, an offer or a group. */
function subjectOf(type: string, data: Data, names: Names): string {
  const name = (key: Key, saved?: unknown) => {
    const id = idOf(data, key);
    if (!id) return undefined;
    return names[key].get(id) ?? (typeof saved === "string" && saved ? saved : GONE[key]);
  };
  const course = name("productId");
  const inCourse = (inner: string | undefined) => (inner ? (course ? `“${inner}” in ${course}` : `“${inner}”`) : undefined);
  const own = SCOPE[type.split(/[._]/)[0]!];
  if (own === "lessonId" || own === "categoryId") return inCourse(name(own)) ?? course ?? "";
  if (own === "productId" && course) return course;
  if (own === "offerId" || own === "groupId") return name(own, own === "offerId" ? data?.offerTitle : data?.group) ?? "";
  return inCourse(name("lessonId") ?? name("categoryId")) ?? course ?? name("offerId", data?.offerTitle) ?? name("groupId", data?.group) ?? "";
}

const actorLabel = (type: string, adminName: string | null, key: string | null) =>
  type === "admin" ? (adminName ?? "an admin") : type === "api_key" ? (key ? `API key ${key}` : "a deleted API key") : type;

/** Events and audit entries of one contact, merged, newest first. */
export async function contactActivity(workspaceId: string, contactId: string, limit = 60): Promise<ActivityItem[]> {
  const [audits, evts] = await Promise.all([
    db
      .select({ entry: auditEntries, adminName: teamMembers.name, keyName: apiKeys.name, keyPrefix: apiKeys.prefix })
      .from(auditEntries)
      .leftJoin(teamMembers, and(eq(auditEntries.actorType, "admin"), eq(sql`${teamMembers.id}::text`, auditEntries.actorId)))
      .leftJoin(apiKeys, and(eq(auditEntries.actorType, "api_key"), eq(sql`${apiKeys.id}::text`, auditEntries.actorId), eq(apiKeys.workspaceId, workspaceId)))
      .where(and(eq(auditEntries.workspaceId, workspaceId), eq(auditEntries.contactId, contactId)))
      .orderBy(desc(auditEntries.createdAt))
      .limit(limit),
    db
      .select()
      .from(events)
      .where(and(eq(events.workspaceId, workspaceId), eq(events.contactId, contactId)))
      .orderBy(desc(events.createdAt))
      .limit(limit),
  ]);
  const names = await namesOf(workspaceId, [...audits.map((a) => a.entry.data), ...evts.map((e) => e.data)]);
  const items: ActivityItem[] = [
    ...audits.map(({ entry, adminName, keyName, keyPrefix }) => ({
      id: `a-${entry.id}`,
      at: entry.createdAt,
      kind: "audit" as const,
      title: sentence(label(entry.action)),
      subject: subjectOf(entry.action, entry.data, names),
      by: `by ${actorLabel(entry.actorType, adminName, keyName ? `${keyName} (${keyPrefix}…)` : null)}${entry.data?.via ? ` via ${String(entry.data.via).replace(/_/g, " ")}` : ""}${entry.data?.reason ? ` — “${String(entry.data.reason)}”` : ""}`,
      detail: [entry.ip, describeUserAgent(entry.userAgent)].filter(Boolean).join(" · "),
      agent: entry.userAgent ?? "",
    })),
    ...evts.map((e) => ({
      id: `e-${e.id}`,
      at: e.createdAt,
      kind: "event" as const,
      title: EVENT_TITLE[e.type] ?? sentence(label(e.type)),
      subject: subjectOf(e.type, e.data, names),
      by: [e.type.startsWith("product_access") && idOf(e.data, "offerId") ? `via ${names.offerId.get(idOf(e.data, "offerId")!) ?? GONE.offerId}` : null, e.data?.source ? `source ${String(e.data.source)}` : null].filter(Boolean).join(" · "),
      detail: "",
      agent: "",
    })),
  ];
  return items.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
}
