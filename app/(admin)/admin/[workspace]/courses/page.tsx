import type { Metadata } from "next";
import Link from "next/link";
import { ProductForm } from "@/components/admin/product-form";
import { StatusBadge } from "@/components/admin/status-badge";
import { Card, CardTitle } from "@/components/ui/card";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { listProducts } from "@/lib/courses/products";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { saveProductAction } from "./actions";

export const metadata: Metadata = { title: "Courses" };

export default async function CoursesPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace, role } = await requireWorkspaceAdmin((await params).workspace);
  const products = await listProducts(workspace.id);
  return (
    <main className="space-y-6">
      <h1 className="text-2xl font-semibold">Courses</h1>
      <ul className="divide-y divide-zinc-100 rounded-xl border border-zinc-200 bg-white shadow-sm" data-testid="courses-list">
        {products.map(({ product, lessonCount }) => (
          <li key={product.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
            <Link className="font-medium text-accent hover:underline" href={`/admin/${workspace.slug}/courses/${product.id}`}>{product.title}</Link>
            <span className="flex items-center gap-3 text-zinc-600">
              {lessonCount} lessons <StatusBadge status={product.published ? "live" : "none"} label={product.published ? "published" : "draft"} />
            </span>
          </li>
        ))}
        {products.length === 0 ? <li className="px-4 py-6 text-sm text-zinc-600">No courses yet.</li> : null}
      </ul>
      {roleAtLeast(role, "admin") ? (
        <Card>
          <CardTitle>New course</CardTitle>
          <div className="mt-4"><ProductForm action={saveProductAction} workspace={workspace.slug} /></div>
        </Card>
      ) : null}
    </main>
  );
}
