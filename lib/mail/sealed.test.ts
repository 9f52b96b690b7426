import { describe, expect, it } from "vitest";
import { seal, sealCompressed, unseal } from "./sealed";

describe("sealed values", () => {
  it("email bodies are deflated then sealed: they open to the same text, much smaller, with nothing readable", () => {
    const html = `<html><body>${"<p>Welcome to Northwind Studio. Set your password: </p>".repeat(200)}<a href="https://portal.example.com/p/demo/l/SECRETTOKEN123">Set password</a></body></html>`;
    const small = sealCompressed(html);
    expect(small.startsWith("sealed:v2:")).toBe(true);
    expect(unseal(small)).toBe(html);
    expect(small.length).toBeLessThan(seal(html).length / 5);
    expect(small).not.toContain("SECRETTOKEN123");
    expect(sealCompressed(html)).not.toBe(small); // a fresh IV each time
    expect(unseal(seal("plain v1"))).toBe("plain v1"); // what older rows hold still opens
    const tampered = small.slice(0, -4) + (small.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect(() => unseal(tampered)).toThrow();
  });
});
