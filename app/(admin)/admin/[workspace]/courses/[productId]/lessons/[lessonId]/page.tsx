import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DripBadge, DripForm } from "@/components/admin/drip-form";
import { LessonForm } from "@/components/admin/lesson-form";
import { Card } from "@/components/ui/card";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { lessonOf } from "@/lib/courses/outline";
import { getProduct } from "@/lib/courses/products";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { saveLessonAction } from "../../../actions";

export const metadata: Metadata = { title: "Lesson" };

export default async function LessonEditPage({ params }: { params: Promise<{ workspace: string; productId: string; lessonId: string }> }) {
  const { workspace: slug, productId, lessonId } = await params;
  const { workspace, role } = await requireWorkspaceAdmin(slug);
  const [product, lesson] = await Promise.all([getProduct(workspace.id, productId), lessonOf(workspace.id, lessonId)]);
  if (!product || !lesson) notFound();
  return (
    <main className="space-y-6">
      <div>
        <Link href={`/admin/${workspace.slug}/courses/${product.id}`} className="text-sm text-zinc-600 hover:underline">← {product.title}</Link>
        <h1 className="mt-2 text-2xl font-semibold">{lesson.title}</h1>
      </div>
      <Card>
        <LessonForm
          action={saveLessonAction}
          hidden={{ workspace: workspace.slug, productId: product.id, lessonId: lesson.id }}
          lesson={{ title: lesson.title, body: lesson.body, videoUrl: lesson.videoUrl ?? "" }}
          disabled={!roleAtLeast(role, "admin")}
        />
      </Card>
      <Card>{roleAtLeast(role, "admin") ? <DripForm workspace={workspace.slug} productId={product.id} kind="lesson" id={lesson.id} title={lesson.title} rule={lesson} /> : <p className="text-sm text-zinc-600">Drip: <DripBadge rule={lesson} /></p>}</Card>
    </main>
  );
}
