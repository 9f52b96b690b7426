import { BookOpen } from "lucide-react";

type Course = { id: string; title: string; description: string; lessonCount: number; completedCount: number };

export function CourseGrid({ courses }: { courses: Course[] }) {
  if (courses.length === 0) return <p className="mt-3 text-zinc-600">You have no courses yet.</p>;
  return (
    <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="my-courses">
      {courses.map((c) => {
        const pct = c.lessonCount ? Math.round((100 * c.completedCount) / c.lessonCount) : 0;
        return (
          <li key={c.id} className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-sm">
            <div className="flex h-28 items-center justify-center bg-accent/10">
              <BookOpen className="size-10 text-accent" aria-hidden />
            </div>
            <div className="p-4">
              <h3 className="font-semibold">{c.title}</h3>
              <p className="mt-1 line-clamp-2 text-sm text-zinc-600">{c.description}</p>
              <div className="mt-3" aria-label={`${pct}% complete`}>
                <div className="h-2 rounded-full bg-zinc-100">
                  <div className="h-2 rounded-full bg-accent" style={{ width: `${pct}%` }} />
                </div>
                <p className="mt-1 text-xs text-zinc-500">
                  {pct}% complete · {c.lessonCount} lessons
                </p>
              </div>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
