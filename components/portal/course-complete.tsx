import { PartyPopper } from "lucide-react";
import Link from "next/link";
import { CourseGrid } from "./course-grid";
import { GroupList } from "./group-list";

type Props = {
  workspace: { slug: string; name: string };
  title: string;
  lessonCount: number;
  others: Parameters<typeof CourseGrid>[0]["courses"];
  resume: Record<string, string>;
  groups: Parameters<typeof GroupList>[0]["groups"];
};

/** The completion moment on a course page once every lesson is done: it says so, and what to do next. */
export function CourseComplete({ workspace, title, lessonCount, others, resume, groups }: Props) {
  return (
    <section className="mt-6 rounded-xl border border-accent/30 bg-accent/5 p-6 shadow-sm" data-testid="course-complete" aria-labelledby="course-complete-title">
      <div className="flex items-start gap-4">
        <PartyPopper className="size-10 shrink-0 text-accent" aria-hidden />
        <div>
          <h2 id="course-complete-title" className="text-lg font-semibold">
            You finished {title}!
          </h2>
          <p className="mt-1 text-sm text-zinc-700">All {lessonCount} lessons are complete. Well done. The lessons stay open for you to review.</p>
        </div>
      </div>
      <h3 className="mt-6 font-semibold">Keep learning</h3>
      {others.length ? (
        <CourseGrid workspace={workspace.slug} courses={others} resume={resume} />
      ) : (
        <p className="mt-2 text-sm text-zinc-700">That was your last course for now. When {workspace.name} opens a new one for you, it appears in your portal.</p>
      )}
      <h3 className="mt-6 font-semibold">Share it with the community</h3>
      <GroupList workspace={workspace.slug} groups={groups} />
      <p className="mt-6 text-sm">
        <Link href={`/p/${workspace.slug}`} className="text-accent hover:underline">
          Back to my portal
        </Link>
      </p>
    </section>
  );
}
