"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getGroupBySlug } from "@/lib/access/groups";
import { learnerAction, type FormState } from "@/lib/actions";
import { commentSchema, createComment, createPost, postSchema } from "@/lib/community/posts";
import { slugSchema } from "@/lib/slug";

const where = z.object({ workspace: slugSchema, group: slugSchema });

async function done(workspace: string, group: string, outcome: { ok: true } | { ok: false; error: string }): Promise<FormState> {
  if (!outcome.ok) return { error: outcome.error };
  revalidatePath(`/p/${workspace}/communities/${group}`);
  return { ok: true };
}

export const createPostAction = learnerAction(where.extend(postSchema.shape), async (data, { workspace, contact }) => {
  const group = await getGroupBySlug(workspace.id, data.group);
  if (!group) return { error: "That group does not exist." };
  return done(workspace.slug, group.slug, await createPost(contact, group, data));
});

export const createCommentAction = learnerAction(where.extend(commentSchema.shape).extend({ postId: z.uuid() }), async (data, { workspace, contact }) => {
  const group = await getGroupBySlug(workspace.id, data.group);
  if (!group) return { error: "That group does not exist." };
  return done(workspace.slug, group.slug, await createComment(contact, group, data));
});
