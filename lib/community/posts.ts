/** A group's posts and comments, by members only; newest posts first, 20 a page. */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { comments, contacts, posts, type Contact, type Group } from "@/db/schema";
import { isMember } from "@/lib/access/groups";

export const PAGE_SIZE = 20;

export const postSchema = z.object({
  title: z.string().trim().max(200, "Keep the title under 200 characters.").default(""),
  body: z.string().trim().min(1, "Write something first.").max(10_000, "Keep it under 10,000 characters."),
});
export const commentSchema = z.object({ body: z.string().trim().min(1, "Write a comment first.").max(5_000, "Keep it under 5,000 characters.") });

const author = { firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email };
const nameOf = (a: { firstName: string; lastName: string; email: string }) => `${a.firstName} ${a.lastName}`.trim() || a.email.split("@")[0]!;

export async function listPosts(group: Group, page: number) {
  const offset = (Math.max(1, page) - 1) * PAGE_SIZE;
  const [rows, [total]] = await Promise.all([
    db
      .select({ post: posts, author })
      .from(posts)
      .innerJoin(contacts, eq(contacts.id, posts.authorContactId))
      .where(and(eq(posts.workspaceId, group.workspaceId), eq(posts.groupId, group.id)))
      .orderBy(desc(posts.createdAt), desc(posts.id))
      .limit(PAGE_SIZE)
      .offset(offset),
    db.select({ n: sql<number>`count(*)::int` }).from(posts).where(and(eq(posts.workspaceId, group.workspaceId), eq(posts.groupId, group.id))),
  ]);
  const ids = rows.map((r) => r.post.id);
  const cs = ids.length
    ? await db
        .select({ comment: comments, author })
        .from(comments)
        .innerJoin(contacts, eq(contacts.id, comments.authorContactId))
        .where(and(eq(comments.workspaceId, group.workspaceId), inArray(comments.postId, ids)))
        .orderBy(asc(comments.createdAt))
    : [];
  return {
    pages: Math.max(1, Math.ceil((total?.n ?? 0) / PAGE_SIZE)),
    posts: rows.map((r) => ({
      ...r.post,
      author: nameOf(r.author),
      comments: cs.filter((c) => c.comment.postId === r.post.id).map((c) => ({ ...c.comment, author: nameOf(c.author) })),
    })),
  };
}

type Outcome = { ok: true } | { ok: false; error: string };
const NOT_MEMBER: Outcome = { ok: false, error: "You are not a member of this group." };

export async function createPost(contact: Contact, group: Group, input: z.infer<typeof postSchema>): Promise<Outcome> {
  if (group.workspaceId !== contact.workspaceId || !(await isMember(group.workspaceId, group.id, contact.id))) return NOT_MEMBER;
  await db.insert(posts).values({ workspaceId: group.workspaceId, groupId: group.id, authorContactId: contact.id, title: input.title, body: input.body });
  return { ok: true };
}

export async function createComment(contact: Contact, group: Group, input: z.infer<typeof commentSchema> & { postId: string }): Promise<Outcome> {
  if (group.workspaceId !== contact.workspaceId || !(await isMember(group.workspaceId, group.id, contact.id))) return NOT_MEMBER;
  const [post] = await db.select({ id: posts.id }).from(posts).where(and(eq(posts.workspaceId, group.workspaceId), eq(posts.groupId, group.id), eq(posts.id, input.postId))).limit(1);
  if (!post) return { ok: false, error: "That post no longer exists." };
  await db.insert(comments).values({ workspaceId: group.workspaceId, postId: post.id, authorContactId: contact.id, body: input.body });
  return { ok: true };
}
