"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { adminAction, adminCtx, savedRecord, type FormState } from "@/lib/actions";
import { addCategory, addLesson, deleteCategory, deleteLesson, lessonSchema, moveCategory, moveLesson, renameCategory, saveLesson } from "@/lib/courses/outline";
import { productSchema, saveProduct } from "@/lib/courses/products";
import { slugSchema } from "@/lib/slug";

const ws = z.object({ workspace: slugSchema });
const title = z.string().trim().min(1, "Enter a title.").max(200);
const dir = z.enum(["up", "down"]);

export const saveProductAction = adminAction(
  productSchema.extend({ workspace: slugSchema, id: z.uuid().optional() }),
  async (data, ctx) =>
    savedRecord(await saveProduct(adminCtx(ctx), data), { listPath: `/admin/${ctx.workspace.slug}/courses`, editing: !!data.id, message: "Course saved." }),
  { role: "admin" },
);

/** Every outline edit (categories and lessons) from the course page, by `op`. */
export const outlineAction = adminAction(
  z.discriminatedUnion("op", [
    ws.extend({ op: z.literal("add-category"), productId: z.uuid(), title }),
    ws.extend({ op: z.literal("rename-category"), productId: z.uuid(), categoryId: z.uuid(), title }),
    ws.extend({ op: z.literal("move-category"), productId: z.uuid(), categoryId: z.uuid(), dir }),
    ws.extend({ op: z.literal("delete-category"), productId: z.uuid(), categoryId: z.uuid() }),
    ws.extend({ op: z.literal("add-lesson"), productId: z.uuid(), categoryId: z.uuid(), title }),
    // The arrows send a direction; drag and drop the lesson's new place (0-based) in its category.
    ws.extend({ op: z.literal("move-lesson"), productId: z.uuid(), lessonId: z.uuid(), dir }),
    ws.extend({ op: z.literal("place-lesson"), productId: z.uuid(), lessonId: z.uuid(), to: z.coerce.number().int().min(0).max(10_000) }),
    ws.extend({ op: z.literal("delete-lesson"), productId: z.uuid(), lessonId: z.uuid() }),
  ]),
  async (data, c): Promise<FormState> => {
    const ctx = adminCtx(c);
    const page = `/admin/${c.workspace.slug}/courses/${data.productId}`;
    let outcome: { ok: boolean; error?: string; message?: string };
    switch (data.op) {
      case "add-category": outcome = await addCategory(ctx, data); break;
      case "rename-category": outcome = await renameCategory(ctx, data); break;
      case "move-category": outcome = await moveCategory(ctx, { categoryId: data.categoryId, dir: data.dir }); break;
      case "delete-category": outcome = await deleteCategory(ctx, data); break;
      case "move-lesson": outcome = await moveLesson(ctx, { lessonId: data.lessonId, dir: data.dir }); break;
      case "place-lesson": outcome = await moveLesson(ctx, { lessonId: data.lessonId, to: data.to }); break;
      case "delete-lesson": outcome = await deleteLesson(ctx, data); break;
      case "add-lesson": {
        const lesson = await addLesson(ctx, data);
        if (!lesson) return { error: "That category no longer exists." };
        redirect(`${page}/lessons/${lesson.id}`);
      }
    }
    revalidatePath(page);
    return outcome.ok ? { ok: true, message: outcome.message } : { error: outcome.error };
  },
  { role: "admin" },
);

export const saveLessonAction = adminAction(
  lessonSchema.extend({ workspace: slugSchema, productId: z.uuid(), lessonId: z.uuid() }),
  async (data, ctx) => {
    const result = await saveLesson(adminCtx(ctx), data);
    if (!result.ok) return { error: result.error };
    revalidatePath(`/admin/${ctx.workspace.slug}/courses/${data.productId}`);
    return { ok: true, message: result.message };
  },
  { role: "admin" },
);
