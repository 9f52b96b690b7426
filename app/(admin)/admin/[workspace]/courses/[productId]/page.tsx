import { ArrowDown, ArrowUp, Pencil, Trash2 } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DripBadge, DripForm } from "@/components/admin/drip-form";
import { OutlineTitleForm } from "@/components/admin/outline-title-form";
import { ProductForm } from "@/components/admin/product-form";
import { SortableLessons } from "@/components/admin/sortable-lessons";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { getProduct, outlineOf } from "@/lib/courses/products";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { outlineAction, saveProductAction } from "../actions";

export const metadata: Metadata = { title: "Course" };

function IconButton({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Button type="submit" variant="ghost" size="sm" aria-label={label} title={label} className="px-2">
      {children}
    </Button>
  );
}

export default async function CourseEditPage({ params }: { params: Promise<{ workspace: string; productId: string }> }) {
  const { workspace: slug, productId } = await params;
  const { workspace, role } = await requireWorkspaceAdmin(slug);
  const product = await getProduct(workspace.id, productId);
  if (!product) notFound();
  const { categories } = await outlineOf(product);
  const canEdit = roleAtLeast(role, "admin");
  const base = { workspace: workspace.slug, productId: product.id };
  const page = `/admin/${workspace.slug}/courses/${product.id}`;
  /** A category's lessons: reordered by drag and drop or the arrows (editors), an empty one says what to do. */
  const lessonList = (category: (typeof categories)[number]) => {
    const rows = category.lessons.map((lesson, li) => ({ id: lesson.id, title: lesson.title, row: (
      <>
        <span className="flex-1">{lesson.title}<DripBadge rule={lesson} />{lesson.videoUrl ? <span className="ml-2 text-xs text-zinc-500">video</span> : null}</span>
        <Link href={`${page}/lessons/${lesson.id}`} className="rounded-md p-2 text-zinc-700 hover:bg-zinc-100" aria-label={`Edit ${lesson.title}`} title="Edit">
          <Pencil className="size-4" />
        </Link>
        {canEdit ? (
          <>
            {li > 0 ? <ActionForm action={outlineAction} hidden={{ ...base, op: "move-lesson", lessonId: lesson.id, dir: "up" }}><IconButton label={`Move ${lesson.title} up`}><ArrowUp className="size-4" /></IconButton></ActionForm> : null}
            {li < category.lessons.length - 1 ? <ActionForm action={outlineAction} hidden={{ ...base, op: "move-lesson", lessonId: lesson.id, dir: "down" }}><IconButton label={`Move ${lesson.title} down`}><ArrowDown className="size-4" /></IconButton></ActionForm> : null}
            <ActionForm action={outlineAction} hidden={{ ...base, op: "delete-lesson", lessonId: lesson.id }} confirm={`Delete the lesson “${lesson.title}”?`}>
              <IconButton label={`Delete ${lesson.title}`}><Trash2 className="size-4 text-red-600" /></IconButton>
            </ActionForm>
          </>
        ) : null}
      </>
    ) }));
    if (rows.length === 0) return <p className="px-3 py-2 text-sm text-zinc-600">No lessons yet{canEdit ? ": add the first one below." : "."}</p>;
    return canEdit && rows.length > 1 ? (
      <SortableLessons listId={`lessons-${category.id}`} items={rows} action={outlineAction} hidden={base} />
    ) : (
      <ol className="divide-y divide-zinc-100">
        {rows.map((r) => <li key={r.id} className="flex items-center gap-2 px-3 py-1.5 text-sm">{r.row}</li>)}
      </ol>
    );
  };
  return (
    <main className="space-y-6">
      <div>
        <Link href={`/admin/${workspace.slug}/courses`} className="text-sm text-zinc-600 hover:underline">← Courses</Link>
        <h1 className="mt-2 text-2xl font-semibold">{product.title}</h1>
      </div>
      <Card>
        <CardTitle>Details</CardTitle>
        <div className="mt-4"><ProductForm action={saveProductAction} workspace={workspace.slug} product={product} disabled={!canEdit} /></div>
      </Card>
      <Card>
        <CardTitle>Categories and lessons</CardTitle>
        <div className="mt-4 space-y-4" data-testid="outline">
          {categories.map((category, ci) => (
            <section key={category.id} className="rounded-lg border border-zinc-200">
              <div className="flex flex-wrap items-center gap-2 border-b border-zinc-100 bg-zinc-50 px-3 py-2">
                {canEdit ? (
                  <OutlineTitleForm action={outlineAction} hidden={{ ...base, op: "rename-category", categoryId: category.id }} id={`cat-${category.id}`} label="Category title" defaultValue={category.title} submit="Rename" pendingText="Renaming…" className="flex-1" inputClassName="h-8 font-medium" />
                ) : (
                  <h2 className="flex-1 font-medium">{category.title}</h2>
                )}
                {canEdit ? (
                  <div className="flex">
                    {ci > 0 ? <ActionForm action={outlineAction} hidden={{ ...base, op: "move-category", categoryId: category.id, dir: "up" }}><IconButton label={`Move ${category.title} up`}><ArrowUp className="size-4" /></IconButton></ActionForm> : null}
                    {ci < categories.length - 1 ? <ActionForm action={outlineAction} hidden={{ ...base, op: "move-category", categoryId: category.id, dir: "down" }}><IconButton label={`Move ${category.title} down`}><ArrowDown className="size-4" /></IconButton></ActionForm> : null}
                    <ActionForm action={outlineAction} hidden={{ ...base, op: "delete-category", categoryId: category.id }} confirm={`Delete “${category.title}” and its ${category.lessons.length} lesson(s)? Learners' progress in them is deleted too.`}>
                      <IconButton label={`Delete ${category.title}`}><Trash2 className="size-4 text-red-600" /></IconButton>
                    </ActionForm>
                  </div>
                ) : null}
              </div>
              <div className="border-b border-zinc-100 px-3 py-2">{canEdit ? <DripForm {...base} kind="category" id={category.id} title={category.title} rule={category} /> : <DripBadge rule={category} />}</div>
              {lessonList(category)}
              {canEdit ? (
                <OutlineTitleForm action={outlineAction} hidden={{ ...base, op: "add-lesson", categoryId: category.id }} id={`new-lesson-${category.id}`} label="New lesson title" placeholder="New lesson title" submit="Add lesson" pendingText="Adding…" className="border-t border-zinc-100 px-3 py-2" inputClassName="h-8" />
              ) : null}
            </section>
          ))}
          {categories.length === 0 ? <p className="text-sm text-zinc-600">No categories yet: add one to start adding lessons.</p> : null}
          {canEdit ? (
            <OutlineTitleForm action={outlineAction} hidden={{ ...base, op: "add-category" }} id="new-category" label="New category title" placeholder="New category title" submit="Add category" pendingText="Adding…" primary />
          ) : null}
        </div>
      </Card>
    </main>
  );
}
