import { z } from "zod";

/** A multi-value form field (checkboxes): absent → [], one value → [value]. */
export const many = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v == null || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(item));

/** An HTML checkbox: "on" when ticked, absent otherwise. */
export const checkbox = z.preprocess((v) => v === "on" || v === "true", z.boolean());
