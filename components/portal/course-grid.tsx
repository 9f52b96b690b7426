import { BookOpen } from "lucide-react";
import Link from "next/link";
import { CoverImage } from "@/components/ui/cover-image";
import { ProgressBar } from "./progress-bar";

type Course = { id: string; slug: string; title: string; description: string; coverUrl: string | null; lessonCount: number; completedCount: number };

export const percent = (done: number, total: number) => (total ? Math.round((100 * done) / total) : 0);

/** `resume`: per course id, the lesson the learner opened last (a "Resume" link on its card). */
export function CourseGrid({ workspace, courses, resume = {} }: { workspace: string; courses: Course[]; resume?: Record<string, string> }) {
  if (courses.length === 0) return <p className="mt-3 text-zinc-600">You have no courses yet.</p>;
  return (
    <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="my-courses">
      {courses.map((c) => (
        <li key={c.id} className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-sm transition-shadow focus-within:shadow-md hover:shadow-md">
          <Link href={`/p/${workspace}/courses/${c.slug}`} className="block focus-visible:outline-none">
            {/* No cover, or one that fails to load: the same placeholder, never a broken-image icon. */}
            <CoverImage
              src={c.coverUrl}
              className="h-28 w-full object-cover"
              fallback={
                <div className="flex h-28 items-center justify-center bg-accent/10" data-testid="cover-placeholder">
                  <BookOpen className="size-10 text-accent" aria-hidden />
                </div>
              }
            />
            <div className="p-4">
              <h3 className="font-semibold">{c.title}</h3>
              <p className="mt-1 line-clamp-2 text-sm text-zinc-600">{c.description}</p>
              <ProgressBar className="mt-3" value={percent(c.completedCount, c.lessonCount)} detail={`${c.lessonCount} lessons`} />
            </div>
          </Link>
          {resume[c.id] ? (
            <div className="px-4 pb-4">
              <Link href={`/p/${workspace}/courses/${c.slug}/${resume[c.id]}`} className="inline-flex rounded-lg bg-accent px-3 py-1.5 text-sm font-medium text-white hover:brightness-110" aria-label={`Resume ${c.title}`} data-testid="resume">
                Resume
              </Link>
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
