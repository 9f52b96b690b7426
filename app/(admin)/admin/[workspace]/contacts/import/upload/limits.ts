/** The CSV upload's size limit, shared by the form (checked before sending) and the route. */

/** 10 MB: also the most Next buffers of a request body for proxy.ts, so a larger one never arrives whole. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export const TOO_LARGE = "The file is larger than 10 MB. Split it into smaller files and import them one after the other.";
