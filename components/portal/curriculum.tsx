"use client";
import { CheckCircle2, ChevronDown, Circle, Lock, PlayCircle } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { LocalTime } from "@/components/ui/local-time";
import { cn } from "@/lib/utils";

/** `lockedUntil`: when a drip lesson opens (ISO), while it is still locked. */
export type CurriculumLesson = { id: string; title: string; done: boolean; started: boolean; lockedUntil?: string };
export type CurriculumCategory = { id: string; title: string; lessons: CurriculumLesson[] };

/**
 * The course's outline beside a lesson: categories, their lessons, a tick for each completed
 * one and the current lesson marked (aria-current). On a phone it folds into one button.
 */
export function Curriculum({ base, current, categories, done, total }: { base: string; current: string; categories: CurriculumCategory[]; done: number; total: number }) {
  const [open, setOpen] = useState(false);
  return (
    <nav aria-label="Course contents" className="rounded-xl border border-zinc-200 bg-white shadow-sm md:sticky md:top-4" data-testid="curriculum">
      <button
        type="button"
        className="flex w-full items-center justify-between gap-2 px-4 py-3 text-left text-sm font-semibold md:hidden"
        aria-expanded={open}
        aria-controls="curriculum-list"
        onClick={() => setOpen((o) => !o)}
      >
        <span>
          Course contents <span className="font-normal text-zinc-600">· {done} of {total} done</span>
        </span>
        <ChevronDown className={cn("size-4 transition-transform", open && "rotate-180")} aria-hidden />
      </button>
      <p className="hidden border-b border-zinc-100 px-4 py-3 text-sm font-semibold md:block">
        Course contents <span className="font-normal text-zinc-600">· {done} of {total} done</span>
      </p>
      <div id="curriculum-list" className={cn("border-t border-zinc-100 md:block md:border-t-0", open ? "block" : "hidden")}>
        {categories.map((category) => (
          <section key={category.id} className="px-2 py-2">
            <h2 className="px-2 pb-1 text-xs font-semibold tracking-wide text-zinc-600 uppercase">{category.title}</h2>
            <ol>
              {category.lessons.map((lesson) => {
                const here = lesson.id === current;
                const Icon = lesson.lockedUntil ? Lock : lesson.done ? CheckCircle2 : lesson.started ? PlayCircle : Circle;
                return (
                  <li key={lesson.id}>
                    <Link
                      href={`${base}/${lesson.id}`}
                      aria-current={here ? "page" : undefined}
                      className={cn("flex items-start gap-2 rounded-lg px-2 py-1.5 text-sm hover:bg-zinc-50", here && "bg-accent/10 font-medium")}
                      onClick={() => setOpen(false)}
                    >
                      <Icon className={cn("mt-0.5 size-4 shrink-0", lesson.done ? "text-accent" : "text-zinc-500")} aria-hidden />
                      <span className="flex-1">
                        {lesson.title}
                        {lesson.lockedUntil ? (
                          <span className="block text-xs font-normal text-zinc-600">
                            Opens <LocalTime at={new Date(lesson.lockedUntil)} />
                          </span>
                        ) : null}
                      </span>
                      <span className="sr-only">{lesson.lockedUntil ? "locked" : lesson.done ? "completed" : "not completed"}</span>
                    </Link>
                  </li>
                );
              })}
              {category.lessons.length === 0 ? <li className="px-2 py-1.5 text-sm text-zinc-600">No lessons yet.</li> : null}
            </ol>
          </section>
        ))}
      </div>
    </nav>
  );
}
