import Markdown from "react-markdown";
import remarkGfm from "remark-gfm";
import type { VideoEmbed } from "@/lib/courses/video";

/**
 * A lesson's Markdown. react-markdown builds React elements (no innerHTML), ignores raw HTML
 * and drops javascript: and other unsafe URLs, so an admin-written body cannot run script.
 */
export function LessonBody({ markdown }: { markdown: string }) {
  return (
    <div className="lesson-prose" data-testid="lesson-body">
      <Markdown remarkPlugins={[remarkGfm]} skipHtml components={{ a: ({ href, children }) => <a href={href} rel="noopener noreferrer" target="_blank">{children}</a> }}>
        {markdown}
      </Markdown>
    </div>
  );
}

export function LessonVideo({ video, title }: { video: VideoEmbed; title: string }) {
  if (video.kind === "link")
    return (
      <p className="mt-4 text-sm">
        <a className="text-accent underline" href={video.href} target="_blank" rel="noopener noreferrer">
          Watch the video
        </a>
      </p>
    );
  return (
    <div className="mt-4 aspect-video overflow-hidden rounded-xl bg-black">
      {video.kind === "iframe" ? (
        <iframe src={video.src} title={title} className="size-full" allow="fullscreen; picture-in-picture" sandbox="allow-scripts allow-same-origin allow-presentation" />
      ) : (
        <video src={video.src} controls className="size-full" />
      )}
    </div>
  );
}
