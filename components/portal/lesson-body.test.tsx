import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { videoEmbed } from "@/lib/courses/video";
import { LessonBody } from "./lesson-body";

describe("lesson bodies", () => {
  it("render Markdown without running anything an author wrote", () => {
    const html = renderToStaticMarkup(
      <LessonBody markdown={'## Hi\n\n<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[bad](javascript:alert(3)) [good](https://example.com)\n\n| a | b |\n|---|---|\n| 1 | 2 |'} />,
    );
    expect(html).toContain("<h2>Hi</h2>");
    expect(html).toContain('<a href="https://example.com" rel="noopener noreferrer" target="_blank">good</a>');
    expect(html).toContain("<table>");
    expect(html).not.toMatch(/<script|onerror|javascript:/i);
  });

  it("embed YouTube and Vimeo privately, files as video, anything else as a link", () => {
    expect(videoEmbed("https://www.youtube.com/watch?v=dQw4w9WgXcQ")).toEqual({ kind: "iframe", src: "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" });
    expect(videoEmbed("https://youtu.be/dQw4w9WgXcQ")).toEqual({ kind: "iframe", src: "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" });
    expect(videoEmbed("https://vimeo.com/76979871")).toEqual({ kind: "iframe", src: "https://player.vimeo.com/video/76979871" });
    expect(videoEmbed("https://cdn.example.com/a.mp4")).toEqual({ kind: "file", src: "https://cdn.example.com/a.mp4" });
    expect(videoEmbed("javascript:alert(1)")).toBeNull();
  });
});
