/** Errors of the public API as `application/problem+json` (RFC 9457), with field errors. */
export type Problem = { status: number; title: string; detail?: string; errors?: Record<string, string> };

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

export const notFound = (what = "resource") => new ApiProblem({ status: 404, title: "Not found", detail: `No such ${what} in this workspace.` });

export function problemResponse(p: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ type: "about:blank", ...p }), { status: p.status, headers: { "content-type": "application/problem+json", ...headers } });
}
