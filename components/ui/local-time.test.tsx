import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { formatStamp, formatStampIn } from "@/lib/mail/format";
import { LocalTime } from "./local-time";

const at = new Date("2026-11-22T14:05:00Z");

describe("times in the viewer's zone", () => {
  it("formats a moment in a named zone with the zone's name", () => {
    expect(formatStampIn(at, "America/New_York")).toBe("2026-11-22 09:05 EST");
    expect(formatStampIn(at, "Asia/Tokyo")).toBe("2026-11-22 23:05 GMT+9");
    expect(formatStampIn(new Date("2026-07-01T23:30:00Z"), "Europe/Berlin")).toBe("2026-07-02 01:30 GMT+2");
    expect(formatStampIn(at, "UTC")).toBe(formatStamp(at));
  });

  it("renders UTC, saying so, on the server (the browser then shows its own zone), and a dash for no time", () => {
    expect(renderToString(<LocalTime at={at} />)).toBe('<time dateTime="2026-11-22T14:05:00.000Z">2026-11-22 14:05 UTC</time>');
    expect(renderToString(<LocalTime at={at.toISOString()} />)).toContain("2026-11-22 14:05 UTC");
    expect(renderToString(<LocalTime at={null} />)).toBe("<span>—</span>");
  });
});
